"""The stages of a build, timed: progress lines on a terminal, and the table of ``digest build --profile``."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Stage:
    name: str
    seconds: float
    note: str = ""  # what it did: "9,990 from the cache, 10 read"
    memory: int = 0  # bytes this process held in memory when the stage ended (its resident set)


@dataclass
class Stages:
    """The stages of one build in the order they ended; ``on_start`` hears each one's name as it
    starts, ``on_end`` of each as it ends."""

    on_end: Callable[[Stage], None] | None = None
    on_start: Callable[[str], None] | None = None
    done: list[Stage] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str):
        """Time the block as the stage ``name``; the block may set ``.note`` on what it is given."""
        if self.on_start is not None:
            self.on_start(name)
        started = time.perf_counter()
        record = Stage(name, 0.0)
        try:
            yield record
        finally:
            record.seconds = time.perf_counter() - started
            record.memory = resident_memory()
            self.done.append(record)
            if self.on_end is not None:
                self.on_end(record)

    def relayed(self, send: Callable[[tuple], None]) -> "Stages":
        """Stages for a forked process (``digest.processes.Forked``) that ``send`` to this one, whose
        ``hear`` takes them: progress is shown, and the table kept, by this process alone."""
        return Stages(on_start=lambda name: send(("start", name)), on_end=lambda stage: send(("end", stage)))

    def hear(self, message: tuple) -> None:
        """A stage that started or ended in the process of ``relayed``."""
        kind, value = message
        if kind == "start" and self.on_start is not None:
            self.on_start(value)
        elif kind == "end":
            self.done.append(value)
            if self.on_end is not None:
                self.on_end(value)

    def table(self, total: float) -> str:
        """Each stage's time and share of ``total``, the stages as they ran."""
        width = max([len(stage.name) for stage in self.done] + [len("stage")])
        lines = [f"{'stage':<{width}}  {'seconds':>8}  {'share':>6}  {'MB':>5}  note"]
        for stage in self.done:
            share = stage.seconds / total * 100 if total else 0.0
            lines.append(f"{stage.name:<{width}}  {stage.seconds:>8.2f}  {share:>5.1f}%  {stage.memory / 2**20:>5.0f}  "
                         f"{stage.note}".rstrip())
        accounted = sum(stage.seconds for stage in self.done)
        lines.append(f"{'other':<{width}}  {max(total - accounted, 0.0):>8.2f}")
        lines.append(f"{'total':<{width}}  {total:>8.2f}")
        return "\n".join(lines)


def resident_memory() -> int:
    """Bytes of memory this process holds now (its resident set; Linux), else its peak so far (0 where
    neither is known)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        pass
    try:
        import resource  # not on Windows
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, kibibytes elsewhere


def progress_line(stage: Stage) -> str:
    return f"  {stage.name}: {stage.seconds:.2f} s" + (f" ({stage.note})" if stage.note else "")
