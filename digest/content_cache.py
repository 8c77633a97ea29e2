"""What checking and reading each article file made, kept between builds in ``.cache/digest/``.

Reading is most of a build: the front matter parsed, the body and summary
converted from Markdown and sanitised. A ``ContentCache`` does that once per
file *text*: an entry is keyed by the file's path and a hash of its bytes, and
the whole cache by a fingerprint of what else shapes the result (digest's own
code, the versions of the libraries it reads with, the settings that change
the HTML); a file whose status (times, size, inode) is the one its entry recorded is not
read at all (``_stamp``). ``digest check`` and ``digest build`` share it: the check finds each
file's problems through ``check_all``, and Pelican's reader (``DigestReader``)
takes the converted HTML that ``save`` wrote from ``StoredReads``, so an
unchanged file is parsed by neither. Files not in the cache are done by a pool of processes, one per core.

The cache is a folder of pickles, the entries spread over ``SHARDS`` shards by
a hash of their path, so that a build after one edit rewrites one shard, not the
whole cache (hundreds of megabytes at 10,000 articles). Each shard is two files:
the checks (``NN.check.pickle``), which every run loads, and the HTML
(``NN.read.pickle``), which only Pelican's reader loads, the first time it asks.
So ``digest check``, and a build that finds nothing changed, never load the HTML,
and the process that renders the site never holds the checks. The files live in
the site's own folder, beside the ``pelicanconf.py`` every build executes, so
they are trusted as that file is. A file that cannot be read (another Python, a
killed write) is started afresh: its entries are read again.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
import signal
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.articles import parse_article
from digest.check import FileCheck, check_file, unreadable_problem
from digest.errors import ContentError
from digest.files import write_atomically
from digest.markdown_html import MarkdownConverter
from digest.model import Article, Problem
from digest.processes import cores
from digest.related import WordCounts, count_words, words_of
from digest.sanitize import html_to_text, image_hosts_of

if TYPE_CHECKING:
    from digest.config import SiteConfig

CACHE_DIR = Path(".cache") / "digest" / "content"
SHARDS = 64  # files the entries are spread over
CONTENT_CACHE = "DIGEST_CONTENT_CACHE"  # the settings key that hands a build's cache to the reader
FORMAT = 6  # of the files; a change makes older caches start afresh
_LIBRARIES = ("markdown", "nh3", "pyyaml", "pelican")
# Below this many files to do, a pool costs more than it saves.
POOL_THRESHOLD = 64


@dataclass(frozen=True)
class ReadArticle:
    """What the reader makes of an article file without errors."""

    article: Article
    body_html: str
    summary_html: str
    plain_summary: str  # the summary's words, without Markdown or HTML
    # What related articles are ranked by (digest.related.words_of, counted: WordCounts). None
    # without a summary: then Pelican's summary is the start of the body, which the ranking reads
    # from Pelican's article.
    related_words: WordCounts | None = None


def convert_article(article: Article, converter: MarkdownConverter) -> ReadArticle:
    summary_html = converter.convert(article.summary) if article.summary else ""
    return ReadArticle(article, converter.convert(article.body), summary_html,
                       html_to_text(summary_html) if summary_html else "",
                       count_words(words_of(article.title, summary_html, article.body)) if summary_html else None)


@dataclass(frozen=True)
class _Entry:
    digest: bytes  # of the file's bytes
    check: FileCheck
    converted: bool  # its ReadArticle is in the shard's read file (digest check does not convert; nor is a file with errors)
    stamp: tuple | None = None  # the file's status when those bytes were read (``_stamp``): the same status, the same bytes


# A file's status (``os.stat``) stands for its bytes, so that a run with nothing changed reads no
# file (50,000 files: 390 MB, from disk when the page cache has let them go), as git's index does:
# the modification and change times, size and inode. The change time cannot be set back (``touch
# -d`` and ``cp -p`` set it to now), so a file written again has a new one, unless it was written
# within the clock's tick of the moment its status was taken: a status is kept only of a file that
# had not changed for this long by then (a "racily clean" file in git's words is read every time).
_SETTLED_NS = 2_000_000_000
# Windows' st_ctime is the creation time, which a write leaves alone: there, every file is read.
_STAMPS = os.name == "posix"


def _stamp(status: os.stat_result, now_ns: int) -> tuple | None:
    """The stamp of a file from its status taken (before reading it) at ``now_ns``; None when it changed too recently."""
    if not _STAMPS or status.st_ctime_ns > now_ns - _SETTLED_NS or status.st_mtime_ns > now_ns - _SETTLED_NS:
        return None
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino, status.st_dev


def _topics_key(entry: _Entry) -> str | None:
    """The topics.yaml text the entry's timelines were worked out for (digest.check._topics_on)."""
    found = entry.check.entry
    return found.on_topics[0] if found is not None and found.on_topics else None


def _hash(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=20).digest()


def fingerprint(markdown_settings: Mapping[str, Any], image_hosts: Iterable[str], articles: str) -> str:
    """What, besides a file's bytes, shapes what checking and reading it make."""
    code = hashlib.blake2b(digest_size=20)
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        code.update(path.read_bytes())
    libraries = {}
    for name in _LIBRARIES:
        try:
            libraries[name] = version(name)
        except PackageNotFoundError:
            libraries[name] = None
    shape = json.dumps({"format": FORMAT, "code": code.hexdigest(), "libraries": libraries,
                        "markdown": markdown_settings, "image_hosts": list(image_hosts), "articles": articles},
                       sort_keys=True, default=repr)
    return hashlib.blake2b(shape.encode(), digest_size=20).hexdigest()


class ContentCache:
    """Each article file's check and conversion, by path and bytes; see the module's notes. It
    loads the checks; the HTML it makes is written by ``save`` and read back by ``StoredReads``."""

    def __init__(self, path: Path, *, markdown_settings: Mapping[str, Any], image_hosts: Iterable[str],
                 articles: str, convert: bool = True, workers: int | None = None):
        self.path = path
        self.convert = convert  # convert the files without errors too (a build will read them)
        self.markdown_settings = dict(markdown_settings)
        self.image_hosts = tuple(image_hosts)
        self.articles = articles
        self.workers = workers if workers is not None else cores()
        self.fingerprint = fingerprint(self.markdown_settings, self.image_hosts, articles)
        self._entries: dict[str, _Entry] = _load(self.path, "check", self.fingerprint)
        # Each loaded entry's topics key (see digest.check._topics_on): one that changed is saved again.
        self._topics_keys = {path: _topics_key(entry) for path, entry in self._entries.items()}
        self._fresh: dict[str, ReadArticle] = {}  # converted this run, not in the read files yet
        self._used: set[str] = set()
        self._dirty: set[int] = set()  # shards with an entry added or changed since they were loaded
        # Entries whose bytes are the same under a new stamp: whether each had another one before (not
        # one too fresh for a stamp).
        self._restamped: dict[str, bool] = {}
        self._reads_present: dict[int, bool] = {}
        self._versions: dict[str, bytes] = {}  # absolute path -> digest of the bytes checked this run
        self._site_dir: Path | None = None  # of the last check_all
        self.hits = self.misses = 0

    # --- the check -------------------------------------------------------------------------

    @classmethod
    def of(cls, config: "SiteConfig", *, convert: bool) -> "ContentCache":
        """The cache of ``config``'s site, as its settings shape the HTML (Pelican's MARKDOWN
        replaces Pelican's default whole, as here)."""
        from pelican.settings import DEFAULT_CONFIG

        return cls(config.root / CACHE_DIR,
                   markdown_settings=config.settings.get("MARKDOWN", DEFAULT_CONFIG["MARKDOWN"]),
                   image_hosts=image_hosts_of(config.settings.get("DIGEST_IMAGE_HOSTS") or ())[0],
                   articles=config.relative(config.articles_dir), convert=convert)

    def check_all(self, site_dir: Path, paths: Iterable[str], *, articles: str) -> tuple[dict[str, FileCheck], list[Problem]]:
        """As ``CheckCache.check_all``, the files not known done by the pool (``articles`` is the folder
        the cache was opened for: ``of`` takes it from the same config)."""
        convert = self.convert
        self._site_dir = site_dir
        checked: dict[str, FileCheck] = {}
        unreadable: list[Problem] = []
        to_do: list[tuple[str, tuple | None]] = []
        now = time.time_ns()
        for path in paths:
            entry = self._entries.get(path)
            usable = entry is not None and (
                not convert or not entry.check.ok or (entry.converted and self._has_reads(shard_of(path))))
            full_path = site_dir / path
            try:
                stamp = _stamp(os.stat(full_path), now)  # taken before the bytes are read
                if usable and stamp is not None and stamp == entry.stamp:
                    checked[path] = entry.check
                    self.hits += 1
                    continue
                raw = full_path.read_bytes()
            except OSError as error:
                unreadable.append(unreadable_problem(path, error))
                continue
            if usable and entry.digest == _hash(raw):
                if stamp != entry.stamp:  # the same bytes (a fresh clone, a file saved unchanged)
                    self._entries[path] = replace(entry, stamp=stamp)
                    self._restamped[path] = entry.stamp is not None
                checked[path] = entry.check
                self.hits += 1
            else:
                to_do.append((path, stamp))
        for path, entry, read in self._prepare(site_dir, to_do, convert):
            if isinstance(entry, OSError):
                unreadable.append(unreadable_problem(path, entry))
                continue
            self._entries[path] = entry
            if read is not None:
                self._fresh[path] = read
            self._dirty.add(shard_of(path))
            checked[path] = entry.check
        self.misses += len(to_do)
        self._used.update(checked)
        self._versions.update((os.path.join(site_dir, path), self._entries[path].digest) for path in checked)
        return checked, unreadable

    def bodies(self, paths: Iterable[str]) -> dict[str, str]:
        """The Markdown body of each file at ``paths`` as the check read it, for the entries that left
        it out (``digest.check._Entry.body_left_out``): the topics' match rules need it again after
        topics.yaml changed. From the shards' read files, else the file parsed again."""
        found: dict[str, str] = {}
        by_shard: dict[int, list[str]] = {}
        for path in paths:
            read = self._fresh.get(path)
            if read is not None:
                found[path] = read.article.body
            elif path in self._entries:
                by_shard.setdefault(shard_of(path), []).append(path)
        for shard, members in sorted(by_shard.items()):
            reads = _load_shard(self.path, shard, "read", self.fingerprint)
            for path in members:
                known = reads.get(path)
                if known is not None and known[0] == self._entries[path].digest:
                    found[path] = known[1].article.body
                else:
                    found[path] = self._body_from_file(path)
        return found

    def _body_from_file(self, path: str) -> str:
        try:
            raw = (self._site_dir / path).read_bytes() if self._site_dir is not None else b""
            return parse_article(raw.decode("utf-8")).body
        except (OSError, UnicodeDecodeError, ContentError):
            return ""  # the check of the file itself says what is wrong with it

    def sources(self, now) -> list[tuple[str, bytes, str]]:
        """(path, hash of its bytes, whether the site shows it at ``now``) of each file checked this
        run, sorted; the state is "error" for a file that could not be read as an article."""
        found = []
        for path in sorted(self._used):
            entry = self._entries[path]
            article = entry.check.entry.article if entry.converted and entry.check.entry is not None else None
            found.append((path, entry.digest, article.state(now) if article is not None else "error"))
        return found

    @property
    def versions(self) -> dict[str, bytes]:
        """For each file checked this run (by absolute path), the hash of its bytes: see ``version_of``."""
        return self._versions

    def _has_reads(self, shard: int) -> bool:
        if shard not in self._reads_present:
            self._reads_present[shard] = _shard_path(self.path, shard, "read").is_file()
        return self._reads_present[shard]

    def _prepare(self, site_dir: Path, paths: list[tuple[str, tuple | None]], convert: bool):
        jobs = [(str(site_dir / path), path, stamp) for path, stamp in paths]
        options = (self.markdown_settings, self.image_hosts, self.articles, convert)
        if len(jobs) < POOL_THRESHOLD or self.workers < 2:
            _start_worker(*options)
            yield from map(_prepare_one, jobs)
            return
        # Forked: the workers start with everything imported, and end with the pool.
        pool = multiprocessing.get_context("fork").Pool(self.workers, _start_worker, options)
        try:
            yield from pool.imap(_prepare_one, jobs, chunksize=32)
            pool.close()
        finally:
            pool.terminate()
            pool.join()

    # --- on disk --------------------------------------------------------------------------

    def save(self) -> None:
        """Write the shards whose entries changed since they were loaded (a file read anew, or one
        gone: deleted files drop out): its HTML first, then its checks, so that a check file never
        says converted of a file whose HTML is not in the read file beside it. A shard where only the
        topics some files are on changed (topics.yaml did), or only the stamps of some files, has its
        checks written, not its HTML."""
        dirty = self._dirty | {shard_of(path) for path in set(self._entries) - self._used}
        checks_only = {shard_of(path) for path in self._used
                       if _topics_key(self._entries[path]) != self._topics_keys.get(path)}
        # New stamps are saved with the checks, unless most files had another: a fresh clone with the
        # cache of an earlier run (CI's), whose next run is a fresh clone again, where rewriting every
        # shard's checks would cost each run more than the stamps could save.
        if sum(self._restamped.values()) * 2 <= len(self._used):
            checks_only |= {shard_of(path) for path in self._restamped}
        checks_only -= dirty
        members: dict[int, list[str]] = {shard: [] for shard in dirty | checks_only}
        for path in self._used:
            shard = shard_of(path)
            if shard in members:
                members[shard].append(path)
        try:
            for shard, paths in sorted(members.items()):
                if shard in dirty:
                    self._save_shard(shard, sorted(paths))
                else:
                    self._save_checks(shard, {path: self._entries[path] for path in sorted(paths)})
        except OSError:
            return  # a read-only site: the cache only saves time, the next run reads the files again
        self._dirty -= dirty
        self._restamped.clear()
        self._fresh.clear()  # in the read files now (``bodies`` and StoredReads find them there)
        (self.path.parent / "content.pickle").unlink(missing_ok=True)  # the one file of digest before FORMAT 2

    def _save_shard(self, shard: int, paths: list[str]) -> None:
        kept_before: dict[str, tuple[bytes, ReadArticle]] | None = None
        entries: dict[str, _Entry] = {}
        reads: dict[str, tuple[bytes, ReadArticle]] = {}
        for path in paths:
            entry = self._entries[path]
            read = self._fresh.get(path)
            if read is None and entry.converted:
                if kept_before is None:  # the HTML of the shard's unchanged files, as the last run saved it
                    kept_before = _load_shard(self.path, shard, "read", self.fingerprint)
                known = kept_before.get(path)
                read = known[1] if known is not None and known[0] == entry.digest else None
                if read is None:
                    entry = replace(entry, converted=False)  # converted again next time
            if read is not None:
                reads[path] = (entry.digest, read)
            entries[path] = entry
        write_atomically(_shard_path(self.path, shard, "read"),
                         pickle.dumps((self.fingerprint, reads), protocol=pickle.HIGHEST_PROTOCOL))
        self._reads_present[shard] = True
        self._save_checks(shard, entries)
        _shard_path(self.path, shard, "").unlink(missing_ok=True)  # the shard's one file before FORMAT 3

    def _save_checks(self, shard: int, entries: dict[str, _Entry]) -> None:
        # Without the articles' bodies (most of their size): every run loads the checks, and only the
        # topics' match rules read a body, which they get again through ``bodies``.
        kept = {path: replace(entry, check=entry.check.without_body()) for path, entry in entries.items()}
        write_atomically(_shard_path(self.path, shard, "check"),
                         pickle.dumps((self.fingerprint, kept), protocol=pickle.HIGHEST_PROTOCOL))
        self._entries.update(entries)
        self._topics_keys.update((path, _topics_key(entry)) for path, entry in entries.items())


class StoredReads:
    """What the last check saved of each article file's HTML (``ContentCache.save``), for Pelican's
    reader: the read files are loaded the first time it asks, never by a run that only checks.
    ``fingerprint`` is the ``ContentCache``'s that saved them and ``versions`` its ``versions``
    (the build's check hands both over): the reader gets the HTML of the very bytes the check
    read, without reading or hashing the file again."""

    def __init__(self, path: Path, fingerprint: str, versions: Mapping[str, bytes]):
        self.path = path
        self.fingerprint = fingerprint
        self.versions = versions
        self._reads: dict[int, dict[str, tuple[bytes, ReadArticle]]] = {}  # by shard, each loaded when first asked

    @classmethod
    def of(cls, config: "SiteConfig", fingerprint: str, versions: Mapping[str, bytes]) -> "StoredReads":
        return cls(config.root / CACHE_DIR, fingerprint, versions)

    def read(self, path: str, full_path: str) -> ReadArticle | None:
        """The conversion of the file at ``path`` (relative to the site; ``full_path`` as the check
        and Pelican name it) as the check read it, if known; else None (the reader converts it)."""
        version = self.versions.get(full_path)
        if version is None:
            return None
        # Only the shard of the path: after one edit the reader asks for one file (the others come
        # from digest.pelican.article_cache), and the read files are most of the cache.
        shard = shard_of(path)
        if shard not in self._reads:
            self._reads[shard] = _load_shard(self.path, shard, "read", self.fingerprint)
        known = self._reads[shard].get(path)
        return known[1] if known is not None and known[0] == version else None

    def forget(self) -> None:
        """Every article is read: what the read files held that the articles do not keep is let go."""
        self._reads = {}


def version_of(versions: Mapping[str, bytes]) -> Callable[[Any], tuple[str, bytes | None]]:
    """A function giving of an article a value that changes whenever its file does (its path and the
    hash of its bytes), from ``ContentCache.versions``: what a page shows of an article (``Plan``)."""
    return lambda article: (article.source_path, versions.get(article.source_path))


def _shard_path(folder: Path, shard: int, kind: str) -> Path:
    return folder / (f"{shard:02x}.{kind}.pickle" if kind else f"{shard:02x}.pickle")


# What loading a cache's pickle may raise when the file is damaged, cut short or written by another
# version of digest: a cache that cannot be read only costs time, never a build.
LOAD_ERRORS = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError,
               IndexError, KeyError)


def _load_shard(folder: Path, shard: int, kind: str, expected: str) -> dict:
    try:
        with open(_shard_path(folder, shard, kind), "rb") as handle:
            stored_fingerprint, stored = pickle.load(handle)
    except LOAD_ERRORS:
        return {}
    return stored if stored_fingerprint == expected and isinstance(stored, dict) else {}


def _load(folder: Path, kind: str, expected: str) -> dict:
    entries: dict = {}
    for shard in range(SHARDS):
        entries.update(_load_shard(folder, shard, kind, expected))
    return entries


def shard_of(path: str) -> int:
    """Which of ``SHARDS`` files an entry for ``path`` goes in (digest.pelican.article_cache's too)."""
    return hashlib.blake2b(path.encode(), digest_size=2).digest()[0] % SHARDS


# --- the work of one file, in a worker process (or this one) ---------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(markdown_settings, image_hosts, articles, convert) -> None:
    if multiprocessing.parent_process() is not None:
        # A worker: the pool stops it with SIGTERM, and Ctrl-C is for the build to handle.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _worker.get("options") != (markdown_settings, image_hosts, articles, convert):
        _worker.update(options=(markdown_settings, image_hosts, articles, convert), articles=articles,
                       converter=MarkdownConverter(markdown_settings, image_hosts) if convert else None)


def _prepare_one(job: tuple[str, str, tuple | None]) -> tuple[str, "_Entry | OSError", ReadArticle | None]:
    full_path, path, stamp = job
    try:
        with open(full_path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        return path, error, None
    check = check_file(path, raw, articles=_worker["articles"])
    read = None
    converter = _worker["converter"]
    if converter is not None and check.ok and check.entry is not None and check.entry.article is not None:
        read = convert_article(check.entry.article, converter)
    return path, _Entry(_hash(raw), check.compact(), read is not None, stamp), read
