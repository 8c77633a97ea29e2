"""Weekly editions: the digest's articles grouped by the ISO week they were published. Pure."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from digest.model import Topic


@dataclass(frozen=True)
class EditionSection:
    topic: Topic | None  # None: articles without a topic
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Edition:
    year: int  # ISO year, which can differ from the calendar year in late December and early January
    week: int
    sections: tuple[EditionSection, ...]

    @property
    def slug(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def start(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 7)

    @property
    def count(self) -> int:
        return sum(len(section.items) for section in self.sections)


def group_editions(items: Iterable[Any], topics: Sequence[Topic]) -> list[Edition]:
    """Editions oldest first, each with its articles under their first topic, in topics.yaml order.

    An article is listed once, under the first topic it names that exists;
    articles without one come last. Inside a section, newest first.
    """
    order = {topic.slug: index for index, topic in enumerate(topics)}
    by_slug = {topic.slug: topic for topic in topics}
    weeks: dict[tuple[int, int], dict[str | None, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for item in items:
        year, week, _ = item.date.isocalendar()
        slug = next((slug for slug in item.topics if slug in by_slug), None)
        weeks[(year, week)][slug].append(item)
    editions = []
    for (year, week), sections in sorted(weeks.items()):
        ordered = sorted(sections.items(), key=lambda pair: order.get(pair[0], len(order)) if pair[0] else len(order) + 1)
        editions.append(Edition(year=year, week=week, sections=tuple(
            EditionSection(
                topic=by_slug.get(slug) if slug else None,
                items=tuple(sorted(sorted(members, key=lambda item: item.title), key=lambda item: item.date, reverse=True)),
            )
            for slug, members in ordered
        )))
    return editions
