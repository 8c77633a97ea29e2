"""The search index: Pagefind, given each article's searchable text (``digest.search``), one shard at a time.

Each shard is indexed into ``pagefind/<shard>/``; ``pagefind/shards.json`` lists
the shards (with a hash of their documents and the Pagefind version), and the
search page reads it to merge them. A shard whose documents are those the last
build's index (``previous``) was made of is not indexed again: its folder is
linked in from there. The list depends only on the documents, so it is byte
for byte what a build from scratch writes. Pagefind dies with the build
(``dies_with_parent``): a killed build leaves no indexer running.

Pagefind reads no page: it is handed documents (``search_document``) in its
service mode, so the index can be made while the pages are still being
rendered, and no folder of links to ten thousand pages is made for it to walk.
``digest build`` indexes in a thread of its own (``IndexingMeanwhile``) from the
moment Pelican has gathered the articles, while another process renders the
site: Pagefind takes a core while the pages that are rendered on one (topics,
editions, feeds) are written.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from digest.files import write_atomically
from digest.processes import cores, dies_with_parent
from digest.search import SHARD_LIMIT, documents_key
from digest.search import shard_pages as split_into_shards

MANIFEST = "pagefind/shards.json"
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")

# A page's save_as (its path in the output) -> (its address as Pagefind gives it, its document).
Documents = Mapping[str, tuple[str, str]]

# Pagefinds at once: each holds its shard in memory (about 100 kB a page, so 200 MB for a
# full shard); two keep both cores busy on a cold build.
PARALLEL = 2
SHARD_THREADS = 8  # shards looked at at once (the Pagefinds among them are PARALLEL at most)


class _Runs:
    """The Pagefinds of one index: at most as many at once as ``slots`` gives, none started after
    ``stop()``, which also kills those running."""

    def __init__(self, slots: threading.Semaphore | None = None):
        self.slots = slots or threading.Semaphore(max(1, min(PARALLEL, cores())))
        self.stopped = threading.Event()
        self._running: set[subprocess.Popen] = set()
        self._lock = threading.Lock()

    def run(self, command: list[str], talk: Callable[[subprocess.Popen], str], *, cwd: Path | None = None) -> str:
        """``command`` started with pipes to and from it, and ``talk(process)``'s answer: '' or what
        went wrong; "stopped" if stopped before or while it ran."""
        with self.slots:
            with self._lock:
                if self.stopped.is_set():
                    return "stopped"
                process = subprocess.Popen(
                    command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd,
                    preexec_fn=dies_with_parent(),  # noqa: PLW1509 - only prctl, before exec
                )
                self._running.add(process)
            try:
                said = talk(process)
            finally:
                process.kill()  # its work is done, or not wanted
                process.wait()
                for pipe in (process.stdin, process.stdout):
                    pipe.close()
                with self._lock:
                    self._running.discard(process)
            return "stopped" if self.stopped.is_set() else said

    def stop(self) -> None:
        with self._lock:
            self.stopped.set()
            for process in self._running:
                process.kill()


class IndexingMeanwhile:
    """``index_for_search`` in a thread of its own, started (``start``) once Pelican has gathered the
    articles, while another process renders the site into the same folder (Pagefind writes only
    ``pagefind/``). Until ``rendered()``, one Pagefind at a time: the render has the other core, and
    its memory would come on top of a second shard's."""

    def __init__(self, output: Path, previous: Path | None, *, shard_pages: int = SHARD_LIMIT):
        self._output, self._previous, self._shard_pages = output, previous, shard_pages
        self._slots = threading.Semaphore(PARALLEL)
        self._slots.acquire()  # the render's, until rendered()
        self._rendering = True
        self._runs = _Runs(self._slots)
        self._thread: threading.Thread | None = None
        self._outcome: tuple[list[str], int] | BaseException = ([], 0)

    def start(self, documents: Documents) -> None:
        def index() -> None:
            try:
                self._outcome = index_for_search(self._output, documents, self._previous,
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
            return ["search index failed: the articles were never handed over"], 0
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


def index_for_search(output: Path, documents: Documents, previous: Path | None, *,
                     shard_pages: int = SHARD_LIMIT, runs: _Runs | None = None) -> tuple[list[str], int]:
    """Index ``documents`` (by the paths of their pages under ``output``, which place them in shards)
    in shards of at most ``shard_pages``; (errors, shards indexed anew)."""
    runs = runs or _Runs()
    shards = split_into_shards(documents, shard_pages)
    known = _manifest(previous) if previous is not None else {}
    indexer = _pagefind_version()
    keys = {name: documents_key(documents[page] for page in members) for name, members in shards.items()}

    def index_shard(name: str) -> str | None:
        """None if the last build's index of the shard holds (linked in), else what Pagefind said ('' if
        it indexed the shard anew)."""
        was = known.get(name) or {}
        if previous is not None and (was.get("documents"), was.get("indexer")) == (keys[name], indexer) \
                and _link_tree(previous / "pagefind" / name, output / "pagefind" / name):
            return None
        return _run_pagefind([documents[page] for page in shards[name]], output / "pagefind" / name, runs)

    # A thread per shard (up to SHARD_THREADS): a shard that holds is linked in while another is being
    # indexed; runs.slots keeps the Pagefinds running at once to PARALLEL.
    with ThreadPoolExecutor(max_workers=max(1, min(SHARD_THREADS, len(shards)))) as pool:
        outcomes = dict(zip(shards, pool.map(index_shard, shards)))
    failures = {name: outcome for name, outcome in outcomes.items() if outcome is not None}
    errors = [f"search index failed: {failure}" for failure in failures.values() if failure]
    manifest = [{"name": name, "documents": keys[name], "pages": len(members), "indexer": indexer}
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


def _pagefind_binary() -> str:
    # The binary the pagefind package installs (pagefind_bin), or the one PAGEFIND_BINARY_PATH names.
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise FileNotFoundError("the Pagefind binary is not installed (pip install 'pagefind[bin]')")
    return str(binary)


def _run_pagefind(documents: list[tuple[str, str]], target: Path, runs: _Runs) -> str:
    """Index ``documents`` ((address, HTML) pairs) into ``target``: '' or what went wrong. Pagefind works
    in ``target``'s parent, the build's output folder, where a killed build's is found."""
    if runs.stopped.is_set():
        return "stopped"
    try:
        return runs.run([_pagefind_binary(), "--service"],
                        lambda process: _index_in_service(process, documents, target), cwd=target.parent.parent)
    except OSError as error:
        return str(error)


# Pagefind's service mode is spoken here rather than through its Python package's client, which
# waits a tenth of a second before it reads each answer (pagefind.service's _wait_for_responses):
# 2,000 documents took 203 s through it, 2.2 s this way. Each message, both ways, is JSON in
# base64 followed by a comma; each request is answered once, with its message_id.
def _message(message_id: int, payload: dict) -> bytes:
    return base64.b64encode(json.dumps({"message_id": message_id, "payload": payload}).encode()) + b","


def _answers(stream):
    """The answers Pagefind writes to ``stream``, as they come."""
    pending = b""
    while chunk := stream.read1(1 << 16):
        pending += chunk
        *whole, pending = pending.split(b",")
        for message in whole:
            yield json.loads(base64.b64decode(message))


def _index_in_service(process: subprocess.Popen, documents: list[tuple[str, str]], target: Path) -> str:
    """One index of ``documents``, written to ``target`` by the Pagefind ``process`` (``--service``)."""
    answers = _answers(process.stdout)
    process.stdin.write(_message(0, {"type": "NewIndex", "config": None}))
    process.stdin.flush()
    first = next(answers, None)
    if first is None or first["payload"].get("type") != "NewIndex":
        return _problem(first, "Pagefind did not start an index")
    index = first["payload"]["index_id"]
    done = len(documents) + 1  # the last request's id: the index written

    def send() -> None:
        # In a thread of its own: Pagefind answers each document as it takes it, and would stop taking
        # them once the pipe of answers nobody read was full.
        try:
            for number, (url, html) in enumerate(documents, 1):
                process.stdin.write(_message(number, {"type": "AddFile", "index_id": index, "url": url,
                                                      "file_contents": html, "file_path": None}))
            process.stdin.write(_message(done, {"type": "WriteFiles", "index_id": index, "output_path": str(target)}))
            process.stdin.flush()
        except (BrokenPipeError, ValueError):  # Pagefind ended (or was killed): its answers say why
            pass

    sender = threading.Thread(target=send, name="digest-search-documents", daemon=True)
    sender.start()
    try:
        for answer in answers:
            if answer["payload"].get("type") == "Error":
                return _problem(answer, "Pagefind failed")
            if answer.get("message_id") == done:
                return ""  # written: what Pagefind does after that does not matter
        return f"Pagefind ended with code {process.wait()} before the index was written"
    finally:
        process.kill()  # a sender still writing to it stops too
        sender.join()


def _problem(answer: dict | None, what: str) -> str:
    message = (answer or {}).get("payload", {}).get("message") if answer else None
    return f"{what}: {message}" if message else what
