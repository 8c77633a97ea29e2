"""``digest import --watch INBOX/``: import every raw article dropped into a folder.

A file is imported once it is complete (its size and modification time have
not changed for a moment), with ``digest.importer.import_articles`` as ``digest
import`` would, then moved to ``INBOX/done/`` or ``INBOX/failed/`` with
``<name>.log`` beside it saying what was written or why nothing was. Files
already in the inbox when the watch starts are imported first. ``done/`` and
``failed/`` are not watched, and a file is never moved over another.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from digest.errors import DigestError
from digest.files import write_atomically
from digest.serve.watch import ChangeQueue, Watched, Watcher, is_ignored

DONE, FAILED = "done", "failed"
SETTLE_SECONDS = 0.5  # a file unchanged this long is complete
POLL_SECONDS = 0.1


@dataclass(frozen=True)
class Outcome:
    """What became of one dropped file."""

    source: Path  # where it was dropped
    moved_to: Path  # in done/ or failed/
    log: Path
    ok: bool
    message: str  # one line for the terminal: what was written, or the error


def log_text(name: str, results, when: dt.datetime) -> tuple[bool, str]:
    """(ok, the .log's text) for the ``ImportResult`` list of one dropped file."""
    lines = [f"{when:%Y-%m-%d %H:%M:%S} digest import --watch: {name}"]
    ok = bool(results) and not any(result.error for result in results)
    for result in results:
        if result.error:
            lines.append(f"failed: {result.error}")
        elif result.skipped:
            lines.append(f"skipped: already imported as {result.path} (digest import --force imports it again)")
        elif result.replaced:
            lines.append(f"replaced {result.path}; the old file is kept at {result.backup}")
        else:
            lines.append(f"wrote {result.path}")
        lines += [f"warning: {warning}" for warning in result.warnings]
    if not results:
        lines.append("failed: nothing to import in it")
    return ok, "\n".join(lines) + "\n"


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem-2.suffix`` and so on when that is taken (with its .log)."""
    candidate, number = folder / name, 1
    stem, suffix = os.path.splitext(name)
    while candidate.exists() or candidate.with_name(candidate.name + ".log").exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


class Settler:
    """Tells when dropped files are complete: seen with the same size and modification time for ``quiet`` seconds."""

    def __init__(self, quiet: float = SETTLE_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.quiet = quiet
        self._clock = clock
        self._seen: dict[Path, tuple[tuple[int, int] | None, float]] = {}

    def note(self, path: Path) -> None:
        self._seen.setdefault(path, (None, self._clock()))

    def ready(self, stat: Callable[[Path], tuple[int, int] | None]) -> list[Path]:
        """The noted files that are complete now (each handed out once); gone files are forgotten."""
        now, done = self._clock(), []
        for path, (last, since) in list(self._seen.items()):
            current = stat(path)
            if current is None:
                del self._seen[path]
            elif current != last:
                self._seen[path] = (current, now)
            elif now - since >= self.quiet:
                del self._seen[path]
                done.append(path)
        return sorted(done)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        result = path.stat()
    except OSError:
        return None
    return (result.st_size, result.st_mtime_ns) if path.is_file() else None


def import_dropped(path: Path, inbox: Path, site, topics_file: Path, options) -> Outcome:
    """``site``: a ``digest.importer.ImportSite`` (or a content folder of the plain layout)."""
    """Import one dropped file and move it to done/ or failed/ with its log."""
    from digest.importer import SUFFIXES, import_articles
    from digest.topics import parse_topics

    when = dt.datetime.now()
    try:
        if path.suffix.lower() not in SUFFIXES:
            raise DigestError(f"{path}: not a .txt, .html or .htm file: nothing was imported")
        topics = parse_topics(topics_file.read_text(encoding="utf-8")) if topics_file.exists() else ()
        results = import_articles([path], site, topics, options=options)
        ok, text = log_text(path.name, results, when)
    except DigestError as error:
        ok, text = False, f"{when:%Y-%m-%d %H:%M:%S} digest import --watch: {path.name}\nfailed: {error}\n"
    except Exception:  # noqa: BLE001 - one bad file must not stop the watch; its log keeps the traceback
        ok, text = False, (f"{when:%Y-%m-%d %H:%M:%S} digest import --watch: {path.name}\n"
                           f"failed: digest could not import it (a bug: please report it with this log)\n{traceback.format_exc()}")
    folder = inbox / (DONE if ok else FAILED)
    folder.mkdir(exist_ok=True)
    target = free_name(folder, path.name)
    os.replace(path, target)
    log = target.with_name(target.name + ".log")
    write_atomically(log, text)
    return Outcome(source=path, moved_to=target, log=log, ok=ok, message=_headline(text, ok))


def _headline(log: str, ok: bool) -> str:
    """The log's line for the terminal: what was written, or the first failure (warnings stay in the log)."""
    lines = log.splitlines()[1:]  # below the header line
    wanted = (line for line in lines if not line.startswith("warning: ")) if ok else \
        (line for line in lines if line.startswith("failed: "))
    return next(wanted).removeprefix("failed: ")


def watch_inbox(inbox: Path, site, topics_file: Path, options, *, report: Callable[[Outcome], None],
                warn: Callable[[str], None], stop: threading.Event, settle: float = SETTLE_SECONDS) -> None:
    """Import what is in ``inbox`` and everything dropped there until ``stop`` is set."""
    for folder in (inbox / DONE, inbox / FAILED):
        folder.mkdir(parents=True, exist_ok=True)
    settler = Settler(settle)
    # The one watcher of digest (digest.serve.watch), the inbox alone (done/ and failed/ are below it:
    # not watched); its batches only say which files to look at, the settler says when each is complete.
    saves = ChangeQueue(quiet=0.0)
    watcher = Watcher(saves)
    watcher.watch([Watched(inbox, recursive=False)])
    watcher.start()
    try:
        for path in sorted(inbox.iterdir()):  # what was dropped before the watch began
            if _candidate(path, inbox) and path.is_file():
                settler.note(path)
        while not stop.is_set():
            batch, _ = saves.take()
            for path in sorted(batch or ()):
                if _candidate(path, inbox):
                    settler.note(path)
            for path in settler.ready(_stat):
                try:
                    report(import_dropped(path, inbox, site, topics_file, options))
                except OSError as error:  # it could not be moved or its log written: say so, watch on
                    warn(f"error: {path}: {error.strerror}: it stays in {inbox}")
            stop.wait(POLL_SECONDS)
    finally:
        watcher.stop()


def _candidate(path: Path, inbox: Path) -> bool:
    return path.parent == inbox and not is_ignored(path, inbox)
