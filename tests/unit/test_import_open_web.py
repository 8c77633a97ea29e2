"""Pages from the open web (#14): never a refusal where there is an article, the headline, the
people who wrote it, the lead picture, a date to doubt. The pages are small ones of our own, each
built to show one way real pages are laid out."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.articles import format_article, parse_article
from digest.check import check_file
from digest.errors import ArticleImportError
from digest.importer import what_is_missing
from digest.importer.encoding import decode_bytes
from digest.importer.html import PageMetadata, choose_title, is_site_name, parse_html, word_count
from digest.importer.text import parse_text, split_names
from digest.urls import date_in_url, url_date_doubt

PARAGRAPHS = (
    "<p>The regional council approved the new flood defences on Tuesday after a debate that ran late into the"
    " evening, with members split over how the cost should be shared between the towns along the river.</p>"
    "<p>Engineers said the first stretch of the wall could be finished before next winter if the contracts are"
    " signed in the spring, and that the older embankments would be raised at the same time.</p>"
)


def page(head: str = "", body: str = PARAGRAPHS, *, h1: str = "Council approves flood defences") -> str:
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head>"
            f"<body><header>Site menu</header><article>{heading}{body}</article></body></html>")


def test_a_page_with_text_but_no_date_title_metadata_or_byline_is_a_draft_not_a_refusal():
    article = parse_html(page())
    assert article.date is None and article.status == "draft" and not article.authors
    assert article.title == "Council approves flood defences"
    assert "flood defences on Tuesday" in article.body
    assert parse_article(format_article(article)) == article
    assert "no date: add date (or digest publish dates it the day it goes out)" in what_is_missing(article)


def test_only_a_page_without_article_text_is_refused():
    with pytest.raises(ArticleImportError, match="no article text"):
        parse_html(page(body="<nav><a href='/'>Home</a></nav>", h1="Welcome"))


def test_japanese_text_counts_as_words():
    sentences = "".join(f"<p>{'東京都は新しい防災計画を発表し、住民に避難経路の確認を呼びかけた。' * 3}</p>" for _ in range(3))
    article = parse_html(page(body=sentences, h1="東京都が新しい防災計画を発表"), url="https://example.jp/news/1")
    assert article.title == "東京都が新しい防災計画を発表" and "防災計画" in article.body
    assert word_count(["東京都は新しい防災計画を発表した"]) >= 7


def test_a_photo_credit_above_the_text_does_not_end_it():
    article = parse_html(page(body="<p>© Jane Photographer</p>" + PARAGRAPHS))
    assert "Engineers said the first stretch" in article.body
    assert "Jane Photographer" not in article.body


def test_a_few_stray_nul_bytes_do_not_make_a_page_binary():
    html = page().encode("utf-8").replace(b"<article>", b"<article>\x00\x00")
    assert "\x00" not in decode_bytes(html)
    with pytest.raises(ArticleImportError, match="binary"):
        decode_bytes("text".encode("utf-16-le") * 100)


# --- Titles -------------------------------------------------------------------------------------------

def _page_meta(**values) -> PageMetadata:
    return PageMetadata(**values)


def test_the_headline_that_is_the_story_part_of_the_title_wins():
    meta = _page_meta(h1s=["Flood defences approved"], titles=["Flood defences approved | Riverside Weekly"])
    assert choose_title("Flood defences approved | Riverside Weekly", meta) == "Flood defences approved"


def test_one_h1_that_says_otherwise_wins_over_a_title_written_for_search_engines():
    meta = _page_meta(h1s=["Council backs a wall along the river"])
    assert choose_title("Flood wall news 2024: council vote", meta) == "Council backs a wall along the river"


def test_the_title_keeps_the_page_s_quotes_and_dashes():
    meta = _page_meta(headline="“A wall for the next century” – council", titles=[])
    assert choose_title('"A wall for the next century" - council', meta) == "“A wall for the next century” – council"


def test_the_site_s_address_is_cut_from_the_end_of_the_title():
    meta = _page_meta(address="https://www.riverside-weekly.example/news/wall")
    assert choose_title("Council approves wall - www.Riverside-Weekly.example", meta) == "Council approves wall"


def test_a_page_whose_only_title_is_too_long_gets_one_cut_at_a_word():
    article = parse_html(page(f"<title>{'word ' * 80}</title>", h1=""))
    assert len(article.title) <= 251 and article.title.endswith("…")


# --- People ---------------------------------------------------------------------------------------------

def test_json_ld_authors_come_first_and_keep_their_initials():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves flood defences",'
            ' "author": [{"@type": "Person", "name": "Michael L. Anderson"}, {"@type": "Person", "name": "Perry Bacon Jr."}]}'
            '</script><meta name="author" content="Riverside Weekly">')
    assert parse_html(page(head)).authors == ("Michael L. Anderson", "Perry Bacon Jr.")


@pytest.mark.parametrize("name", ["Riverside Weekly", "Riverside Weekly GmbH", "Riverside-Weekly Example", "riverside weekly"])
def test_the_site_is_never_an_author(name):
    assert is_site_name(name, ["Riverside Weekly", "https://www.riverside-weekly.example/a"])
    assert not is_site_name("Jane Doe", ["Riverside Weekly", "https://www.riverside-weekly.example/a"])


def test_names_in_any_script_and_capitals_kept_where_they_mean_something():
    assert split_names("孔德明") == ["孔德明"]
    assert split_names("Chokri GHARBI") == ["Chokri GHARBI"]
    assert split_names("IWB") == ["IWB"]
    assert split_names("YURAS KARMANAU") == ["Yuras Karmanau"]
    assert split_names("https://example.com/jane") == []
    assert split_names("16 Juni 2025") == []


# --- The lead picture ---------------------------------------------------------------------------------------

def test_the_lead_picture_takes_the_caption_and_credit_of_the_figure_that_shows_it():
    head = '<meta property="og:image" content="https://cdn.example/photos/wall-1200x630.jpg">'
    figure = ('<figure><img src="/photos/wall.jpg"><figcaption>The old embankment at Riverside.'
              ' <span class="credit">Jane Photographer</span></figcaption></figure>')
    article = parse_html(page(head, figure + PARAGRAPHS), url="https://riverside.example/news/wall")
    lead = article.images[0]
    assert (lead.src, lead.caption, lead.credit) == (
        "https://cdn.example/photos/wall-1200x630.jpg", "The old embankment at Riverside.", "Jane Photographer")
    assert len(article.images) == 1


def test_a_lead_picture_from_json_ld_without_a_caption_is_kept_for_the_editor_to_describe():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves flood defences",'
            ' "image": {"@type": "ImageObject", "url": "https://cdn.example/a.jpg", "creditText": "Riverside Weekly"}}</script>')
    article = parse_html(page(head))
    assert (article.images[0].src, article.images[0].caption, article.images[0].credit) == (
        "https://cdn.example/a.jpg", "", "Riverside Weekly")
    assert any("caption" in gap for gap in what_is_missing(article))
    problems = check_file("content/articles/2024/a.md", format_article(article), articles="content/articles").problems
    assert [problem.level for problem in problems if problem.code == "missing-caption"] == ["warning"]


@pytest.mark.parametrize("src", ["javascript:alert(1)", "data:image/png;base64,AAAA", "//evil.example/x.jpg x"])
def test_a_lead_picture_address_that_is_not_http_is_dropped(src):
    article = parse_html(page(f'<meta property="og:image" content="{src}">'))
    assert all(image.src.startswith("https://") or not image.src for image in article.images)


# --- Dates ---------------------------------------------------------------------------------------------

def test_a_date_only_in_the_address_is_found():
    article = parse_html(page(), url="https://riverside.example/2024/03/12/flood-defences")
    assert article.date == dt.date(2024, 3, 12)


@pytest.mark.parametrize(("url", "expected"), [
    ("https://x.example/read/2022/12/03/140500/a", dt.date(2022, 12, 3)),
    ("https://x.example/news-20221203-wall", dt.date(2022, 12, 3)),
    ("https://x.example/2022/12/wall", None),
    ("https://x.example/d-6443210/wall", None),
    ("https://x.example/2022/02/30/wall", None),
])
def test_the_date_in_an_address(url, expected):
    assert date_in_url(url) == expected


def test_a_date_far_from_the_address_s_date_is_doubted_in_check_and_import():
    assert url_date_doubt(dt.date(2022, 12, 4), "https://x.example/2022/12/03/a") == ""
    doubt = url_date_doubt(dt.date(2022, 12, 20), "https://x.example/2022/12/03/a")
    assert "17 days" in doubt
    text = ("---\ntitle: Wall\ndate: 2022-12-20\nsource:\n  name: Riverside Weekly\n  url: https://x.example/2022/12/03/a\n"
            "summary: The council approved it.\n---\n\nThe council approved the wall after a long debate in the chamber.\n")
    problems = check_file("content/articles/2022/wall.md", text, articles="content/articles").problems
    assert [(p.line, p.level, p.code) for p in problems] == [(3, "warning", "date-differs-from-url")]


# --- Indonesian bylines in copied text ---------------------------------------------------------------------

LEAD = "Pemerintah membahas kerja sama militer kedua negara dalam pertemuan tertutup di ibu kota pada pekan ini."
P2 = "Menurut pejabat setempat, pembicaraan dilanjutkan bulan depan dengan agenda yang lebih luas soal latihan."


@pytest.mark.parametrize(("head", "dateline", "authors", "editor", "outlet"), [
    ("Ayu Lestari - detikNews\n\nSenin, 16 Jun 2025 15:20 WIB", "Jakarta -", ("Ayu Lestari",), "", "detikNews"),
    ("Ayu Lestari, Bima Pratama - detikFinance\n\nSenin, 16 Jun 2025 15:20 WIB", "Jakarta -",
     ("Ayu Lestari", "Bima Pratama"), "", "detikFinance"),
    ("Tim detikcom - detikNews\n\nSenin, 16 Jun 2025 15:20 WIB", "Jakarta -", (), "", "detikNews"),
    ("Kompas.com - 16/06/2025, 15:20 WIB\n\nPenulis Ayu Lestari | Editor Bima Pratama", "JAKARTA, KOMPAS.com -",
     ("Ayu Lestari",), "Bima Pratama", "Kompas.com"),
    ("Ayu Lestari, Jurnalis-Senin, 16 Juni 2025 |15:20 WIB", "JAKARTA -", ("Ayu Lestari",), "", "Okezone"),
    ("Reporter Ayu Lestari Editor Bima Pratama\n\nSenin, 16 Juni 2025 15:20 WIB", "TEMPO.CO, Jakarta -",
     ("Ayu Lestari",), "Bima Pratama", "Tempo.co"),
    ("Oleh Ayu Lestari pada 16 Jun 2025, 15:20 WIB", "Liputan6.com, Jakarta -", ("Ayu Lestari",), "", "Liputan6.com"),
    ("Ayu Lestari Diperbarui 16 Jun 2025, 15:20 WIB", "Liputan6.com, Jakarta -", ("Ayu Lestari",), "", "Liputan6.com"),
    ("Ayu Lestari - Senin, 16 Jun 2025 15:20 WIB", "Jakarta -", ("Ayu Lestari",), "", ""),
], ids=["detik", "detik-two", "detik-desk", "kompas", "okezone", "tempo-one-line", "liputan6-pada",
        "liputan6-diperbarui", "name-dash-date"])
def test_indonesian_bylines_in_copied_text(head, dateline, authors, editor, outlet):
    article = parse_text(f"Judul Berita\n\n{head}\n\n{dateline} {LEAD}\n\n{P2}")
    assert (article.authors, article.editor, article.date) == (authors, editor, dt.date(2025, 6, 16))
    assert (article.source.name if article.source else "") == outlet
    assert article.body.startswith("Pemerintah membahas")


def test_headings_lists_quotes_and_tables_stay_markdown():
    body = (PARAGRAPHS + "<h2>What was agreed</h2><ul><li>A wall along the river</li><li>Raised embankments</li></ul>"
            "<blockquote><p>We cannot wait for <b>another</b> flood to act on this.</p></blockquote>"
            "<table><tr><th>Town</th><th>Cost</th></tr><tr><td>Alder</td><td>4 million</td></tr></table>"
            "<ol><li>First the survey</li><li>Then the contracts</li></ol>")
    text = parse_html(page(body=body)).body
    for markdown in ("## What was agreed", "- A wall along the river", "> We cannot wait for **another** flood",
                     "| Town | Cost |", "| Alder | 4 million |", "1. First the survey"):
        assert markdown in text


def test_a_job_is_not_an_author_beside_a_person_but_is_kept_when_it_is_all_there_is():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council approves flood defences",'
            ' "author": [{"@type": "Person", "name": "Tom Krisher"}, {"@type": "Person", "name": "AP Auto Writer"}]}</script>')
    assert parse_html(page(head)).authors == ("Tom Krisher",)
    alone = head.replace('{"@type": "Person", "name": "Tom Krisher"}, ', "")
    assert parse_html(page(alone)).authors == ("AP Auto Writer",)


def test_the_site_s_name_before_the_headline_is_cut_off():
    meta = _page_meta(site_name="NEWS WEB EASY")
    assert choose_title("NEWS WEB EASY|子どもへの体罰を禁止する法律ができる", meta) == "子どもへの体罰を禁止する法律ができる"


def test_the_site_s_shared_picture_is_not_the_lead_picture():
    head = '<meta property="og:image" content="https://riverside.example/images/og-image.png">'
    assert parse_html(page(head)).images == ()
