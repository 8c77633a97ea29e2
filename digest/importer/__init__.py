"""Import raw articles into ``content/articles/YYYY/<slug>.md``.

A source is a ``.txt`` file (text copied from a news page), an ``.html`` or
``.htm`` file (a saved page), a folder (every such file in it, sorted) or an
http(s) address. ``parse_*`` functions in the modules beside this one are
pure; reading files, fetching pages and writing articles happen here and in
``fetch.py`` only.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from slugify import slugify

from digest.articles import format_article, parse_article
from digest.errors import ArticleImportError, DigestError
from digest.files import replace_file, write_new_file
from digest.importer.encoding import declared_charset, decode_text, looks_like_html
from digest.importer.fetch import TIMEOUT_SECONDS, fetch, is_web_address
from digest.importer.html import parse_html
from digest.importer.known import KnownArticle, clean_url, find_duplicate, link_related
from digest.importer.text import parse_text
from digest.model import Article, Topic
from digest.urls import url_date_doubt

MAX_SLUG_LENGTH = 80
MAX_SOURCE_BYTES = 10 * 1024 * 1024
SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
BACKUPS = Path(".digest") / "backups"  # in the site's folder, outside what Pelican reads


@dataclass(frozen=True)
class ImportSite:
    """Where imports go: new articles under ``articles_dir/YYYY/``; the articles already in ``known_dirs``
    are looked at for duplicates and related links; a file ``--force`` replaces is kept under
    ``backups_dir``, at its path relative to ``content_dir``."""

    content_dir: Path
    articles_dir: Path
    known_dirs: tuple[Path, ...]
    backups_dir: Path

    @classmethod
    def of(cls, config) -> "ImportSite":
        """From a ``digest.config.SiteConfig``."""
        return cls(config.content_dir, config.articles_dir, config.article_dirs, config.root / BACKUPS)

    @classmethod
    def plain(cls, content_dir: Path) -> "ImportSite":
        """The layout of ``digest.config.PLAIN_LAYOUT``: ``content_dir/articles/``, backups beside ``content_dir``."""
        content_dir = Path(content_dir)
        return cls(content_dir, content_dir / "articles", (content_dir / "articles",), content_dir.parent / BACKUPS)


@dataclass(frozen=True)
class ImportOptions:
    """How to import: the command's options, typed."""

    write: bool = True  # False: work out what would be written, write nothing (--dry-run, --stdout)
    force: bool = False  # replace an existing file or an earlier import of the source, keeping a backup
    check_existing: bool = True  # False (--stdout): make the article even if the source was imported before
    topics: tuple[str, ...] = ()  # slugs added to every article (--topic)
    default_date: dt.date | None = None  # the date of an article whose source gives none (--date)
    timeout: float = TIMEOUT_SECONDS  # for fetching addresses (--timeout)


@dataclass(frozen=True)
class ImportResult:
    source: str
    article: Article | None = None
    path: Path | None = None  # where it was (or would be) written; for a skipped source, the earlier import
    text: str = ""  # the Markdown file
    error: str = ""
    duplicate_of: Path | None = None  # the source was imported before, as this file
    backup: Path | None = None  # --force kept the replaced file here
    replaced: bool = False  # --force replaced (or would replace) an existing file
    warnings: tuple[str, ...] = ()  # what the editor should look at in the written file

    @property
    def skipped(self) -> bool:
        return self.article is None and self.duplicate_of is not None


def article_path(article: Article, articles_dir: Path) -> Path:
    """Where ``article`` is written: ``articles_dir/YYYY/<slug of the title>.md``. An undated draft
    goes under this year, the year ``digest publish`` will date it if it goes out now."""
    slug = slugify(article.title, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "article"
    year = article.date.year if article.date else dt.date.today().year
    return articles_dir / f"{year:04d}" / f"{slug}.md"


def what_is_missing(article: Article) -> list[str]:
    """What an imported article still lacks that the source did not give, and how to add it."""
    missing = []
    if article.date is None:
        missing.append("no date: add date (or digest publish dates it the day it goes out)")
    if not (article.source and article.source.url):
        missing.append("no source address: add source.url")
    if not article.authors:
        missing.append("no byline: add authors if the outlet names any")
    if not article.summary:
        missing.append("no summary: add one (the feeds and link previews show it)")
    if not article.topics:
        missing.append("no topic: add one from the topics file to put it on a timeline")
    if not article.lang:
        missing.append("no language: add lang")
    if any(not image.caption for image in article.images):
        missing.append("a picture without a caption: write what it shows in its images caption")
    return missing


def unknown_topics(slugs: Iterable[str], topics: Sequence[Topic]) -> list[str]:
    """The slugs that are not topics of topics.yaml."""
    known = {topic.slug for topic in topics}
    return [slug for slug in slugs if slug not in known]


def expand_sources(sources: Iterable[str | Path]) -> list[tuple[str, str]]:
    """Each source as (source, error): a folder becomes its .txt, .html and .htm files.

    Symbolic links are never followed: one in a folder (or the inbox) could make
    any file on the machine, ``/etc/passwd`` say, into an article.
    """
    expanded: list[tuple[str, str]] = []
    for source in sources:
        text = str(source)
        if is_web_address(text):
            expanded.append((text, ""))
            continue
        path = Path(text)
        if path.is_symlink():
            expanded.append((text, _SYMLINK))
            continue
        if not path.is_dir():
            expanded.append((text, ""))
            continue
        found: list[tuple[str, str]] = []
        failed: list[OSError] = []
        for folder, dirs, names in os.walk(path, onerror=failed.append):  # followlinks=False: links are listed, not entered
            base = Path(folder)
            dirs[:] = sorted(name for name in dirs if not name.startswith(".") and not (base / name).is_symlink())
            for name in sorted(names):
                candidate = base / name
                if name.startswith(".") or candidate.suffix.lower() not in SUFFIXES:
                    continue
                found.append((str(candidate), _SYMLINK if candidate.is_symlink() else ""))
        if failed:
            expanded.append((text, f"cannot read the folder: {failed[0].strerror}"))
            continue
        if not found:
            expanded.append((text, "no .txt, .html or .htm files in this folder"))
        expanded.extend(sorted(found))
    return expanded


_SYMLINK = "a symbolic link: digest import reads only the file itself, never where a link leads; copy the file here"


def read_source(path: Path) -> tuple[bytes, str]:
    """The bytes of a source file and its kind ("text" or "html"). Raises ArticleImportError.

    Opened with O_NOFOLLOW, so a link swapped in after ``expand_sources`` looked is refused too.
    """
    try:
        # O_NONBLOCK: a named pipe given by mistake is refused below instead of waiting forever.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except IsADirectoryError:
        raise ArticleImportError("cannot read: it is a folder") from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ArticleImportError(f"cannot read: it is {_SYMLINK}") from None
        raise ArticleImportError(f"cannot read: {error.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        try:
            status = os.fstat(handle.fileno())
            if stat.S_ISDIR(status.st_mode):
                raise ArticleImportError("cannot read: it is a folder")
            if not stat.S_ISREG(status.st_mode):
                raise ArticleImportError("cannot read: not a regular file (a device or a pipe)")
            # Read one byte past the bound: a file that grew after fstat is refused all the same.
            data = b"" if status.st_size > MAX_SOURCE_BYTES else handle.read(MAX_SOURCE_BYTES + 1)
        except IsADirectoryError:
            raise ArticleImportError("cannot read: it is a folder") from None
        except OSError as error:
            raise ArticleImportError(f"cannot read: {error.strerror}") from None
    size = max(status.st_size, len(data))
    if size > MAX_SOURCE_BYTES:
        raise ArticleImportError(
            f"the file is {size / 1024 / 1024:.1f} MB, more than the {MAX_SOURCE_BYTES // 1024 // 1024} MB "
            "an article may be: nothing was read"
        )
    return data, SUFFIXES.get(path.suffix.lower(), "")


def load_known(folders: Sequence[Path]) -> list[KnownArticle]:
    """The articles already in ``folders``; a file that cannot be read is left out."""
    known = []
    for path in sorted({path for folder in folders for path in Path(folder).rglob("*.md")}):
        try:
            article = parse_article(path.read_text(encoding="utf-8"))
        except (DigestError, OSError, UnicodeDecodeError):
            continue
        known.append(KnownArticle.of(article, path))
    return known


def import_articles(
    sources: Iterable[str | Path],
    site: ImportSite | Path,
    topics: Sequence[Topic],
    *,
    write: bool = True,
    options: ImportOptions | None = None,
    on_each: Callable[[ImportResult, int], None] | None = None,
) -> list[ImportResult]:
    """Import each source; one failure does not stop the others. Writes only when ``options.write``.
    ``on_each`` hears of each result with the number of sources in all (a progress bar)."""
    options = options or ImportOptions(write=write)
    site = site if isinstance(site, ImportSite) else ImportSite.plain(site)
    known = load_known(site.known_dirs)  # for duplicates and for links from related titles
    taken: set[Path] = set()
    results: list[ImportResult] = []
    expanded = expand_sources(sources)

    def done(result: ImportResult) -> None:
        results.append(result)
        if on_each is not None:
            on_each(result, len(expanded))
    for source, problem in expanded:
        if problem:
            done(ImportResult(source=source, error=f"{source}: {problem}"))
            continue
        try:
            result = _import_one(source, site, topics, options, known, taken)
        except DigestError as error:
            message = str(error)
            if not message.startswith(source):
                message = f"{source}: {message}"
            result = ImportResult(source=source, error=message)
        done(result)
        if result.article is not None and result.path is not None:
            taken.add(result.path)
            known.append(KnownArticle.of(result.article, result.path))
    return results


def _import_one(
    source: str, site: ImportSite, topics: Sequence[Topic], options: ImportOptions,
    known: list[KnownArticle], taken: set[Path],
) -> ImportResult:
    url = ""
    if is_web_address(source):
        url = clean_url(source)
        earlier = find_duplicate(None, known, source_url=url) if options.check_existing else None
        if earlier and not options.force:
            return ImportResult(source=source, path=earlier.path, duplicate_of=earlier.path)
        fetched = fetch(source, timeout=options.timeout, max_bytes=MAX_SOURCE_BYTES)
        kind = _kind_of_response(fetched.content_type)
        data, declared = fetched.data, declared_charset(fetched.data, fetched.content_type)
    else:
        data, kind = read_source(Path(source))
        declared = declared_charset(data) if kind != "text" else ""
    text, warnings = decode_text(data, declared=declared)
    if not kind:
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        article = parse_html(text, url=url, topics=topics, default_date=options.default_date)
    else:
        article = parse_text(text, topics=topics, source_url=url, default_date=options.default_date)
    if options.topics:
        article = replace(article, topics=tuple(dict.fromkeys((*options.topics, *article.topics))))
    # Every import is a draft: an editor reads it before `digest publish` puts it on the site.
    article = replace(link_related(article, known), status="draft")

    earlier = find_duplicate(article, known, source_url=url) if options.check_existing or options.force else None
    if earlier and not options.force:
        return ImportResult(source=source, path=earlier.path, duplicate_of=earlier.path)
    path = earlier.path if earlier else article_path(article, site.articles_dir)
    if path in taken:
        raise ArticleImportError(f"{path} comes from an earlier source of this import too: nothing was written")
    markdown = format_article(article)
    exists = path.exists()
    if exists and options.check_existing and not options.force:
        raise ArticleImportError(f"{path} already exists: nothing was written (--force replaces it, keeping a backup)")
    replaced = exists and options.force
    backup = _backup_path(path, site) if replaced else None
    if options.write:
        if replaced:
            replace_file(path, markdown, backup=backup)
        else:
            try:
                write_new_file(path, markdown)
            except FileExistsError:
                raise ArticleImportError(f"{path} already exists: nothing was written") from None
    doubt = url_date_doubt(article.date, article.source.url if article.source else url)
    return ImportResult(source=source, article=article, path=path, text=markdown, duplicate_of=earlier.path if earlier else None,
                        backup=backup, replaced=replaced, warnings=(*warnings, *([doubt] if doubt else [])))


def _kind_of_response(content_type: str) -> str:
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media == "text/plain":
        return "text"
    if not media or media in ("application/octet-stream", "text/xml", "application/xml"):
        return ""  # decided by the content
    raise ArticleImportError(f"not a web page but {media}: give the address of the article's page")


def _backup_path(path: Path, site: ImportSite) -> Path:
    try:
        relative = path.relative_to(site.content_dir)
    except ValueError:
        relative = Path(path.name)
    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    base = site.backups_dir / relative.parent / f"{relative.name}.bak-{stamp}"
    candidate, number = base, 1
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{number}")
        number += 1
    return candidate
