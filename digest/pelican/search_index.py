"""The search index: Pagefind run on the article pages, one shard at a time (``digest.search``).

Each shard is indexed from a folder of hard links to its pages, beside the
output, into ``pagefind/<shard>/``; ``pagefind/shards.json`` lists the shards
(with a hash of the names of their pages and the Pagefind version), and the
search page reads it to merge them. A shard whose pages give Pagefind what the
last build's pages (``previous``) gave it is not indexed again: its folder is
linked in from there (``_index_holds``). The list depends only on the pages, so
it is byte for byte what a build from scratch writes. Pagefind dies with the build
(``dies_with_parent``): a killed build leaves no indexer running.

``digest build`` indexes in a thread of its own (``IndexingMeanwhile``) from the
moment the article pages are written, while another process renders the rest of
the site: the topics, editions and feeds take one core for seconds, and Pagefind
the other.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from digest.files import write_atomically
from digest.processes import cores, dies_with_parent
from digest.search import SHARD_LIMIT, indexed_view
from digest.search import shard_pages as split_into_shards

MANIFEST = "pagefind/shards.json"
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")


# Pagefinds at once: each holds its shard in memory (about 100 kB a page, so 200 MB for a
# full shard); two keep both cores busy on a cold build.
PARALLEL = 2
# Pages of a shard whose bytes changed and whose views are compared before the shard is simply
# indexed again: 200 pairs of views take about 0.6 s, indexing a shard of 2,000 pages 2.6 s.
VIEW_LIMIT = 200
SHARD_THREADS = 8  # shards looked at at once (the Pagefinds among them are PARALLEL at most)


class _Runs:
    """The Pagefinds of one index: at most as many at once as ``slots`` gives, none started after
    ``stop()``, which also kills those running."""

    def __init__(self, slots: threading.Semaphore | None = None, leftovers: list[Path] | None = None):
        self.slots = slots or threading.Semaphore(max(1, min(PARALLEL, cores())))
        # Where the folders of links Pagefind read go, for the caller to remove (after the build, in
        # the background: thousands of links); None: each is removed once its Pagefind has ended.
        self.leftovers = leftovers
        self.stopped = threading.Event()
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()

    def run(self, command: list[str]) -> tuple[int, str]:
        """``command``'s exit code and what it printed; (-1, ...) if stopped before or while it ran."""
        with self.slots:
            with self._lock:
                if self.stopped.is_set():
                    return -1, "stopped"
                process = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                    preexec_fn=dies_with_parent(),  # noqa: PLW1509 - only prctl, before exec
                )
                self._running.add(process)
            try:
                said, _ = process.communicate()
            finally:
                with self._lock:
                    self._running.discard(process)
            return process.returncode, said

    def stop(self) -> None:
        with self._lock:
            self.stopped.set()
            for process in self._running:
                process.kill()


class IndexingMeanwhile:
    """``index_for_search`` in a thread of its own, started (``start``) once the article pages are
    written, while another process still renders the rest of the site into the same folder (Pagefind
    reads only the article pages, and writes only ``pagefind/``). Until ``rendered()``, one Pagefind at
    a time: the render has the other core, and its memory would come on top of a second shard's."""

    def __init__(self, output: Path, previous: Path | None, *, shard_pages: int = SHARD_LIMIT):
        self._output, self._previous, self._shard_pages = output, previous, shard_pages
        self._slots = threading.Semaphore(PARALLEL)
        self._slots.acquire()  # the render's, until rendered()
        self._rendering = True
        self.leftovers: list[Path] = []  # the folders of links Pagefind read: the caller removes them
        self._runs = _Runs(self._slots, self.leftovers)
        self._thread: threading.Thread | None = None
        self._outcome: tuple[list[str], int] | BaseException = ([], 0)

    def start(self, pages: list[str]) -> None:
        def index() -> None:
            try:
                self._outcome = index_for_search(self._output, pages, self._previous,
                                                 shard_pages=self._shard_pages, runs=self._runs)
            except BaseException as error:  # noqa: BLE001 - raised by result(), in the build's thread
                self._outcome = error
        self._thread = threading.Thread(target=index, name="digest-search-index", daemon=True)
        self._thread.start()

    def rendered(self) -> None:
        if self._rendering:
            self._rendering = False
            self._slots.release()

    def result(self) -> tuple[list[str], int]:
        """(errors, shards indexed anew), once the index is made; (["..."], 0) if it was never started."""
        self.rendered()
        if self._thread is None:
            return ["search index failed: the article pages were never handed over"], 0
        self._thread.join()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        return self._outcome

    def stop(self) -> None:
        """The index is not wanted any more (the build failed or was stopped): no Pagefind is left
        running, and the thread has ended, when this returns."""
        self._runs.stop()
        self.rendered()
        if self._thread is not None:
            self._thread.join()


def index_for_search(output: Path, pages: list[str], previous: Path | None, *,
                     shard_pages: int = SHARD_LIMIT, runs: _Runs | None = None) -> tuple[list[str], int]:
    """Index ``pages`` (paths under ``output``) in shards of at most ``shard_pages``; (errors, shards indexed anew)."""
    runs = runs or _Runs()
    shards = split_into_shards(pages, shard_pages)
    known = _manifest(previous) if previous is not None else {}
    indexer = _pagefind_version()
    names = {name: _names_key(members) for name, members in shards.items()}

    def index_shard(name: str) -> str | None:
        """None if the last build's index of the shard holds (linked in), else what Pagefind said ('' if
        it indexed the shard anew)."""
        if _index_holds(known.get(name), names[name], indexer, output, previous, shards[name]) \
                and _link_tree(previous / "pagefind" / name, output / "pagefind" / name):
            return None
        return _run_pagefind(output, shards[name], output / "pagefind" / name, name, runs)

    # A thread per shard (up to SHARD_THREADS): whether a shard's index holds is found out while
    # another shard is being indexed; runs.slots keeps the Pagefinds running at once to PARALLEL.
    with ThreadPoolExecutor(max_workers=max(1, min(SHARD_THREADS, len(shards)))) as pool:
        outcomes = dict(zip(shards, pool.map(index_shard, shards)))
    failures = {name: outcome for name, outcome in outcomes.items() if outcome is not None}
    errors = [f"search index failed: {failure}" for failure in failures.values() if failure]
    manifest = [{"name": name, "names": names[name], "pages": len(members), "indexer": indexer}
                for name, members in shards.items() if not failures.get(name)]
    indexed = sum(1 for failure in failures.values() if not failure)
    if manifest:
        first = output / "pagefind" / manifest[0]["name"]
        for ui_file in _UI_FILES:
            if (first / ui_file).is_file():
                os.link(first / ui_file, output / "pagefind" / ui_file)
    write_atomically(output / MANIFEST, json.dumps({"bundles": [f"{shard['name']}/" for shard in manifest],
                                                    "shards": manifest}, indent=1) + "\n")
    return errors, indexed


def _names_key(members: list[str]) -> str:
    return hashlib.blake2b("\0".join(members).encode(), digest_size=12).hexdigest()


def _index_holds(known: dict | None, names: str, indexer: str, output: Path, previous: Path | None,
                 members: list[str]) -> bool:
    """Whether the last build's index of this shard indexes what this build's pages would give
    Pagefind: the same pages by name, the same Pagefind, and each page either the very file of the
    last build (the hard link an unchanged page is) or one with the same ``indexed_view``. An edit
    changes a few pages on other shards too (a neighbour's title in their "before" and "after"
    links, which Pagefind ignores): their shards keep their index. Pages rendered again into the same
    bytes (after an upgrade of digest) cost a comparison of bytes; past ``VIEW_LIMIT`` pages whose
    bytes changed (a template changed), comparing views would cost more than indexing the shard again."""
    if not known or previous is None or known.get("names") != names or known.get("indexer") != indexer:
        return False
    compared = 0
    try:
        for member in members:
            now, before = output / member, previous / member
            now_stat, before_stat = os.stat(now), os.stat(before)
            if (now_stat.st_ino, now_stat.st_dev) == (before_stat.st_ino, before_stat.st_dev):
                continue
            page, last = now.read_bytes(), before.read_bytes()
            if page == last:
                continue
            compared += 1
            if compared > VIEW_LIMIT:
                return False
            view = indexed_view(page.decode("utf-8", "replace"))
            if view is None or view != indexed_view(last.decode("utf-8", "replace")):
                return False
    except OSError:
        return False
    return True


def _pagefind_version() -> str:
    try:
        return version("pagefind")
    except PackageNotFoundError:
        return ""


def _manifest(previous: Path) -> dict[str, dict]:
    try:
        data = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
        return {shard["name"]: shard for shard in data["shards"] if isinstance(shard, dict)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _link_tree(source: Path, target: Path) -> bool:
    """``target`` as a tree of hard links to ``source``'s files; False (and nothing left) if that fails."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
        return True
    except (OSError, shutil.Error):
        shutil.rmtree(target, ignore_errors=True)
        return False


def _run_pagefind(output: Path, members: list[str], target: Path, name: str, runs: _Runs) -> str:
    """Index ``members`` into ``target``: '' or what went wrong. The folder of links to the pages is
    named after the output (``.output.building-…-search-NAME``), so a killed build's is removed with its staging."""
    if runs.stopped.is_set():
        return "stopped"
    source = output.with_name(f"{output.name}-search-{name}")
    shutil.rmtree(source, ignore_errors=True)
    try:
        for member in members:
            link, page = os.path.join(source, member), os.path.join(output, member)
            try:
                os.link(page, link)
            except FileNotFoundError:  # its folder first (os.path, not pathlib: a shard is thousands of pages)
                os.makedirs(os.path.dirname(link), exist_ok=True)
                os.link(page, link)
        code, said = runs.run(
            [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(target), "--silent"])
        return "" if code == 0 else said.strip() or f"Pagefind ended with code {code}"
    except OSError as error:
        return str(error)
    finally:
        if runs.leftovers is None:
            shutil.rmtree(source, ignore_errors=True)
        else:
            runs.leftovers.append(source)
