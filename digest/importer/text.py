"""Plain text copied from a news page in, an ``Article`` out. Pure: no I/O.

The text is read line by line (copied pages put one paragraph on a line):
furniture named in ``rules`` is taken out, and what carries data (dateline,
date, related titles, captions, author block, the outlet's tags) goes into
the front matter instead of the body.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from digest.errors import ArticleImportError
from digest.importer import rules
from digest.importer.language import detect_language
from digest.importer.suggest import suggest_topics
from digest.model import Article, Image, Related, Source, Topic

SUMMARY_MAX_CHARS = 300


@dataclass
class _Draft:
    """What the parser has found so far; becomes an ``Article`` at the end."""

    title: str = ""
    subtitle: str = ""
    location: str = ""
    source_name: str = ""
    date: dt.date | None = None
    authors: list[str] = field(default_factory=list)
    related: list[Related] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    source_tags: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)


def parse_text(text: str, *, topics: Sequence[Topic] = (), source_url: str = "") -> Article:
    """Turn a copied article into an ``Article``. Raises ArticleImportError when it cannot."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ArticleImportError("the text is empty")

    draft = _Draft(title=lines[0])
    rest = _cut_footer(lines[1:])
    rest = _take_tags(rest, draft)
    if rest and _looks_like_subtitle(rest[0]):
        draft.subtitle, rest = rest[0], rest[1:]
    _read_body(rest, draft)

    if not draft.paragraphs:
        raise ArticleImportError("no article text found after the title")
    if draft.date is None:
        raise ArticleImportError("no date found in the text: give the article's date with --date YYYY-MM-DD")

    body = "\n\n".join(draft.paragraphs)
    plain_body = "\n".join(p for p in draft.paragraphs if not p.startswith("#"))
    return Article(
        title=draft.title,
        subtitle=draft.subtitle,
        date=draft.date,
        body=body,
        authors=tuple(draft.authors),
        source=Source(name=draft.source_name, url=source_url) if draft.source_name or source_url else None,
        location=draft.location,
        lang=detect_language(plain_body),
        topics=suggest_topics(" ".join((draft.title, draft.subtitle, plain_body)), topics),
        related=tuple(draft.related),
        summary=_summary(draft.paragraphs),
        images=tuple(draft.images),
        source_tags=tuple(draft.source_tags),
        cites=_cited_outlets(plain_body, exclude={draft.source_name, *draft.authors}),
    )


def _cut_footer(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        if rules.FOOTER_START.match(line):
            return lines[:index]
    return lines


def _take_tags(lines: list[str], draft: _Draft) -> list[str]:
    """Move the outlet's tag list ("Topik:" and its bullets) into ``source_tags``."""
    kept: list[str] = []
    in_tags = False
    for line in lines:
        if rules.TAGS_HEADING.match(line):
            in_tags = True
            continue
        bullet = rules.BULLET.match(line) if in_tags else None
        if bullet:
            draft.source_tags.append(bullet["item"].strip())
            continue
        in_tags = False
        kept.append(line)
    return kept


def _looks_like_subtitle(line: str) -> bool:
    # A short line without a dateline or final full stop, right under the title.
    return (
        len(line.split()) <= 25
        and not line.endswith((".", "!", "?", '"', "”"))
        and not rules.DATELINE.match(line)
    )


def _read_body(lines: list[str], draft: _Draft) -> None:
    next_heading = 1
    for line in lines:
        if any(pattern.match(line) for pattern in rules.BOILERPLATE):
            continue
        if related := rules.RELATED.match(line):
            draft.related.append(Related(title=related["title"].strip()))
            continue
        if author := rules.AUTHOR_BLOCK.match(line):
            draft.authors.append(author["name"].strip())
            continue
        if _is_glued_caption(line, draft.title):
            draft.images.append(_image_from_caption(line[len(draft.title):]))
            continue
        heading = rules.NUMBERED_HEADING.match(line)
        if heading and int(heading["number"]) == next_heading and not line.endswith("."):
            draft.paragraphs.append("## " + heading["text"].strip())
            next_heading += 1
            continue
        if not draft.paragraphs:
            line = _take_dateline(line, draft)
        if draft.date is None and (found := rules.INLINE_DATE.search(line)):
            draft.date = _day_first_date(found)
        draft.paragraphs.append(_escape_markdown_line(line))


def _is_glued_caption(line: str, title: str) -> bool:
    # Copied pages run an image's alt text (the title) into its caption:
    # "Belarus-Rusia Bentuk ... AgresorTank milik militer Belarus. (credit)".
    return len(line) > len(title) and line.startswith(title) and not line[len(title)].isspace()


def _image_from_caption(text: str) -> Image:
    credited = rules.TRAILING_CREDIT.match(text)
    if credited:
        return Image(caption=credited["caption"].strip(), credit=credited["credit"].strip())
    return Image(caption=text.strip())


def _take_dateline(line: str, draft: _Draft) -> str:
    match = rules.DATELINE.match(line)
    if not match:
        return line
    draft.location = match["place"].strip().title()
    draft.source_name = match["outlet"]
    return line[match.end():]


def _day_first_date(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _escape_markdown_line(line: str) -> str:
    # A paragraph that merely starts like Markdown syntax ("1. ", "# ", "- ")
    # must stay a paragraph, not turn into a list or heading.
    return re.sub(r"^(\d+)\. ", r"\1\\. ", re.sub(r"^([#>*+-]) ", r"\\\1 ", line))


def _summary(paragraphs: list[str]) -> str:
    """The lead's first sentences, up to ``SUMMARY_MAX_CHARS``."""
    lead = next((p for p in paragraphs if not p.startswith("#")), "")
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", lead)
    summary = ""
    for sentence in sentences:
        if summary and len(summary) + len(sentence) + 1 > SUMMARY_MAX_CHARS:
            break
        summary = f"{summary} {sentence}".strip()
    return summary


def _cited_outlets(text: str, *, exclude: set[str]) -> tuple[str, ...]:
    found = (match["outlet"].rstrip(".,;:") for match in rules.CITATION.finditer(text))
    return tuple(dict.fromkeys(name for name in found if name and name not in exclude))
