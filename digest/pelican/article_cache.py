"""Pelican's article objects of the last build, kept in ``.cache/digest/articles/`` for the next one.

After one edit, most of what remains of a build is Pelican making ten thousand
article objects again from read files that did not change: each one's
metadata, dates, authors, category, slug and addresses (3 s at 10,000
articles). ``ArticleCache`` keeps each published article as Pelican made it,
pickled once the articles generator has gathered, keyed by its file's path and the hash of its
bytes (the check's ``ContentCache.versions``); the whole cache by a fingerprint
of digest's code, the libraries and the settings (``fingerprint``). An article
whose file changed, or one that is not published (a draft's date is the time of
the build; a scheduled story becomes published by the clock), is read again.

The objects point at the build's settings and context (an article's, its
authors' and its category's ``settings``, its ``_context``): those are left out
of the pickles and put back as the live ones on loading (``persistent_id``).
An article loaded from here is not announced again (Pelican's own generator
cache does the same): the signals of reading it (``content_object_init``) ran
when it was made, and what digest's handler worked out is in the pickle.

Pelican's own content cache is not used: it keys entries by modification time
or by hashing every file again, loads all of it at once and pickles each
article's context with it, that is every other article.

Like the content cache, the files live in the site's own folder and are trusted
as its ``pelicanconf.py`` is. The entries are spread over ``SHARDS`` files by a
hash of their path, so that a build after one edit writes one of them again.
"""

from __future__ import annotations

import copy
import hashlib
import io
import pickle
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from digest.content_cache import LOAD_ERRORS, SHARDS, shard_of
from digest.files import write_atomically

CACHE_DIR = Path(".cache") / "digest" / "articles"
ARTICLE_CACHE = "DIGEST_ARTICLE_CACHE"  # the settings key that hands a build's ArticleCache to Pelican
_SETTINGS, _CONTEXT = "settings", "context"


def fingerprint(content_fingerprint: str, settings_key: str) -> str:
    """What shapes an article object besides its file: what the content cache's fingerprint covers
    (digest's code, the libraries, the HTML settings) and every setting (``settings_key``: them all
    as text that is the same from one run to the next, as the build's page state takes them)."""
    return hashlib.blake2b(f"{content_fingerprint}\0{settings_key}".encode(), digest_size=20).hexdigest()


class _Pickler(pickle.Pickler):
    def __init__(self, file, settings, context):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._live = {id(settings): _SETTINGS, id(context): _CONTEXT}

    def persistent_id(self, obj):
        return self._live.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, settings, context):
        super().__init__(file)
        self._live = {_SETTINGS: settings, _CONTEXT: context}

    def persistent_load(self, pid):
        return self._live[pid]


class ArticleCache:
    """The article objects of the last build, by source path (Pelican's, absolute); see the module's
    notes. ``versions`` maps each source path to the hash of its bytes (``ContentCache.versions``):
    an article is reused only for the very bytes it was made from."""

    def __init__(self, folder: Path, fingerprint: str, versions: Mapping[str, bytes]):
        self.folder = folder
        self.fingerprint = fingerprint
        self.versions = versions
        self._loaded: dict[int, dict[str, tuple[bytes, Any]]] = {}  # by shard: path -> (version, article), until asked
        self._kept: dict[int, dict[str, tuple[bytes, Any]]] = {}  # by shard: the articles reused this build
        self._made: dict[int, dict[str, tuple[bytes, Any]]] = {}  # by shard: the articles made anew, to keep
        self._stale: set[int] = set()  # shards holding an entry that no longer holds
        self.reused = 0

    def get(self, source_path: str, settings: dict, context: dict):
        """The article made from the file at ``source_path`` as it is now, or None."""
        version = self.versions.get(source_path)
        if version is None:
            return None
        shard = shard_of(source_path)
        known = self._entries_of(shard, settings, context).pop(source_path, None)  # each is asked for once a build
        if known is None:
            return None
        if known[0] != version:
            self._stale.add(shard)  # written again without it
            return None
        self._kept.setdefault(shard, {})[source_path] = known
        self.reused += 1
        return known[1]

    def put(self, article) -> None:
        """Keep ``article``, just made, for the next build if it is published and the check hashed its
        file (it is pickled by ``save``, once its generator has gathered every article)."""
        version = self.versions.get(article.source_path)
        if version is not None and article.status == "published" and article.metadata.get("publication") == "published":
            self._made.setdefault(shard_of(article.source_path), {})[article.source_path] = (version, article)

    def save(self, settings: dict, context: dict) -> None:
        """Write the shards whose articles changed: one with an article made anew, one holding an
        article whose file changed, or one holding an article not asked for (its file is gone). Never
        raises: the cache only saves time."""
        try:
            for shard in range(SHARDS):
                left_over = self._loaded[shard] if shard in self._loaded else self._path(shard).exists()
                if shard not in self._made and shard not in self._stale and not left_over:
                    continue  # every article it holds was reused: the file holds what it should
                entries = {**self._kept.get(shard, {}), **self._made.get(shard, {})}
                if entries:
                    write_atomically(self._path(shard), pickle.dumps((self.fingerprint, self._pickled(entries, settings, context)),
                                                                     protocol=pickle.HIGHEST_PROTOCOL))
                else:
                    self._path(shard).unlink(missing_ok=True)
        except OSError:
            pass  # a read-only site: the next build makes its articles again
        self._loaded, self._kept, self._made, self._stale = {}, {}, {}, set()

    @staticmethod
    def _pickled(entries: dict[str, tuple[bytes, Any]], settings: dict, context: dict) -> bytes:
        kept = {}
        for path, (version, article) in sorted(entries.items()):
            article = copy.copy(article)
            # As read_file makes it: Pelican works out the translations again (they are other articles).
            article.translations = []
            kept[path] = (version, article)
        buffer = io.BytesIO()
        _Pickler(buffer, settings, context).dump(kept)
        return buffer.getvalue()

    def _path(self, shard: int) -> Path:
        return self.folder / f"{shard:02x}.pickle"

    def _entries_of(self, shard: int, settings: dict, context: dict) -> dict[str, tuple[bytes, Any]]:
        if shard not in self._loaded:
            entries, present = {}, False
            try:
                with open(self._path(shard), "rb") as handle:
                    present = True
                    stored_fingerprint, pickled = pickle.load(handle)
                if stored_fingerprint == self.fingerprint:
                    entries = _Unpickler(io.BytesIO(pickled), settings, context).load()
            except LOAD_ERRORS:
                entries = {}
            if not isinstance(entries, dict):
                entries = {}
            if present and not entries:
                self._stale.add(shard)  # another fingerprint's, or not readable: written again
            self._loaded[shard] = entries
        return self._loaded[shard]
