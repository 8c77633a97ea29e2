"""Every content check of a site, for ``digest check``, CI and the build.

``check_content`` is pure: the files' names and contents in, every problem
out, sorted. It never stops at the first problem, so an editor learns all
that is wrong in one run. ``check_site`` is the thin edge that reads a site
folder from disk. ``check_content`` is ``check_file`` (what each file shows
on its own) then ``check_files`` (the checks across files), so that ``digest
serve`` checks again only the files that were saved (``CheckCache``).
"""

from __future__ import annotations

import copy
import difflib
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import yaml
from slugify import slugify

from digest import frontmatter
from digest.articles import MAX_ARTICLE_BYTES, PLACEHOLDER_BODY, is_site_path, problem_from, read_front_matter
from digest.config import DEFAULTS, PLAIN_LAYOUT, SiteConfig, config_for
from digest.errors import ContentError, DigestError
from digest.model import Article, Problem, Topic
from digest.sanitize import LINK_SCHEMES, image_host_allowed, image_hosts_of, is_remote_picture, scheme_of
from digest.timelines import TopicRules, assign_entries
from digest.topics import SLUG, read_topics
from digest.urls import host_of, normal_url

ARTICLE_SUFFIXES = (".md", ".markdown")  # what DigestReader reads


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    files: int
    # Every file under the content folder as Pelican sees it, relative to the site (the walk that
    # found them skips hidden files, loops and links out of the site): what a build is made from.
    content_files: frozenset[str] = frozenset()
    # What the articles' topic rules matched: see ``rule_matches``.
    rule_matches: tuple[str, dict[str, frozenset[str]]] | None = field(default=None, repr=False)

    @property
    def errors(self) -> int:
        return sum(problem.level == "error" for problem in self.problems)

    @property
    def warnings(self) -> int:
        return sum(problem.level == "warning" for problem in self.problems)

    def summary(self) -> str:
        return f"{_count(self.errors, 'error')}, {_count(self.warnings, 'warning')} in {_count(self.files, 'file')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def check_site(site: "SiteConfig | Path | str", *, cache=None) -> CheckReport:
    """Read the site's content from disk and check it; paths are told relative to the site.

    ``site`` is a ``SiteConfig`` (or the folder of a site, read with ``config_for``).
    ``cache`` checks the article files one by one and may remember them (its
    ``check_all``): a ``CheckCache`` (``digest serve`` keeps one) or a
    ``digest.content_cache.ContentCache`` (``digest build`` and ``digest check``).
    The checks across files always run on every file.
    """
    config = site if isinstance(site, SiteConfig) else config_for(site)
    site_dir, content_dir = config.root, config.content_dir.resolve()
    if not content_dir.is_dir():
        raise DigestError(f"{content_dir}: no such content folder: set PATH in the settings to the folder of the content")
    if not content_dir.is_relative_to(site_dir):
        raise DigestError(f"{content_dir}: the content folder is outside the site ({site_dir}): "
                          "keep the content inside the site's folder")
    prefix = config.relative(content_dir)
    files, outside = _content_files(content_dir, prefix, site_dir)
    article_prefixes = tuple(f"{config.relative(folder)}/".removeprefix("./") for folder in config.article_dirs)
    static_prefixes = tuple(f"{config.relative(folder)}/" for folder in config.static_dirs)
    topics_path = config.relative(config.topics_file)
    paths = [path for path in sorted(files)
             if path.startswith(article_prefixes) and not path.startswith(static_prefixes) and path != topics_path]
    checked, unreadable = (cache or CheckCache(keep=False)).check_all(
        site_dir, paths, articles=config.relative(config.articles_dir))
    topics = None
    if config.topics_file.is_file():
        try:
            topics = config.topics_file.read_bytes()
        except OSError as error:
            unreadable.append(unreadable_problem(topics_path, error))
    # Pelican copies the theme's static files as they are, too.
    if config.theme_dir is not None and config.theme_dir.is_dir():
        outside += [_outside(config.relative(link), target) for link, target in
                    links_outside(config.theme_dir.resolve(), [site_dir, config.theme_dir.resolve()])]
    image_hosts = image_hosts_of(config.settings.get("DIGEST_IMAGE_HOSTS") or ())[0]
    problems = sorted(check_files(checked, topics, files, content=prefix, topics_path=topics_path,
                                  image_hosts=image_hosts, bodies=getattr(cache, "bodies", None))
                      + unreadable + outside)
    return CheckReport(tuple(problems), files=len(checked) + len(unreadable) + (topics is not None),
                       content_files=frozenset(files),
                       rule_matches=rule_matches(checked, topics.decode("utf-8", "replace")) if topics is not None else None)


class CheckCache:
    """What checking each article file alone found, kept between runs of ``check_site``.

    Keyed by the file's path with its modification time and size: an edited
    file is checked again, the others are not read at all. One per session
    (``digest serve`` keeps one); nothing here is shared between sessions.
    ``keep=False`` keeps nothing: every file is read and checked.
    (``digest.content_cache.ContentCache`` does the same job across builds, keyed by the bytes.)
    """

    def __init__(self, *, keep: bool = True) -> None:
        self._keep = keep
        self._files: dict[str, tuple[tuple[int, int], FileCheck]] = {}  # path -> (_stamp_of its status, check)
        # The files this cache does not know are checked through it, for the next check_all (read_through).
        self._through = None
        self._bodies = None  # the bodies the checks of the cache read through left out (its ``bodies``)

    def read_through(self, content_cache) -> None:
        """Check the files the next ``check_all`` finds unknown (all of them, the first time) with
        ``content_cache`` (a ``digest.content_cache.ContentCache``): those ``digest build`` or an
        earlier session already checked are not read again, and the others are read on every core
        and their HTML kept for Pelican's reader (``ContentCache.save``)."""
        self._through = content_cache

    def still_as_checked(self, path: str, full_path: str) -> bool:
        """Whether the file at ``path`` has the modification time and size it had when it was checked
        (taken before it was read): then it holds the text that was checked."""
        known = self._files.get(path)
        try:
            return known is not None and known[0] == _stamp_of(os.stat(full_path))
        except OSError:
            return False

    def check_all(self, site_dir: Path, paths: Iterable[str], *, articles: str) -> tuple[dict[str, FileCheck], list[Problem]]:
        """Each article file at ``paths`` (relative to ``site_dir``) checked on its own; and an
        error for each file that could not be read."""
        checked: dict[str, FileCheck] = {}
        unreadable: list[Problem] = []
        unknown: dict[str, tuple[int, int] | None] = {}
        for path in paths:
            stamp = None
            if self._keep:
                try:
                    # Taken before the file is read: a save during the check makes it unknown next time.
                    stat = (site_dir / path).stat()
                except OSError as error:
                    unreadable.append(unreadable_problem(path, error))
                    continue
                stamp = _stamp_of(stat)
                known = self._files.get(path)
                if known is not None and known[0] == stamp:
                    checked[path] = known[1]
                    continue
            unknown[path] = stamp
        through, self._through = self._through, None
        if through is not None:
            found, problems = through.check_all(site_dir, list(unknown), articles=articles)
            unreadable += problems
            self._bodies = through.bodies
        else:
            found = {}
            for path in unknown:
                try:
                    raw = (site_dir / path).read_bytes()
                except OSError as error:
                    unreadable.append(unreadable_problem(path, error))
                    continue
                found[path] = check_file(path, raw, articles=articles)
        for path, check in found.items():
            checked[path] = check
            if self._keep:
                self._files[path] = (unknown[path], check)
        if self._keep:
            for path in set(self._files) - set(checked):
                del self._files[path]
        return checked, unreadable

    def bodies(self, paths: Iterable[str]) -> dict[str, str]:
        """The bodies of the checks that left them out (only those read through a content cache do)."""
        return self._bodies(paths) if self._bodies is not None else {}


def _stamp_of(status: os.stat_result) -> tuple[int, int]:
    return status.st_mtime_ns, status.st_size


def unreadable_problem(path: str, error: OSError) -> Problem:
    return Problem(path, 1, 1, "error", "unreadable", f"cannot read the file: {error.strerror}")


def _content_files(content_dir: Path, prefix: str, site_dir: Path) -> tuple[set[str], list[Problem]]:
    """Every file under the content folder, as Pelican sees it (hidden files and folders left out),
    and an error for each symbolic link that leads outside the site: Pelican would follow it and
    publish what it points to (``images/x.jpg -> /etc/passwd``).

    ``os.scandir`` rather than ``os.walk``: each entry says from the folder listing itself whether it
    is a link, so only links are looked at again; ``os.walk`` keeps names only, and a ``stat`` of
    each of 50,000 files was most of this walk's time."""
    found: set[str] = set()
    problems: list[Problem] = []
    seen_folders = {content_dir.resolve()}
    folders = [(str(content_dir), ".")]
    while folders:
        folder, relative = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            continue  # as os.walk: a folder that cannot be listed is passed over
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            shown = posixpath.normpath(posixpath.join(prefix, relative, name))
            try:
                is_folder = entry.is_dir()  # a link to a folder is one (followed, as Pelican follows it)
            except OSError:
                is_folder = False
            if is_folder:
                if entry.is_symlink():
                    target = Path(entry.path).resolve()
                    if _leads_outside(Path(entry.path), [site_dir]):
                        problems.append(_outside(shown, target))
                        continue
                    if target in seen_folders:
                        continue  # a loop, or a folder already read through another name
                    seen_folders.add(target)
                folders.append((entry.path, posixpath.join(relative, name)))
            elif entry.is_symlink() and _leads_outside(Path(entry.path), [site_dir]):
                problems.append(_outside(shown, Path(entry.path).resolve()))
            else:
                found.add(shown)
    return found, problems


def links_outside(folder: Path, roots: list[Path]) -> list[tuple[Path, Path]]:
    """(link, target) for each symbolic link under ``folder`` that leads outside every one of ``roots``."""
    return [(Path(parent) / name, (Path(parent) / name).resolve())
            for parent, dirs, names in os.walk(folder)  # links to folders are listed in dirs, never entered
            for name in [*dirs, *names] if _leads_outside(Path(parent) / name, roots)]


def _leads_outside(path: Path, roots: list[Path]) -> bool:
    """A symbolic link whose target is in none of ``roots``."""
    return path.is_symlink() and not any(path.resolve().is_relative_to(root) for root in roots)


def _outside(path: str, target: Path) -> Problem:
    return Problem(path, 1, 1, "error", "link-outside-site",
                   f"a symbolic link to {target}, outside the site: the site would publish that file; "
                   "copy what you mean to publish into the site instead")


@dataclass(frozen=True)
class _Entry:
    """An article file whose front matter could be read."""

    path: str
    matter: frontmatter.FrontMatter
    article: Article | None  # None without a usable title or date
    # The topics the article is on, for one topics.yaml text: (text, slugs); see _topics_on.
    on_topics: list = field(default_factory=list, compare=False, repr=False)
    # True in an entry the content cache loaded: its article's body (most of its size) was left out
    # when it was saved (``without_body``), for only the topics' match rules read it, and they run
    # again only when topics.yaml changes: then ``_topics_on`` asks for the body (``Bodies``).
    body_left_out: bool = field(default=False, compare=False, repr=False)

    # An entry outlives one check when a CheckCache keeps it: what is worked out from
    # the file alone is worked out once.
    @cached_property
    def slug(self) -> str:
        # SLUGIFY_SOURCE = "basename": the file name is the address.
        return posixpath.splitext(posixpath.basename(self.path))[0].lower()

    @cached_property
    def address(self) -> tuple[int, str] | None:
        return (self.article.date.year, self.slug) if self.article and self.article.date else None

    @cached_property
    def links(self) -> list[tuple[int, int, str]]:
        return _link_targets(self.matter)

    @cached_property
    def pictures(self) -> list[tuple[int, int, str]]:
        return _picture_targets(self.matter)

    @cached_property
    def source_key(self) -> str:
        """The source's address as sources are compared (``normal_url``); "" without one."""
        url = self.article.source.url if self.article and self.article.source else ""
        return normal_url(url) if url else ""

    def without_body(self) -> "_Entry":
        """This entry, its article's body left out (see ``body_left_out``), what it worked out kept."""
        if self.article is None or not self.article.body:
            return self
        kept = copy.copy(self)  # the worked-out values in __dict__ too, and the same on_topics
        object.__setattr__(kept, "article", replace(self.article, body=""))
        object.__setattr__(kept, "body_left_out", True)
        return kept

    def compact(self) -> "_Entry":
        """A copy to keep between builds: what the checks across files need, without the YAML nodes."""
        kept = _Entry(self.path, self.matter.compact(), self.article)
        for name in ("slug", "address", "links", "pictures", "source_key"):  # worked out once, kept
            kept.__dict__[name] = getattr(self, name)
        return kept


@dataclass(frozen=True)
class FileCheck:
    """What one article file shows on its own: its problems and, when its front matter could be read, its entry."""

    problems: tuple[Problem, ...]
    entry: _Entry | None = None

    def compact(self) -> "FileCheck":
        return FileCheck(self.problems, self.entry.compact() if self.entry is not None else None)

    def without_body(self) -> "FileCheck":
        return FileCheck(self.problems, self.entry.without_body() if self.entry is not None else None)

    @property
    def ok(self) -> bool:
        return not any(problem.level == "error" for problem in self.problems)


def check_file(path: str, raw: str | bytes, *, articles: str) -> FileCheck:
    """The problems of one article file that need no other file: name, text, front matter, body."""
    if not path.endswith(ARTICLE_SUFFIXES):
        return FileCheck((Problem(
            path, 1, 1, "error", "not-an-article",
            f"only .md files are articles: rename it, or move it out of {articles}/ "
            "(Pelican would skip it, or publish it unchecked)"),))
    problems: list[Problem] = []
    if len(raw) > MAX_ARTICLE_BYTES:
        return FileCheck((Problem(
            path, 1, 1, "error", "too-large",
            f"the file is {len(raw) / 1024 / 1024:.1f} MB, more than the {MAX_ARTICLE_BYTES // 1024 // 1024} MB "
            "an article may be: is it one article? Shorten it or split it"),))
    text = _text(path, raw, problems)
    if text is None:
        return FileCheck(tuple(problems))
    try:
        matter = frontmatter.parse(text)
    except ContentError as error:
        return FileCheck((replace(problem_from(error), path=path),))
    article, found = read_front_matter(matter)
    draft = matter.data.get("status") == "draft"
    problems += [replace(problem, path=path) for problem in found + check_body(matter.body, matter.body_line, draft=draft)]
    problems += _check_file_name(path)
    return FileCheck(tuple(problems), _Entry(path, matter, article))


def check_content(
    articles: Mapping[str, str | bytes],
    topics: str | bytes | None,
    files: Set[str] = frozenset(),
    *,
    content: str = PLAIN_LAYOUT["PATH"],
    topics_path: str = "",
    image_hosts: Sequence[str] = (),
) -> list[Problem]:
    """Every problem of a site's content, sorted by path, line, column and code.

    ``articles`` maps each file under ``{content}/articles/`` (paths relative to the
    site) to its contents; ``topics`` is ``{content}/topics.yaml`` (None if there is
    none); ``files`` are all the content files, for images and links to local files.
    """
    folder = f"{content}/{PLAIN_LAYOUT['ARTICLE_PATHS'][0]}"
    checked = {path: check_file(path, articles[path], articles=folder) for path in sorted(articles)}
    return check_files(checked, topics, files, content=content, topics_path=topics_path, image_hosts=image_hosts)


# Given paths of article files whose entries left their body out, each one's body.
Bodies = Callable[[Sequence[str]], Mapping[str, str]]


def check_files(
    checked: Mapping[str, FileCheck],
    topics: str | bytes | None,
    files: Set[str] = frozenset(),
    *,
    content: str = PLAIN_LAYOUT["PATH"],
    topics_path: str = "",
    image_hosts: Sequence[str] = (),
    bodies: Bodies | None = None,
) -> list[Problem]:
    """As ``check_content``, for article files already checked one by one (``check_file``):
    their own problems, then the checks across files and of topics.yaml (``topics_path``, by
    default ``{content}/topics.yaml``). ``bodies`` gives the bodies entries left out (see
    ``_Entry.body_left_out``: the content cache's)."""
    problems: list[Problem] = []
    entries: list[_Entry] = []
    for path in sorted(checked):
        problems += checked[path].problems
        if checked[path].entry is not None:
            entries.append(checked[path].entry)

    topics_path = topics_path or f"{content}/{DEFAULTS['DIGEST_TOPICS_FILE']}"
    topics_text = _text(topics_path, topics, problems) if topics is not None else ""
    known, parsed, positions = None, (), {}  # an unreadable topics.yaml says nothing about the articles' topics
    if topics is None and any(_listed(entry.matter, "topics") for entry in entries):
        # One error for the missing file, not one "unknown topic" for every article that names one.
        problems.append(Problem(topics_path, 1, 1, "error", "missing-topics-file",
                                f"{topics_path} is missing, but articles name topics: create it (README, 'Topics')"))
    elif topics_text is not None:
        known, parsed, found = _check_topics(topics_text, topics_path)
        positions = _slug_positions(topics_text) if parsed else {}
        problems += found
    problems += _check_topic_use(entries, known, parsed, positions, topics_path, topics_text or "", bodies)
    problems += _check_duplicates(entries)
    problems += _check_links(entries, set(files) | set(checked), content, tuple(image_hosts))
    return sorted(problems)


def _text(path: str, raw: str | bytes, problems: list[Problem]) -> str | None:
    """The file's text, or None after reporting why it is not text (one error, never a traceback)."""
    if isinstance(raw, str):
        return raw
    if b"\0" in raw:  # a picture or a document saved under the wrong name; no line of it means anything
        problems.append(Problem(path, 1, 1, "error", "unreadable", "binary file, not text: content files are text saved as UTF-8"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _place(raw, error.start)
        problems.append(Problem(path, line, col, "error", "unreadable",
                                f"not UTF-8 text: byte 0x{raw[error.start]:02x} cannot be read; save the file as UTF-8"))
        return None


def _place(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a byte offset."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", "replace")) + 1


def _check_file_name(path: str) -> list[Problem]:
    stem = posixpath.splitext(posixpath.basename(path))[0]
    if SLUG.match(stem):
        return []
    return [Problem(path, 1, 1, "error", "bad-filename",
                    f"file name '{stem}' is not a slug: call it {slugify(stem) or 'some-title'}.md "
                    "(lowercase letters, digits and dashes; the file name is the article's address)")]


# --- topics -------------------------------------------------------------------------------


def _check_topics(text: str, path: str) -> tuple[set[str] | None, tuple[Topic, ...], list[Problem]]:
    """(known slugs or None if unknowable, the topics if all is well, problems) of topics.yaml."""
    try:
        topics, errors = read_topics(text)
    except ContentError as error:  # not even YAML: nothing in it can be known
        return None, (), [replace(problem_from(error), path=path)]
    if not errors:
        return {topic.slug for topic in topics}, topics, []
    # Every slug written there, even of a topic with a problem: an article naming it is
    # not wrong, topics.yaml is.
    data = frontmatter.load_yaml(text)
    entries = data if isinstance(data, list) else []
    slugs = {entry["slug"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("slug"), str)}
    return slugs, (), [replace(problem_from(error), path=path) for error in errors]


def _slug_positions(text: str) -> dict[str, tuple[int, int]]:
    root = frontmatter.compose_yaml(text)
    positions = {}
    for item in root.value if isinstance(root, yaml.SequenceNode) else []:
        for key, value in item.value if isinstance(item, yaml.MappingNode) else []:
            if key.value == "slug":
                positions[value.value] = (value.start_mark.line + 1, value.start_mark.column + 1)
    return positions


def _topics_on(entries: list[_Entry], topics: tuple[Topic, ...], key: str,
               bodies: Bodies | None = None) -> list[frozenset[str]]:
    """For each entry, the topics whose timelines it is on; ``key`` (the text of topics.yaml) says
    when an entry's answer from an earlier check still holds. The match rules read the articles'
    bodies: those entries left out come from ``bodies``. Each entry keeps what it found as
    ``on_topics``: [key, the topics it is on, the topics whose rules it matches (``rule_matches``)]."""
    entries = [entry for entry in entries if entry.article and entry.article.date]  # an undated draft is on no timeline yet
    missing = [entry for entry in entries if not (entry.on_topics and entry.on_topics[0] == key)]
    left_out = [entry.path for entry in missing if entry.body_left_out]
    known = bodies(left_out) if left_out and bodies is not None else {}
    articles = [replace(entry.article, body=known.get(entry.path, "")) if entry.body_left_out else entry.article
                for entry in missing]
    rules = TopicRules(topics)
    matched = {id(article): rules.matched(article) for article in articles}
    found: dict[int, set[str]] = {id(article): set() for article in articles}
    for slug, members in assign_entries(topics, articles, lambda article: matched[id(article)]).items():
        for member in members:
            found[id(member.item)].add(slug)
    for entry, article in zip(missing, articles):
        entry.on_topics[:] = [key, frozenset(found[id(article)]), matched[id(article)]]
    return [entry.on_topics[1] for entry in entries]


def rule_matches(checked: Mapping[str, FileCheck], topics_text: str) -> tuple[str, dict[str, frozenset[str]]]:
    """(``topics_text``, for each path the topics whose match rules its article matches), as the last
    ``check_files`` of ``checked`` with that topics.yaml text found them: for the build's grouping
    (``digest.timelines.assign_entries``), which would otherwise search every article's text again.
    An article the check did not match (an undated draft) is not there."""
    found = {}
    for path, check in checked.items():
        on_topics = check.entry.on_topics if check.entry is not None else ()
        if on_topics and on_topics[0] == topics_text:
            found[path] = on_topics[2]
    return topics_text, found


def _check_topic_use(entries: list[_Entry], known: set[str] | None, topics: tuple[Topic, ...],
                     positions: dict[str, tuple[int, int]], topics_path: str, topics_key: str,
                     bodies: Bodies | None = None) -> list[Problem]:
    problems = []
    known_slugs = {topic.slug for topic in topics}
    for entry in entries:
        for name in ("topics", "topics_exclude"):
            for slug, keys in _listed(entry.matter, name):
                if known is not None and slug not in known:
                    close = difflib.get_close_matches(slug, sorted(known), n=1)
                    hint = f"did you mean '{close[0]}'?" if close else "add it there or fix the name"
                    problems.append(Problem(entry.path, *entry.matter.position(*keys), "error", "unknown-topic",
                                            f"topic '{slug}' is not in {topics_path}: {hint}"))
    # Empty as the site would show it: no article named, matched by a rule, or in a subtopic.
    used = set().union(*_topics_on(entries, topics, topics_key, bodies))
    for slug, (line, col) in positions.items():
        if slug in known_slugs and slug not in used:
            problems.append(Problem(topics_path, line, col, "warning", "empty-topic",
                                    f"topic '{slug}' has no articles: its timeline page is empty"))
    return problems


def _listed(matter: frontmatter.FrontMatter, name: str) -> list[tuple[str, tuple]]:
    """The text items of a list field with the keys to their place (a single text counts as a list)."""
    raw = matter.data.get(name)
    if isinstance(raw, str):
        return [(raw.strip(), (name,))] if raw.strip() else []
    if isinstance(raw, list):
        return [(item.strip(), (name, index)) for index, item in enumerate(raw) if isinstance(item, str) and item.strip()]
    return []


# --- across articles ----------------------------------------------------------------------


def _check_duplicates(entries: list[_Entry]) -> list[Problem]:
    problems = []
    by_address: dict[tuple[int, str], str] = {}
    by_slug: dict[str, str] = {}
    by_source: dict[str, str] = {}
    for entry in entries:  # sorted by path: the first file keeps its name, the later ones are told
        if entry.address in by_address:
            year, slug = entry.address
            problems.append(Problem(entry.path, 1, 1, "error", "duplicate-output",
                                    f"written to the same page articles/{year}/{slug}/ as {by_address[entry.address]}: "
                                    "rename one of the files"))
        elif entry.slug in by_slug:
            problems.append(Problem(entry.path, 1, 1, "error", "duplicate-slug",
                                    f"slug '{entry.slug}' is also the slug of {by_slug[entry.slug]}: "
                                    "rename one of the files"))
        if entry.address:
            by_address.setdefault(entry.address, entry.path)
        by_slug.setdefault(entry.slug, entry.path)

        if key := entry.source_key:
            if key in by_source:
                problems.append(Problem(entry.path, *entry.matter.position("source", "url"), "error", "duplicate-source",
                                        f"source {entry.article.source.url} is already imported as {by_source[key]}: keep one"))
            by_source.setdefault(key, entry.path)
    return problems


_INLINE_LINK = re.compile(r"\]\(\s*<?([^\s)>]+)")  # [text](target "title") and ![alt](target)
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)")  # [id]: target
_PELICAN_LINK = re.compile(r"^(?:\{(filename|static|attach)\}|\|(filename|static|attach)\|)([^?#]*)")
_ADDRESS = re.compile(r"^/articles/(\d{4})/([^/?#]+)/?(?:index\.html)?(?:[?#].*)?$")


def _check_links(entries: list[_Entry], files: set[str], content: str, image_hosts: tuple[str, ...] = ()) -> list[Problem]:
    addresses = {entry.address: entry.path for entry in entries if entry.address}
    shown = [f"/articles/{year}/{slug}/" for year, slug in addresses]

    def no_article(what: str, target: str) -> str:
        close = difflib.get_close_matches(target, shown, n=1)
        return f"{what} '{target}' is not the address of an article" + (f": did you mean {close[0]}?" if close else "")

    def shown_as_link(path: str, line: int, col: int, src: str) -> list[Problem]:
        """A warning for a picture the page will show as a link (none for one it loads)."""
        if not is_remote_picture(src) or image_host_allowed(src, image_hosts):
            return []
        host = host_of(src) or src
        return [Problem(path, line, col, "warning", "remote-image",
                        f"the picture at {host} is shown as a link, not loaded: pages load pictures only from the "
                        f"site and from DIGEST_IMAGE_HOSTS; add '{host}' there to show it, or copy the picture into the site")]

    # A published article may point at a draft, but the published site has no page there yet.
    drafts = {entry.address: entry.path for entry in entries if entry.address and is_draft(entry)}

    def to_draft(path: str, line: int, col: int, what: str, target: str) -> Problem:
        return Problem(path, line, col, "warning", "link-to-draft",
                       f"{what} '{target}' is the address of a draft ({drafts[_address(target)]}): the published "
                       "site has no page there until it is published")

    problems = []
    for entry in entries:
        for line, col, target in entry.pictures:
            problems += shown_as_link(entry.path, line, col, target)
        for line, col, target in entry.links:
            scheme = scheme_of(target)
            if scheme and scheme not in LINK_SCHEMES:
                problems.append(Problem(entry.path, line, col, "error", "bad-link-scheme",
                                        f"a {scheme}: address: the page keeps only http:, https: and mailto: links "
                                        "and pictures of the site: link to the web page instead"))
                continue
            place = (entry.path, line, col, "error", "broken-link")
            pelican = _PELICAN_LINK.match(target)
            if pelican:
                linked = pelican[3]
                resolved = posixpath.normpath(posixpath.join(content, linked.lstrip("/")) if linked.startswith("/")
                                              else posixpath.join(posixpath.dirname(entry.path), linked))
                if resolved not in files:
                    problems.append(Problem(*place, f"link '{target}' points to {resolved}, which does not exist"))
            elif _ADDRESS.match(target) and _address(target) not in addresses:
                problems.append(Problem(*place, no_article("link", target)))
            elif _ADDRESS.match(target) and _address(target) in drafts and not is_draft(entry):
                problems.append(to_draft(entry.path, line, col, "link", target))

        related = entry.matter.data.get("related")
        for index, item in enumerate(related if isinstance(related, list) else []):
            url = item.get("url") if isinstance(item, dict) else None
            if isinstance(url, str) and is_site_path(url.strip()) and _address(url.strip()) not in addresses:
                problems.append(Problem(entry.path, *entry.matter.position("related", index, "url"), "error",
                                        "broken-related", no_article("related url", url.strip())))
            elif isinstance(url, str) and is_site_path(url.strip()) and _address(url.strip()) in drafts and not is_draft(entry):
                problems.append(to_draft(entry.path, *entry.matter.position("related", index, "url"), "related url", url.strip()))

        images = entry.matter.data.get("images")
        for index, item in enumerate(images if isinstance(images, list) else []):
            src = item.get("src") if isinstance(item, dict) else None
            if isinstance(src, str):
                problems += shown_as_link(entry.path, *entry.matter.position("images", index, "src"), src.strip())
            if not isinstance(src, str) or not src.strip() or "://" in src or src.startswith("//"):
                continue  # no picture, or one on another site
            # The theme writes SITEURL/src, so a local src is relative to the content folder.
            resolved = posixpath.normpath(posixpath.join(content, src.strip().lstrip("/")))
            if resolved not in files:
                problems.append(Problem(entry.path, *entry.matter.position("images", index, "src"), "error",
                                        "missing-image", f"image '{src.strip()}' does not exist: no file {resolved}"))
    return problems


def is_draft(entry: _Entry) -> bool:
    return entry.article is not None and entry.article.status == "draft"


def _address(target: str) -> tuple[int, str] | None:
    match = _ADDRESS.match(target)
    return (int(match[1]), match[2].lower()) if match else None


_INLINE_PICTURE = re.compile(r"!\[[^\]]*\]\(\s*<?([^\s)>]+)")  # ![alt](target "title")


def _picture_targets(matter: frontmatter.FrontMatter) -> list[tuple[int, int, str]]:
    """(line, col, target) of every Markdown picture in the body, outside code."""
    return [(matter.body_line + index, match.start(1) + 1, match[1])
            for index, line in enumerate(_prose_lines(matter.body)) if line is not None
            for match in _INLINE_PICTURE.finditer(line)]


def _link_targets(matter: frontmatter.FrontMatter) -> list[tuple[int, int, str]]:
    """(line, col, target) of every Markdown link and image in the body, outside code, and in the
    summary (which is Markdown too; its links are told at the summary's place)."""
    targets = []
    for index, line in enumerate(_prose_lines(matter.body)):
        if line is None:
            continue
        for match in [*_INLINE_LINK.finditer(line), *_REFERENCE.finditer(line)]:
            targets.append((matter.body_line + index, match.start(1) + 1, match[1]))
    summary = matter.data.get("summary")
    if isinstance(summary, str) and "](" in summary:
        line, col = matter.position("summary")
        targets += [(line, col, match[1]) for match in _INLINE_LINK.finditer(summary)]
    return targets


# --- the body -----------------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")
_ATX = re.compile(r"^ {0,3}(#{1,6})(?!#)")  # Python-Markdown needs no space after the #s
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_TAG = re.compile(r"(?<!\\)(<!--|</?[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")


def check_body(body: str, first_line: int, *, draft: bool = False) -> list[Problem]:
    """Problems of a Markdown body whose first line is ``first_line`` of the file (paths left empty).
    A draft may still be without its text (a warning); a published article may not (an error)."""
    unwritten = "warning" if draft else "error"
    if not body.strip():
        return [Problem("", max(first_line - 1, 1), 1, unwritten, "empty-body",
                        "the article has no text: write it below the front matter's closing '---'")]
    if body.strip() == PLACEHOLDER_BODY:
        at = next(index for index, line in enumerate(body.split("\n")) if line.strip())
        return [Problem("", first_line + at, 1, unwritten, "placeholder-body",
                        "the body is still the placeholder digest new wrote: write the article here")]
    problems = []
    lines = _prose_lines(body)
    level = 1  # the article's title is the page's h1
    for index, line in enumerate(lines):
        if line is None:
            continue
        heading = _heading(lines, index)
        if heading:
            at, new_level, col = heading
            if new_level > level + 1:
                problems.append(Problem("", first_line + at, col, "warning", "heading-jump",
                                        f"heading level jumps from h{level} to h{new_level}: "
                                        f"use {'#' * (level + 1)} here (the title is the h1)"))
            level = new_level
        tag = _TAG.search(line)
        if tag:
            # One warning a line: a line of HTML is one thing to rewrite.
            problems.append(Problem("", first_line + index, tag.start() + 1, "warning", "raw-html",
                                    f"raw HTML {tag[1]}{'' if tag[1] == '<!--' else '>'} is shown on the page as text, "
                                    "not as HTML: write it in Markdown"))
    return problems


def _heading(lines: list[str | None], index: int) -> tuple[int, int, int] | None:
    """(line index, level, 1-based col) of a heading that ends on line ``index``, if any."""
    line = lines[index]
    atx = _ATX.match(line)
    if atx:
        return index, len(atx[1]), atx.start(1) + 1
    previous = lines[index - 1] if index else None
    if _SETEXT.match(line) and previous and previous.strip() and not _ATX.match(previous):
        return index - 1, 1 if "=" in line else 2, len(previous) - len(previous.lstrip()) + 1
    return None


def _prose_lines(body: str) -> list[str | None]:
    """The body's lines, code blocks as None and code spans blanked, so columns stay true.

    Code shows HTML and link syntax as text on purpose, so it is never checked.
    Indented lines after a blank line count as code (a list item's second
    paragraph is taken for code too, which only means it goes unchecked).
    """
    result: list[str | None] = []
    fence = ""
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            result.append(None)
            if opening and opening[1][0] == fence[0] and len(opening[1]) >= len(fence):
                fence = ""
        elif opening:
            fence = opening[1]
            result.append(None)
        elif line.startswith(("    ", "\t")) and (not result or result[-1] is None or not result[-1].strip()):
            result.append(None)
        else:
            result.append(_CODE_SPAN.sub(lambda match: " " * len(match[0]), line))
    return result


def github_annotation(problem: Problem) -> str:
    """The problem as a GitHub Actions workflow command, shown on its line of a pull request."""
    def escape(text: str, properties: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if properties else text

    return (f"::{problem.level} file={escape(problem.path, True)},line={problem.line},col={problem.col},"
            f"title={escape(problem.code, True)}::{escape(problem.message)}")
