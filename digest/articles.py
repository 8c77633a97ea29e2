"""Article files: front matter values to an ``Article`` and back. No I/O.

Every field of the front matter reference in README.md is read here, and
nowhere else, so the Pelican reader, the importer and the checks agree.
Reading collects every problem of a file (``read_article``), so an editor
fixes them all in one go; ``parse_article`` is the strict form for callers
that only want a valid article.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, replace
from typing import Any, Callable, Literal

import pycountry

from digest import frontmatter
from digest.errors import ContentError
from digest.model import STATUSES, Article, EventDate, Image, Problem, Related, Source
from digest.sanitize import scheme_of
from digest.urls import host_of, url_date_doubt


@dataclass(frozen=True)
class Field:
    """One front matter field: its name, the kind of value it takes, and what depends on it."""

    name: str
    kind: Literal["text", "date", "datetime", "status", "event_date", "texts", "lang", "source", "related", "images",
                  "flag"]
    required: bool = False
    fill_in: bool = False  # `digest new` writes it blank for the editor to fill in
    keys: tuple[str, ...] = ()  # the keys of its entries (source, related, images)


# The article fields, once, in the order a file lists them. The reader (``read_front_matter``),
# the writer (``format_article``), `digest new`'s skeleton, Pelican's metadata and the checks
# are all made from this table; the README's front matter table is tested against it.
ARTICLE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", required=True),
    Field("subtitle", "text", fill_in=True),
    Field("date", "date", required=True),  # a draft may leave it out; so may a story with publish_at
    Field("status", "status"),
    Field("publish_at", "datetime"),
    Field("event_date", "event_date", fill_in=True),
    Field("authors", "texts", fill_in=True),
    Field("editor", "text", fill_in=True),
    Field("source", "source", fill_in=True, keys=("name", "url")),
    Field("location", "text", fill_in=True),
    Field("lang", "lang", fill_in=True),
    Field("topics", "texts", fill_in=True),
    Field("topics_exclude", "texts"),
    Field("related", "related", keys=("title", "url")),
    Field("summary", "text", fill_in=True),
    Field("images", "images", keys=("src", "caption", "credit")),
    Field("source_tags", "texts"),
    Field("cites", "texts"),
    Field("key", "flag"),
)
FIELDS = tuple(field.name for field in ARTICLE_FIELDS)
# Keys of the nested entries, for unknown-key warnings inside them.
SUBFIELDS = {field.name: field.keys for field in ARTICLE_FIELDS if field.keys}
TO_FILL_IN = tuple(field.name for field in ARTICLE_FIELDS if field.fill_in)
# The body `digest new` writes, for the editor to replace; left in, `digest check` warns.
PLACEHOLDER_BODY = "Write the article here, in Markdown: a blank line between paragraphs."

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
_EVENT_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LANG = re.compile(r"^([a-z]{2})(?:-([A-Z]{2}))?$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
_SITE_PATH = re.compile(r"^/(?![/\\])[^\s]*$")  # not //host: another site
# Years a date may have. Wider would reach calendar arithmetic's edge (a week after
# 9999-12-31 does not exist) and draw charts of ten thousand empty months.
FIRST_YEAR, LAST_YEAR = 1000, 2999
# The most an article file may be: a long news story is some tens of kilobytes. Markdown's
# converter is not linear on every input, so this is also what bounds its time.
MAX_ARTICLE_BYTES = 1024 * 1024


def parse_article(text: str) -> Article:
    """Read a whole article file. Raises ContentError for its first error."""
    article, problems = read_article(text)
    _raise_first_error(problems)
    return article


def read_article(text: str) -> tuple[Article | None, list[Problem]]:
    """Read a whole article file with every problem in it, sorted; paths are left empty.

    The article is None when the file cannot be read as front matter or
    lacks a usable title or date; otherwise it holds every field that was
    valid, with the invalid ones left empty.
    """
    try:
        matter = frontmatter.parse(text)
    except ContentError as error:
        return None, [problem_from(error)]
    return read_front_matter(matter)


def read_front_matter(matter: frontmatter.FrontMatter) -> tuple[Article | None, list[Problem]]:
    fields = _Fields(matter)
    fields.unknown_keys()
    values = {field.name: fields.read(field) for field in ARTICLE_FIELDS if field.name != "date"}
    draft = values["status"] == "draft"
    # A story with publish_at is dated the day it goes out, unless it says otherwise; a draft
    # may be dated later (digest publish dates it the day it is published).
    values["date"] = fields.read(ARTICLE_FIELDS[FIELDS.index("date")],
                                 required=not draft and values["publish_at"] is None) or values["publish_at"]
    if draft and matter.data.get("date") is None:
        fields.report("a draft without 'date': digest publish dates it the day it is published", code="missing-date",
                      level="warning")
    source = values["source"]
    doubt = url_date_doubt(_day(values["date"]), source.url) if source and matter.data.get("date") else ""
    if doubt:
        fields.report(doubt, "date", code="date-differs-from-url", level="warning")
    if draft:  # an imported picture may come without a caption: the editor writes one before publishing
        fields.problems = [replace(problem, level="warning") if problem.code == "missing-caption" else problem
                           for problem in fields.problems]
    article = Article(body=matter.body.strip("\n"), **values)
    usable = values["title"] and (values["date"] is not None or draft)
    return (article if usable else None), sorted(fields.problems)


def _day(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def problem_from(error: ContentError, level: Literal["error", "warning"] = "error") -> Problem:
    return Problem(error.path, error.line or 1, error.col or 1, level, error.code, error.message)


def _raise_first_error(problems: list[Problem]) -> None:
    for problem in problems:
        if problem.level == "error":
            raise ContentError(problem.message, line=problem.line, col=problem.col, code=problem.code)


def format_article(article: Article) -> str:
    """The file for ``article``: the fields in ARTICLE_FIELDS' order, empty ones left out."""
    data: dict[str, Any] = {}
    for field in ARTICLE_FIELDS:
        value = _as_yaml(field, getattr(article, field.name))
        if value or field.required:
            data[field.name] = value
    return frontmatter.dump(data, article.body)


def _as_yaml(field: Field, value: Any) -> Any:
    """A field's value as it is written in a file."""
    if field.kind == "status":
        return None if value == "published" else value  # published goes without saying
    if field.kind == "datetime":
        return value.strftime("%Y-%m-%d %H:%M") if value else None
    if field.kind == "event_date":
        return value.isoformat() if value else None
    if field.kind == "source":
        return _drop_empty({key: getattr(value, key) for key in field.keys}) if value else None
    if field.kind in ("related", "images"):
        return [_drop_empty({key: getattr(item, key) for key in field.keys}) for item in value]
    if field.kind == "texts":
        return list(value)
    return value


def _drop_empty(mapping: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in mapping.items() if value}


class _OutOfRange(ValueError):
    """A well-formed date whose year digest does not take."""


def _in_range(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _OutOfRange


def _parse_date(text: str) -> dt.date:
    match = _DATE.match(text)
    if not match:
        raise ValueError
    numbers = [int(part) for part in match.groups() if part is not None]
    _in_range(numbers[0])
    return dt.datetime(*numbers) if len(numbers) > 3 else dt.date(*numbers)


def _parse_datetime(text: str) -> dt.datetime:
    value = _parse_date(text)
    return value if isinstance(value, dt.datetime) else dt.datetime(value.year, value.month, value.day)


def _parse_status(text: str) -> str:
    if text not in STATUSES:
        raise ValueError
    return text


def _parse_event_date(text: str) -> EventDate:
    match = _EVENT_DATE.match(text)
    if not match:
        raise ValueError
    _in_range(int(match[1]))
    return EventDate(*(int(part) for part in match.groups() if part is not None))


def is_image_src(text: str) -> bool:
    """A picture's address: http(s), or a file of the site such as ``images/map.png``.

    Never another scheme (``file:``, ``data:``, ``javascript:``), another host without a
    scheme (``//host/x``), or a path that climbs out of the site (``../``).
    """
    if is_url(text):
        return True
    if scheme_of(text) or text.startswith(("//", "\\")) or any(c.isspace() for c in text):
        return False
    return ".." not in text.replace("\\", "/").split("/")


def _parse_lang(text: str) -> str:
    # ISO 639-1 languages and ISO 3166 regions from pycountry, kept current by its maintainers,
    # rather than a table of our own; the HTML lang attribute takes these BCP 47 tags as they are.
    match = _LANG.match(text)
    if not match or pycountry.languages.get(alpha_2=match[1]) is None:
        raise ValueError
    if match[2] and pycountry.countries.get(alpha_2=match[2]) is None:
        raise ValueError
    return text


def is_url(text: str) -> bool:
    """An http(s) address whose host can be read (``digest.urls.host_of``)."""
    return bool(_URL.match(text)) and bool(host_of(text))


def is_site_path(text: str) -> bool:
    """An address inside this site, such as ``/articles/2022/some-story/``."""
    return bool(_SITE_PATH.match(text))


class _Fields:
    """Typed access to front matter values.

    A wrong value is reported (pointing at the value in the file) and read as
    empty, so the remaining fields are still checked.
    """

    def __init__(self, matter: frontmatter.FrontMatter):
        self.matter = matter
        self.data = matter.data
        self.problems: list[Problem] = []

    def read(self, field: Field, *, required: bool | None = None) -> Any:
        """The value of ``field`` (empty when it is missing or wrong, after reporting why);
        ``required`` overrides the field's own rule."""
        name = field.name
        required = field.required if required is None else required
        if field.kind == "text":
            return self.text(name, required=required)
        if field.kind == "date":
            return self.value(name, _parse_date, required=required, what="a date like 2022-12-03")
        if field.kind == "datetime":
            return self.value(name, _parse_datetime, what="a time like 2022-12-03 09:00 (in the site's time zone)")
        if field.kind == "status":
            return self.value(name, _parse_status, what=f"one of {', '.join(STATUSES)}") or "published"
        if field.kind == "event_date":
            return self.value(name, _parse_event_date, what="a date like 2022-12-03, 2022-12 or 2022")
        if field.kind == "lang":
            return self.value(name, _parse_lang, what="a known language code such as en or id (with a region: en-GB)") or ""
        return {"texts": self.texts, "source": self.source, "related": self.related, "images": self.images,
                "flag": self.flag}[field.kind](name)

    def report(self, message: str, *keys: str | int, code: str, level: Literal["error", "warning"] = "error") -> None:
        line, col = self.matter.position(*keys)
        self.problems.append(Problem("", line, col, level, code, message))

    def unknown_keys(self) -> None:
        self._unknown(self.data, FIELDS, ())
        for name, known in SUBFIELDS.items():
            value = self.data.get(name)
            if isinstance(value, dict):
                self._unknown(value, known, (name,))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        self._unknown(item, known, (name, index))

    def _unknown(self, mapping: dict, known: tuple[str, ...], keys: tuple) -> None:
        positions = None  # looked up once, and only for a mapping with an unknown key
        for key in mapping:
            if key in known:
                continue
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys are {', '.join(known)}"
            if positions is None:
                positions = self.matter.key_positions(*keys)
            line, col = positions.get(str(key), (1, 1))
            self.problems.append(Problem("", line, col, "warning", "unknown-key", f"'{key}': unknown key, {hint}"))

    def _get(self, name: str, required: bool) -> Any:
        value = self.data.get(name)
        if value is None and required:
            self.report(f"'{name}' is required: add a line '{name}: ...'", code=f"missing-{name}")
        return value

    def text(self, name: str, *, required: bool = False, keys: tuple = ()) -> str:
        value = self._get(name, required) if not keys else _dig(self.data, keys)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.report(f"'{'.'.join(map(str, keys or (name,)))}' must be text", *(keys or (name,)), code="bad-type")
            return ""
        value = value.strip()
        if required and not value:
            self.report(f"'{name}' is empty", name, code=f"missing-{name}")
        return value

    def value(self, name: str, parse: Callable[[str], Any], *, required: bool = False, what: str) -> Any:
        raw = self._get(name, required)
        if raw is None:
            return None
        try:
            return parse(str(raw).strip())
        except _OutOfRange:
            self.report(f"{name} {str(raw)!r} is out of range: the year must be from {FIRST_YEAR} to {LAST_YEAR}",
                        name, code=f"bad-{name.replace('_', '-')}")
            return None
        except ValueError:
            self.report(f"{name} {str(raw)!r} is not {what}", name, code=f"bad-{name.replace('_', '-')}")
            return None

    def texts(self, name: str) -> tuple[str, ...]:
        raw = self._get(name, False)
        if raw is None:
            return ()
        items = [raw] if isinstance(raw, str) else raw
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            self.report(f"'{name}' must be a list of text, like {name}: [a, b]", name, code="bad-type")
            return ()
        return tuple(item.strip() for item in items if item.strip())

    def flag(self, name: str) -> bool:
        raw = self._get(name, False)
        if raw is None:
            return False
        if not isinstance(raw, bool):
            self.report(f"'{name}' must be true or false", name, code="bad-type")
            return False
        return raw

    def url(self, *keys: str | int, site_path: bool = False) -> str:
        value = self.text(keys[0], keys=keys)
        if value and not (is_url(value) or (site_path and is_site_path(value))):
            where = " or an address in this site starting with /" if site_path else ""
            self.report(f"{value!r} is not a web address starting with http:// or https://{where}", *keys, code="bad-url")
            return ""
        return value

    def source(self, name: str) -> Source | None:
        raw = self._get(name, False)
        if raw is None:
            return None
        if isinstance(raw, str):
            return Source(name=raw.strip())
        if not isinstance(raw, dict):
            self.report(f"'{name}' must have 'name' and 'url'", name, code="bad-type")
            return None
        source_name = self.text(name, keys=(name, "name"))
        url = self.url(name, "url")
        if not source_name:
            self.report(f"'{name}' needs a 'name'", name, code="missing-source-name")
            return None
        return Source(name=source_name, url=url)

    def related(self, name: str) -> tuple[Related, ...]:
        result = []
        for index, item in enumerate(self._list(name)):
            if isinstance(item, str):
                result.append(Related(title=item.strip()))
                continue
            if not isinstance(item, dict):
                self.report(f"each '{name}' entry needs a 'title'", name, index, code="bad-type")
                continue
            title = self.text(name, keys=(name, index, "title"))
            # Related reading may point at another article here: /articles/2022/some-story/
            url = self.url(name, index, "url", site_path=True)
            if not title:
                self.report(f"each '{name}' entry needs a 'title'", name, index, code="missing-related-title")
                continue
            result.append(Related(title=title, url=url))
        return tuple(result)

    def images(self, name: str) -> tuple[Image, ...]:
        result = []
        for index, item in enumerate(self._list(name)):
            if not isinstance(item, dict):
                self.report(f"each '{name}' entry needs 'src', 'caption' and 'credit'", name, index, code="bad-type")
                continue
            src = self.text(name, keys=(name, index, "src"))
            if src and not is_image_src(src):
                self.report(f"image src {src!r} must be an http(s) address or a file of the site such as "
                            "images/map.png", name, index, "src", code="bad-image-src")
                src = ""
            image = Image(
                src=src,
                caption=self.text(name, keys=(name, index, "caption")),
                credit=self.text(name, keys=(name, index, "credit")),
            )
            caption = _dig(self.data, (name, index, "caption"))
            if caption is None or (isinstance(caption, str) and not caption.strip()):
                # The caption is what a reader gets without the picture, and its alt text.
                self.report(f"each '{name}' entry needs a 'caption' saying what the picture shows",
                            name, index, "caption", code="missing-caption")
            result.append(image)
        return tuple(result)

    def _list(self, name: str) -> list:
        raw = self._get(name, False)
        if raw is None:
            return []
        if not isinstance(raw, list):
            self.report(f"'{name}' must be a list: put each entry on a line starting with '- '", name, code="bad-type")
            return []
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
