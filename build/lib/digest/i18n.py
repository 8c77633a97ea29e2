"""The interface in English and Indonesian, without relying on a system locale.

Templates call ``_("English text")`` and ``_n("singular", "plural", n)``
through Jinja's i18n extension; Indonesian text comes from ``CATALOGUE``
below, and a string missing there falls back to English (a test lists every
template string and fails when one lacks its Indonesian). Dates are spelled
with our own month names because Pelican's ``strftime`` follows the
machine's locale, which a CI runner or a fresh laptop rarely has for
Indonesian. A catalogue of ~80 strings is kept as Python data rather than
gettext .po files: no compile step, and the fallback is explicit.
"""

from __future__ import annotations

import datetime as dt
import gettext

from digest.model import EventDate

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
           "Oktober", "November", "Desember"),
}

# English interface text -> Indonesian. Keys are exactly the strings in the templates.
CATALOGUE: dict[str, str] = {
    "Skip to content": "Langsung ke isi",
    "Site": "Situs",
    "Latest": "Terbaru",
    "Topics": "Topik",
    "Editions": "Edisi",
    "Archives": "Arsip",
    "Authors": "Penulis",
    "Search": "Cari",
    "Atom feed": "Umpan Atom",
    "JSON Feed": "JSON Feed",
    "Built with Pelican and digest.": "Dibuat dengan Pelican dan digest.",
    "Latest in the digest": "Terbaru di digest",
    "Follow a story": "Ikuti sebuah cerita",
    "All topics": "Semua topik",
    "Pages": "Halaman",
    "Newer": "Lebih baru",
    "Older": "Lebih lama",
    "Page %(number)s of %(count)s": "Halaman %(number)s dari %(count)s",
    "Happened": "Terjadi",
    "Draft": "Draf",
    "Scheduled": "Terjadwal",
    "Only this preview shows it: the published site leaves it out until digest publish puts it there.":
        "Hanya pratinjau ini yang menampilkannya: situs yang terbit baru memuatnya setelah digest publish.",
    "Goes out with the first build after %(time)s.": "Terbit pada build pertama setelah %(time)s.",
    "Published": "Terbit",
    "Author": "Penulis",
    "Editor": "Editor",
    "Where": "Lokasi",
    "Source": "Sumber",
    "Source:": "Sumber:",
    "Photo in the original:": "Foto di artikel asli:",
    "Picture on %(host)s": "Gambar di %(host)s",
    "Credit:": "Kredit:",
    "Related reading": "Bacaan terkait",
    "On the timeline": "Di lini masa",
    "Before:": "Sebelumnya:",
    "After:": "Sesudahnya:",
    "The first entry": "Entri pertama",
    "The latest entry": "Entri terbaru",
    "More from the digest": "Lainnya dari digest",
    "Cites": "Mengutip",
    "Tagged at the source": "Tag di sumber",
    "%(title)s timeline": "Lini masa %(title)s",
    "Part of": "Bagian dari",
    "key events": "peristiwa penting",
    "timeline": "lini masa",
    "Key event": "Peristiwa penting",
    "Narrower topics:": "Subtopik:",
    "Entries per month": "Entri per bulan",
    "Entries per month on %(title)s": "Entri per bulan tentang %(title)s",
    "Views of this timeline": "Tampilan lini masa ini",
    "All entries": "Semua entri",
    "Key events only": "Hanya peristiwa penting",
    "TimelineJS data": "Data TimelineJS",
    "Years": "Tahun",
    "No articles on this topic yet.": "Belum ada artikel tentang topik ini.",
    "No key events on this topic yet.": "Belum ada peristiwa penting tentang topik ini.",
    "Each topic is a timeline: its stories in the order the events happened.":
        "Setiap topik adalah lini masa: ceritanya diurutkan menurut waktu peristiwanya.",
    "Every article, newest first, by the date it was published.":
        "Semua artikel, dari yang terbaru, menurut tanggal terbitnya.",
    "Articles by %(name)s": "Artikel oleh %(name)s",
    "Weekly editions": "Edisi mingguan",
    "The digest week by week.": "Digest dari minggu ke minggu.",
    "Follow the editions by Atom feed": "Ikuti edisi lewat umpan Atom",
    "Week %(week)s": "Minggu ke-%(week)s",
    "Week %(week)s, %(year)s": "Minggu ke-%(week)s, %(year)s",
    "Previous:": "Sebelumnya:",
    "Next:": "Berikutnya:",
    "Other news": "Berita lainnya",
    "Search the digest": "Cari di digest",
    "Search needs JavaScript. Every article is also listed in the archives.":
        "Pencarian memerlukan JavaScript. Semua artikel juga tercantum di arsip.",
    "Page not found": "Halaman tidak ditemukan",
    "There is no page at this address. It may have moved, or the link may be wrong.":
        "Tidak ada halaman di alamat ini. Mungkin sudah dipindahkan, atau tautannya keliru.",
    "Go to the latest articles": "Ke artikel terbaru",
    "Browse the topics": "Jelajahi topik",
    "all articles": "semua artikel",
    "weekly editions": "edisi mingguan",
    "%(num)d entry": "%(num)d entri", "%(num)d entries": "%(num)d entri",
    "%(num)d article": "%(num)d artikel", "%(num)d articles": "%(num)d artikel",
    "%(num)d key event": "%(num)d peristiwa penting", "%(num)d key events": "%(num)d peristiwa penting",
    "month not known": "bulan tidak diketahui",
    "Topic": "Topik",
    "Language": "Bahasa",
    "Year": "Tahun",
}


class Catalogue(gettext.NullTranslations):
    """gettext translations from ``CATALOGUE``: what Jinja's i18n extension expects."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.table = CATALOGUE if lang == "id" else {}

    def gettext(self, message: str) -> str:
        return self.table.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def event_date(value: EventDate, lang: str) -> str:
    """"3 December 2022", "Desember 2022", "2022": as precise as the date is known."""
    return _spell(value.year, value.month, value.day, lang)


def long_date(value: dt.date, lang: str) -> str:
    return _spell(value.year, value.month, value.day, lang)


def _spell(year: int, month: int, day: int, lang: str) -> str:
    months = MONTHS.get(lang, MONTHS["en"])
    if day:
        return f"{day} {months[month - 1]} {year}"
    if month:
        return f"{months[month - 1]} {year}"
    return str(year)


def month_label(year: int, month: int, lang: str) -> str:
    """A timeline month heading; month 0 means the entries are known only to the year."""
    if not month:
        return f"{year}, {Catalogue(lang).gettext('month not known')}"
    return f"{MONTHS.get(lang, MONTHS['en'])[month - 1]} {year}"


def template_gettext(catalogue: Catalogue):
    """``_``, ``gettext`` and ``ngettext`` for the templates, as Jinja's "newstyle" i18n makes them
    (the text escaped as Markup, then ``%`` with the variables, which are escaped), but with each
    message's Markup made once per build: Jinja's own go through two context calls and build the
    Markup anew on every call, a tenth of the time of rendering an article page."""
    from jinja2 import pass_context
    from markupsafe import Markup

    plain: dict[str, Markup] = {}
    marked: dict[str, Markup] = {}

    def marked_up(message: str) -> Markup:
        found = marked.get(message)
        if found is None:
            found = marked[message] = Markup(catalogue.gettext(message))
        return found

    @pass_context
    def gettext(context, message: str, **variables) -> str:
        if context.eval_ctx.autoescape:
            if variables:
                return marked_up(message) % variables
            found = plain.get(message)
            if found is None:
                found = plain[message] = marked_up(message) % {}
            return found
        return catalogue.gettext(message) % variables

    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        if context.eval_ctx.autoescape:
            return marked_up(singular if num == 1 else plural) % variables
        return catalogue.ngettext(singular, plural, num) % variables

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}
