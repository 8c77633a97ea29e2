"""Article files: front matter values to an ``Article`` and back. No I/O.

Every field of the front matter reference in README.md is read here, and
nowhere else, so the Pelican reader, the importer and the checks agree.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from digest import frontmatter
from digest.errors import ContentError
from digest.model import Article, EventDate, Image, Related, Source

FIELDS = (
    "title", "subtitle", "date", "event_date", "authors", "editor", "source", "location", "lang",
    "topics", "related", "summary", "images", "source_tags", "cites", "key",
)

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
_EVENT_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def parse_article(text: str) -> Article:
    """Read a whole article file. Raises ContentError at the first problem."""
    matter = frontmatter.parse(text)
    return article_from_front_matter(matter)


def article_from_front_matter(matter: frontmatter.FrontMatter) -> Article:
    fields = _Fields(matter)
    title = fields.text("title", required=True)
    return Article(
        title=title,
        date=fields.value("date", _parse_date, required=True, what="a date like 2022-12-03"),
        body=matter.body.strip("\n"),
        subtitle=fields.text("subtitle"),
        event_date=fields.value("event_date", _parse_event_date, what="a date like 2022-12-03, 2022-12 or 2022"),
        authors=fields.texts("authors"),
        editor=fields.text("editor"),
        source=fields.source("source"),
        location=fields.text("location"),
        lang=fields.value("lang", _parse_lang, what="a language code such as en or id") or "",
        topics=fields.texts("topics"),
        related=fields.related("related"),
        summary=fields.text("summary"),
        images=fields.images("images"),
        source_tags=fields.texts("source_tags"),
        cites=fields.texts("cites"),
        key=fields.flag("key"),
    )


def format_article(article: Article) -> str:
    """The file for ``article``: canonical field order, empty fields left out."""
    data: dict[str, Any] = {"title": article.title}
    if article.subtitle:
        data["subtitle"] = article.subtitle
    data["date"] = article.date
    if article.event_date:
        data["event_date"] = article.event_date.isoformat()
    optional: dict[str, Any] = {
        "authors": list(article.authors),
        "editor": article.editor,
        "source": _drop_empty({"name": article.source.name, "url": article.source.url}) if article.source else None,
        "location": article.location,
        "lang": article.lang,
        "topics": list(article.topics),
        "related": [_drop_empty({"title": r.title, "url": r.url}) for r in article.related],
        "summary": article.summary,
        "images": [_drop_empty({"src": i.src, "caption": i.caption, "credit": i.credit}) for i in article.images],
        "source_tags": list(article.source_tags),
        "cites": list(article.cites),
        "key": article.key,
    }
    data.update({name: value for name, value in optional.items() if value})
    return frontmatter.dump(data, article.body)


def _drop_empty(mapping: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in mapping.items() if value}


def _parse_date(text: str) -> dt.date:
    match = _DATE.match(text)
    if not match:
        raise ValueError
    numbers = [int(part) for part in match.groups() if part is not None]
    return dt.datetime(*numbers) if len(numbers) > 3 else dt.date(*numbers)


def _parse_event_date(text: str) -> EventDate:
    match = _EVENT_DATE.match(text)
    if not match:
        raise ValueError
    return EventDate(*(int(part) for part in match.groups() if part is not None))


def _parse_lang(text: str) -> str:
    if not _LANG.match(text):
        raise ValueError
    return text


def is_url(text: str) -> bool:
    return bool(_URL.match(text))


class _Fields:
    """Typed access to front matter values; errors point at the value in the file."""

    def __init__(self, matter: frontmatter.FrontMatter):
        self.matter = matter
        self.data = matter.data

    def fail(self, message: str, *keys: str | int, code: str) -> ContentError:
        line, col = self.matter.position(*keys)
        return ContentError(message, line=line, col=col, code=code)

    def _get(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            raise self.fail(f"'{name}' is required: add a line '{name}: ...'", code=f"missing-{name}")
        return value

    def text(self, name: str, *, required: bool = False, keys: tuple = ()) -> str:
        value = self._get(name, required) if not keys else _dig(self.data, keys)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"'{'.'.join(map(str, keys or (name,)))}' must be text", *(keys or (name,)), code="bad-type")
        value = value.strip()
        if required and not value:
            raise self.fail(f"'{name}' is empty", name, code=f"missing-{name}")
        return value

    def value(self, name: str, parse: Callable[[str], Any], *, required: bool = False, what: str) -> Any:
        raw = self._get(name, required)
        if raw is None:
            return None
        try:
            return parse(str(raw).strip())
        except ValueError:
            raise self.fail(f"{name} {str(raw)!r} is not {what}", name, code=f"bad-{name.replace('_', '-')}") from None

    def texts(self, name: str) -> tuple[str, ...]:
        raw = self._get(name, False)
        if raw is None:
            return ()
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            raise self.fail(f"'{name}' must be a list of text, like {name}: [a, b]", name, code="bad-type")
        return tuple(item.strip() for item in items if item.strip())

    def flag(self, name: str) -> bool:
        raw = self._get(name, False)
        if raw is None:
            return False
        if not isinstance(raw, bool):
            raise self.fail(f"'{name}' must be true or false", name, code="bad-type")
        return raw

    def url(self, *keys: str | int) -> str:
        value = self.text(keys[0], keys=keys)
        if value and not is_url(value):
            raise self.fail(f"{value!r} is not a web address starting with http:// or https://", *keys, code="bad-url")
        return value

    def source(self, name: str) -> Source | None:
        raw = self._get(name, False)
        if raw is None:
            return None
        if isinstance(raw, str):
            return Source(name=raw.strip())
        if not isinstance(raw, dict):
            raise self.fail(f"'{name}' must have 'name' and 'url'", name, code="bad-type")
        source_name = self.text(name, keys=(name, "name"))
        if not source_name:
            raise self.fail(f"'{name}' needs a 'name'", name, code="missing-source-name")
        return Source(name=source_name, url=self.url(name, "url"))

    def related(self, name: str) -> tuple[Related, ...]:
        result = []
        for index, item in enumerate(self._list(name)):
            if isinstance(item, str):
                result.append(Related(title=item.strip()))
                continue
            if not isinstance(item, dict):
                raise self.fail(f"each '{name}' entry needs a 'title'", name, index, code="bad-type")
            title = self.text(name, keys=(name, index, "title"))
            if not title:
                raise self.fail(f"each '{name}' entry needs a 'title'", name, index, code="missing-related-title")
            result.append(Related(title=title, url=self.url(name, index, "url")))
        return tuple(result)

    def images(self, name: str) -> tuple[Image, ...]:
        result = []
        for index, item in enumerate(self._list(name)):
            if not isinstance(item, dict):
                raise self.fail(f"each '{name}' entry needs 'src', 'caption' and 'credit'", name, index, code="bad-type")
            result.append(Image(
                src=self.text(name, keys=(name, index, "src")),
                caption=self.text(name, keys=(name, index, "caption")),
                credit=self.text(name, keys=(name, index, "credit")),
            ))
        return tuple(result)

    def _list(self, name: str) -> list:
        raw = self._get(name, False)
        if raw is None:
            return []
        if not isinstance(raw, list):
            raise self.fail(f"'{name}' must be a list: put each entry on a line starting with '- '", name, code="bad-type")
        return raw


def _dig(data: Any, keys: tuple) -> Any:
    for key in keys:
        if isinstance(data, dict):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data
