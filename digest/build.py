"""Build the site with Pelican, atomically: the only place (with serve) that runs ``pelican.Pelican``.

Pelican writes into a fresh folder beside ``output/``; only a build without
errors is swapped in, with one atomic exchange of the two folders (Linux's
``renameat2``), so ``output/`` is always there and always whole, and a failed or
killed build leaves the previous site as it was. A build holds a lock on the
folder that holds ``output/`` while it runs, and removes the staging folders
that killed builds left there.
Pelican reports most problems by logging and carrying on (a file it cannot
read is skipped), so the build listens to the log and treats any error
record as a failed build: a skipped article is a reported error, never a
silently missing page. Before Pelican runs, the site goes through every
check of ``digest check``; an error there stops the build, so Pelican never
sees an article the check rejects.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from digest.check import check_site, links_outside
from digest.errors import BuildError
from digest.files import exchange, make_staging_folder
from digest.model import Problem

DEFAULT_SETTINGS = "pelicanconf.py"


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    seconds: float
    warnings: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # the check's warnings (errors stop the build)


_PELICAN_SKIPPED = "Could not process %s"
_TEMPLATE_FILES = (".html", ".htm", ".xml", ".j2", ".jinja", ".jinja2")


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
    collector = _Collector()
    loggers = [logging.getLogger(name) for name in ("pelican", "digest")]
    for logger in loggers:
        logger.addHandler(collector)
    try:
        yield collector
    finally:
        for logger in loggers:
            logger.removeHandler(collector)


def build(site: Path | str = ".", *, settings_file: str = DEFAULT_SETTINGS, output: Path | str | None = None) -> BuildResult:
    """Build ``site`` (the folder holding the settings file) into ``output`` (default: the settings' OUTPUT_PATH)."""
    from pelican.settings import read_settings

    site = Path(site).resolve()
    settings_path = site / settings_file
    if not settings_path.is_file():
        raise BuildError(f"{settings_path}: no such settings file: run digest in the site's folder or pass --settings")
    started = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(site)  # Pelican resolves THEME, PATH and plugins against the working folder too
    try:
        settings = read_settings(str(settings_path))
        _refuse_theme_links_outside(Path(settings["THEME"]).resolve(), site)
        report = check_site(site, settings["PATH"])
        if report.errors:
            raise BuildError("the site was not built; output/ is unchanged:\n"
                             + "\n".join(problem.format() for problem in report.problems) + "\n" + report.summary())
        final = Path(output).resolve() if output else Path(settings["OUTPUT_PATH"]).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        with _build_lock(final):
            _remove_stale_staging(final)
            staging = make_staging_folder(final, _staging_prefix(final))
            try:
                articles, log = _run_pelican(settings_path, staging)
                _swap_in(staging, final)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
    finally:
        os.chdir(cwd)
    return BuildResult(output=final, articles=articles, seconds=time.perf_counter() - started,
                       warnings=tuple(log.warnings), problems=report.problems)


def _run_pelican(settings_path: Path, staging: Path):
    """Pelican's whole build into ``staging``: (articles written, the log). Raises BuildError on any error."""
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    settings = read_settings(str(settings_path), override={"OUTPUT_PATH": str(staging)})
    # Pelican's own "Done: Processed ..." would stand beside digest's summary line.
    quiet, console.quiet = console.quiet, True
    with collect_log() as log:
        try:
            pelican = Pelican(settings)
            pelican.run()
        except Exception as error:  # noqa: BLE001 - Pelican and Jinja raise anything; report it, keep output
            log.errors.append(describe_error(error))
        finally:
            console.quiet = quiet
    if log.errors:
        raise BuildError("the site was not built; output/ is unchanged:\n" + "\n".join(log.errors))
    return sum(1 for _ in staging.glob("articles/*/*/index.html")), log


def describe_error(error: Exception) -> str:
    filename, lineno = getattr(error, "filename", None), getattr(error, "lineno", None)
    if not (filename and lineno):
        # An error raised while a template renders: Jinja puts the template's file and line in the traceback.
        frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename.endswith(_TEMPLATE_FILES)]
        if frames:
            filename, lineno = frames[-1].filename, frames[-1].lineno
    if filename and lineno:
        return f"{filename}:{lineno}: error: {error.__class__.__name__}: {getattr(error, 'message', error)}"
    return f"error: {error.__class__.__name__}: {error}"


def _refuse_theme_links_outside(theme: Path, site: Path) -> None:
    """Pelican copies the theme's static files as they are: a link in it must not publish a file from elsewhere."""
    outside = links_outside(theme, [site, theme])
    if outside:
        raise BuildError("the site was not built; output/ is unchanged:\n" + "\n".join(
            f"{link}: error: a symbolic link to {target}, outside the site: copy the file into the theme instead "
            "[link-outside-site]" for link, target in outside))


def _staging_prefix(final: Path) -> str:
    return f".{final.name}.building-"


@contextmanager
def _build_lock(final: Path):
    """One build at a time writes beside ``final``: a lock on the folder that holds it, which the
    system drops when the process ends however it ends, so a killed build never leaves it taken."""
    import fcntl

    descriptor = os.open(final.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another digest build is writing {final} now: wait for it to end, then build again") from None
        yield
    finally:
        os.close(descriptor)  # closing drops the lock


def _remove_stale_staging(final: Path) -> None:
    """Staging folders of builds that were killed (only a build holding the lock has a live one)."""
    for stale in final.parent.glob(f"{_staging_prefix(final)}*"):
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale, ignore_errors=True)


def _swap_in(staging: Path, final: Path) -> None:
    """Put ``staging`` at ``final``; the old site ends up at ``staging`` (removed by the caller).

    One atomic exchange where the system has one, so there is no moment without
    ``final``; elsewhere two renames, with a moment between them.
    """
    if not final.exists():
        staging.rename(final)
        return
    if exchange(staging, final):
        return
    previous = final.with_name(f"{_staging_prefix(final)}previous-{os.getpid()}")
    final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)
