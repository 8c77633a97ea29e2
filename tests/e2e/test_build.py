"""Real Pelican builds of tests/sites/timelines, read back as HTML."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from digest.build import build
from digest.errors import BuildError


def page(output, path):
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def timeline_shape(soup):
    """[(year, [(month heading, [entry titles])])] as a reader sees the page."""
    return [
        (year.h2.get_text(strip=True), [
            (month.h3.get_text(strip=True), [title.get_text(strip=True) for title in month.select(".timeline__title")])
            for month in year.select(".timeline-month")
        ])
        for year in soup.select(".timeline-year")
    ]


def test_timeline_lists_entries_in_event_order_under_their_months(built_timelines):
    soup = page(built_timelines, "topics/alliance")
    assert timeline_shape(soup) == [
        ("2020", [("September 2020", ["Loan agreed"])]),
        ("2021", [("September 2021", ["Yes"])]),
        ("2022", [
            ("2022, month not known", ["A year of drills: what changed"]),
            ("February 2022", ["Troops stay after the drills", "Joint exercise begins", "Alpha statement", "Beta statement"]),
            ("March 2022", ["Border drills"]),
        ]),
    ]


def test_timeline_entries_show_date_at_its_precision_summary_and_source(built_timelines):
    soup = page(built_timelines, "topics/alliance")
    entries = {entry.h4.get_text(strip=True): entry for entry in soup.select(".timeline__entry")}
    exercise = entries["Joint exercise begins"]
    assert exercise.select_one(".timeline__date time")["datetime"] == "2022-02-10"
    assert exercise.select_one(".timeline__date time").get_text(strip=True) == "10 February 2022"
    assert "ten days of drills" in exercise.select_one(".timeline__summary").get_text()
    assert exercise.select_one("a.source")["href"] == "https://example.org/wire/exercise"
    assert entries["Troops stay after the drills"].select_one("time")["datetime"] == "2022-02"
    assert entries["A year of drills: what changed"].select_one("time").get_text() == "2022"
    assert entries["Troops stay after the drills"]["lang"] == "id"
    assert exercise.h4.a["href"].endswith("articles/2022/exercise-begins/")


def test_timeline_header_has_count_span_years_and_family(built_timelines):
    soup = page(built_timelines, "topics/alliance")
    assert soup.h1.get_text(strip=True) == "The alliance"
    header = soup.select_one(".timeline-page__header").get_text(" ", strip=True)
    assert "8 entries" in header and "14 September 2020 – 10 March 2022" in header
    assert [a.get_text() for a in soup.select(".year-jump a")] == ["2020", "2021", "2022"]
    assert soup.select_one(".kicker a").get_text() == "The war"
    assert "The alliance" in page(built_timelines, "topics/war").select_one(".timeline-page__header").get_text()


def test_topics_index_lists_counts_and_spans(built_timelines):
    soup = page(built_timelines, "topics")
    items = {item.h2.get_text(strip=True): item.select_one(".meta").get_text(" ", strip=True)
             for item in soup.select(".topic-item")}
    assert items["The war"] == "9 entries · 14 September 2020 – 10 March 2022"  # with the alliance's entries
    assert items["The alliance"].startswith("8 entries · 14 September 2020")
    assert items["A quiet topic"] == "0 entries"


def test_article_page_shows_the_front_matter(built_timelines):
    soup = page(built_timelines, "articles/2022/invasion")
    article = soup.select_one("article.article")
    assert soup.h1.get_text() == "Invasion begins"
    assert article["lang"] == "en"
    meta = article.select_one(".article__meta").get_text(" ", strip=True)
    for expected in ("Published 24 February 2022", "Ana Writer , Budi Penulis", "Editor Chief Editor", "Where Kyiv"):
        assert expected in meta
    assert article.select_one(".article__meta a.source")["href"] == "https://example.org/daily/invasion"
    assert [a.get_text() for a in article.select(".topic-links a")] == ["The war"]
    assert article.select_one(".topic-links a")["href"].endswith("topics/war/")
    caption = article.select_one("figcaption").get_text(" ", strip=True)
    assert "Smoke over the city." in caption and "Credit: Photo Agency" in caption


def test_related_links_and_nested_values_survive(built_timelines):
    article = page(built_timelines, "articles/2022/troops-stay").select_one("article.article")
    related = article.select(".related")[0].select("li")
    assert related[0].a["href"] == "https://example.org/wire/exercise"
    assert related[1].get_text(strip=True) == "A story without a link" and related[1].a is None
    assert article.select_one(".article__meta .source").get_text() == "Kantor Berita"


def test_text_from_front_matter_is_escaped(built_timelines):
    html = (built_timelines / "topics/alliance/index.html").read_text(encoding="utf-8")
    assert "Leaders met &amp; talked &lt;about&gt; money." in html
    assert "<about>" not in html


def test_home_authors_archives_and_feed(built_timelines):
    home = page(built_timelines, "")
    assert home.select(".card__title")[0].get_text(strip=True) == "A year of drills: what changed"  # newest first
    assert "The alliance" in home.select_one(".home__topics").get_text()
    authors = page(built_timelines, "authors").get_text()
    assert "Ana Writer" in authors and "Budi Penulis" in authors
    assert "Invasion begins" in page(built_timelines, "authors/budi-penulis").get_text()
    assert len(page(built_timelines, "archives").select(".archive li")) == 10
    feed = ET.parse(built_timelines / "feeds" / "all.atom.xml")
    titles = [entry.findtext("{http://www.w3.org/2005/Atom}title") for entry in feed.getroot().iter("{http://www.w3.org/2005/Atom}entry")]
    assert "Invasion begins" in titles and len(titles) == 10


def test_broken_article_fails_the_build_and_keeps_the_previous_output(site_factory):
    site = site_factory("timelines")
    build(site)
    before = (site / "output" / "index.html").read_text(encoding="utf-8")
    broken = site / "content" / "articles" / "2022" / "broken.md"
    broken.write_text("---\ntitle: Broken\ndate: 2022-13-01\n---\nBody\n", encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        build(site)
    assert "content/articles/2022/broken.md:3:7: error: date '2022-13-01' is not a date" in str(caught.value)
    assert (site / "output" / "index.html").read_text(encoding="utf-8") == before
    assert not list(site.glob(".output.*"))  # no half-built folder left behind


def test_unknown_topic_fails_the_build(site_factory):
    site = site_factory("timelines")
    (site / "content" / "articles" / "2022" / "stray.md").write_text(
        "---\ntitle: Stray\ndate: 2022-03-01\ntopics: [nowhere]\n---\nBody\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"content/articles/2022/stray.md:4:10: error: topic 'nowhere' is not in content/topics.yaml"):
        build(site)


def test_template_error_fails_the_build_with_its_place(site_factory):
    site = site_factory("timelines")
    (site / "themes" / "digest" / "templates" / "topic.html").write_text("{% block content %}{{ oops(}}{% endblock %}")
    with pytest.raises(BuildError, match=r"topic.html:1"):
        build(site)
    assert not (site / "output").exists()


def test_publish_settings_make_absolute_urls(site_factory, monkeypatch):
    site = site_factory("timelines")
    monkeypatch.setenv("DIGEST_SITEURL", "https://digest.example.org/news/")
    build(site, settings_file="publishconf.py")
    soup = page(site / "output", "topics/alliance")
    assert soup.select_one(".timeline__title a")["href"].startswith("https://digest.example.org/news/articles/")
    feed = (site / "output" / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert "https://digest.example.org/news/articles/2022/invasion/" in feed


def test_two_builds_of_the_same_content_are_byte_identical(site_factory, tmp_path):
    site = site_factory("timelines")
    first, second = tmp_path / "first", tmp_path / "second"
    build(site, output=first)
    build(site, output=second)

    def files(root):
        # Pagefind writes its filter shards in an order of its own; the pages and feeds must not vary.
        return {path.relative_to(root): path.read_bytes() for path in root.rglob("*")
                if path.is_file() and "pagefind" not in path.relative_to(root).parts}

    first_files, second_files = files(first), files(second)
    assert first_files.keys() == second_files.keys()
    assert [path for path in first_files if first_files[path] != second_files[path]] == []


def test_builds_in_two_processes_are_byte_identical_when_articles_share_a_date(site_factory, tmp_path):
    """Each process orders strings by hashes of its own (PYTHONHASHSEED): Pelican finds the content
    files as a set, so articles on one date came out in another order in every process, and every
    list page changed on every build."""
    site = site_factory("timelines")
    same_day = (site / "content/articles/2022/same-day-a.md").read_text(encoding="utf-8")
    for number in range(6):  # 8 articles on 2022-02-24: one order in 40,320
        (site / f"content/articles/2022/same-day-{number}.md").write_text(
            same_day.replace("Alpha statement", f"Statement number {number}"), encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"seed-{seed}"
        result = subprocess.run([sys.executable, "-m", "digest", "build", "-q", "--output", str(output)], cwd=site,
                                capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        outputs.append({path.relative_to(output): path.read_bytes() for path in output.rglob("*")
                        if path.is_file() and "pagefind" not in path.relative_to(output).parts})
    first, second = outputs
    assert first.keys() == second.keys()
    assert [str(path) for path in first if first[path] != second[path]] == []


def _with_image_hosts(site, hosts) -> None:
    settings = site / "pelicanconf.py"
    settings.write_text(settings.read_text(encoding="utf-8") + f"\nDIGEST_IMAGE_HOSTS = {hosts!r}\n", encoding="utf-8")
    article = site / "content/articles/2022/invasion.md"
    article.write_text(article.read_text(encoding="utf-8").replace(
        "  - caption: Smoke over the city.\n",
        "  - caption: Smoke over the city.\n    src: https://images.example.org/smoke.jpg\n").replace(
        "Attacks began at dawn", "![A map](https://maps.example.net/m.png) Attacks began at dawn"), encoding="utf-8")


def test_pictures_load_from_the_hosts_the_site_names_and_no_other(site_factory):
    site = site_factory("timelines")
    _with_image_hosts(site, ["images.example.org"])
    build(site)
    soup = page(site / "output", "articles/2022/invasion")
    assert [image["src"] for image in soup.select("img")] == ["https://images.example.org/smoke.jpg"]
    assert soup.select_one("a.external-image")["href"] == "https://maps.example.net/m.png"
    policy = soup.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    assert "img-src 'self' data: images.example.org;" in policy


def test_an_image_host_that_is_not_a_host_name_fails_the_build(site_factory):
    site = site_factory("timelines")
    _with_image_hosts(site, ["images.example.org; script-src *"])
    with pytest.raises(BuildError, match="DIGEST_IMAGE_HOSTS: 'images.example.org; script-src \\*' is not a host name"):
        build(site)

