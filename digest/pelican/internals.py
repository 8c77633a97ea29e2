"""The one door to Pelican's insides: every name Pelican keeps private that digest uses is used here.

Pelican gives no public hook for what the preview needs (its own generator
classes and writer for a run, the reader cache kept in memory between runs,
skipping files it has already written). These helpers wrap the private names
that do it, for the Pelican versions they were written against; on any other
version ``check_version`` stops with a clear message instead of a wrong build.
``tests/unit/test_layout.py`` fails when a private Pelican name is used anywhere
else, and ``tests/e2e/test_preview.py`` when a Pelican release changes them.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from typing import Any

import pelican
from pelican import Pelican
from pelican.contents import Content
from pelican.utils import posixize_path
from pelican.writers import Writer

from digest.errors import DigestError
from digest.files import relative_to_folder

# Pelican releases whose insides this module was written against and tested with.
SUPPORTED = ((4, 11), (4, 12))


def pelican_version() -> tuple[int, int]:
    major, minor, *_ = (int(part) if part.isdigit() else 0 for part in pelican.__version__.split("."))
    return major, minor


def check_version() -> None:
    """Raise DigestError on a Pelican release this module was not written for."""
    if pelican_version() not in SUPPORTED:
        supported = ", ".join(f"{major}.{minor}" for major, minor in SUPPORTED)
        raise DigestError(
            f"error: digest works with Pelican {supported}, and Pelican {pelican.__version__} is installed: "
            f"install a supported release (pip install 'pelican>={SUPPORTED[0][0]}.{SUPPORTED[0][1]},"
            f"<{SUPPORTED[-1][0]}.{SUPPORTED[-1][1] + 1}')"
        )


class HookedPelican(Pelican):
    """Pelican with some generator classes replaced, more appended, and a writer of the caller's."""

    def __init__(self, settings: dict, *, replace: dict[type, type] | None = None, append: Iterable[type] = (),
                 writer: Callable[[str, dict], Writer] | None = None, stages=None):
        self._digest_replace = replace or {}
        self._digest_append = tuple(append)
        self._digest_writer = writer
        self._digest_stages = stages  # a digest.stages.Stages to time each generator's steps in
        _remember_relative_paths()
        super().__init__(settings)

    def _get_generator_classes(self):
        classes = [self._digest_replace.get(cls, cls) for cls in super()._get_generator_classes()]
        classes = [_in_file_order(cls) for cls in (*classes, *self._digest_append)]
        if self._digest_stages is None:
            return classes
        return [_timed(cls, self._digest_stages) for cls in classes]

    def _get_writer(self):
        if self._digest_writer is None:
            return super()._get_writer()
        return self._digest_writer(self.output_path, self.settings)


_relative_paths: dict[tuple[str, str, str], str | None] = {}


def _remember_relative_paths() -> None:
    """Pelican's ``Content.get_relative_source_path``, its answers remembered.

    Pelican asks it again for every address it formats (its ``url_format`` computes
    it as the default of a ``dict.get``, used or not): five times an article, each
    time two ``abspath`` and a ``relpath``, about a second per build at 10,000
    articles. The answer depends only on the content folder, the file and the
    working folder, which are the key.
    """
    if getattr(Content.get_relative_source_path, "digest_remembers", False):
        return
    ask_pelican = Content.get_relative_source_path

    def get_relative_source_path(self, source_path=None):
        source_path = source_path or self.source_path
        if source_path is None:
            return None
        content = self.settings["PATH"]
        key = (os.getcwd(), content, source_path)
        if key not in _relative_paths:
            # Pelican's answer, without its two abspath and relpath for the usual file under the folder.
            under = (os.path.isabs(source_path) and os.path.isabs(content)
                     and source_path.startswith(content.rstrip(os.sep) + os.sep)
                     and os.path.normpath(source_path) == source_path)
            _relative_paths[key] = (posixize_path(relative_to_folder(source_path, content)) if under
                                    else ask_pelican(self, source_path))
        return _relative_paths[key]

    get_relative_source_path.digest_remembers = True
    Content.get_relative_source_path = get_relative_source_path
    _remember_slugs()


def _remember_slugs() -> None:
    """Pelican's ``slugify``, its answers remembered (a pure function of its arguments). Every
    article makes its own Author, Category and Tag objects, and each works out its slug: ten thousand
    articles by fifty authors slugified the same fifty names ten thousand times."""
    import pelican.contents
    import pelican.urlwrappers

    if getattr(pelican.contents.slugify, "digest_remembers", False):
        return
    ask_pelican = pelican.contents.slugify

    @functools.lru_cache(maxsize=100_000)
    def remembered(value: str, regex_subs: tuple, preserve_case: bool, use_unicode: bool) -> str:
        return ask_pelican(value, regex_subs, preserve_case, use_unicode)

    def slugify(value, regex_subs=(), preserve_case=False, use_unicode=False):
        subs = tuple(tuple(pair) for pair in regex_subs)
        return remembered(str(value), subs, bool(preserve_case), bool(use_unicode))

    slugify.digest_remembers = True
    pelican.contents.slugify = slugify
    pelican.urlwrappers.slugify = slugify


class _NamesInOrder(set):
    """A set of file names that iterates in the order of the names (still a set: Pelican's static
    generator takes unions of it)."""

    def __iter__(self):
        return iter(sorted(set.__iter__(self)))


def _in_file_order(cls: type) -> type:
    """``cls`` reading its files in the order of their names.

    Pelican's ``get_files`` returns a set, which a process iterates in the order of
    its string hashes (random per process): articles sharing a date came out in a
    different order on every build, so every list page changed and was rendered
    again, and no two builds were byte for byte the same.
    """
    if not hasattr(cls, "get_files"):
        return cls

    def get_files(self, paths, exclude=None, extensions=None):
        return _NamesInOrder(super(ordered, self).get_files(paths, exclude=exclude, extensions=extensions))

    ordered = type(cls.__name__, (cls,), {"get_files": get_files, "__qualname__": cls.__qualname__,
                                          "__module__": cls.__module__})
    return ordered


def _timed(cls: type, stages) -> type:
    """``cls`` with its generate_context and generate_output timed as stages (Pelican calls only those it has)."""
    label = getattr(cls, "digest_stage", None) or cls.__name__.removeprefix("_").removesuffix("Generator").lower()
    methods = {}
    if hasattr(cls, "generate_context"):
        def generate_context(self):
            with stages.stage(f"{label}: gather"):
                return super(timed, self).generate_context()
        methods["generate_context"] = generate_context
    if hasattr(cls, "generate_output"):
        def generate_output(self, writer):
            with stages.stage(f"{label}: write"):
                return super(timed, self).generate_output(writer)
        methods["generate_output"] = generate_output
    timed = type(cls.__name__, (cls,), {**methods, "__qualname__": cls.__qualname__, "__module__": cls.__module__})
    return timed


class SkippingWriter(Writer):
    """Pelican's writer, but a file ``skips(filename)`` says was already written is not opened again."""

    def skips(self, filename: str) -> bool:
        return False

    def _open_w(self, filename, encoding, override=False):
        if self.skips(filename):
            return open(os.devnull, "w", encoding=encoding)
        return super()._open_w(filename, encoding, override)


def stamp_only_when_cached(cacher) -> None:
    """Pelican's reader stamps every file it reads twice (its modification time, looked up before and
    after reading), and its articles generator twice more, even when its cache is off and the stamps go
    nowhere: 40,000 stats of a 10,000-article build, half a second. Without a cache, no stamps.
    ``cacher`` is Pelican's ``Readers`` or a generator (``readers_init`` comes before Pelican's cache
    is set up: the settings say whether there will be one)."""
    if not cacher.settings.get("CACHE_CONTENT") and not cacher.settings.get("LOAD_CONTENT_CACHE"):
        cacher._get_file_stamp = lambda filename: None


def keep_reader_cache_in(readers, cache: dict[str, Any]) -> None:
    """Pelican's reader cache in ``cache`` (kept by the caller between runs, never pickled to disk), with
    a file's modification time taken *before* it is read.

    Pelican stamps the cache after reading: a save that lands while the file is
    being read would be stamped with the old text, and the next rebuild would
    keep showing that text. With the stamp taken first, such a save just makes
    the next rebuild read the file again.
    """
    readers._cache = cache
    readers.save_cache = lambda: None
    stamps: dict[str, Any] = {}
    get_cached_data, stamp_of = readers.get_cached_data, readers._get_file_stamp

    def get_cached_data_noting_the_stamp(filename, default=None):
        stamps[filename] = stamp_of(filename)
        return get_cached_data(filename, default)

    def cache_data_with_the_earlier_stamp(filename, data):
        stamp = stamps.pop(filename) if filename in stamps else stamp_of(filename)
        if readers._cache_data_policy:
            readers._cache[filename] = (stamp, data)

    readers.get_cached_data = get_cached_data_noting_the_stamp
    readers.cache_data = cache_data_with_the_earlier_stamp


def forget_memoized() -> None:
    """Pelican memoizes an article's HTML and summary in dicts on its ``Content`` class, keyed by the
    article: in a session of many builds, every build would stay in memory through them."""
    for name in ("get_content", "get_summary"):
        cache = getattr(Content.__dict__.get(name), "cache", None)
        if isinstance(cache, dict):
            cache.clear()
