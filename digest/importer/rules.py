"""Layout rules of the outlets editors copy from, as data.

Plain text copied from a news page keeps the page's furniture: datelines,
bylines, date lines, related-article lines, share prompts, captions, footers.
No library knows these layouts (trafilatura works on HTML, not on pasted
text), so the rules are ours. The same rules clean the text trafilatura takes
out of an HTML page.

Each line of a copied article is tried against ``LINE_RULES`` in order; the
first rule that matches the whole line says what the line is (its ``kind``,
see ``KINDS``), and the parser in ``text.py`` acts on the kind, never on the
outlet. The rules come in one block per outlet family, each with a comment;
add an outlet by adding a block here, not branches in the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a line can be. The parser knows these kinds and nothing else.
KINDS = {
    "drop": "furniture: removed wherever it stands",
    "footer": "the page's tail starts here: no body text after it, but bylines and tags are still read",
    "related": "a related article: `title` (and `url` when the line has one)",
    "related_heading": "announces related titles on the lines after it",
    "byline": "`names` are the authors (and `editor`, `date`, `outlet` when the line has them)",
    "byline_label": "a label alone on its line (Tempo's 'Reporter'): the next line holds the names",
    "editor": "`names` is the editor",
    "editor_label": "a label alone on its line: the next line holds the editor",
    "credits": "a wire's tail credits ('Reporting by ...; Editing by ...')",
    "tags_heading": "the outlet's tag list follows (`items` when the tags stand on the same line)",
    "hashtags": "tags written as #hashtags",
    "caption": "a photo caption: `caption` and `credit`",
    "credit": "a photo credit alone on its line: `credit`",
    "photo_marker": "the next line is a photo caption",
    "source_link": "the address of the original article: `url` (and `outlet`)",
    "outlet": "the outlet's name alone, or with the date: `outlet` (and `date`)",
    "cites": "the outlets the article draws on: `items`",
}


@dataclass(frozen=True)
class LineRule:
    kind: str
    pattern: re.Pattern[str]
    outlet: str = ""  # the outlet whose layout this is, when the line alone tells
    # Text one of which a matching line must hold (lower case): a rule that starts with a name
    # (``NAMES``) tries every length of name on every line, so it is tried only on lines that hold
    # what must come after the name.
    needs: tuple[str, ...] = ()

    def match(self, line: str) -> re.Match[str] | None:
        return self.pattern.fullmatch(line)


def _rule(kind: str, pattern: str, flags: int = 0, *, outlet: str = "", needs: tuple[str, ...] = ()) -> LineRule:
    assert kind in KINDS, kind
    return LineRule(kind, re.compile(pattern, flags), outlet, needs)


# --- Outlet names -----------------------------------------------------------
# As they appear in datelines, bylines and credits, and the name the digest
# files them under (`source.name`). A pattern is matched case-insensitively;
# a canonical name of None keeps the name as written (detik's many channels).
OUTLETS: tuple[tuple[str, str | None], ...] = (
    (r"IDN\s?Times", "IDN Times"),
    (r"KOMPAS\.com|KOMPAS\.TV|Kompas\.id", "Kompas.com"),
    (r"detik(?:com|News|Finance|Inet|Sport|Health|Travel|Oto|Hot|Edu|Jabar|Jateng|Jatim|Bali|Sumut|Sulsel)|detik\.com", None),
    (r"Liputan6(?:\.com)?", "Liputan6.com"),
    (r"TEMPO\.CO|Tempo\.co|Tempo", "Tempo.co"),
    (r"ANTARA(?:\s?News)?|Antaranews(?:\.com)?", "Antara"),
    (r"CNN\s?Indonesia(?:\.com)?", "CNN Indonesia"),
    (r"Okezone(?:\.com)?", "Okezone"),
    (r"Reuters", "Reuters"),
    (r"AP|The\s+Associated\s+Press|Associated\s+Press", "Associated Press"),
    (r"AFP", "AFP"),
    (r"BBC(?:\s+News)?(?:\s+Indonesia)?", "BBC News"),
    # Any other outlet that names itself by its address: "Beritasatu.com", "REPUBLIKA.CO.ID", "Suara.com".
    (r"[A-Za-z][\w-]{1,30}\.(?:co\.id|com|id|net|co|tv|org)", None),
)
OUTLET = "(?i:" + "|".join(pattern for pattern, _ in OUTLETS) + ")"
_OUTLET_NAMES = tuple((re.compile(pattern, re.IGNORECASE), name) for pattern, name in OUTLETS)


def outlet_name(written: str) -> str:
    """The digest's name for an outlet as written in a page ("KOMPAS.com" -> "Kompas.com")."""
    written = " ".join(written.split())
    for pattern, name in _OUTLET_NAMES:
        if pattern.fullmatch(written):
            if name is None and written.lower().startswith("detik"):
                channel = written[5:].lower()  # "detiknews" -> "detikNews"
                return "detikcom" if channel in ("com", ".com") else "detik" + channel.capitalize()
            if name is None:
                return written
            if name == "BBC News" and written.lower().endswith("indonesia"):
                return "BBC News Indonesia"
            return name
    return written


# Outlets by web address, for a source known only by its address.
DOMAINS = {
    "idntimes.com": "IDN Times", "kompas.com": "Kompas.com", "detik.com": "detikcom", "liputan6.com": "Liputan6.com",
    "tempo.co": "Tempo.co", "antaranews.com": "Antara", "cnnindonesia.com": "CNN Indonesia", "okezone.com": "Okezone",
    "reuters.com": "Reuters", "apnews.com": "Associated Press", "bbc.com": "BBC News", "bbc.co.uk": "BBC News",
}


def outlet_from_url(url: str) -> str:
    """The outlet of a web address: a known one by name, else the host without "www."."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE).split("/", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower().removeprefix("www.")
    for domain, name in DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return host


def is_outlet(text: str) -> bool:
    return any(pattern.fullmatch(" ".join(text.split())) for pattern, _ in _OUTLET_NAMES)


# --- Pieces the rules share -------------------------------------------------
DASH = r"\s*[-–—]+\s*"
WEEKDAYS = r"Senin|Selasa|Rabu|Kamis|Jumat|Jum'at|Jum’at|Sabtu|Minggu|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
# A dateline place: "Jakarta", "JAKARTA", "Nusa Dua", "KYIV".
PLACE = r"(?P<place>[A-Z][A-Za-z.'’-]*(?:\s[A-Z][A-Za-z.'’-]*){0,3})"
# Names in a byline; text.py checks that they look like names.
NAMES = r"(?P<names>[^\s:|].{0,150}?)"
# Words that start a photo credit whatever follows them.
PHOTO_WORDS = (
    r"(?:Foto|Photo|Dok\.?|Dokumentasi|Sumber\s+foto|AP\s+Photo|Getty(?:\s+Images)?|Shutterstock|iStock(?:photo)?|"
    r"Istimewa|Handout|Pool)\b"
)
# Agencies and outlets, which credit a photo only with a photographer after them: "(AFP/VIKTOR DROZDOV)".
AGENCIES = (
    r"(?:AP|REUTERS|Reuters|AFP|ANTARA(?:\s+FOTO)?|EPA(?:-EFE)?|KOMPAS\.com|Kompas\.com|Liputan6\.com|detik\w*|TEMPO|"
    r"Tempo|CNN\s?Indonesia|Okezone|Sputnik|TASS|Xinhua|BelTA|Belta|Ilustrasi)"
)
# A credit in brackets closing a caption: "(AFP/VIKTOR DROZDOV)", "(Foto: Reuters)", "(AP Photo/Efrem Lukatsky)",
# "(instagram.com/army__by)". A bare "(Reuters)" closes sentences too, so it is not one.
BRACKETED_CREDIT = (
    r"\((?P<credit>" + PHOTO_WORDS + r"[^()]{0,80}|" + AGENCIES + r"\s*/[^()]{1,80}|"
    r"[\w.-]+\.(?:com|id|org|net|by|ru|ua)/[^()\s]{1,60}|@\w{2,30})\)"
)
# A credit glued to a caption without brackets: "... di Minsk. ANTARA FOTO/Rina/aa."
GLUED_CREDIT = r"(?P<credit>(?:ANTARA\s+FOTO|ANTARA|REUTERS|KOMPAS\.com|AFP|EPA|DOK\.?)/\S.{0,80}?)"
# The labels of related-article lines and boxes.
RELATED_LABEL = (
    r"(?:Baca\s*(?:juga|pula)|Lihat\s+juga|Simak\s+juga|Read\s+(?:also|more)|See\s+also|Also\s+read|"
    r"Related(?:\s+coverage|\s+stories|\s+articles)?|Artikel\s+terkait)"
)
SHARE_WORDS = (
    r"Share|Shares|Bagikan|Bagikan artikel(?: ini)?|Share this (?:article|story)|Tweet|Facebook|Twitter|X|WhatsApp|Whatsapp|"
    r"Telegram|LinkedIn|Line|Email|E-mail|Copy link|Copy Link|Link copied|Salin link|Salin tautan|Salin Link|Print|Cetak|"
    r"Save|Simpan|Komentar|Comment|Comments|Flipboard|Pinterest|Reddit"
)

# --- Shared by most outlets ---------------------------------------------------
COMMON = (
    # Related-article lines: "Baca juga: <title>", "Baca Juga : <title>", "Read also: <title>", "Related: <title>".
    _rule("related", RELATED_LABEL + r"\s*[:：\-–—]\s*(?P<title>\S.*)", re.IGNORECASE),
    # The label alone, the title on the next line (detik puts them on two lines).
    _rule("related_heading", r"(?:Baca\s*(?:juga|pula)|Lihat\s+juga|Read\s+also|Related(?:\s+coverage|\s+stories)?|"
                             r"Artikel\s+terkait)\s*:?", re.IGNORECASE),
    # Bylines with a label: "Penulis: X", "Penulis X | Editor Y", "Reporter: X", "Pewarta: X", "Oleh X", "By X and Y".
    # With the date after it: "Oleh Ayu Lestari pada 16 Jun 2025, 15:20 WIB" (Liputan6).
    _rule("byline", r"(?:Penulis|Reporter|Pewarta|Kontributor|Oleh|By)\s*:?\s+" + NAMES +
                    r"\s+(?:pada|on|Diterbitkan|Diperbarui|Dipublikasikan|Terbit|Published|Updated)\s+(?P<date>.{6,60})",
          re.IGNORECASE),
    _rule("byline", r"(?:Penulis|Reporter|Pewarta|Kontributor|Koresponden|Laporan(?:\s+wartawan)?|Ditulis\s+oleh|Oleh|"
                    r"Writer|Author|Written\s+by|Words\s+by|By)\s*:?\s+" + NAMES +
                    # "Penulis X | Editor Y", and Tempo's "Reporter X Editor Y" copied onto one line
                    r"(?:(?:\s*[|,·•;]\s*|\s+)(?:Editor|Penyunting|Redaktur)\s*:?\s*(?P<editor>[^|]{2,60}))?", re.IGNORECASE),
    _rule("editor", r"(?:Editor|Penyunting|Redaktur|Penyelaras|Edited\s+by)\s*:?\s+" + NAMES, re.IGNORECASE),
    # A name, a bar and the date: "Rahmah N | 04 Des 2022, 10:00 WIB" (IDN Times and others).
    _rule("byline", NAMES + r"\s*[|·•]\s*(?P<date>[^|]{0,40}\d{4}[^|]{0,30})", needs=("|", "·", "•")),
    # Or a dash and a line that starts as a date does: "Ayu Lestari - Senin, 16 Jun 2025 15:20 WIB"
    # (not a dateline: "Jakarta, IDN Times - Pada Sabtu (3/12/2022) ada rapat").
    _rule("byline", NAMES + r"\s[-–—]+\s*(?P<date>(?:" + WEEKDAYS + r")\b[^|]{0,40}\d{4}[^|]{0,20}|"
                            r"\d{1,2}[\s/.-]+\w+[\s/.-]+\d{4}[^|]{0,20})", re.IGNORECASE, needs=("-", "–", "—")),
    # A name and the date with Liputan6's words between: "Ayu Lestari Diperbarui 16 Jun 2025, 15:20 WIB".
    _rule("byline", NAMES + r"\s+(?:Diterbitkan|Diperbarui|Dipublikasikan)\s+(?P<date>.{6,60})", re.IGNORECASE,
          needs=("diterbitkan", "diperbarui", "dipublikasikan")),
    _rule("byline_label", r"(?:Penulis|Reporter|Pewarta|Kontributor|Oleh|By|Author)\s*:?", re.IGNORECASE),
    _rule("editor_label", r"(?:Editor|Penyunting|Redaktur)\s*:?", re.IGNORECASE),
    # Tag lists: "Topik:", "Tags: Belarus, Rusia", "Kata kunci:", BBC's "Related Topics".
    _rule("tags_heading", r"(?:Topik|Tags?|Tag\s+terkait|Kata\s+kunci|Keywords|Topics|Related\s+Topics|Suggested\s+Topics|"
                          r"Topik\s+terkait)\s*(?::\s*(?P<items>\S.*)?)?", re.IGNORECASE),
    _rule("hashtags", r"(?P<items>#[^\W\d_][\w-]*(?:[\s,]+#[^\W\d_][\w-]*)*)"),
    # A photo caption closed by its credit in brackets, or starting "Foto:".
    _rule("caption", r"(?:Foto|Photo)\s*:\s*(?P<caption>.{5,400}?)\s*" + BRACKETED_CREDIT + r"\.?"),
    _rule("caption", r"(?P<caption>\S.{4,400}?)\s*" + BRACKETED_CREDIT + r"\.?"),
    _rule("caption", r"(?P<caption>\S.{4,400}?[.!?])\s*" + GLUED_CREDIT + r"\.?"),
    # A credit alone: "KOMPAS.com/ANDIKA", "AFP/SERGEI GAPON", "Foto: Reuters".
    _rule("credit", r"\(?(?P<credit>(?:KOMPAS\.com|AFP|REUTERS|AP\s+Photo|ANTARA\s+FOTO|ANTARA|DOK\.?|Dok\.?|EPA|Getty\s+Images|"
                    r"SHUTTERSTOCK|Shutterstock|iStockphoto|Istimewa)(?:\s*/\s*[^\s/].{0,60})?)\)?"),
    _rule("credit", r"(?:Foto|Photo|Sumber\s+foto|Photo\s+credit)\s*:\s*(?P<credit>\S.{1,60})", re.IGNORECASE),
    # Separators left by the copied layout.
    _rule("drop", r"[-–—_=•·*~]+|(?:\*\s*){3}"),
    # Advertising and "scroll" furniture.
    _rule("drop", r"(?:(?:ADVERTISEMENT|Iklan)\s*[-–—|·:]?\s*)?SCROLL\s+TO\s+(?:CONTINUE|RESUME)(?:\s+WITH\s+CONTENT)?|"
                  r"ADVERTISEMENT|Iklan|Lanjutkan membaca|Continue reading|Loading\.*|Memuat\.*", re.IGNORECASE),
    # Share, listen and subscribe prompts: "Share", "Bagikan", "Facebook Twitter WhatsApp", "Dengarkan berita ini".
    _rule("drop", r"(?:(?:" + SHARE_WORDS + r")\s*[|·,/:]?\s*)+"),
    _rule("drop", r"(?:Dengarkan(?:\s+berita\s+ini|\s+artikel\s+ini)?|Listen(?:\s+to\s+this\s+article)?|Putar|Play|"
                  r"Baca\s+dalam\s+\d+\s+menit|Waktu\s+baca\s+\d+\s+menit|\d+\s+min(?:ute)?s?\s+read|"
                  r"Lihat\s+(?:semua|selengkapnya)|Tampilkan\s+semua|Show\s+all|Selanjutnya|Sebelumnya|"
                  r"(?:Baca\s+)?Halaman\s+(?:selanjutnya|berikutnya)|Halaman\s*:?\s*[\d\s]+|Next\s+page)\.?", re.IGNORECASE),
    _rule("drop", r"(?:Subscribe|Sign\s+up|Berlangganan|Ikuti\s+kami|Follow\s+us|Download|Unduh|Install)\b.{0,160}"
                  r"(?:newsletter|aplikasi|app|Google\s+News|WhatsApp|Telegram|saluran|channel|email|inbox|here|di\s+sini|"
                  r"sekarang|now)\b.{0,80}", re.IGNORECASE),
    _rule("drop", r"(?:Sign\s+up\s+here|Klik\s+di\s+sini|Click\s+here)\b.{0,120}", re.IGNORECASE),
    _rule("drop", r"(?:Get|Receive|Want)\b.{0,160}\bnewsletters?\b.{0,80}|url\s+telah\s+tercopy|Link\s+copied", re.IGNORECASE),
    # Breadcrumbs: "Home > Internasional > Eropa".
    _rule("drop", r"(?:Home|Beranda|News|Berita)\s*[>»›/|].{0,120}", re.IGNORECASE),
    # Editors' initials closing Indonesian articles: "(rdp/imk)", "(nvc/ita)".
    _rule("drop", r"\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\)"),
    # "© Marcel Burkhardt", "© Oli Scarff/Getty Images": a photo's credit line, short and without a
    # year, which pages put above or in the text; a copyright notice has a year or "reserved".
    _rule("drop", r"(?:©|\(c\))\s*(?!.*\b(?:reserved|dilindungi|copyright|hak\s+cipta)\b)[^\d©\n]{1,60}", re.IGNORECASE),
    # Where the page's tail starts: copyright, disclaimers, "more news" lists.
    _rule("footer", r"(?:Copyright|Hak\s+cipta)\s*(?:©|\(c\)|\d{4}|dilindungi|reserved|by).{0,200}|(?:©|\(c\)).{0,200}|"
                    r".{0,80}All\s+rights?\s+reserved\.?.{0,200}|Disclaimer\s*:.*", re.IGNORECASE),
    _rule("footer", r"(?:Berita\s+Terkini\s+Lainnya|Berita\s+Terkait|Rekomendasi\s+Berita|Berita\s+Lainnya|Baca\s+Berita\s+Lainnya|"
                    r"Terpopuler|Berita\s+Terpopuler|Pilihan\s+Untukmu|Artikel\s+Selanjutnya|Berita\s+Selanjutnya|"
                    r"Tulis\s+Komentar|Komentar\s+\(\d+\)|Most\s+Read|Most\s+Popular|Read\s+Next|More\s+from\s+\S.{0,40}|"
                    r"More\s+on\s+this\s+story|Top\s+Stories|Latest\s+News)\s*:?", re.IGNORECASE),
    # "Sumber: Reuters", "Source: AFP": the outlets an article draws on.
    _rule("cites", r"(?:Sumber|Source|Sources)\s*:\s*(?P<items>[^:/]{2,80})", re.IGNORECASE),
    _rule("cites", r"(?:Sumber|Source)\s+(?P<items>[A-Z][\w.]*(?:(?:\s*,\s*|\s+(?:dan|and)\s+|\s+)[A-Z][\w.]*){0,5})"),
    # "Sumber: https://..." and a bare address: the original article.
    _rule("source_link", r"(?:Sumber|Source|Link|URL)\s*:\s*(?P<url>https?://\S+)", re.IGNORECASE),
    _rule("source_link", r"(?P<url>https?://\S+)"),
    # The outlet's name alone ("Reuters", "detikNews"), or with the date ("Kompas.com - 03/12/2022, 14:05 WIB").
    _rule("outlet", r"(?P<outlet>" + OUTLET + r")(?:\s*[-–—|·,]\s*(?P<date>.{6,60}))?"),
)

# --- IDN Times ------------------------------------------------------------------
# Author block "Brahm Photo Verified Writer Brahm", the community disclaimer, the editor under
# "Topik:"; "Berita Terkini Lainnya" is in COMMON.
IDN_TIMES = (
    _rule("byline", r"(?P<names>.+?)\s+Photo\s+(?:Verified\s+|Community\s+)?Writer\s+(?P=names)", outlet="IDN Times",
          needs=("writer",)),
    # The page ends with the writer's block, then the editor's: a copy keeps the editor's name under
    # "Topik:" (the editor's card, whose photo and "Editor" caption do not copy), not a tag.
    _rule("editor_label", r"Topik\s*:", re.IGNORECASE),
    _rule("drop", r"IDN Times Community adalah media yang menyediakan platform untuk menulis\b.*"),
)

# --- Kompas.com -------------------------------------------------------------------
# "Kompas.com - 03/12/2022, 14:05 WIB" (outlet and date), "Penulis X | Editor Y" (COMMON),
# "Lihat Foto" before a caption, "JAKARTA, KOMPAS.com - " dateline, the app and WhatsApp
# prompts, "Artikel ini telah tayang di Kompas.com ... Klik untuk baca: <url>".
KOMPAS = (
    _rule("photo_marker", r"Lihat\s+Foto", re.IGNORECASE),
    # The byline once its "Penulis" label is gone (as trafilatura leaves it): "Ayu Lestari | Editor: Bima Pratama".
    _rule("byline", NAMES + r"\s*\|\s*(?:Editor|Penyunting)\s*:?\s*(?P<editor>[^|]{2,60})", re.IGNORECASE, needs=("|",)),
    _rule("source_link", r"Artikel\s+ini\s+telah\s+tayang\s+di\s+(?P<outlet>[\w.]+).{0,300}?(?P<url>https?://\S+?)\.?", re.IGNORECASE),
    _rule("footer", r"Simak\s+breaking\s+news\s+dan\s+berita\s+pilihan\s+kami.*|Dapatkan\s+update\s+berita\s+pilihan.*", re.IGNORECASE),
    _rule("drop", r"Pastikan\s+kamu\s+sudah\s+install\s+aplikasi\s+WhatsApp.*|Tim\s+Redaksi", re.IGNORECASE),
)

# --- detik --------------------------------------------------------------------------
# "Novi Christiastuti - detikNews" (author, then the date line), "Jakarta - " dateline,
# "Baca artikel detiknews, "<title>" selengkapnya <url>" (the original's address).
DETIK = (
    # "Tim detikcom - detikNews": the desk, not a person; the outlet still counts.
    _rule("outlet", r"(?:Tim|Team)\s+detik\w*" + DASH + r"(?P<outlet>(?i:detik\w*))", re.IGNORECASE),
    _rule("byline", NAMES + DASH + r"(?P<outlet>(?i:detik\w*|detik\.com))", needs=("detik",)),
    _rule("source_link", r"Baca\s+artikel\s+(?P<outlet>detik\w*)\s*,.{0,300}?selengkapnya\s+(?P<url>https?://\S+?)\.?", re.IGNORECASE),
    _rule("drop", r"(?:Download|Unduh)\s+Apps?\s+Detikcom.*|Tonton\s+juga\s+video.*|Simak\s+Video\s*.*", re.IGNORECASE),
)

# --- Liputan6 -------------------------------------------------------------------------
# "Liputan6.com, Jakarta - " dateline (outlet first, see DATELINES), "Diterbitkan 03 Des 2022,
# 14:05 WIB" (dates.py), the video and fact-check prompts.
LIPUTAN6 = (
    _rule("drop", r"Simak\s+juga\s+video\s+pilihan\s+berikut\s+ini\s*:?|Saksikan\s+video\s+pilihan\s+berikut\s+ini\s*:?|"
                  r"\*?\s*Fakta\s+atau\s+Hoaks\?.*|Infografis\b.{0,120}", re.IGNORECASE),
)

# --- Tempo ----------------------------------------------------------------------------------
# "TEMPO.CO, Jakarta - " dateline, "Reporter" / "Editor" labels on their own lines (COMMON),
# "Pilihan Editor: <title>" as related reading, "REUTERS | ANTARA" (the outlets drawn on),
# the Google News prompt.
TEMPO = (
    _rule("cites", r"(?P<items>(?:REUTERS|AFP|ANTARA|AP|BBC|CNN|XINHUA|TASS|AL JAZEERA|BLOOMBERG)(?:\s*\|\s*[A-Z][\w .]{1,30})+)"),
    _rule("related", r"Pilihan\s+Editor\s*:\s*(?P<title>\S.*)", re.IGNORECASE),
    _rule("footer", r"Ikuti\s+berita\s+terkini\s+dari\s+Tempo\b.*", re.IGNORECASE),
    _rule("drop", r"(?:Translator|Penerjemah)\s*:.{2,80}", re.IGNORECASE),
)

# --- Antara ------------------------------------------------------------------------------------
# "Jakarta (ANTARA) - " dateline, captions ending "ANTARA FOTO/Name/aa." (COMMON), "Pewarta:" and
# "Editor:" after the text (COMMON), "COPYRIGHT © ANTARA 2022" and the crawling notice.
ANTARA = (
    _rule("drop", r"Dilarang\s+keras\s+mengambil\s+konten.*", re.IGNORECASE),
)

# --- CNN Indonesia --------------------------------------------------------------------------------
# "CNN Indonesia" alone above the date line (COMMON), "Jakarta, CNN Indonesia -- " dateline,
# "Lihat Juga :" related lines (COMMON), "[Gambas:Video CNN]" players, editors' initials (COMMON).
CNN_INDONESIA = (
    _rule("drop", r"\[Gambas:.*\]|Lihat\s+Juga\s*:\s*Video\b.*", re.IGNORECASE),
)

# --- Okezone -------------------------------------------------------------------------------------------
# "Nama Penulis, Jurnalis · Sabtu, 03 Desember 2022 - 14:05 WIB" (author and date), "MOSKOW - "
# dateline, the Google News prompt (COMMON).
OKEZONE = (
    _rule("byline", NAMES + r"\s*,\s*Jurnalis\b\s*[·|,\-–]*\s*(?P<date>.*)", re.IGNORECASE, outlet="Okezone",
          needs=("jurnalis",)),
    _rule("drop", r"Follow\s+Berita\s+Okezone\b.*|Dapatkan\s+berita\s+up\s+to\s+date\b.*", re.IGNORECASE),
)

# --- Reuters --------------------------------------------------------------------------------------
# "By Jane Doe and John Roe" (COMMON), "MINSK, Dec 3 (Reuters) - " dateline, captions ending
# "REUTERS/Name" or "via REUTERS", "Reporting by ...; Editing by ..." credits, the licensing and
# standards lines.
REUTERS = (
    # A caption closed by "REUTERS/Name" or "Handout via REUTERS".
    _rule("caption", r"(?P<caption>\S.{4,400}?[.!?])\s+(?P<credit>[^.]{0,80}?\bvia\s+REUTERS|REUTERS/\S.{0,60}?)\.?"),
    _rule("credits", r"(?:(?:Additional\s+)?(?:Reporting|Writing|Editing|Compiled|Reported)\s+by\s+.+)", re.IGNORECASE),
    _rule("drop", r"(?:Purchase|Acquire)\s+Licensing\s+Rights.*|Reuters\s+Graphics", re.IGNORECASE),
    _rule("footer", r"Our\s+Standards\s*:.*|The\s+Thomson\s+Reuters\s+Trust\s+Principles.*", re.IGNORECASE),
)

# --- AP -----------------------------------------------------------------------------------------------
# "By YURAS KARMANAU" (COMMON; names in capitals are set in title case), "KYIV, Ukraine (AP) — "
# dateline, "(AP Photo/...)" captions (COMMON), "___" separators (COMMON), "RELATED COVERAGE"
# (COMMON), contributors and coverage notes.
AP = (
    _rule("drop", r"(?:The\s+)?Associated\s+Press\s+(?:writers?|journalists?|reporters?)\b.*\bcontributed\b.*|"
                  r"Follow\s+AP['’]s\s+coverage\b.*|Find\s+more\s+of\s+AP['’]s\s+coverage\b.*|Add\s+AP\s+News\b.*", re.IGNORECASE),
)

# --- BBC -----------------------------------------------------------------------------------------------
# "Image source, Getty Images" then "Image caption, ...", "BBC News, Kyiv" under the byline,
# "Related Topics" (COMMON), "More on this story" (COMMON).
BBC = (
    _rule("credit", r"Image\s+source\s*,\s*(?P<credit>.+)", re.IGNORECASE),
    _rule("caption", r"(?:Image|Media)\s+caption\s*,\s*(?P<caption>.+)", re.IGNORECASE),
    _rule("photo_marker", r"(?:Image|Media)\s+caption\s*,?", re.IGNORECASE),
    _rule("outlet", r"(?P<outlet>BBC\s+(?:News|World\s+Service|News\s+Indonesia))(?:\s*,\s*(?P<place>[A-Z][\w .'-]{1,40}))?", re.IGNORECASE),
    _rule("drop", r"Published|Updated|\d+\s+(?:hours?|minutes?|days?)\s+ago", re.IGNORECASE),
)

# Outlet-specific rules first: they are narrower than the shared ones.
LINE_RULES = IDN_TIMES + KOMPAS + DETIK + LIPUTAN6 + TEMPO + ANTARA + CNN_INDONESIA + OKEZONE + REUTERS + AP + BBC + COMMON


_LAYOUT_OUTLETS = {rule.pattern: rule.outlet for rule in LINE_RULES if rule.outlet}


def layout_outlet(match: re.Match[str]) -> str:
    """The outlet a line's layout belongs to, when only that outlet writes lines like it."""
    return _LAYOUT_OUTLETS.get(match.re, "")


def classify(line: str) -> tuple[str, re.Match[str] | None]:
    """The kind of a line and the match that says so; ``("text", None)`` for article text."""
    if len(line) <= 600:  # furniture is short; long lines are text
        folded = line.casefold()
        for rule in LINE_RULES:
            if rule.needs and not any(text in folded for text in rule.needs):
                continue
            match = rule.match(line)
            if match:
                return rule.kind, match
    return "text", None


# --- Datelines ---------------------------------------------------------------------------------------
# At the start of the first paragraph; the place goes to `location`, the outlet to `source`.
DATELINES = (
    # "Jakarta, IDN Times - ", "JAKARTA, KOMPAS.com - ", "Jakarta, CNN Indonesia -- "
    re.compile(r"(?P<place>[A-Z][A-Za-z .'’-]{1,40}?),\s+(?P<outlet>" + OUTLET + r")" + DASH),
    # "Liputan6.com, Jakarta - ", "TEMPO.CO, Jakarta - "
    re.compile(r"(?P<outlet>" + OUTLET + r"),\s+" + PLACE + DASH),
    # "Jakarta (ANTARA) - ", "MINSK (Reuters) - ", "MINSK, Dec 3 (Reuters) - ", "KYIV, Ukraine (AP) — ", "MINSK (Belta) - "
    re.compile(PLACE + r"(?:,\s+[^()]{1,30}?)?\s*\((?P<outlet>" + OUTLET + r"|[A-Z][A-Za-z]{1,15})\)" + DASH),
    # "Jakarta - " (detik), "MOSKOW - " (Okezone), "KYIV, Ukraine — ": the place alone, before a dash with spaces round it.
    re.compile(r"(?P<place>[A-Z][A-Za-z.'’]+(?:\s[A-Z][A-Za-z.'’]+){0,2}|[A-Z][A-Z.'’]+(?:\s[A-Z][A-Z.'’]+){0,2},"
               r"\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+){0,2})\s+[-–—]+\s+"),
)

# Markdown emphasis round a dateline in text taken from HTML: "**BREST, KOMPAS.com** - ".
EMPHASIS = re.compile(r"^(\*\*|__|\*|_)(?P<inner>[^*_]{2,80}?)\1")

# --- In the text ----------------------------------------------------------------------------------------
# Numbered subheadings of listicle-style articles (IDN Times): "1. Lukashenko sebut ...".
NUMBERED_HEADING = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<text>[^\n]{3,140}?)$")

# A credit at the end of a caption run into the title (IDN Times): "Tank milik militer Belarus. (instagram.com/army__by)".
TRAILING_CREDIT = re.compile(r"^(?P<caption>.*?)\s*\((?P<credit>[^()]{2,80})\)\s*$")

# A bullet in a tag list: "• Vanny El Rahman".
BULLET = re.compile(r"^\s*[•·*\-–—]\s+(?P<item>.+)$")

# What copied pages put before a caption: Reuters' "Item 1 of 3" and "[1/3]", "Lihat Foto".
CAPTION_PREFIX = re.compile(r"^(?:Item\s+\d+\s+of\s+\d+|\[\d+/\d+\]|Lihat\s+Foto)\s*", re.IGNORECASE)

# Labels before a credit: "Foto: Reuters" -> "Reuters".
CREDIT_LABEL = re.compile(r"^(?:Foto|Photo|Sumber\s+foto|Photo\s+credit|Image\s+source)\s*[:,]\s*", re.IGNORECASE)

# Bits of furniture inside a line: Reuters' ", opens new tab", initials glued to the last paragraph.
INLINE_FURNITURE = (
    re.compile(r",?\s*opens new tab"),
    re.compile(r"\s*(?:Purchase|Acquire)\s+Licensing\s+Rights\s*$"),
    re.compile(r"\s*\(\s*[a-z]{2,5}(?:\s*/\s*[a-z]{2,5})+\s*\)\s*$"),
)

# Phrases that name the outlet an article relies on: "dilansir Euronews", "dilaporkan Belta".
CITATION = re.compile(
    r"\b(?:dilansir(?:\s+dari)?|melansir|dikutip\s+dari|mengutip|dilaporkan(?:\s+oleh)?|"
    r"reported\s+by|according\s+to\s+a\s+report\s+by)\s+"
    r"(?P<outlet>[A-Z][\w.&'-]*(?:[ ]+[A-Z][\w.&'-]*){0,3})"
)

# Words that may stand lowercase inside a name: "Ahmad bin Yusuf", "Ursula von der Leyen".
NAME_PARTICLES = frozenset("bin binti van von der den de da di al el la le dos du ibn".split())

# Short lines above the title that are not the title: section labels and the like.
SECTION_LABELS = frozenset(
    "internasional nasional news berita world europe asia dunia politik ekonomi bisnis hukum regional "
    "megapolitan global international business us uk russia ukraine indonesia".split()
)
