import datetime as dt
import json
from pathlib import Path

import feedparser
import jsonschema

from digest.editions import group_editions
from digest.feeds import Feed, FeedItem, render_atom, render_json_feed, timelinejs
from digest.model import Article, EventDate, Image, Topic
from digest.timelines import group_timelines

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
TOPICS = [Topic("war", "War"), Topic("alliance", "Alliance", parent="war"), Topic("climate", "Climate")]


def test_editions_group_by_iso_week_and_first_topic():
    items = [
        Article(title="Sunday story", date=dt.date(2022, 12, 4), topics=("alliance",)),  # ISO week 48
        Article(title="Monday story", date=dt.date(2022, 11, 28), topics=("nope", "war", "alliance")),
        Article(title="No topic", date=dt.date(2022, 11, 30)),
        Article(title="Next week", date=dt.date(2022, 12, 5), topics=("climate",)),
        Article(title="New year", date=dt.date(2021, 1, 2), topics=("climate",)),  # ISO 2020-W53
    ]
    editions = group_editions(items, TOPICS)
    assert [edition.slug for edition in editions] == ["2020-W53", "2022-W48", "2022-W49"]
    week = editions[1]
    assert (week.start, week.end, week.count) == (dt.date(2022, 11, 28), dt.date(2022, 12, 4), 3)
    assert [(section.topic.slug if section.topic else None, [item.title for item in section.items])
            for section in week.sections] == [("war", ["Monday story"]), ("alliance", ["Sunday story"]), (None, ["No topic"])]


def _feed():
    published = dt.datetime(2022, 12, 3, 14, 5, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return Feed(
        title="Digest: War", home_page_url="https://d.example/topics/war/", feed_url="https://d.example/feeds/topics/war.json",
        description="The war.", language="en",
        items=(
            FeedItem(id="https://d.example/a/", url="https://d.example/a/", title="A & <B>", published=published,
                     content_html="<p>Body</p>", summary="Sum", authors=("Brahm",), language="id", tags=("War",),
                     external_url="https://www.idntimes.com/x"),
            FeedItem(id="https://d.example/b/", url="https://d.example/b/", title="Only title", published=published),
        ),
    )


def test_atom_parses_back():
    parsed = feedparser.parse(render_atom(_feed()))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    first = parsed.entries[0]
    assert (first.title, first.link, first.author, first.summary) == ("A & <B>", "https://d.example/a/", "Brahm", "Sum")
    assert first.content[0].value == "<p>Body</p>"
    assert first.published_parsed[:5] == (2022, 12, 3, 7, 5)  # 14:05 in Jakarta is 07:05 UTC


def test_json_feed_is_valid_json_feed_11():
    document = json.loads(render_json_feed(_feed()))
    jsonschema.validate(document, json.loads((SCHEMAS / "jsonfeed-1.1.schema.json").read_text()))
    assert document["items"][0]["authors"] == [{"name": "Brahm"}]
    assert document["items"][0]["external_url"] == "https://www.idntimes.com/x"
    assert document["items"][1]["content_text"] == "Only title"


def test_timelinejs_document_follows_the_schema_and_keeps_precision():
    items = [
        Article(title="Year <only>", date=dt.date(2022, 12, 30), event_date=EventDate(2022), topics=("alliance",)),
        Article(title="Month", date=dt.date(2022, 3, 5), event_date=EventDate(2022, 2), topics=("war",),
                images=(Image(caption="Tanks", credit="Agency", src="https://img.example/t.jpg"),)),
        Article(title="Day", date=dt.date(2022, 2, 24), topics=("war",)),
    ]
    timeline = group_timelines(TOPICS, items)["war"]
    document = timelinejs(
        timeline, url_of=lambda item: f"https://d.example/{item.title}/", summary_of=lambda item: "<p>s</p>",
        image_of=lambda item: next(iter(item.images), None),
    )
    jsonschema.validate(document, json.loads((SCHEMAS / "timelinejs3.schema.json").read_text()))
    dates = [event["start_date"] for event in document["events"]]
    assert dates == [
        {"year": "2022", "display_date": "2022"},
        {"year": "2022", "month": "2", "display_date": "February 2022"},
        {"year": "2022", "month": "2", "day": "24", "display_date": "24 February 2022"},
    ]
    year_only = document["events"][0]
    assert year_only["group"] == "Alliance"  # came from the subtopic
    assert "Year &lt;only&gt;" in year_only["text"]["headline"]
    assert document["events"][1]["media"] == {"url": "https://img.example/t.jpg", "caption": "Tanks", "credit": "Agency"}
    assert document["title"]["text"]["headline"] == "War"
