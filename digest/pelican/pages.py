"""What each page shows, declared once: a value that changes whenever the page would.

``digest serve`` renders a page again only when its inputs changed (and the speed
work of the build uses the same declarations). digest's own generators declare
their pages' inputs where they write them (``digest_inputs=`` beside
``write_file``); the pages Pelican writes itself (articles, the home page and
author pages) are declared here, by what their context holds. A page that
declares nothing (the topics and editions indexes, archives, search) is
rendered every time. ``version(article)`` is a value that changes when the
article's file does, so a page showing an article follows every edit of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Version = Callable[[Any], Any]


def page_inputs(context, version: Version) -> tuple | None:
    """The inputs of the page ``context`` renders; None: it may show anything, render it every time."""
    declared = context.get("digest_inputs")
    if declared is not None:
        return declared(context, version)
    article = context.get("article")
    if article is not None:
        return article_inputs(article, context, version)
    page = context.get("articles_page")
    if page is not None:
        return list_inputs(page, context, version)
    return None


def article_inputs(article, context, version: Version) -> tuple:
    """An article page shows the article, its neighbours on each of its timelines (with the timeline's
    entry count) and its related articles."""
    places = context.get("article_places", {}).get(article.source_path, ())
    related = context.get("related_articles", {}).get(article.source_path, ())
    return ("article", version(article),
            tuple((place.topic_page.slug, place.topic_page.timeline.count,
                   entry_inputs(place.previous, version), entry_inputs(place.next, version)) for place in places),
            tuple(version(other) for other in related))


def list_inputs(page, context, version: Version) -> tuple:
    """A list page (home, an author's pages) shows its articles, its page number and the topics with
    their counts and spans."""
    return ("list", topics_inputs(context), page.number, page.paginator.num_pages,
            tuple(version(item) for item in page.object_list))


def topic_inputs(topic_page, key_only: bool, context, version: Version) -> tuple:
    """A timeline page shows its entries (and the topics, in its navigation)."""
    return ("topic", topics_inputs(context), key_only,
            tuple(entry_inputs(entry, version) for entry in topic_page.timeline.entries))


def edition_inputs(edition_page, context, version: Version) -> tuple:
    """An edition page shows its articles by topic and its neighbours."""
    neighbours = tuple(other.url if other else "" for other in (edition_page.previous, edition_page.next))
    return ("edition", topics_inputs(context), neighbours,
            tuple((section.topic.slug if section.topic else "", tuple(version(item) for item in section.items))
                  for section in edition_page.edition.sections))


def entry_inputs(entry, version: Version) -> tuple | None:
    if entry is None:
        return None
    return (version(entry.item), entry.via, entry.subtopic.slug if entry.subtopic else "")


TOPICS_INPUTS = "digest_topics_inputs"  # the context key of topics_inputs, worked out once per build


def topics_inputs(context) -> tuple:
    """The topics with their counts and spans, as every page's navigation shows them."""
    known = context.get(TOPICS_INPUTS)
    if known is not None:
        return known
    return tuple((page.slug, page.timeline.count, page.timeline.first, page.timeline.last)
                 for page in context.get("topic_pages", ()))
