"""Feeds and machine-readable timelines: values in, text out, no Pelican.

One ``Feed`` model, written as Atom (RFC 4287, through feedgenerator, the
library Pelican itself uses) and as JSON Feed 1.1 (a small JSON format no
library we depend on writes). ``timelinejs`` gives a timeline in the JSON
that TimelineJS 3 loads.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass, field
from typing import Any

import feedgenerator

from digest.i18n import event_date
from digest.model import Timeline

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


@dataclass(frozen=True)
class FeedItem:
    id: str
    url: str
    title: str
    published: dt.datetime
    content_html: str = ""  # already through digest.sanitize
    summary: str = ""  # plain text
    authors: tuple[str, ...] = ()
    language: str = ""
    tags: tuple[str, ...] = ()
    external_url: str = ""  # the original story


@dataclass(frozen=True)
class Feed:
    title: str
    home_page_url: str
    feed_url: str
    description: str = ""
    language: str = ""
    author: str = ""  # Atom needs an author for every entry; this one stands in where an entry has none
    items: tuple[FeedItem, ...] = field(default=())
    updated: dt.datetime | None = None  # for a feed without items: Atom's <updated> must still be stable


def render_atom(feed: Feed) -> str:
    atom = feedgenerator.Atom1Feed(
        title=feed.title, link=feed.home_page_url, description=feed.description,
        feed_url=feed.feed_url, language=feed.language or None, author_name=feed.author or None,
    )
    if not feed.items and feed.updated:
        # feedgenerator dates an empty feed "now", which would make two builds differ.
        atom.latest_post_date = lambda: feed.updated
    for item in feed.items:
        # Atom's <summary type="html"> is read as HTML: the plain summary goes in escaped.
        atom.add_item(
            title=item.title, link=item.url, description=html.escape(item.summary, quote=False),
            content=item.content_html or None,
            unique_id=item.id, pubdate=item.published, updateddate=item.published,
            author_name=", ".join(item.authors) or None, categories=item.tags,
        )
    return atom.writeString("utf-8")


def render_json_feed(feed: Feed) -> str:
    document: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": feed.home_page_url,
        "feed_url": feed.feed_url,
    }
    if feed.description:
        document["description"] = feed.description
    if feed.language:
        document["language"] = feed.language
    document["items"] = [_json_item(item) for item in feed.items]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_item(item: FeedItem) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": item.id, "url": item.url, "title": item.title}
    if item.external_url:
        entry["external_url"] = item.external_url
    # JSON Feed needs content_html or content_text in every item.
    if item.content_html:
        entry["content_html"] = item.content_html
    else:
        entry["content_text"] = item.summary or item.title
    if item.summary:
        entry["summary"] = item.summary
    entry["date_published"] = item.published.isoformat()
    if item.authors:
        entry["authors"] = [{"name": name} for name in item.authors]
    if item.tags:
        entry["tags"] = list(item.tags)
    if item.language:
        entry["language"] = item.language
    return entry


def timelinejs(timeline: Timeline, *, url_of, summary_of, image_of=None, display_date=None) -> dict[str, Any]:
    """The timeline as TimelineJS 3 JSON: a title slide and one event per entry.

    ``url_of(item)`` gives an entry's absolute address, ``summary_of(item)`` its
    summary as sanitised HTML, ``image_of(item)`` an ``Image`` whose ``src`` a page may
    load, or None. TimelineJS shows every text field as HTML: each is escaped here.
    Dates carry only the parts that are known, so a month-precise event is
    shown as a month. ``display_date(when)`` spells a date in the site's language.
    """
    events = []
    for entry in timeline.entries:
        item, when = entry.item, entry.when
        start: dict[str, str] = {"year": str(when.year)}
        if when.month:
            start["month"] = str(when.month)
        if when.day:
            start["day"] = str(when.day)
        start["display_date"] = display_date(when) if display_date else event_date(when, "en")
        event: dict[str, Any] = {
            "start_date": start,
            "text": {"headline": f'<a href="{_attr(url_of(item))}">{_text(item.title)}</a>', "text": summary_of(item)},
            "unique_id": getattr(item, "slug", "") or f"entry-{len(events) + 1}",
        }
        if entry.subtopic is not None:
            event["group"] = _text(entry.subtopic.title)
        image = image_of(item) if image_of else None
        if image is not None:
            event["media"] = {"url": image.src, "caption": _text(image.caption), "credit": _text(image.credit)}
        events.append(event)
    return {
        "title": {"text": {"headline": _text(timeline.topic.title), "text": _text(timeline.topic.description)}},
        "events": events,
    }


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _attr(value: str) -> str:
    return html.escape(value, quote=True)
