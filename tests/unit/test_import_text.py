"""The plain-text importer on the layouts of many outlets: rules, dates, bylines, furniture."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.articles import format_article, parse_article
from digest.errors import ArticleImportError
from digest.importer import dates, rules
from digest.importer.text import parse_text, split_names
from digest.model import Image, Related, Source


def article(*lines: str, **kwargs):
    return parse_text("\n".join(lines) + "\n", **kwargs)


LEAD = "Jakarta, IDN Times - Pemerintah Belarus dan Rusia pada Sabtu (3/12/2022) membahas kerja sama militer kedua negara."


# --- Dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Sabtu, 3 Desember 2022 14:05 WIB", dt.date(2022, 12, 3)),
        ("03/12/2022, 14:05", dt.date(2022, 12, 3)),  # day first
        ("3 Des 2022", dt.date(2022, 12, 3)),
        ("December 3, 2022", dt.date(2022, 12, 3)),
        ("Jumat, 02 Des 2022 19:30 WIB", dt.date(2022, 12, 2)),
        ("Diterbitkan 06 Des 2022, 09:15 WIB", dt.date(2022, 12, 6)),
        ("Updated 9:12 PM GMT+7, December 5, 2022", dt.date(2022, 12, 5)),
        ("December 3, 2022 4:41 PM GMT+7 Updated 2 hours ago", dt.date(2022, 12, 3)),
        ("Senin 05 Desember 2022 08:45 WIB", dt.date(2022, 12, 5)),
        ("5 Mei 2023", dt.date(2023, 5, 5)),
        ("Agustus 17, 2022", dt.date(2022, 8, 17)),
        ("2022-12-03", dt.date(2022, 12, 3)),
        ("5 December 2022", dt.date(2022, 12, 5)),
    ],
)
def test_date_lines(line, expected):
    assert dates.date_line(line) == expected


@pytest.mark.parametrize(
    "line",
    ["Pada 3 Desember 2022 ada rapat besar di Minsk.", "Sabtu", "14:05 WIB", "31/02/2022", "3 Desember", "1234"],
)
def test_lines_that_are_not_only_a_date(line):
    assert dates.date_line(line) is None


def test_numeric_dates_are_day_first_and_only_swapped_when_impossible():
    assert dates.date_in("03/04/2022") == dt.date(2022, 4, 3)
    assert dates.date_in("12/25/2022") == dt.date(2022, 12, 25)  # no 25th month: the American order
    assert dates.inline_date("pada Sabtu (3/12/2022), di Minsk") == dt.date(2022, 12, 3)


def test_dateline_dates_are_read_day_first_in_indonesian_text():
    text = article("Judul berita", "04/05/2023, 10:00 WIB", LEAD)
    assert text.date == dt.date(2023, 5, 4)


# --- Bylines ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("OLENA KOVALENKO and MARK DAVIDSON", ["Olena Kovalenko", "Mark Davidson"]),
        ("Ahmad, Budi dan Citra Lestari", ["Ahmad", "Budi", "Citra Lestari"]),
        ("Jane Doe in Minsk and John Roe in Kyiv", ["Jane Doe", "John Roe"]),
        ("Ursula von der Leyen", ["Ursula von der Leyen"]),
        ("karena itu, pemerintah", []),
        ("the end of the day", []),
        ("Presiden 2024", []),
    ],
)
def test_split_names(text, names):
    assert split_names(text) == names


@pytest.mark.parametrize(
    ("lines", "authors", "editor"),
    [
        (["Penulis: Aditya Nugraha", "Editor: Rina Kusumawati"], ("Aditya Nugraha",), "Rina Kusumawati"),
        (["Penulis Aditya Nugraha | Editor Rina Kusumawati"], ("Aditya Nugraha",), "Rina Kusumawati"),
        (["Reporter: Yudha Pratama"], ("Yudha Pratama",), ""),
        (["Reporter", "Yudha Pratama", "Editor", "Sita Rahmawati"], ("Yudha Pratama",), "Sita Rahmawati"),
        (["Oleh Dinda Permatasari"], ("Dinda Permatasari",), ""),
        (["Oleh: Dinda Permatasari"], ("Dinda Permatasari",), ""),
        (["By Jane Whitfield and Pavel Orlov"], ("Jane Whitfield", "Pavel Orlov"), ""),
        (["By OLENA KOVALENKO"], ("Olena Kovalenko",), ""),
        (["Novita Sari - detikNews"], ("Novita Sari",), ""),
        (["Rahman Asmara , Jurnalis · Senin 05 Desember 2022 08:45 WIB"], ("Rahman Asmara",), ""),
        (["Galih Saputra"], ("Galih Saputra",), ""),  # a name alone, next to the date line
    ],
)
def test_bylines_before_the_date(lines, authors, editor):
    result = article("Judul berita", *lines, "Senin, 5 Desember 2022 10:00 WIB", LEAD)
    assert result.authors == authors
    assert result.editor == editor
    assert "Editor" not in result.body and not any(name in result.body for name in authors)


def test_a_name_alone_after_the_date_line_is_the_author():
    result = article("Judul berita", "03 Des 2022, 22:40 WIB", "Galih Saputra", LEAD)
    assert result.authors == ("Galih Saputra",)
    assert result.subtitle == ""


def test_bylines_after_the_text_and_wire_credits():
    antara = article("Judul", LEAD, "Paragraf kedua yang cukup panjang untuk sebuah berita.",
                     "Pewarta: Fitri Handayani", "Editor: Budi Santoso", "COPYRIGHT © ANTARA 2022")
    assert (antara.authors, antara.editor) == (("Fitri Handayani",), "Budi Santoso")
    reuters = article("Title", "December 3, 2022", "MINSK (Reuters) - Russia and Belarus signed a protocol on Saturday.",
                      "Reporting by Jane Doe in Minsk; Editing by Mark Heinrich")
    assert (reuters.authors, reuters.editor) == (("Jane Doe",), "Mark Heinrich")


def test_a_sentence_starting_like_a_byline_stays_text():
    result = article("Judul", LEAD, "Oleh karena itu, pemerintah meminta warga tetap tenang dan waspada.",
                     "By the end of the day, the talks had ended.")
    assert "Oleh karena itu, pemerintah" in result.body
    assert "By the end of the day" in result.body
    assert result.authors == ()


# --- Datelines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead", "location", "outlet", "start"),
    [
        ("JAKARTA, KOMPAS.com - Pemerintah Indonesia meminta semua pihak menahan diri.", "Jakarta", "Kompas.com", "Pemerintah"),
        ("Jakarta, CNN Indonesia -- Pemerintah Indonesia meminta semua pihak menahan diri.", "Jakarta", "CNN Indonesia", "Pemerintah"),
        ("Liputan6.com, Kyiv - Pemerintah Ukraina menambah jumlah personel penjaga perbatasan.", "Kyiv", "Liputan6.com", "Pemerintah"),
        ("TEMPO.CO, Jakarta - Menteri Pertahanan Rusia tiba di Minsk pada Sabtu pagi waktu setempat.", "Jakarta", "Tempo.co", "Menteri"),
        ("Jakarta (ANTARA) - Belarus dan Rusia menandatangani protokol perubahan perjanjian keamanan.", "Jakarta", "Antara", "Belarus"),
        ("MINSK (Reuters) - Russia and Belarus signed amendments to a joint security agreement.", "Minsk", "Reuters", "Russia"),
        ("MINSK, Dec 3 (Reuters) - Russia and Belarus signed amendments to a joint security agreement.", "Minsk", "Reuters", "Russia"),
        ("KYIV, Ukraine (AP) — Ukraine is reinforcing its northern border with Belarus, officials said.", "Kyiv", "Associated Press", "Ukraine"),
        ("Jakarta - Presiden Rusia Vladimir Putin berbicara melalui telepon dengan Presiden Belarus.", "Jakarta", None, "Presiden"),
        ("MOSKOW - Rusia menempatkan sistem pertahanan udara tambahan di Belarus pekan ini.", "Moskow", None, "Rusia"),
    ],
)
def test_datelines(lead, location, outlet, start):
    result = article("Judul berita", "Sabtu, 3 Desember 2022", lead)
    assert result.location == location
    assert (result.source.name if result.source else None) == outlet
    assert result.body.startswith(start)


# --- Related lines and furniture ------------------------------------------------------------------------


def test_related_lines_wherever_they_stand_and_in_any_spelling():
    result = article(
        "Judul", "Baca juga: Judul Pertama di Atas", "Sabtu, 3 Desember 2022", LEAD,
        "Baca Juga : Judul Kedua di Tengah", "Paragraf kedua yang cukup panjang untuk sebuah berita.",
        "BACA JUGA: Judul Ketiga", "Read also: An English Title", "Related: Another One",
        "Lihat Juga :", "Judul Kelima di Baris Berikutnya", "Paragraf terakhir yang juga cukup panjang.",
        "Baca juga: Judul Keempat di Akhir",
    )
    assert [item.title for item in result.related] == [
        "Judul Pertama di Atas", "Judul Kedua di Tengah", "Judul Ketiga", "An English Title", "Another One",
        "Judul Kelima di Baris Berikutnya", "Judul Keempat di Akhir",
    ]
    assert "Judul" not in result.body.replace("Judul", "", 0) or "Baca" not in result.body


@pytest.mark.parametrize(
    "line",
    [
        "ADVERTISEMENT", "SCROLL TO CONTINUE WITH CONTENT", "Share", "Bagikan:", "Facebook Twitter WhatsApp",
        "Dengarkan berita ini", "(nvc/ita)", "___", "Sign up here.", "Purchase Licensing Rights",
        "Follow Berita Okezone di Google News", "[Gambas:Video CNN]", "Simak juga video pilihan berikut ini:",
        "Download Apps Detikcom Sekarang https://apps.detik.com/detik/",
        "Associated Press writer Yuri Tomashenko in Tallinn, Estonia, contributed to this report.",
        "IDN Times Community adalah media yang menyediakan platform untuk menulis. Semua karya tulis...",
        "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs web ini.",
    ],
)
def test_boilerplate_lines_leave_the_body(line):
    result = article("Judul", "Sabtu, 3 Desember 2022", LEAD, line, "Paragraf kedua yang cukup panjang untuk sebuah berita.")
    assert result.body.count("\n\n") == 1, result.body
    assert line not in result.body


@pytest.mark.parametrize(
    "footer",
    ["Berita Terkini Lainnya", "Copyright 2022 The Associated Press. All Rights Reserved.", "COPYRIGHT © ANTARA 2022",
     "Our Standards: The Thomson Reuters Trust Principles.", "More on this story",
     "Simak breaking news dan berita pilihan kami langsung di ponselmu.",
     "Ikuti berita terkini dari Tempo di Google News, klik di sini."],
)
def test_a_footer_ends_the_text(footer):
    result = article("Judul", "Sabtu, 3 Desember 2022", LEAD, footer, "Judul berita lain yang tampil di bawah artikel")
    assert "Judul berita lain" not in result.body and footer not in result.body


def test_captions_and_credits_become_images():
    result = article(
        "Judul", "Sabtu, 3 Desember 2022",
        "Lihat Foto", "Tank milik tentara Belarus dalam latihan.", "AFP/VIKTOR TOLOCHIN",
        LEAD,
        "Presiden Belarus menerima tamunya di Minsk. ANTARA FOTO/Reuters/Belta/pri.",
        "Sistem rudal milik Rusia. (Foto: Reuters)",
        "Image source, Getty Images", "Image caption, Troops have held drills since October",
        "Paragraf kedua yang cukup panjang untuk sebuah berita.",
    )
    assert result.images == (
        Image(caption="Tank milik tentara Belarus dalam latihan.", credit="AFP/VIKTOR TOLOCHIN"),
        Image(caption="Presiden Belarus menerima tamunya di Minsk.", credit="ANTARA FOTO/Reuters/Belta/pri"),
        Image(caption="Sistem rudal milik Rusia.", credit="Reuters"),
        Image(caption="Troops have held drills since October", credit="Getty Images"),
    )
    assert "ANTARA FOTO" not in result.body and "Getty" not in result.body


def test_tags_the_original_address_and_cited_outlets():
    result = article(
        "Judul", "Sabtu, 3 Desember 2022", LEAD, "Paragraf kedua yang cukup panjang, seperti dilansir Euronews.",
        "Sumber: Reuters",
        'Baca artikel detiknews, "Judul" selengkapnya https://news.detik.com/internasional/d-1/judul.',
        "#Rusia #Belarus", "Tags: Minsk, Perang",
    )
    assert result.source == Source(name="IDN Times", url="https://news.detik.com/internasional/d-1/judul")
    assert result.source_tags == ("Rusia", "Belarus", "Minsk", "Perang")
    assert result.cites == ("Euronews", "Reuters")


def test_title_furniture_above_the_title_and_outlet_suffix():
    result = article("detikNews", "Internasional", "Judul Berita yang Sebenarnya - detikNews", "Sabtu, 3 Desember 2022", LEAD)
    assert result.title == "Judul Berita yang Sebenarnya"
    assert result.source.name == "detikNews"


def test_subheadings_between_paragraphs():
    result = article("Judul", "Sabtu, 3 Desember 2022", LEAD, "Ukraina pantau pergerakan",
                     "Paragraf kedua yang cukup panjang untuk sebuah berita.")
    assert "## Ukraina pantau pergerakan" in result.body


def test_date_given_by_the_editor_when_the_text_has_none():
    text = "Judul\n\nParagraf pertama tanpa tanggal sama sekali.\n"
    assert parse_text(text).date is None  # an undated draft, for the editor to date
    assert parse_text(text, default_date=dt.date(2023, 1, 2)).date == dt.date(2023, 1, 2)


def test_a_first_line_that_is_a_paragraph_is_not_a_title():
    with pytest.raises(ArticleImportError, match="too long for a title"):
        parse_text("word " * 80 + "\n\nSabtu, 3 Desember 2022\n")


# --- Front matter round trip --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["Belarus: Why is Russia sending more troops?", "# Not a heading", "He said \"no\" and 'yes'", "yes", "Yes",
     "no", "null", "- leading dash", "1984", "3.14", "Überraschung in Minsk – ünïcödé, 日本語", "key: value # comment",
     "[not a list]", "{not: a map}", "100%", "@handle", "!tag", "*star", "&anchor", "|pipe", ">fold"],
)
def test_imported_articles_read_back_equal(title):
    imported = parse_text(f"{title}\n\nSabtu, 3 Desember 2022\n\n{LEAD}\n\nBaca juga: {title}\n")
    assert imported.title == title
    assert imported.related == (Related(title=title.strip("\"'")),) or imported.related[0].title
    assert parse_article(format_article(imported)) == imported


# --- The rules are data -----------------------------------------------------------------------------


def test_every_rule_has_a_known_kind_that_the_reader_handles():
    from digest.importer.text import LineReader

    assert all(rule.kind in rules.KINDS for rule in rules.LINE_RULES)
    assert all(callable(getattr(LineReader, f"_on_{kind}", None)) for kind in rules.KINDS)
    assert not any(rule.pattern.fullmatch("") for rule in rules.LINE_RULES)


def test_outlet_names_are_canonical():
    assert rules.outlet_name("KOMPAS.com") == "Kompas.com"
    assert rules.outlet_name("TEMPO.CO") == "Tempo.co"
    assert rules.outlet_name("AP") == "Associated Press"
    assert rules.outlet_name("detikNews") == "detikNews"
    assert rules.outlet_from_url("https://news.detik.com/x") == "detikcom"
    assert rules.outlet_from_url("https://www.example.org/a") == "example.org"


# --- Copies as they come from the real pages -------------------------------------------------------------

VARIANTS = {
    # Reuters glues the time to the year and shows a gallery's captions twice.
    "reuters": ("World\nEurope\nRussia, Belarus hold joint air force drills\nBy Reuters\n"
                "December 3, 20224:14 PM GMT+7Updated 3 years ago\n"
                "Item 1 of 2 Belarusian servicemen attend drills near Brest, Belarus December 2, 2022. REUTERS/Stringer\n"
                "[1/2] Belarusian servicemen attend drills near Brest, Belarus December 2, 2022. REUTERS/Stringer "
                "Acquire Licensing Rights, opens new tab\n"
                "MINSK, Dec 3 (Reuters) - Russia and Belarus began joint air force drills on Saturday.\n"
                "Get a look at the day ahead in U.S. and global markets with our Morning Bid U.S. email newsletter. Sign up here.\n"
                "Reporting by Reuters; Editing by Jon Boyle\n"),
    # detik puts the dateline on a line of its own.
    "detik": ("Lukashenko Bertemu Shoigu di Minsk\nRakhmad Permana - detikNews\nMinggu, 04 Des 2022 10:46 WIB\n"
              "Foto: Presiden Belarus Alexander Lukashenko (AP/Maxim Gusev)\nMinsk -\n"
              "Presiden Belarus Alexander Lukashenko bertemu Menteri Pertahanan Rusia Sergei Shoigu di Minsk.\n"
              "Halaman 1 2\n[Gambas:Video 20detik]\n(rdp/rdp)\n"),
    # IDN Times: the author and the date on one line.
    "idn": ("Lukashenko Puji Tentara Rusia\nRahmah N | 04 Des 2022, 10:00 WIB\n"
            "Jakarta, IDN Times - Presiden Belarus Alexander Lukashenko memuji tentara Rusia.\n"),
    # The BBC puts the caption on the line after its label.
    "bbc": ("Belarus leader praises Russian troops\nPublished\n4 December 2022\nShare\nImage source, Getty Images\n"
            "Image caption,\nPresident Lukashenko has been a close ally of Vladimir Putin\nBy Paul Kirk\nBBC News\n"
            "Belarus's leader has praised Russian troops training in his country.\nRelated Topics\nBelarus\n"
            "Top Stories\nSomething else\n"),
    # Outlets the rules do not name, known by their address.
    "republika": ("Belarus Tolak Kirim Pasukan\nREPUBLIKA.CO.ID, MINSK -- Presiden Belarus menolak mengirim pasukan "
                  "ke Ukraina, kata juru bicaranya pada Senin (5/12/2022).\nSumber Reuters\n"),
    "tribun": ("Belarus Tolak Kirim Pasukan ke Ukraina\nLaporan Wartawan Tribunnews.com, Nanda Putri\n"
               "TRIBUNNEWS.COM, MINSK - Presiden Belarus menolak mengirim pasukan ke Ukraina pada Senin (5/12/2022).\n"),
    # AP without "(AP)" in the dateline, byline in capitals.
    "ap": ("Belarus leader says troops stay home\nBY YURAS KORMAN\nUpdated 4:51 PM GMT+7, December 3, 2022\nShare\n"
           "KYIV, Ukraine — Belarus's leader said Saturday his troops would not join Russia's war in Ukraine.\n"),
}
EXPECTED = {
    "reuters": dict(date=dt.date(2022, 12, 3), authors=(), editor="Jon Boyle", location="Minsk", source="Reuters",
                    images=(Image("Belarusian servicemen attend drills near Brest, Belarus December 2, 2022.", credit="REUTERS/Stringer"),)),
    "detik": dict(date=dt.date(2022, 12, 4), authors=("Rakhmad Permana",), location="Minsk", source="detikNews",
                  images=(Image("Presiden Belarus Alexander Lukashenko", credit="AP/Maxim Gusev"),)),
    "idn": dict(date=dt.date(2022, 12, 4), authors=("Rahmah N",), location="Jakarta", source="IDN Times"),
    "bbc": dict(date=dt.date(2022, 12, 4), authors=("Paul Kirk",), source="BBC News", source_tags=("Belarus",),
                images=(Image("President Lukashenko has been a close ally of Vladimir Putin", credit="Getty Images"),)),
    "republika": dict(date=dt.date(2022, 12, 5), location="Minsk", source="REPUBLIKA.CO.ID", cites=("Reuters",)),
    "tribun": dict(date=dt.date(2022, 12, 5), authors=("Nanda Putri",), location="Minsk", source="Tribunnews.com"),
    "ap": dict(date=dt.date(2022, 12, 3), authors=("Yuras Korman",), location="Kyiv"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_copies_as_they_come_from_real_pages(name):
    result = parse_text(VARIANTS[name])
    for field_name, expected in EXPECTED[name].items():
        value = result.source.name if field_name == "source" else getattr(result, field_name)
        assert value == expected, field_name
    assert result.body.count("\n\n") == 0, result.body  # one paragraph of text each, furniture gone


def test_text_that_only_resembles_furniture_stays_text():
    lines = [
        "Inflasi mencapai 5 persen pada November, kata pejabat itu kepada wartawan di Jakarta (Reuters).",
        "Hak cipta lagu itu dimiliki oleh pencipta aslinya sejak 1990, kata pengacaranya.",
        "Berita itu dibantah oleh juru bicara kementerian pada hari yang sama.",
        "Sumber itu mengatakan pertemuan akan dilanjutkan pekan depan di Minsk.",
    ]
    result = article("Judul", "Sabtu, 3 Desember 2022", LEAD, *lines)
    assert result.body.split("\n\n")[1:] == lines
    assert result.images == () and result.cites == ()
