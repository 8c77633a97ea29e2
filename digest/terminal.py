"""What the commands print, and how: colour and progress on a terminal only, ``-q`` and ``-v``.

A terminal gets colour (the level of each problem, the final line) and, for
long steps, a progress display drawn by rich (which Pelican installs): a bar
over the sources of an import, the running step of a build. A pipe or a CI
log gets plain lines only, never an escape code: ``NO_COLOR`` turns colour off
everywhere, ``FORCE_COLOR`` on, as https://no-color.org and most tools agree.
Only what goes to a terminal pays for importing rich.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import TextIO

from digest.model import Problem

_LEVEL_STYLES = {"error": "bold red", "warning": "yellow"}


def wants_colour(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class Output:
    """One command's printing. ``verbosity``: -1 (``-q``: problems and errors only), 0, 1 (``-v``)."""

    def __init__(self, verbosity: int = 0, out: TextIO | None = None, err: TextIO | None = None):
        self.verbosity = verbosity
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self._consoles: dict[int, object] = {}

    @property
    def quiet(self) -> bool:
        return self.verbosity < 0

    @property
    def verbose(self) -> bool:
        return self.verbosity > 0

    def _console(self, stream: TextIO):
        """rich's console for ``stream`` when it gets colour, else None (plain print)."""
        if not wants_colour(stream):
            return None
        if id(stream) not in self._consoles:
            from rich.console import Console

            self._consoles[id(stream)] = Console(file=stream, highlight=False, soft_wrap=True, force_terminal=True)
        return self._consoles[id(stream)]

    def _print(self, stream: TextIO, text: str, style: str = "", prefix: tuple[str, str] | None = None) -> None:
        console = self._console(stream)
        if console is None:
            print(f"{prefix[0] if prefix else ''}{text}", file=stream, flush=True)
            return
        from rich.text import Text

        line = Text()
        if prefix:
            line.append(prefix[0], style=prefix[1])
        line.append(text, style=style)  # a Text, never markup: "[code]" in a message stays as it is
        console.print(line)

    def info(self, text: str) -> None:
        """What a command did (stdout); ``-q`` leaves it out."""
        if not self.quiet:
            self._print(self.out, text)

    def success(self, text: str) -> None:
        if not self.quiet:
            self._print(self.out, text, style="green")

    def detail(self, text: str) -> None:
        """More than most want to read: only with ``-v`` (stderr)."""
        if self.verbose:
            self._print(self.err, text, style="dim")

    def hint(self, text: str) -> None:
        """What to do next (stderr); ``-q`` leaves it out."""
        if not self.quiet:
            self._print(self.err, text, style="cyan")

    def warning(self, text: str) -> None:
        self._print(self.err, text, prefix=("warning: ", _LEVEL_STYLES["warning"]))

    def error(self, text: str) -> None:
        self._print(self.err, text.removeprefix("error: "), prefix=("error: ", _LEVEL_STYLES["error"]))

    def problem(self, problem: Problem, stream: TextIO | None = None) -> None:
        """``path:line:col: level: message [code]``, the level in its colour on a terminal."""
        stream = stream or self.out
        if self._console(stream) is None:
            print(problem.format(), file=stream)
            return
        from rich.text import Text

        place = f"{problem.path}:{problem.line}:{problem.col}: "
        line = Text(place, style="bold")
        line.append(f"{problem.level}: ", style=_LEVEL_STYLES.get(problem.level, ""))
        line.append(problem.format().removeprefix(f"{place}{problem.level}: "))
        self._console(stream).print(line)

    @contextmanager
    def progress(self, what: str, *, show: bool = True):
        """A bar on a terminal (stderr) when ``show``; yields ``advance(label, total)``, called after
        each step with the number of steps in all (known only once the work has started)."""
        if self.quiet or not show or not wants_colour(self.err):
            yield lambda label="", total=None: None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TextColumn("{task.fields[label]}", style="dim"))
        with Progress(*columns, console=self._console(self.err), transient=True) as bar:
            task = bar.add_task(what, total=None, label="")
            yield lambda label="", total=None: bar.update(task, advance=1, label=label, total=total)

    @contextmanager
    def running(self, stages):
        """The build's running step on a terminal (stderr), and each step as it ends that took a
        noticeable time; in a log, with ``-v``, the steps' lines only. ``stages``: ``digest.stages.Stages``."""
        from digest.stages import progress_line

        terminal = not self.quiet and wants_colour(self.err)
        show_ends = terminal or self.verbose
        if not terminal:
            stages.on_end = (lambda stage: self._print(self.err, progress_line(stage))) if show_ends else None
            yield
            return
        from rich.status import Status

        with Status("Building…", console=self._console(self.err), spinner="dots") as status:
            def on_start(name: str) -> None:
                status.update(f"Building: {name}…")

            def on_end(stage) -> None:
                if stage.seconds >= 0.05 or self.verbose:
                    self._print(self.err, progress_line(stage), style="dim")
            stages.on_start, stages.on_end = on_start, on_end
            yield
