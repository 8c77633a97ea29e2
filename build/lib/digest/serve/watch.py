"""Watching folders for saves: one watcher over watchdog and one debounce, for the preview and the inbox.

A ``Watcher`` turns file-system events under the folders it is given into paths
in a ``ChangeQueue``, leaving out editors' temporary files and hidden files; the
queue hands them out as one batch once no change came for a quiet moment, so a
burst of saves (an editor's save-all, a download that lands in pieces) is one batch.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import FileSystemEventHandler

QUIET_SECONDS = 0.1  # a burst of saves closer together than this is one batch

# Editors' swap, backup and lock files, and the files downloads are written to before they are done.
_TEMPORARY_SUFFIXES = (".swp", ".swo", ".swx", ".swpx", "~", ".tmp", ".part", ".crdownload", ".kate-swp", ".bak", ".orig")
_TEMPORARY_NAMES = {"4913"}  # vim's test of whether the folder is writable


def is_ignored(path: Path, root: Path) -> bool:
    """Whether a change to ``path`` (under the watched folder ``root``) is noise: an editor's
    temporary file, a hidden file or folder, Python's byte code."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(_TEMPORARY_SUFFIXES) or name in _TEMPORARY_NAMES:
        return True
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        return True  # not under the folder watched
    return any(part.startswith(".") or part == "__pycache__" for part in parts)




@dataclass(frozen=True)
class Watched:
    """A folder to watch: all of it (``recursive``), or only the file ``only`` in it."""

    folder: Path
    recursive: bool = True
    only: Path | None = None


class ChangeQueue:
    """Changed paths, handed out as one batch once no change came for ``quiet`` seconds.

    Paths added while a batch is being built wait for the next batch: a save
    during a rebuild queues exactly one more rebuild, however many saves came.
    """

    def __init__(self, quiet: float = QUIET_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.quiet = quiet
        self._clock = clock
        self._paths: set[Path] = set()
        self._last = 0.0
        self._closed = False
        self._condition = threading.Condition()

    def add(self, path: Path) -> None:
        with self._condition:
            self._paths.add(Path(path))
            self._last = self._clock()
            self._condition.notify_all()

    def take(self) -> tuple[set[Path] | None, float | None]:
        """(the batch, 0) when it is due; else (None, seconds until it may be), or (None, None) when nothing is waiting."""
        with self._condition:
            if not self._paths:
                return None, None
            wait = self._last + self.quiet - self._clock()
            if wait > 0:
                return None, wait
            batch, self._paths = self._paths, set()
            return batch, 0.0

    def wait(self) -> set[Path] | None:
        """Block until a batch is due; None once the queue is closed."""
        with self._condition:
            while not self._closed:
                batch, wait = self.take()
                if batch:
                    return batch
                self._condition.wait(timeout=wait)
            return None

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()


class Watcher:
    """Puts the saves under the watched folders into ``queue``; ``watch`` may be called again to change them."""

    def __init__(self, queue: ChangeQueue, *, skip: Path | None = None):
        from watchdog.observers import Observer

        self.queue, self.skip = queue, skip
        self._observer = Observer()
        self._watched: list[Watched] = []

    def watch(self, wanted: Iterable[Watched]) -> None:
        wanted = list(wanted)
        if wanted == self._watched:
            return
        self._observer.unschedule_all()
        for item in wanted:
            if item.folder.is_dir():
                handler = _Saves(self.queue, item.folder, only=item.only, skip=self.skip)
                self._observer.schedule(handler, str(item.folder), recursive=item.recursive)
        self._watched = wanted

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(2)


class _Saves(FileSystemEventHandler):
    """Puts the files saved under ``root`` into the queue (only ``only``, when given), leaving out noise."""

    def __init__(self, queue: ChangeQueue, root: Path, *, only: Path | None, skip: Path | None):
        self.queue, self.root, self.only, self.skip = queue, root, only, skip

    def on_any_event(self, event) -> None:
        if event.event_type not in ("created", "modified", "deleted", "moved"):
            return  # opened, closed: reading a file is no change
        if event.is_directory and event.event_type == "modified":
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(os.fsdecode(raw)) if raw else None
            if path is None or (self.only is not None and path != self.only):
                continue
            if (self.skip is None or not path.is_relative_to(self.skip)) and not is_ignored(path, self.root):
                self.queue.add(path)
