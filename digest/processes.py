"""How digest's long-running commands start, stop and take their helper processes with them.

A process started from a script in the background inherits SIGINT *ignored*
(POSIX shells do that for ``cmd &``), so Ctrl-C, or ``kill -INT``, would
never stop ``digest serve``; and Python's default for SIGTERM ends the process
without running a single ``finally``. ``stop_on_signals`` installs handlers for
both that raise ``KeyboardInterrupt`` in the main thread, so every command
stops the same way and cleans up after itself. ``Forked`` runs one step of a
build in a process of its own, which gives its memory back when the step ends.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

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


class Forked:
    """A process forked to run ``work(send)``: it starts with this process's memory as it is (nothing
    is pickled on the way in), dies with this process (``dies_with_parent``), and sends back, through
    a pipe, what ``send`` is given as it works, then what ``work`` returned or raised.

    Memory is why digest forks at all: what a child held is the system's again the moment it ends,
    however fragmented Python's heap had become, and pages it only reads are shared with this process.
    """

    def __init__(self, work: Callable[[Callable[[Any], None]], Any]):
        sys.stdout.flush()  # what this process has buffered is written once, not again by the child
        sys.stderr.flush()
        read, write = os.pipe()
        arrange = dies_with_parent()  # made here: it checks that the child's parent is this process
        pid = os.fork()
        if pid == 0:
            _child(read, write, arrange, work)  # never returns
        os.close(write)
        self.pid, self._stream = pid, os.fdopen(read, "rb")

    def result(self, on_message: Callable[[Any], None] | None = None) -> Any:
        """Wait for the child: each message it sends goes to ``on_message`` as it comes; then what
        ``work`` returned, or its exception raised here."""
        outcome: tuple = ("raised", RuntimeError("a digest process ended without an answer"))
        try:
            with self._stream as stream:
                while True:
                    try:
                        kind, value = pickle.load(stream)
                    except (EOFError, pickle.UnpicklingError, ValueError):
                        break
                    if kind == "message":
                        if on_message is not None:
                            on_message(value)
                    else:
                        outcome = (kind, value)
                        break
        except BaseException:
            self.stop()  # stopped while waiting (Ctrl-C): the child's work is not wanted any more
            raise
        finally:
            self._wait()
        kind, value = outcome
        if kind == "raised":
            raise value
        return value

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM, so that the child removes what it was writing (``stop_on_signals``), then SIGKILL
        if it has not ended within ``grace`` seconds."""
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                if os.waitpid(self.pid, os.WNOHANG) != (0, 0):
                    return
            except ChildProcessError:
                return
            time.sleep(0.02)
        self.kill()

    def _wait(self) -> None:
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


class Meanwhile:
    """``work()`` (pure computation: no I/O, no locks) started now in a forked process (``Forked``)
    while this process goes on with other work; ``result()`` waits for it. Only a process with no
    other thread forks: the child would have the calling thread only, and a lock another thread held
    at that moment (a logger's, a stream's) would never be released in it. Otherwise, and where
    there is no fork, ``result()`` does the work in this process."""

    def __init__(self, work: Callable[[], Any]):
        self._work = work
        forks = hasattr(os, "fork") and threading.active_count() == 1
        self._child = Forked(lambda send: work()) if forks else None

    def result(self) -> Any:
        return self._child.result() if self._child is not None else self._work()


_MALLOC_TRIM = libc.function("malloc_trim", [ctypes.c_size_t]) if sys.platform.startswith("linux") else None


def give_back_memory() -> None:
    """Hand the C library's free memory back to the system: glibc keeps what a process freed for
    the process, so a process that dropped much would still hold it beside the next one."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_forked(work: Callable[[Callable[[Any], None]], Any], on_message: Callable[[Any], None] | None = None) -> Any:
    """``work(send)`` in a forked process (``Forked``); what it returns, or its exception raised here.
    Where there is no fork (Windows), in this process."""
    if not hasattr(os, "fork"):
        return work(on_message if on_message is not None else (lambda message: None))
    return Forked(work).result(on_message)


def _child(read: int, write: int, arrange: Callable[[], None], work) -> None:
    code = 0
    try:
        os.close(read)
        arrange()
        stream = os.fdopen(write, "wb")

        def send(kind: str, value: Any) -> None:
            data = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)  # whole, or nothing on the pipe
            stream.write(data)
            stream.flush()

        try:
            answer = ("returned", work(lambda message: send("message", message)))
        except BaseException as error:  # noqa: BLE001 - the child always answers, and ends
            answer = ("raised", _portable(error))
        try:
            send(*answer)
        except Exception as error:  # noqa: BLE001 - what was returned could not be pickled
            send("raised", RuntimeError(f"a digest process could not send its result back: {error}"))
        stream.close()
    except BaseException:  # noqa: BLE001 - the parent reports a child without an answer
        code = 1
    finally:
        # Never back into the parent's code: no cleanup of what the parent owns. Nor a flush of
        # sys.stdout or sys.stderr: a thread of the parent (the terminal's spinner) may have held
        # their lock at the fork, and in the child no thread would ever release it.
        os._exit(code)


def _portable(error: BaseException) -> BaseException:
    """``error`` if it can be pickled and unpickled as itself, else a RuntimeError that tells it."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # noqa: BLE001 - any exception type may refuse
        import traceback

        from digest.errors import describe_error

        return RuntimeError(f"{describe_error(error)}\n{''.join(traceback.format_exception(error))}")
