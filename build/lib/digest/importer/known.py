"""What ``content/`` already holds, for an import: duplicates and internal links. Pure: no I/O.

A source imported before is recognised by its address (``source.url``) or,
for copied text and saved pages, by the same title on the same day. A
related title ("Baca juga: ...") that names an article already in the digest
becomes a link to it; titles are compared after folding case, punctuation and
spacing, and must be ``LINK_THRESHOLD`` alike (difflib's ratio), so that a
title copied with a changed word or a lost "!" still links but two stories
about the same subject with different titles do not.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from digest.model import Article, Related
from digest.urls import clean_url, normal_url  # noqa: F401 - clean_url is part of this module's interface

LINK_THRESHOLD = 0.9


@dataclass(frozen=True)
class KnownArticle:
    """An article already in content/: where it is and what identifies it."""

    path: Path
    title: str
    date: dt.date | None  # None for a draft not dated yet: it has no address yet
    source_url: str = ""
    normal: str = field(init=False, repr=False, compare=False)  # the title folded once, for comparisons

    def __post_init__(self) -> None:
        object.__setattr__(self, "normal", normal_title(self.title))

    @property
    def url(self) -> str:
        """Its address in the site: ``/articles/YYYY/<slug>/`` (the file name is the slug)."""
        return f"/articles/{self.date.year:04d}/{self.path.stem}/"

    @classmethod
    def of(cls, article: Article, path: Path) -> "KnownArticle":
        date = article.date.date() if isinstance(article.date, dt.datetime) else article.date
        return cls(path=path, title=article.title, date=date, source_url=article.source.url if article.source else "")


def normal_title(title: str) -> str:
    """A title folded for comparison: case, accents, punctuation and spacing do not count."""
    text = unicodedata.normalize("NFKD", title).casefold()
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def find_duplicate(
    article: Article | None, known: Sequence[KnownArticle], *, source_url: str = ""
) -> KnownArticle | None:
    """The known article the same source was imported as: same address, or same title on the same day."""
    urls = {normal_url(url) for url in (source_url, article.source.url if article and article.source else "") if url}
    for other in known:
        if other.source_url and normal_url(other.source_url) in urls:
            return other
    if article is None:
        return None
    title = normal_title(article.title)
    day = article.date.date() if isinstance(article.date, dt.datetime) else article.date
    return next((other for other in known if other.date == day and other.normal == title), None)


def link_related(article: Article, known: Sequence[KnownArticle], *, threshold: float = LINK_THRESHOLD) -> Article:
    """``article`` with each related title that names a known article linked to it."""
    if not article.related or not known:
        return article
    titles = [(other.normal, other) for other in known if other.date is not None]
    related = tuple(_linked(item, titles, threshold) for item in article.related)
    return replace(article, related=related) if related != article.related else article


def _linked(item: Related, titles: list[tuple[str, KnownArticle]], threshold: float) -> Related:
    match = _best(normal_title(item.title), titles, threshold)
    return Related(title=item.title, url=match.url) if match else item


def _best(title: str, titles: list[tuple[str, KnownArticle]], threshold: float) -> KnownArticle | None:
    if not title:
        return None
    best, best_score = None, threshold
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(title)
    for normal, other in titles:
        if normal == title:
            return other
        matcher.set_seq1(normal)
        if matcher.real_quick_ratio() < best_score or matcher.quick_ratio() < best_score:
            continue
        score = matcher.ratio()
        if score >= best_score:
            best, best_score = other, score
    return best
