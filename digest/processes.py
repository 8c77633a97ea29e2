"""How digest's long-running commands start, stop and take their helper processes with them.

A process started from a script in the background inherits SIGINT *ignored*
(POSIX shells do that for ``cmd &``), so Ctrl-C, or ``kill -INT``, would
never stop ``digest serve``; and Python's default for SIGTERM ends the process
without running a single ``finally``. ``stop_on_signals`` installs handlers for
both that raise ``KeyboardInterrupt`` in the main thread, so every command
stops the same way and cleans up after itself.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
from collections.abc import Callable
from contextlib import contextmanager

from digest import libc

_PR_SET_PDEATHSIG = 1


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def stop_on_signals() -> None:
    """SIGINT and SIGTERM raise KeyboardInterrupt from now on, whatever was inherited."""
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)


_PRCTL = libc.function("prctl") if sys.platform.startswith("linux") else None


def dies_with_parent() -> Callable[[], None]:
    """A ``preexec_fn`` for ``subprocess``: the child gets SIGKILL when digest dies, even by SIGKILL.

    Linux keeps this setting across ``exec``; elsewhere the child is left to end
    on its own (Pagefind does, when its work is done).
    """
    parent = os.getpid()

    def arrange() -> None:
        if _PRCTL is not None:
            _PRCTL(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            if os.getppid() != parent:  # the parent died before the setting was made
                os._exit(1)

    return arrange


@contextmanager
def fewer_collections():
    """Python's cyclic garbage collector, run less often while a build runs. A build makes millions of
    objects that live to its end (the articles, their HTML, the timelines); with the default thresholds
    each full collection walks all of them again, so the collector's work grows faster than the site
    (a fifth of a rebuild's time at 10,000 articles). Higher thresholds (the youngest generation
    collected after 100,000 new objects rather than 700, the oldest far more rarely) keep what cycles
    leave behind small, and the time linear. Processes forked inside inherit them.
    (``digest build``, ``digest check`` and a whole ``digest serve`` session run in it.)"""
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)
