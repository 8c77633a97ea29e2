"""Timelines, feeds, TimelineJS data, related articles and weekly editions in a real build."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema
from bs4 import BeautifulSoup

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def page(output, path):
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def entries(soup):
    return {entry.h4.get_text(strip=True): entry for entry in soup.select(".timeline__entry")}


def test_parent_timeline_marks_entries_from_its_subtopic(built_timelines):
    war = entries(page(built_timelines, "topics/war"))
    assert war["Loan agreed"].select_one(".subtopic-mark").get_text() == "The alliance"
    assert war["Invasion begins"].select_one(".subtopic-mark") is None
    assert war["Troops stay after the drills"].select_one(".subtopic-mark") is None  # names both topics


def test_rule_matched_and_excluded_articles(built_timelines):
    alliance = entries(page(built_timelines, "topics/alliance"))
    assert alliance["Border drills"]["data-via"] == "rule"
    assert alliance["Loan agreed"]["data-via"] == "editor"
    assert "Drills elsewhere" not in alliance
    assert "Drills elsewhere" not in entries(page(built_timelines, "topics/war"))


def test_key_events_view_works_without_javascript(built_timelines):
    topic = page(built_timelines, "topics/war")
    link = topic.find("a", string="Key events only")
    assert link["href"].endswith("topics/war/key-events/")
    assert topic.select_one(".timeline__entry--key .key-mark").get_text() == "Key event"
    key_page = page(built_timelines, "topics/war/key-events")
    assert [title.get_text(strip=True) for title in key_page.select(".timeline__title")] == ["Joint exercise begins", "Invasion begins"]
    assert key_page.h1.get_text(strip=True) == "The war: key events"


def test_chart_counts_entries_per_month(built_timelines):
    chart = page(built_timelines, "topics/alliance").select_one("svg.chart")
    bars = [bar.title.get_text() for bar in chart.select("rect.chart__bar")]
    assert bars[0] == "September 2020: 1 entry"
    assert "January 2022: 1 entry" in bars  # the year-only entry
    assert "February 2022: 4 entries" in bars
    assert chart["role"] == "img"


def test_topic_feeds_parse_and_follow_their_formats(built_timelines):
    atom = feedparser.parse((built_timelines / "feeds/topics/alliance.atom.xml").read_bytes())
    assert not atom.bozo and atom.version == "atom10"
    assert atom.feed.title == "Digest: The alliance"
    assert [entry.title for entry in atom.entries][:2] == ["A year of drills: what changed", "Border drills"]  # newest first
    assert atom.entries[0].link == "http://127.0.0.1:8000/articles/2022/year-review/"
    json_feed = json.loads((built_timelines / "feeds/topics/alliance.json").read_text(encoding="utf-8"))
    jsonschema.validate(json_feed, json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text()))
    assert len(json_feed["items"]) == 8
    topic_page = page(built_timelines, "topics/alliance")
    json_links = [link["href"] for link in topic_page.find_all("link", type="application/feed+json")]
    assert any(href.endswith("feeds/topics/alliance.json") for href in json_links)


def test_timelinejs_file_is_valid_and_in_timeline_order(built_timelines):
    document = json.loads((built_timelines / "topics/war/timeline.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads((SCHEMAS / "timelinejs3.schema.json").read_text()))
    assert document["title"]["text"]["headline"] == "The war"
    first = document["events"][0]
    assert first["start_date"] == {"year": "2020", "month": "9", "day": "14", "display_date": "14 September 2020"}
    assert first["group"] == "The alliance"
    months_only = next(event for event in document["events"] if "Troops stay" in event["text"]["headline"])
    assert months_only["start_date"] == {"year": "2022", "month": "2", "display_date": "February 2022"}


def test_article_shows_its_place_on_each_timeline(built_timelines):
    article = page(built_timelines, "articles/2022/exercise-begins")
    place = article.select_one(".timeline-place")
    assert place.select_one(".timeline-place__topic a").get_text() == "The alliance"
    assert place.select_one("a[rel=prev]").get_text() == "Troops stay after the drills"
    assert place.select_one("a[rel=next]").get_text() == "Alpha statement"
    first = page(built_timelines, "articles/2020/loan").select_one(".timeline-place")
    assert first.select_one("a[rel=prev]") is None and "The first entry" in first.get_text()


def test_article_lists_related_site_articles_editor_choice_first(built_timelines):
    troops = page(built_timelines, "articles/2022/troops-stay")
    related = [a.get_text() for a in troops.select(".related--site a")]
    assert related[0] == "Joint exercise begins"  # named in its front matter
    assert "Troops stay after the drills" not in related and len(related) <= 5


def test_weekly_editions(built_timelines):
    index = page(built_timelines, "editions")
    links = [a["href"] for a in index.select(".archive a")]
    assert links[0].endswith("editions/2022-W52/") and links[-1].endswith("editions/2020-W38/")
    week = page(built_timelines, "editions/2022-W08")
    assert week.h1.get_text() == "Week 8, 2022"
    assert "21 February 2022 – 27 February 2022" in week.select_one(".subtitle").get_text(" ", strip=True)
    sections = {section.h2.get_text(strip=True): [a.get_text() for a in section.select(".card__title a")]
                for section in week.select("section")}
    assert sections == {"The war": ["Invasion begins"],  # an article is listed once, under its first topic
                        "The alliance": ["Alpha statement", "Beta statement", "Troops stay after the drills"]}
    assert week.select_one("a[rel=prev]")["href"].endswith("editions/2022-W06/")
    assert week.select_one("a[rel=next]")["href"].endswith("editions/2022-W10/")
    feed = feedparser.parse((built_timelines / "feeds/editions.atom.xml").read_bytes())
    assert not feed.bozo
    assert feed.entries[0].title == "Week 52, 2022: 1 article"
    week_8 = next(entry for entry in feed.entries if entry.title.startswith("Week 8, 2022"))
    assert "Invasion begins" in week_8.content[0].value
