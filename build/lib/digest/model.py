"""The values digest works with. Frozen, so a build cannot change them behind a reader's back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol


@dataclass(frozen=True, order=True)
class EventDate:
    """A date known to a day, a month or only a year ("2022-12-03", "2022-12", "2022").

    Ordering puts a less precise date before the precise ones inside it, so
    "2022" comes before "2022-01-05" and "2022-12" before "2022-12-03".
    """

    year: int
    month: int = 0
    day: int = 0

    def __post_init__(self) -> None:
        if self.day and not self.month:
            raise ValueError("a day needs a month")
        # Let datetime judge the calendar (month 13, 31 February, ...).
        dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def from_date(cls, value: dt.date) -> "EventDate":
        return cls(value.year, value.month, value.day)

    def isoformat(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()


@dataclass(frozen=True)
class Source:
    name: str
    url: str = ""


@dataclass(frozen=True)
class Related:
    title: str
    url: str = ""


@dataclass(frozen=True)
class Image:
    caption: str
    src: str = ""
    credit: str = ""


PublicationState = Literal["published", "draft", "scheduled"]
STATUSES = ("draft", "published")  # what ``status`` may say


@dataclass(frozen=True)
class Article:
    """One digest entry: the front matter fields and the Markdown body."""

    title: str
    date: dt.date | None  # None only for a draft that has no date yet (``digest publish`` gives it one)
    body: str = ""
    subtitle: str = ""
    event_date: EventDate | None = None
    authors: tuple[str, ...] = ()
    editor: str = ""
    source: Source | None = None
    location: str = ""
    lang: str = ""
    topics: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    summary: str = ""
    images: tuple[Image, ...] = ()
    source_tags: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()
    key: bool = False
    topics_exclude: tuple[str, ...] = ()
    status: str = "published"  # or "draft" (Pelican's words); see ``Article.state``
    publish_at: dt.datetime | None = None  # in the site's time zone (TIMEZONE)

    def state(self, now: dt.datetime) -> "PublicationState":
        """Whether the site shows it at ``now`` (the site's local time, naive): a draft never, a
        scheduled story from its ``publish_at`` on."""
        if self.status == "draft":
            return "draft"
        if self.publish_at is not None and self.publish_at > now:
            return "scheduled"
        return "published"

    @property
    def when(self) -> EventDate:
        """When the story happened: ``event_date``, else the publication date."""
        return self.event_date or EventDate.from_date(self.date)


@dataclass(frozen=True)
class MatchRule:
    """When an article belongs to a topic without naming it.

    Every group in ``all_of`` must have one of its terms in the article, and
    when ``any_of`` is given, one of those terms too. Terms are words or
    phrases, matched whole and without regard to case.
    """

    all_of: tuple[tuple[str, ...], ...] = ()
    any_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    description: str = ""
    parent: str = ""
    keywords: tuple[str, ...] = ()
    match: tuple[MatchRule, ...] = ()  # any one rule is enough


class Dated(Protocol):
    """What goes on a timeline: a digest ``Article`` in the library, a Pelican article in the site build
    (``digest.pelican.adapt.DigestArticle``), anything with these fields in tests and tools."""

    title: str
    date: dt.date
    event_date: EventDate | None
    topics: Sequence[str]


@dataclass(frozen=True)
class TimelineEntry:
    """One item on a timeline and the date it is placed at."""

    when: EventDate
    item: Dated
    via: str = "editor"  # "editor": named in front matter; "rule": matched by the topic's rule
    subtopic: Topic | None = None  # set on a parent's timeline: the child topic the entry came from


@dataclass(frozen=True)
class MonthGroup:
    """Entries of one month; ``month`` is 0 for entries known only to the year."""

    year: int
    month: int
    entries: tuple[TimelineEntry, ...] = ()

    @property
    def anchor(self) -> str:
        return f"y{self.year}-m{self.month:02d}"


@dataclass(frozen=True)
class YearGroup:
    year: int
    months: tuple[MonthGroup, ...] = ()

    @property
    def count(self) -> int:
        return sum(len(month.entries) for month in self.months)


@dataclass(frozen=True)
class Timeline:
    """A topic's entries in the order the events happened, grouped by year and month."""

    topic: Topic
    entries: tuple[TimelineEntry, ...] = ()
    years: tuple[YearGroup, ...] = ()

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def first(self) -> EventDate | None:
        return self.entries[0].when if self.entries else None

    @property
    def last(self) -> EventDate | None:
        return self.entries[-1].when if self.entries else None


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, at a 1-based line and column of the file itself.

    ``path`` is relative to the site folder (empty while the file's name is not known yet).
    Sorting puts problems in reading order: by file, line, column, then code.
    """

    path: str
    line: int
    col: int
    level: Literal["error", "warning"]
    code: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message} [{self.code}]"

    def _key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.col, self.code)

    def __lt__(self, other: "Problem") -> bool:
        return self._key() < other._key()
