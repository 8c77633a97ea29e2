"""Plain text copied from a news page in, an ``Article`` out. Pure: no I/O.

The text is read line by line (copied pages put one paragraph on a line).
Each line is classified by the layout rules in ``rules``: furniture is taken
out, and what carries data (byline, date line, dateline, related titles,
captions and credits, the outlet's tags, the original's address) goes into the
front matter instead of the body. What is left is the article text.

A page reads in three parts: the head (title, subtitle, byline, date, photo),
the body (from the dateline or the first paragraph on) and the tail (from a
footer line such as "Berita Terkini Lainnya" or a copyright notice on), where
bylines and tags are still read but no text is kept. ``html.py`` feeds the
text trafilatura finds in a page through the same ``LineReader``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from digest.errors import ArticleImportError
from digest.importer import dates, rules
from digest.importer.language import detect_language
from digest.importer.suggest import suggest_topics
from digest.articles import MAX_ARTICLE_BYTES
from digest.model import Article, Image, Related, Source, Topic

SUMMARY_MAX_CHARS = 300  # what a summary drawn from the lead aims at
SUMMARY_LIMIT_CHARS = 600  # what any summary is cut to, a page's own description included
# An article's text may fill half of the largest article file (digest.articles.MAX_ARTICLE_BYTES).
BODY_LIMIT_BYTES = MAX_ARTICLE_BYTES // 2
TITLE_MAX_CHARS = 250
HEAD_LOOKAHEAD = 12  # lines after the title searched for the dateline that starts the body


@dataclass
class Draft:
    """What the parser has found so far; ``finish`` makes it an ``Article``."""

    title: str = ""
    subtitle: str = ""
    location: str = ""
    source_name: str = ""
    source_url: str = ""
    date: dt.date | None = None  # from a date line or the page's metadata
    lead_date: dt.date | None = None  # from the lead paragraph, used when there is no date line
    authors: list[str] = field(default_factory=list)
    credit_authors: list[str] = field(default_factory=list)  # "Reporting by ...", used when there is no byline
    editor: str = ""
    related: list[Related] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    source_tags: list[str] = field(default_factory=list)
    cites: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    summary: str = ""
    lang_hint: str = ""

    def add_authors(self, names: Sequence[str]) -> None:
        for name in names:
            if rules.is_outlet(name):
                self.source_name = self.source_name or rules.outlet_name(name)
            elif name.casefold() not in {author.casefold() for author in self.authors}:
                self.authors.append(name)

    def add_related(self, title: str, url: str = "") -> None:
        title = _clean_related_title(title)
        if not title:
            return
        for index, known in enumerate(self.related):
            if known.title.casefold() == title.casefold():
                if url and not known.url:
                    self.related[index] = Related(title=known.title, url=url)
                return
        self.related.append(Related(title=title, url=url))

    def add_tags(self, tags: Sequence[str]) -> None:
        for tag in tags:
            tag = tag.strip(" #\t")
            if tag and tag.casefold() not in {known.casefold() for known in self.source_tags}:
                self.source_tags.append(tag)

    def set_source(self, outlet: str) -> None:
        if outlet and not self.source_name:
            self.source_name = rules.outlet_name(outlet)


def parse_text(
    text: str, *, topics: Sequence[Topic] = (), source_url: str = "", default_date: dt.date | None = None
) -> Article:
    """Turn a copied article into an ``Article``. Raises ArticleImportError when it cannot."""
    lines = split_lines(text)
    if not lines:
        raise ArticleImportError("the text is empty")
    draft = Draft()
    start = _take_title(lines, draft)
    LineReader(draft).read(_split_glued_related(_join_lone_dateline(lines[start:])), head=True)
    return finish(draft, topics=topics, source_url=source_url, default_date=default_date)


def split_lines(text: str) -> list[str]:
    """The text's non-empty lines, stripped, with invisible and control characters taken out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\x85", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    # Non-breaking spaces inside a line are the outlet's choice and stay.
    text = _INVISIBLE.sub("", text).replace("\t", " ")
    lines = [" ".join(line.split(" ")).strip() for line in text.split("\n")]
    return [re.sub(r" {2,}", " ", line) for line in lines if line]


_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b-\u200f\u2060-\u2064\ufeff\ufffe\uffff\ud800-\udfff]")


def finish(
    draft: Draft, *, topics: Sequence[Topic], source_url: str = "", default_date: dt.date | None = None,
    what: str = "text",
) -> Article:
    """The ``Article`` of a finished draft. Raises ArticleImportError without text.

    A source without a date gives an article without one: it is written as a draft, and the
    import says so (``digest publish`` dates it the day it goes out). Refusing would throw
    the editor's article away for want of one field.
    """
    if not draft.paragraphs:
        where = "after the title" if what == "text" else f"in the {what}"
        raise ArticleImportError(f"no article text found {where}")
    date = draft.date or draft.lead_date or default_date
    url = source_url or draft.source_url
    name = draft.source_name or (rules.outlet_from_url(url) if url else "")
    body = "\n\n".join(draft.paragraphs)
    size = len(body.encode("utf-8"))
    if size > BODY_LIMIT_BYTES:
        raise ArticleImportError(
            f"the article text is {size / 1024:,.0f} KB, more than the {BODY_LIMIT_BYTES // 1024:,} KB an article "
            f"may be: is the {what} one article? Trim it to the story and import it again; nothing was written"
        )
    plain_body = "\n".join(p for p in draft.paragraphs if not p.startswith("#"))
    authors = _people_first(draft.authors or draft.credit_authors)
    return Article(
        title=draft.title,
        subtitle=draft.subtitle,
        date=date,
        body=body,
        authors=tuple(authors),
        editor=draft.editor,
        source=Source(name=name, url=url) if name else None,
        location=draft.location,
        lang=detect_language(plain_body) or draft.lang_hint,
        topics=suggest_topics(" ".join((draft.title, draft.subtitle, plain_body)), topics),
        related=tuple(draft.related),
        summary=clip(draft.summary or _summary(draft.paragraphs), SUMMARY_LIMIT_CHARS),
        images=tuple(draft.images),
        source_tags=tuple(draft.source_tags),
        cites=tuple(dict.fromkeys((*_cited_outlets(plain_body, exclude={name, draft.source_name, *authors}), *draft.cites))),
        status="published" if date else "draft",  # only a draft may wait for its date
    )


_GLUED_RELATED = re.compile(r"(?<=[.!?\"”])\s*(?=" + rules.RELATED_LABEL + r"\s*[:：]\s*\S)", re.IGNORECASE)


def _split_glued_related(lines: list[str]) -> list[str]:
    """ "...kata dia.Baca juga: <title>": a related line run into the paragraph above it gets its own line."""
    split: list[str] = []
    for line in lines:
        split.extend(part.strip() for part in _GLUED_RELATED.split(line) if part.strip())
    return split


def _join_lone_dateline(lines: list[str]) -> list[str]:
    """ "Minsk -" or "JAKARTA, KOMPAS.com -" alone on a line (as detik pages copy) joins the paragraph after it."""
    for index, line in enumerate(lines[:HEAD_LOOKAHEAD]):
        if index + 1 < len(lines) and re.search(r"\s[-–—]+$", line) and len(line) <= 60:
            joined = f"{line} {lines[index + 1]}"
            if any((match := pattern.match(joined)) and match.end() > len(line) for pattern in rules.DATELINES):
                return [*lines[:index], joined, *lines[index + 2:]]
    return lines


# --- The title ------------------------------------------------------------------------------------


def _take_title(lines: list[str], draft: Draft) -> int:
    """Find the title (the first line that is not furniture, a date or a section label); index after it."""
    for index, line in enumerate(lines):
        kind, match = rules.classify(line)
        if kind == "drop":
            continue
        if kind == "source_link":
            draft.source_url = draft.source_url or match["url"].rstrip(".,")
            continue
        if kind == "outlet" and (not match["date"] or dates.date_line(match["date"])):
            draft.set_source(match["outlet"])
            draft.date = draft.date or (dates.date_line(match["date"]) if match["date"] else None)
            continue
        if (found := dates.date_line(line)) is not None:
            draft.date = draft.date or found
            continue
        if line.casefold().rstrip(":") in rules.SECTION_LABELS and index + 1 < len(lines):
            continue
        title = re.sub(r"\s+[-–—|]\s+" + rules.OUTLET + r"$", "", line).strip() or line
        if len(title) > TITLE_MAX_CHARS:
            raise ArticleImportError(
                f"the first line is {len(title)} characters long, too long for a title: "
                "put the article's title on the first line"
            )
        draft.title = title
        return index + 1
    raise ArticleImportError("the text has no title: put the article's title on the first line")


# --- The lines after the title ---------------------------------------------------------------------

HEAD, BODY, TAIL = "head", "body", "tail"


@dataclass(frozen=True)
class _Line:
    index: int
    text: str  # as given (Markdown kept for lines from trafilatura)
    kind: str  # see rules.KINDS; "text" for article text
    match: re.Match[str] | None


class _Images:
    """The pictures of a page, from its caption and credit lines, in whatever order the outlet puts them."""

    def __init__(self, draft: Draft):
        self.draft = draft
        self.pending_credit = ""  # a credit that came before its caption (BBC)
        self.last_line = -2  # the line of the last caption, for a credit on the line after it

    def caption(self, caption: str, index: int, credit: str = "") -> None:
        """A caption line: with its own credit, or one that came before it."""
        credit, self.pending_credit = credit or self.pending_credit, ""
        self._add(caption, credit, index)

    def _add(self, caption: str, credit: str, index: int) -> None:
        caption = rules.CAPTION_PREFIX.sub("", caption.strip()).strip()
        if not caption or any(image.caption == caption for image in self.draft.images):
            return  # nothing, or the same photo again (a gallery's first slide)
        self.draft.images.append(Image(caption=caption, credit=credit))
        self.last_line = index

    def credit(self, credit: str, index: int) -> None:
        images = self.draft.images
        if images and not images[-1].credit and self.last_line == index - 1:
            images[-1] = Image(caption=images[-1].caption, credit=credit)
        else:
            self.pending_credit = credit

    def glued(self, line: "_Line") -> bool:
        """Copied pages run an image's alt text (the title) into its caption:
        "Belarus-Rusia Bentuk ... AgresorTank milik militer Belarus. (credit)"."""
        title, text = self.draft.title, line.text
        if not (title and len(text) > len(title) and text.startswith(title) and not text[len(title)].isspace()):
            return False
        caption = text[len(title):]
        credited = rules.TRAILING_CREDIT.match(caption)
        if credited:
            self._add(credited["caption"], credited["credit"].strip(), line.index)
        else:
            self._add(caption, "", line.index)
        return True


@dataclass
class _Expecting:
    """What the lines to come are, as the lines before said: carried from one line to the next."""

    next_line: str = ""  # the line after a label: "authors", "editor", "related", "caption"
    tags: bool = False  # the lines after "Topik:" are tags
    related: bool = False  # bulleted lines after a related line are related too


class LineReader:
    """Reads lines into a ``Draft``: the head, the body and the tail of a page (see the module doc).

    Each kind of line in ``rules.KINDS`` has its handler, ``_on_<kind>``,
    which returns False when the line turns out to be text after all (a
    "byline" whose names are not names). ``markdown`` lines (from trafilatura)
    keep their Markdown; plain text is escaped so that a line that starts like
    Markdown stays a paragraph.
    """

    def __init__(self, draft: Draft, *, markdown: bool = False):
        self.draft = draft
        self.markdown = markdown
        self.images = _Images(draft)
        self.expecting = _Expecting()
        # Where the reader is on the page.
        self.state = HEAD
        self.lines: list[_Line] = []
        self.dateline_at: int | None = None  # the line where the body starts with a dateline
        self.last_text = -1  # the last line of text: a subheading is never the last line
        self.seen_text_in_head = False
        self.dateline_checked = False
        self.next_heading = 1  # "1. ...", "2. ...": numbered subheadings

    def read(self, lines: Sequence[str], *, head: bool) -> None:
        self.state = HEAD if head else BODY
        self.lines = [
            _Line(index, line, *rules.classify(_strip_markdown(line) if self.markdown else line))
            for index, line in enumerate(lines)
        ]
        self.dateline_at = self._find_dateline() if head else None
        self.last_text = max((line.index for line in self.lines if line.kind == "text"), default=-1)
        for line in self.lines:
            if self.images.glued(line) or (self.expecting.next_line and self._expected(line)):
                continue
            if line.kind not in ("related", "text"):
                self.expecting.related = False
            if line.kind != "text" and getattr(self, f"_on_{line.kind}")(line):
                continue
            self._on_text(line)

    # Lines that hold data: one handler per kind ---------------------------------------------------

    def _on_drop(self, line: _Line) -> bool:
        return True

    def _on_footer(self, line: _Line) -> bool:
        self.state, self.expecting.tags = TAIL, False
        return True

    def _on_related(self, line: _Line) -> bool:
        self.draft.add_related(*_link_text(line.match["title"]))
        self.expecting.related = True
        return True

    def _on_related_heading(self, line: _Line) -> bool:
        self.expecting.next_line = "related"
        return True

    def _on_byline(self, line: _Line) -> bool:
        groups = line.match.groupdict()
        names = split_names(groups["names"])
        found = None
        if groups.get("date"):
            found = dates.date_line(groups["date"]) or dates.date_in(groups["date"])
            if found is None:
                return False
        if not names:
            return False
        draft = self.draft
        draft.add_authors(names)
        draft.set_source(rules.layout_outlet(line.match))
        draft.set_source(groups.get("outlet") or "")
        draft.date = draft.date or found
        if groups.get("editor") and not draft.editor:
            draft.editor = " ".join(split_names(groups["editor"])[:1])
        return True

    def _on_editor(self, line: _Line) -> bool:
        names = split_names(line.match["names"])
        if not names:
            return False
        self.draft.editor = self.draft.editor or names[0]
        return True

    def _on_byline_label(self, line: _Line) -> bool:
        self.expecting.next_line = "authors"
        return True

    def _on_editor_label(self, line: _Line) -> bool:
        self.expecting.next_line = "editor"
        return True

    def _on_credits(self, line: _Line) -> bool:
        """Reuters' "Reporting by A in Minsk and B; Editing by C"."""
        for part in re.split(r"\s*;\s*", line.text):
            label = re.match(r"(?i)^\s*(additional\s+)?(reporting|writing|editing|compiled|reported)\s+by\s+", part)
            if not label:
                continue
            names = split_names(part[label.end():])
            if label[2].lower() == "editing":
                self.draft.editor = self.draft.editor or (names[0] if names else "")
            elif not label[1]:
                self.draft.credit_authors.extend(
                    name for name in names if name not in self.draft.credit_authors and not rules.is_outlet(name)
                )
        return True

    def _on_tags_heading(self, line: _Line) -> bool:
        if not line.match["items"]:
            self.expecting.tags = True
            return True
        items = [item for item in re.split(r"\s*[,;|]\s*", line.match["items"]) if item]
        if len(items) > 15 or any(len(item.split()) > 5 for item in items):
            return False
        self.draft.add_tags(items)
        return True

    def _on_hashtags(self, line: _Line) -> bool:
        self.draft.add_tags(re.split(r"[\s,]+", line.match["items"]))
        return True

    def _on_cites(self, line: _Line) -> bool:
        for item in re.split(r"\s*[,|;/]\s*|\s+(?:and|dan)\s+", line.match["items"].strip(" .")):
            name = rules.outlet_name(item) if rules.is_outlet(item) else (item.title() if item.isupper() and len(item) > 4 else item)
            if name and name not in self.draft.cites:
                self.draft.cites.append(name)
        return True

    def _on_caption(self, line: _Line) -> bool:
        self.images.caption(line.match["caption"], line.index, _clean_credit(line.match.groupdict().get("credit") or ""))
        return True

    def _on_credit(self, line: _Line) -> bool:
        self.images.credit(_clean_credit(line.match["credit"]), line.index)
        return True

    def _on_photo_marker(self, line: _Line) -> bool:
        self.expecting.next_line = "caption"
        return True

    def _on_source_link(self, line: _Line) -> bool:
        groups = line.match.groupdict()
        if self.state == BODY and not groups.get("outlet") and not line.text.lower().startswith(("sumber", "source")):
            return True  # an address in the text: furniture, not the original's
        self.draft.source_url = self.draft.source_url or groups["url"].rstrip(".,;)")
        self.draft.set_source(groups.get("outlet") or "")
        return True

    def _on_outlet(self, line: _Line) -> bool:
        groups = line.match.groupdict()
        found = dates.date_line(groups["date"]) if groups.get("date") else None
        if groups.get("date") and found is None:
            return False
        if self.state == BODY and found is None:
            return False  # the outlet's name alone inside the text is text
        self.draft.date = self.draft.date or found
        self.draft.set_source(groups["outlet"])
        if groups.get("place") and not self.draft.location:
            self.draft.location = _place(groups["place"])
        return True

    def _expected(self, line: _Line) -> bool:
        """The line a label announced; False (and the expectation dropped) when it is not that."""
        expect, self.expecting.next_line = self.expecting.next_line, ""
        if expect == "caption":
            if line.kind != "text":
                return False  # a caption with its credit is read by its rule
            self.images.caption(line.text, line.index)
            return True
        if line.kind not in ("text", "byline", "editor", "outlet"):
            return False
        if expect == "related":
            title, url = _link_text(_strip_bullet(line.text))
            if not title or len(title.split()) > 30:
                return False
            self.draft.add_related(title, url)
            self.expecting.related = True
            return True
        names = split_names(_strip_bullet(line.text))
        if not names:
            return False
        if expect == "authors":
            self.draft.add_authors(names)
        else:
            self.draft.editor = self.draft.editor or names[0]
        return True

    # Text lines -----------------------------------------------------------------------------------

    def _on_text(self, line: _Line) -> None:
        draft, text = self.draft, line.text
        if (found := dates.date_line(text)) is not None:
            draft.date = draft.date or found
            return
        if self.expecting.tags:
            item = rules.BULLET.match(text)
            if item or _is_short_label(text):
                draft.add_tags([item["item"] if item else text])
                return
            self.expecting.tags = False
        if self.expecting.related and not self.markdown and (bullet := rules.BULLET.match(text)):
            draft.add_related(*_link_text(bullet["item"]))
            return
        self.expecting.related = False
        if self.state == TAIL:
            return
        if self.state == HEAD:
            if self._head_line(line):
                return
            self.state = BODY
        self._body_line(line)

    def _head_line(self, line: _Line) -> bool:
        """True when a line of the head is taken as an author, the subtitle or a caption, not as text."""
        if self.dateline_at is not None and line.index >= self.dateline_at:
            return False
        first, self.seen_text_in_head = not self.seen_text_in_head, True
        if _is_name_line(line.text) and (self._next_to_date(line.index) or self._above_outlet(line.index)):
            self.draft.add_authors(split_names(line.text))
            return True
        if first and not self.draft.subtitle and _looks_like_subtitle(line.text):
            self.draft.subtitle = line.text
            return True
        if self.dateline_at is not None:
            # Between the title and the dateline: a photo's caption.
            self.images.caption(line.text, line.index)
            return True
        return False

    def _body_line(self, line: _Line) -> None:
        draft, text = self.draft, line.text
        if not self.dateline_checked and not text.startswith("#"):
            self.dateline_checked = True
            text = self._take_dateline(text)
        for furniture in rules.INLINE_FURNITURE:
            text = furniture.sub("", text)
        text = text.strip()
        if not text:
            return
        if not self.markdown:
            heading = rules.NUMBERED_HEADING.match(text)
            if heading and int(heading["number"]) == self.next_heading and not text.endswith("."):
                draft.paragraphs.append("## " + heading["text"].strip())
                self.next_heading += 1
                return
            if (line.index < self.last_text and _looks_like_subheading(text)
                    and draft.paragraphs and not draft.paragraphs[-1].startswith("#")):
                draft.paragraphs.append("## " + text)
                return
        lead = not any(not paragraph.startswith("#") for paragraph in draft.paragraphs)
        if lead or draft.lead_date is None and len(draft.paragraphs) < 3:
            draft.lead_date = draft.lead_date or dates.inline_date(text)
            if lead and draft.lead_date is None:
                draft.lead_date = dates.date_in(_strip_markdown(text) if self.markdown else text)
        draft.paragraphs.append(text if self.markdown else _escape_markdown_line(text))

    def _take_dateline(self, text: str) -> str:
        # From HTML: "**BREST, KOMPAS.com** - ...", "**Minsk**- ..." (the space lost with the tag).
        plain = rules.EMPHASIS.sub(lambda m: m["inner"] + " ", text, count=1).replace("  ", " ", 1) if self.markdown else text
        for pattern in rules.DATELINES:
            match = pattern.match(plain)
            if match and (place := _place(match["place"])):
                self.draft.location = self.draft.location or place
                self.draft.set_source(match.groupdict().get("outlet") or "")
                return plain[match.end():]
        return text

    def _find_dateline(self) -> int | None:
        """Where the body starts with a dateline, when only a subtitle and captions stand before it."""
        others = 0
        for line in self.lines[:HEAD_LOOKAHEAD]:
            text = line.text
            if line.kind != "text" or dates.date_line(text) or _is_name_line(text):
                continue
            if any(pattern.match(text) for pattern in rules.DATELINES[:3]):
                return line.index
            if rules.DATELINES[3].match(text) and len(text.split()) > 8:
                return line.index
            others += 1
            if others > 2 or len(text.split()) > 60:
                return None
        return None

    def _next_to_date(self, index: int) -> bool:
        for other in (index - 1, index + 1):
            if 0 <= other < len(self.lines):
                line = self.lines[other]
                if dates.date_line(line.text) or (line.kind == "outlet" and line.match["date"]):
                    return True
        return False

    def _above_outlet(self, index: int) -> bool:
        # "Jane Doe" above "BBC News": a byline.
        return index + 1 < len(self.lines) and self.lines[index + 1].kind == "outlet"


# --- Helpers ----------------------------------------------------------------------------------------


def split_names(text: str) -> list[str]:
    """Names in a byline ("Jane Doe and JOHN ROE", "A, B dan C"), in title case; [] if they are not names."""
    text = text.strip().strip(",;:")  # a final point goes part by part: "Perry Bacon Jr." keeps his
    if not text or len(text) > 160:
        return []
    text = re.sub(r"^(?:By|Oleh|Penulis|Reporter|Pewarta|Writer|Author)\s*:?\s+", "", text, flags=re.IGNORECASE)
    parts = re.split(r"\s*(?:,|;|&|\||\s(?:and|dan)\s)\s*", text, flags=re.IGNORECASE)
    names = []
    for part in parts:
        part = re.sub(r"\s+(?:in|di)\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*$", "", part.strip()).strip(" ")
        if not re.search(r"(?:\b[^\W\d_]|\bJr|\bSr)\.$", part):  # "Perry Bacon Jr.", "Joe S." keep their point
            part = part.rstrip(" .")
        if not part:
            continue
        if not _looks_like_name(part):
            return []
        names.append(_name_case(part))
    return names


_ROLES = frozenset({"writer", "correspondent", "reporter", "editor", "staff", "contributor", "columnist",
                    "wartawan", "penulis", "jurnalis", "redaksi", "desk", "team"})


def _people_first(names: Sequence[str]) -> list[str]:
    """The names without the ones that are a job ("Tom Krisher; AP Auto Writer"), unless a job is
    all the byline gives ("Staff Writer"): the outlet's own credit is better than none."""
    people = [name for name in names if name.split()[-1].casefold().rstrip(".") not in _ROLES]
    return people or list(names)


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 60:
        return False
    if not re.fullmatch(r"[^\W\d_][\w.'’-]*(?:\s[\w.'’-]+)*", text):
        return False
    if rules.is_outlet(text):
        return True
    if any(char.isdigit() or char == "_" for char in text):
        return False
    # A name's words start with a capital, or with a letter of a script without case (孔德明).
    return all(not word[0].islower() or word.lower() in rules.NAME_PARTICLES for word in words) \
        and not words[0][0].islower()


def _name_case(name: str) -> str:
    # Wires write bylines in capitals: "YURAS KARMANAU" -> "Yuras Karmanau". A name only partly in
    # capitals ("Chokri GHARBI") is written so on purpose, and one capitalised word is an agency's
    # or a desk's initials ("IWB", "JIJI"): both stay as they are.
    words = name.split()
    if not name.isupper() or len(words) < 2:
        return name

    def word_case(word: str) -> str:
        if len(word) > 2 and not rules.is_outlet(word):
            return "-".join(part.capitalize() for part in word.split("-"))
        return word
    return " ".join(word_case(word) for word in words)


def _is_name_line(line: str) -> bool:
    return len(line.split()) <= 4 and bool(split_names(line)) and not line.endswith(".")


def _is_short_label(line: str) -> bool:
    return len(line.split()) <= 4 and len(line) <= 40 and not line.endswith((".", "!", "?", ":", '"', "”"))


def _looks_like_subtitle(line: str) -> bool:
    # A short line without a dateline or final full stop, right under the title.
    return (
        len(line.split()) <= 25
        and not line.endswith((".", "!", "?", '"', "”"))
        and not any(pattern.match(line) for pattern in rules.DATELINES)
    )


def _looks_like_subheading(line: str) -> bool:
    # A short line between paragraphs, without final punctuation: a subheading ("Reaksi Ukraina").
    words = line.split()
    return (
        2 <= len(words) <= 12
        and len(line) <= 90
        and line[0].isupper()
        and not line.endswith((".", ",", ";", ":", "!", '"', "”", "'", "’", ")", "-", "–", "—"))
        and not line.startswith(('"', "“", "'", "‘", "(", "["))
        and not any(char.isdigit() for char in line[:3])
    )


def _place(text: str) -> str:
    text = text.split(",")[0].strip()  # "KYIV, Ukraine": the city
    if not text or len(text.split()) > 4:
        return ""
    return text.title() if text.isupper() or text.islower() else text


def _clean_credit(credit: str) -> str:
    for furniture in rules.INLINE_FURNITURE:
        credit = furniture.sub("", credit)
    return rules.CREDIT_LABEL.sub("", credit.strip()).strip().rstrip(".").strip()


def _strip_bullet(line: str) -> str:
    bullet = rules.BULLET.match(line)
    return bullet["item"] if bullet else line.lstrip("—–- ")


_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _link_text(text: str) -> tuple[str, str]:
    """A related title and its address: "[Title](url)", "Title https://...", or just the title."""
    text = text.strip()
    link = _LINK.search(text)
    if link:
        url = link["url"] if re.match(r"https?://", link["url"]) else ""
        rest = _LINK.sub(lambda m: m["text"], text).strip()
        return _strip_markdown(rest), url
    url_match = re.search(r"\s*(https?://\S+)$", text)
    if url_match:
        return text[:url_match.start()].strip(), url_match[1].rstrip(".,;)")
    return _strip_markdown(text), ""


def _strip_markdown(text: str) -> str:
    text = _LINK.sub(lambda m: m["text"], text)
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", text).strip()


def _clean_related_title(title: str) -> str:
    title = unicodedata.normalize("NFC", title).strip()
    title = re.sub(r"\s+[-–—|]\s+" + rules.OUTLET + r"$", "", title)
    title = title.strip().strip("\"“”'‘’").strip()
    return title if len(title) <= TITLE_MAX_CHARS else ""


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


def clip(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word's end, with "…" when it was cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _cited_outlets(text: str, *, exclude: set[str]) -> tuple[str, ...]:
    found = (match["outlet"].rstrip(".,;:") for match in rules.CITATION.finditer(text))
    return tuple(dict.fromkeys(name for name in found if name and name not in exclude))
