"""Source bytes, duplicates and internal links, and the importer's promise for any input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digest.articles import format_article, parse_article
from digest.errors import ArticleImportError, DigestError
from digest.importer.encoding import decode_bytes, declared_charset, looks_like_html
from digest.importer.html import parse_html
from digest.importer.known import (
    LINK_THRESHOLD, KnownArticle, clean_url, find_duplicate, link_related, normal_title, normal_url,
)
from digest.importer.text import parse_text
from digest.model import Article, Related, Source

# --- Bytes to text -----------------------------------------------------------------------------------


def test_encodings_editors_bring():
    text = "Menteri “Shoigu” tiba di Minsk — café, niño, Übung"
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_bytes(text.encode("utf-16")) == text
    assert decode_bytes(text.encode("cp1252")) == text
    latin1 = "café, niño, Übung à Genève"
    assert decode_bytes(latin1.encode("latin-1")) == latin1
    assert decode_bytes(latin1.encode("latin-1"), declared="iso-8859-1") == latin1
    assert decode_bytes("Привет, Минск".encode("koi8-r"), declared="koi8-r") == "Привет, Минск"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", b"PK\x03\x04\x14\x00", b"abc\x00def",
     bytes(range(1, 32)) * 20],
)
def test_binary_data_is_refused(data):
    with pytest.raises(ArticleImportError, match="binary"):
        decode_bytes(data)


def test_declared_charsets_and_html_sniffing():
    assert declared_charset(b"", "text/html; charset=ISO-8859-1") == "ISO-8859-1"
    assert declared_charset(b'<html><head><meta charset="windows-1252">') == "windows-1252"
    assert declared_charset(b"plain") == ""
    assert looks_like_html("<!DOCTYPE html><html>") and looks_like_html("\ufeff <html lang='id'>")
    assert not looks_like_html("Judul berita\n\nJakarta - teks")


# --- What content/ already holds -----------------------------------------------------------------------

KNOWN = [
    KnownArticle(Path("content/articles/2022/invasion.md"), "Invasion begins", dt.date(2022, 2, 24),
                 "https://example.org/daily/invasion"),
    KnownArticle(Path("content/articles/2022/belarus-rusia-bentuk-pasukan.md"),
                 "Belarus-Rusia Bentuk Pasukan Gabungan untuk Lawan Agresor", dt.date(2022, 12, 3)),
    KnownArticle(Path("content/articles/2022/ukraina-tembok.md"), "Ukraina Mulai Bangun Tembok di Perbatasan Belarus",
                 dt.date(2022, 11, 20)),
]


def test_normal_forms():
    assert normal_title("Ukraina ke Belarus: Jika Kalian Terlibat Perang, Pasti Kami Balas!") == \
        "ukraina ke belarus jika kalian terlibat perang pasti kami balas"
    assert normal_title("Übung  in   Minsk") == "ubung in minsk"
    assert normal_url("https://www.example.org/daily/invasion/?utm_source=x#top") == "//example.org/daily/invasion"
    assert clean_url("https://Example.org/a?utm_medium=y&id=3#c") == "https://example.org/a?id=3"


def test_addresses_that_cannot_be_read_are_no_error():
    # urlsplit raises ValueError on a bracketed host that is no IPv6 address; pages from the open web hold such.
    from digest.articles import is_url
    from digest.urls import host_of

    broken = "http://[oops/story"
    assert host_of(broken) == "" and host_of(" https://Example.org/a ") == "example.org"
    assert normal_url(broken) == broken and clean_url(broken) == broken
    assert not is_url(broken) and is_url("https://example.org/a")


def test_duplicates_by_address_or_by_title_and_day():
    assert find_duplicate(None, KNOWN, source_url="http://example.org/daily/invasion?utm_source=feed") is KNOWN[0]
    same = Article(title="Belarus-Rusia bentuk pasukan gabungan untuk lawan agresor!", date=dt.date(2022, 12, 3))
    assert find_duplicate(same, KNOWN) is KNOWN[1]
    assert find_duplicate(Article(title=same.title, date=dt.date(2022, 12, 4)), KNOWN) is None
    with_url = Article(title="Other", date=dt.date(2023, 1, 1), source=Source("Daily", "https://example.org/daily/invasion"))
    assert find_duplicate(with_url, KNOWN) is KNOWN[0]


@pytest.mark.parametrize(
    ("title", "linked"),
    [
        ("Ukraina Mulai Bangun Tembok di Perbatasan Belarus", True),  # the same title
        ("Ukraina mulai bangun tembok di perbatasan Belarus!", True),  # case and punctuation
        ("Ukraina Mulai Membangun Tembok di Perbatasan Belarus", True),  # a word's form changed
        ("Ukraina Mulai Bangun Tembok di Perbatasan Polandia", False),  # another border
        ("Belarus-Rusia Gelar Latihan Gabungan untuk Lawan Agresor", False),  # same subject, another story
        ("Invasion ends", False),
    ],
)
def test_related_titles_link_to_known_articles_above_the_threshold(title, linked):
    article = link_related(Article(title="x", date=dt.date(2023, 1, 1), related=(Related(title),)), KNOWN)
    assert bool(article.related[0].url) == linked
    if linked:
        assert article.related[0] == Related(title, "/articles/2022/ukraina-tembok/")


def test_a_related_link_to_elsewhere_becomes_internal_when_the_digest_has_the_article():
    article = Article(title="x", date=dt.date(2023, 1, 1),
                      related=(Related("Invasion begins", "https://example.org/elsewhere"), Related("Unknown")))
    assert link_related(article, KNOWN).related == (Related("Invasion begins", "/articles/2022/invasion/"), Related("Unknown"))
    near = Article(title="x", date=dt.date(2023, 1, 1), related=(Related("Invasion begin"),))
    assert link_related(near, KNOWN).related == (Related("Invasion begin", "/articles/2022/invasion/"),)
    assert 0.8 < LINK_THRESHOLD < 1


def test_internal_links_read_back():
    article = link_related(Article(title="x", date=dt.date(2023, 1, 1), related=(Related("Invasion begins"),)), KNOWN)
    assert parse_article(format_article(article)).related == (Related("Invasion begins", "/articles/2022/invasion/"),)


# --- Any input: an article or a DigestError ---------------------------------------------------------------

NEWSY = st.sampled_from([
    "Baca juga: ", "Jakarta, IDN Times - ", "MINSK (Reuters) - ", "Sabtu, 3 Desember 2022 14:05 WIB", "(3/12/2022)",
    "Penulis: ", "By ", "Oleh ", "Editor: ", "ADVERTISEMENT", "Topik:", "  • ", "Berita Terkini Lainnya", "Lihat Foto",
    "(AFP/NAME)", "Image caption, ", "#Rusia", "\n", "\n\n", "Reporter", "Copyright ©", "1. ", "# ", "- ", ": ", "yes",
    "https://example.com/a", "\r\n", "\u2028", "\x00", "\ufeff", "[x](javascript:y)", "<script>", "Tags: a, b",
])
TEXTS = st.one_of(st.text(), st.lists(st.one_of(NEWSY, st.text(max_size=30)), max_size=40).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_gives_an_article_or_a_digest_error(text):
    try:
        article = parse_text(text)
    except DigestError:
        return
    assert isinstance(article, Article) and article.title and article.body
    assert parse_article(format_article(article)) == article


HTML_PARTS = st.sampled_from([
    "<html>", "<head>", "<title>Judul</title>", "<body>", "<p>", "</p>", "<article>", "<h1>Judul</h1>",
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-12-03"}</script>',
    '<meta property="og:title" content="x">', "Baca juga: <a href='/a'>A</a>", "<figure><figcaption>c</figcaption></figure>",
    "Pemerintah Belarus dan Rusia membahas kerja sama militer kedua negara di Minsk pada hari Sabtu. ", "<", ">", "&",
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(HTML_PARTS, st.text(max_size=20)), max_size=30).map("".join))
def test_any_page_gives_an_article_or_a_digest_error(html):
    try:
        article = parse_html(html, default_date=dt.date(2022, 12, 3))
    except DigestError:
        return
    assert isinstance(article, Article) and article.title and article.body
    assert "<script" not in article.body
    assert parse_article(format_article(article)) == article
