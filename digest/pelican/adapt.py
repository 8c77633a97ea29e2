"""From Pelican's articles and settings to digest's values, and digest's files into Pelican's output.

The library (feeds, JSON-LD, TimelineJS) takes plain values; the generators and
the plugin hand it Pelican articles through these functions. Every article
Pelican has here was read by ``DigestReader``, so it has every field of
``digest.articles.ARTICLE_FIELDS`` (``DigestArticle`` says which).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote, urlsplit
from typing import Any, Protocol

from pelican import signals

from digest.feeds import FeedItem
from digest.files import write_atomically
from digest.model import EventDate, Image, Related, Source
from digest.sanitize import image_host_allowed, image_hosts_of
from digest.structured_data import collection_page, news_article


class DigestArticle(Protocol):
    """A Pelican article as digest's reader made it: what the generators and templates read of it."""

    title: str
    date: dt.datetime
    url: str
    slug: str
    source_path: str
    lang: str
    content: str
    summary: str
    plain_summary: str
    subtitle: str
    authors: list[Any]  # Pelican's Author objects; missing without authors and without an AUTHOR setting
    source: Source | None
    images: tuple[Image, ...]
    related: tuple[Related, ...]
    topics: tuple[str, ...]
    key: bool
    when: EventDate


def absolute(settings: dict, path: str) -> str:
    """The absolute address of a path of the site (feeds and link previews need them)."""
    base = (settings.get("FEED_DOMAIN") or settings.get("SITEURL") or "").rstrip("/")
    return f"{base}/{path}"


def site_relative(path: str, settings: dict) -> str:
    """``path`` as the editor knows it: relative to the site (load_config records where that is)."""
    return os.path.relpath(path, settings.get("DIGEST_ROOT") or os.path.dirname(settings["PATH"]))


def write_output(output_path: str, save_as: str, text: str, context: dict | None = None) -> None:
    """One of digest's own files (a feed, TimelineJS data, the sitemap) into the output, whole, and
    announced as Pelican announces the files it writes (``content_written``), for other plugins."""
    target = Path(output_path) / save_as
    write_atomically(target, text)
    signals.content_written.send(str(target), context=context or {})


def feed_item(article: DigestArticle, settings: dict, tags: tuple[str, ...] = ()) -> FeedItem:
    source = article.source
    return FeedItem(
        id=absolute(settings, article.url), url=absolute(settings, article.url), title=article.title,
        published=article.date, content_html=article.content, summary=article.plain_summary,
        authors=tuple(str(author) for author in getattr(article, "authors", ())), language=article.lang,
        tags=tags, external_url=source.url if source and source.url else "",
    )


# What an address keeps as it is: RFC 3986's reserved characters and "%". Quotes, angle brackets,
# backticks and spaces are percent-encoded, so the address is safe wherever TimelineJS puts it.
_URL_SAFE = ":/?#[]@!$&()*+,;=%~"


def timeline_image(item: DigestArticle, settings: dict) -> Image | None:
    """The first picture of ``item`` a page may load, with an absolute address (TimelineJS loads it)."""
    hosts, _ = image_hosts_of(settings.get("DIGEST_IMAGE_HOSTS") or ())  # the plugin reports the bad ones
    for image in item.images:
        if image.src and image_host_allowed(image.src, hosts):
            src = image.src if "://" in image.src else absolute(settings, image.src.lstrip("/"))
            return replace(image, src=quote(src, safe=_URL_SAFE))
    return None


def news_article_ld(article: DigestArticle, settings: dict) -> dict:
    source = article.source
    image = next((image.src for image in article.images if "://" in image.src), "")
    return news_article(
        url=absolute(settings, article.url), headline=article.title,
        description=article.plain_summary or article.subtitle,
        published=article.date, authors=[str(author) for author in getattr(article, "authors", ())],
        publisher=settings["SITENAME"], publisher_url=absolute(settings, ""), language=article.lang,
        based_on=source.url if source and source.url else "", image=image,
        outlet=source.name if source else "", outlet_url=_home_of(source.url) if source and source.url else "",
    )


def _home_of(url: str) -> str:
    """The outlet's home page, from the address of one of its stories."""
    try:
        parts = urlsplit(url)
    except ValueError:  # see digest.urls.host_of
        return ""
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""


def collection_page_ld(page, settings: dict) -> dict:
    """``page``: a ``digest.pelican.generators.TopicPage``."""
    return collection_page(
        url=absolute(settings, page.url), name=page.title, description=page.topic.description,
        language=settings["DEFAULT_LANG"],
        items=[(absolute(settings, entry.item.url), entry.item.title) for entry in page.timeline.entries],
    )
