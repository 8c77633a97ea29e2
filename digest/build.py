"""``digest build``: the checked, atomic build of the published site.

Before Pelican runs, the site goes through every check of ``digest check``;
an error there stops the build, so Pelican never sees an article the check
rejects, and any error Pelican logs fails the build too (``digest.pelican.run``).
Pelican writes into a fresh folder beside ``output/``; only a build without
errors is swapped in, with one atomic exchange of the two folders (Linux's
``renameat2``), so ``output/`` is always there and always whole, and a failed or
killed build leaves the previous site as it was. A build holds a lock on the
folder that holds ``output/`` while it runs, and removes the staging folders
that killed builds left there.
"""

from __future__ import annotations

import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from digest.check import check_site
from digest.config import SETTINGS_FILE, SiteConfig, load_config
from digest.errors import BuildError
from digest.files import exchange, make_staging_folder
from digest.model import Problem
from digest.pelican.run import run_pelican

@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    seconds: float
    warnings: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # the check's warnings (errors stop the build)


def build(site: "SiteConfig | Path | str" = ".", *, settings_file: str = SETTINGS_FILE,
          output: Path | str | None = None) -> BuildResult:
    """Build the site (a ``SiteConfig``, or a folder in it: see ``load_config``) into ``output``
    (default: the settings' OUTPUT_PATH)."""
    config = site if isinstance(site, SiteConfig) else load_config(site, settings_file)
    started = time.perf_counter()
    report = check_site(config)
    if report.errors:
        raise BuildError("the site was not built; output/ is unchanged:\n"
                         + "\n".join(problem.format() for problem in report.problems) + "\n" + report.summary())
    final = Path(output).resolve() if output else config.output_dir.resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(final):
        _remove_stale_staging(final)
        staging = make_staging_folder(final, _staging_prefix(final))
        try:
            articles, log = _run_pelican(config, staging)
            _swap_in(staging, final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(output=final, articles=articles, seconds=time.perf_counter() - started,
                       warnings=tuple(log.warnings), problems=report.problems)


def _run_pelican(config: SiteConfig, staging: Path):
    """Pelican's whole build into ``staging``: (articles written, the log). Raises BuildError on any error."""
    log = run_pelican(config, staging)
    if log.errors:
        raise BuildError("the site was not built; output/ is unchanged:\n" + "\n".join(log.errors))
    return sum(1 for _ in staging.glob("articles/*/*/index.html")), log


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
