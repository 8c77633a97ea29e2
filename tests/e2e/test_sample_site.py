"""The sample digest in content/ is real: it parses, has the breadth the timelines need, and builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from digest.articles import parse_article
from digest.build import build
from digest.topics import parse_topics
from tests.conftest import REPO

ARTICLES = sorted((REPO / "content" / "articles").glob("*/*.md"))
SEED_ARTICLE = REPO / "content/articles/2022/belarus-rusia-bentuk-pasukan-gabungan-untuk-lawan-agresor.md"


@pytest.fixture(scope="module")
def articles():
    return {path: parse_article(path.read_text(encoding="utf-8")) for path in ARTICLES}


def test_every_article_lives_under_the_year_of_its_date(articles):
    for path, article in articles.items():
        assert path.parent.name == f"{article.date.year:04d}", path


def test_breadth_of_the_sample(articles):
    values = list(articles.values())
    topics = {topic.slug for topic in parse_topics((REPO / "content/topics.yaml").read_text(encoding="utf-8"))}
    assert len(values) >= 16
    assert all(set(a.topics) <= topics for a in values)
    assert len({slug for a in values for slug in a.topics}) >= 4
    assert len({(a.date.year, a.date.month) for a in values}) >= 12
    belarus = [a for a in values if "belarus-russia-military" in a.topics and 2020 <= a.when.year <= 2023]
    assert len(belarus) >= 6
    assert {a.lang for a in values} == {"en", "id"}


def test_hand_written_entries_are_short_digest_entries_with_real_links(articles):
    for path, article in articles.items():
        if path == SEED_ARTICLE:
            continue
        words = len(re.findall(r"\w+", article.body))
        assert 150 <= words <= 400, f"{path.name}: {words} words"
        assert article.source and article.source.url.startswith("https://"), path.name
        assert article.summary, path.name


def test_the_seed_is_imported(articles):
    seed = articles[SEED_ARTICLE]
    assert (seed.title, seed.subtitle, seed.authors, seed.source.name) == (
        "Belarus-Rusia Bentuk Pasukan Gabungan untuk Lawan Agresor",
        "Hubungan militer Belarus-Rusia semakin erat", ("Brahm",), "IDN Times")


def test_sample_site_builds(tmp_path: Path):
    result = build(REPO, output=tmp_path / "output")
    assert result.articles == len(ARTICLES)
    soup = BeautifulSoup((tmp_path / "output/topics/belarus-russia-military/index.html").read_text(encoding="utf-8"), "html.parser")
    titles = [title.get_text(strip=True) for title in soup.select(".timeline__title")]
    assert "Belarus-Rusia Bentuk Pasukan Gabungan untuk Lawan Agresor" in titles
    dates = [time["datetime"] for time in soup.select(".timeline__date time")]
    assert dates == sorted(dates)  # ISO dates of any precision sort as the timeline does
    assert not (REPO / ".output.building").exists()
