"""One way to run Pelican, for ``digest build`` and the preview alike.

Pelican reports most problems by logging and carrying on (a file it cannot
read is skipped), so a run listens to the log and counts every error record:
a skipped article is a reported error, never a silently missing page.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican.writers import Writer

from digest.config import SiteConfig
from digest.errors import describe_error

_PELICAN_SKIPPED = "Could not process %s"


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == _PELICAN_SKIPPED and any(str(record.args[0]) in error for error in self.errors):
            return  # the reader already said why this file failed
        message = record.getMessage()
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)


@contextmanager
def collect_log():
    """What Pelican and digest log meanwhile: ``.errors`` and ``.warnings``, as text."""
    collector = _Collector()
    loggers = [logging.getLogger(name) for name in ("pelican", "digest")]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        yield collector
    finally:
        for logger in loggers:
            logger.removeHandler(collector)


class RenderError(Exception):
    """A page that could not be rendered, told with the content file it was made from."""

    def __init__(self, message: str):
        super().__init__(message)


class NamingWriter(Writer):
    """Pelican's Writer, but an error while a page renders also names the content file of the page
    (an article's odd value can break a template: the editor is sent to the article, not only the template)."""

    def write_file(self, name, template, context, *args, **kwargs):
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - whatever the template raised, with its place
            content = kwargs.get("article") or kwargs.get("page")
            source = getattr(content, "source_path", None)
            if source is None:
                raise
            where = os.path.relpath(source, self.settings.get("DIGEST_ROOT") or os.getcwd())
            raise RenderError(f"{where}: error: its page {name} could not be rendered: "
                              f"{describe_error(error)}") from error


@dataclass
class RunResult:
    errors: list[str] = field(default_factory=list)  # as path:line: error: message
    warnings: list[str] = field(default_factory=list)


def run_pelican(config: SiteConfig, output: Path, *, overrides: dict[str, Any] | None = None,
                replace: dict[type, type] | None = None, append: Iterable[type] = (),
                writer: Callable | None = None, stages=None) -> RunResult:
    """Run Pelican on ``config``'s site into ``output``; every error it logs or raises is in the result.

    ``replace``, ``append`` and ``writer`` are for the preview: generator classes in
    place of Pelican's, generators run after them, and the writer to use.
    ``stages`` (a ``digest.stages.Stages``) times each generator's steps.
    """
    from pelican.log import console

    from digest.pelican.internals import HookedPelican, check_version

    check_version()
    settings = config.pelican_settings(OUTPUT_PATH=str(output), **(overrides or {}))
    # Pelican's own "Done: Processed ..." would stand beside digest's summary line.
    quiet, console.quiet = console.quiet, True
    try:
        with collect_log() as log:
            try:
                writer = writer or (lambda output_path, settings: NamingWriter(output_path, settings=settings))
                HookedPelican(settings, replace=replace, append=append, writer=writer, stages=stages).run()
            except RenderError as error:
                log.errors.append(str(error))
            except Exception as error:  # noqa: BLE001 - Pelican and Jinja raise anything; report it
                log.errors.append(describe_error(error))
    finally:
        console.quiet = quiet
    return RunResult(errors=log.errors, warnings=log.warnings)
