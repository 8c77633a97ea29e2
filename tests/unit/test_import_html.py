"""Saved and fetched pages: trafilatura, our metadata fallbacks, related links, sanitising."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.articles import format_article, parse_article
from digest.errors import ArticleImportError
from digest.importer.html import clean_title, page_metadata, parse_html, _tree
from digest.model import Related
from tests.golden.regenerate import CASES

BODY = """
<p>Kyiv - Pemerintah Ukraina memperketat penjagaan di perbatasan utara yang berbatasan langsung dengan Belarus,
setelah pasukan Rusia tiba di negara itu untuk latihan gabungan musim dingin.</p>
<p>Menurut juru bicara dinas penjaga perbatasan, jumlah personel di wilayah Volyn dan Rivne telah ditambah dua
kali lipat sejak akhir November lalu, dan patroli malam kini dilakukan setiap hari.</p>
<p>Namun, dia mengatakan belum ada tanda-tanda pasukan penyerang yang sedang dihimpun di dekat perbatasan.</p>
"""


def page(head: str = "", body: str = BODY, lang: str = "id") -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head><body><article><h1>Judul Halaman Berita</h1>{body}</article></body></html>'


def test_json_ld_gives_what_trafilatura_misses():
    import trafilatura

    html = (CASES / "html-jsonld-newsarticle.html").read_text(encoding="utf-8")
    missed = trafilatura.bare_extraction(html, with_metadata=True, date_extraction_params={"original_date": True, "extensive_search": False})
    assert missed.date is None and missed.description is None and not missed.tags  # what the fallback is for
    article = parse_html(html)
    assert article.date == dt.date(2022, 12, 5)  # "Senin, 05 Desember 2022 10:15 WIB" in JSON-LD
    assert article.authors == ("Sari Wulandari",)
    assert article.source.name == "Warta Contoh"
    assert article.summary.startswith("Kyiv menambah penjaga")
    assert article.source_tags == ("Ukraina", "Belarus", "perbatasan", "Internasional")


def test_json_ld_author_given_as_creator_and_by_reference():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "Person", "@id": "#p", "name": "Sari Wulandari"},
      {"@type": ["NewsArticle"], "headline": "Judul Halaman Berita", "creator": {"@id": "#p"},
       "datePublished": "2022-12-05T10:15:00+07:00"}]}</script>"""
    meta = page_metadata(_tree(page(head)))
    assert meta.ld_authors == ["Sari Wulandari"]
    assert meta.date == dt.date(2022, 12, 5)  # the date as the outlet wrote it, not converted to UTC


def test_open_graph_and_meta_tags():
    head = """<meta property="og:title" content="Judul dari Open Graph - Kompas.com">
    <meta property="og:site_name" content="KOMPAS.com"><meta property="article:published_time" content="2022-12-05T23:30:00+07:00">
    <meta name="author" content="Ayu Lestari"><meta property="article:tag" content="Belarus"><meta property="article:tag" content="Rusia">
    <meta property="og:url" content="https://www.kompas.com/read/x">"""
    meta = page_metadata(_tree(page(head)))
    assert (meta.title, meta.site_name, meta.date) == ("Judul dari Open Graph - Kompas.com", "KOMPAS.com", dt.date(2022, 12, 5))
    assert (meta.authors, meta.tags, meta.url) == (["Ayu Lestari"], ["Belarus", "Rusia"], "https://www.kompas.com/read/x")


def test_time_element_is_the_last_date_fallback():
    meta = page_metadata(_tree(page(body='<time datetime="2022-12-07">7 Des</time>' + BODY)))
    assert meta.date == dt.date(2022, 12, 7)


def test_titles_lose_the_outlet_suffix():
    assert clean_title("Judul - Kompas.com") == "Judul"
    assert clean_title("Title | Reuters") == "Title"
    assert clean_title("Title | Warta Contoh", ["Warta Contoh"]) == "Title"
    assert clean_title("Belarus - Russia talks") == "Belarus - Russia talks"


def test_related_links_keep_their_href_and_become_absolute():
    article = parse_html((CASES / "html-related-links.html").read_text(encoding="utf-8"))
    assert article.related == (
        Related("Menhan Rusia Shoigu Tiba di Minsk, Bertemu Lukashenko", "https://www.kompas.com/read/2022/12/03/shoigu-tiba-di-minsk"),
        Related("Putin Telepon Lukashenko, Bahas Latihan Militer Gabungan",
                "https://internasional.kompas.com/read/2022/12/02/putin-telepon-lukashenko"),
        Related("Ukraina Perketat Penjagaan di Perbatasan Utara", "https://www.kompas.com/read/2022/12/06/ukraina-perketat-penjagaan"),
    )
    assert "Baca" not in article.body and "Berita lain" not in article.body


def test_the_body_is_safe_markdown():
    body = BODY + """<p>Paragraf dengan <a href="javascript:alert(1)">tautan jahat</a>, <img src="https://tracker.example/x.gif">
    gambar, dan teks &lt;script&gt;alert(1)&lt;/script&gt; yang harus tetap teks.</p>
    <script>document.write("<p>injected</p>")</script><style>p{}</style>
    <p><a href="/relatif">tautan relatif</a> dan <a href="data:text/html,x">data</a>.</p>"""
    article = parse_html(page(body=body), url="https://warta.example/a/b", default_date=dt.date(2022, 12, 5))
    assert "javascript:" not in article.body and "data:" not in article.body
    assert "tracker.example" not in article.body and "![" not in article.body
    assert "injected" not in article.body and "document.write" not in article.body
    assert "<script" not in article.body
    assert "[tautan relatif](https://warta.example/relatif)" in article.body


@pytest.mark.parametrize(
    ("html", "message"),
    [("", "the page is empty"), ("   ", "the page is empty"),
     ("<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
     ("<html><body><p>Pendek.</p></body></html>", "no article text")],
)
def test_pages_without_an_article(html, message):
    with pytest.raises(ArticleImportError, match=message):
        parse_html(html)


def test_a_page_without_any_date_is_an_undated_draft_not_a_refusal():
    article = parse_html(page())
    assert article.date is None and article.status == "draft"
    assert parse_article(format_article(article)) == article
    assert parse_html(page(), default_date=dt.date(2022, 1, 2)).date == dt.date(2022, 1, 2)


def test_a_visible_date_line_when_the_page_has_no_date_metadata():
    article = parse_html(page(body="<div class='date'>Senin, 05 Des 2022 10:15 WIB</div>" + BODY))
    assert article.date == dt.date(2022, 12, 5)


@pytest.mark.parametrize("case", sorted(CASES.glob("*.html")), ids=lambda path: path.stem)
def test_html_imports_read_back_equal(case):
    article = parse_html(case.read_text(encoding="utf-8"))
    assert parse_article(format_article(article)) == article
