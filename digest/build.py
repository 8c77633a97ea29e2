"""``digest build``: the checked, atomic build of the published site.

Before Pelican runs, the site goes through every check of ``digest check``;
an error there stops the build, so Pelican never sees an article the check
rejects, and any error Pelican logs fails the build too (``digest.pelican.run``).
The check runs in a process of its own, then Pelican in another, and the search
index is made once Pelican's process has ended (``digest.processes.Forked``):
what each step holds in memory is given back before the next starts, so a build
needs the memory of its largest step, not of all of them together.
Pelican writes into a fresh folder beside ``output/``; only a build without
errors is swapped in, with one atomic exchange of the two folders (Linux's
``renameat2``), so ``output/`` is always there and always whole, and a failed or
killed build leaves the previous site as it was. A build holds a lock on the
folder that holds ``output/`` while it runs, and removes the staging folders
that killed builds left there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.check import CheckReport, check_site
from digest.config import SETTINGS_FILE, SiteConfig, load_config, publish_problem, site_now
from digest.content_cache import CONTENT_CACHE, LOAD_ERRORS, ContentCache, StoredReads, version_of
from digest.errors import BuildError
from digest.files import exchange, make_staging_folder, relative_to_folder, write_atomically
from digest.model import Problem
from digest.processes import Forked, fewer_collections
from digest.stages import Stages

if TYPE_CHECKING:
    from digest.pelican.article_cache import ArticleCache
    from digest.pelican.incremental import Plan

PAGE_STATE_FILE = Path(".cache") / "digest" / "pages.pickle"
_ARTICLE_PAGE = re.compile(r"articles/[^/]+/[^/]+/index\.html")  # what "Built N articles" counts


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    seconds: float
    warnings: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()  # the check's warnings (errors stop the build)
    stages: Stages | None = None  # how long each step took
    pages_rendered: int = 0
    pages_reused: int = 0  # linked from the last build: their inputs had not changed
    up_to_date: bool = False  # nothing had changed since the last build: output/ was left as it was


def build(site: "SiteConfig | Path | str" = ".", *, settings_file: str = SETTINGS_FILE,
          output: Path | str | None = None, stages: Stages | None = None,
          remove_in_background: bool = False, drafts: bool = False) -> BuildResult:
    """Build the site (a ``SiteConfig``, or a folder in it: see ``load_config``) into ``output``
    (default: the settings' OUTPUT_PATH); ``stages`` hears of each step as it ends. ``drafts``
    shows the drafts and the stories not yet due too, each marked (DIGEST_DRAFTS).

    ``remove_in_background`` (``digest build`` sets it): the last output, swapped out, is removed
    by a process of its own that the build does not wait for (unlinking ten thousand pages takes
    seconds); if it is stopped, the next build removes what is left, as it does a killed build's.
    """
    with fewer_collections():
        return _build(site, settings_file=settings_file, output=output, stages=stages,
                      remove_in_background=remove_in_background, drafts=drafts)


def _build(site, *, settings_file: str, output, stages, remove_in_background: bool, drafts: bool) -> BuildResult:
    config = site if isinstance(site, SiteConfig) else load_config(site, settings_file)
    if drafts and config.settings.get("DIGEST_PUBLISH"):
        raise BuildError("--drafts makes a preview, and these settings build the published site (DIGEST_PUBLISH): "
                         "drafts are never published; build --drafts with pelicanconf.py; output/ is unchanged")
    if drafts:
        config = config.with_settings(DIGEST_DRAFTS=True)  # in the page state's fingerprint too
    if problem := publish_problem(config.settings):
        raise BuildError(f"{config.relative(config.settings_path) if config.settings_path else 'settings'}: "
                         f"error: {problem}; output/ is unchanged")
    started = time.perf_counter()
    stages = stages or Stages()
    # In a process of its own: the checks of every file (each one's front matter, and where each
    # value stands in it) are the largest thing a build holds, and are needed only here.
    check = Forked(lambda send: _check(config, stages.relayed(send)))
    _import_pelican()  # meanwhile: the check does not need it
    checked = check.result(on_message=stages.hear)
    report = checked.report
    if report.errors:
        raise BuildError("the site was not built; output/ is unchanged:\n"
                         + "\n".join(problem.format() for problem in report.problems) + "\n" + report.summary())
    final = Path(output).resolve() if output else config.output_dir.resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(final):
        _remove_stale_staging(final)
        staging = make_staging_folder(final, _staging_prefix(final))
        swapped, search = False, None
        try:
            pages = _PageState.load(config, final, checked.fingerprint)
            if pages.up_to_date(checked.sources):
                return BuildResult(output=final, articles=pages.articles, seconds=time.perf_counter() - started,
                                   problems=report.problems, stages=stages, pages_reused=len(pages.pages),
                                   up_to_date=True)
            previous = final if final.is_dir() else None
            from digest.pelican.article_cache import CACHE_DIR as ARTICLES_DIR
            from digest.pelican.article_cache import ArticleCache, fingerprint
            from digest.pelican.incremental import Plan
            from digest.pelican.search_index import IndexingMeanwhile

            plan = Plan(pages.inputs_under(staging), version_of(checked.versions), staging, reuse=previous, staging=True)
            # Pelican in a process of its own too, and the search index made once it has ended: each
            # Pagefind holds a shard of pages in memory, which would come on top of the site's context.
            reads = StoredReads.of(config, checked.fingerprint, checked.versions)
            kept_articles = ArticleCache(config.root / ARTICLES_DIR, fingerprint(checked.fingerprint, _settings_key(config)),
                                         checked.versions)
            # The search index is made in this process's thread while the render goes on: Pagefind
            # from the moment the article pages are written, the topics, editions and feeds meanwhile.
            search = (IndexingMeanwhile(staging, previous, shard_pages=config.settings["DIGEST_SEARCH_SHARD_PAGES"])
                      if config.settings["DIGEST_SEARCH"] else None)
            folders = None
            try:
                render = Forked(lambda send: _render(config, staging, plan, reads, kept_articles, stages.relayed(send),
                                                     hand_over=lambda pages: send(_SearchPages(pages)),
                                                     rule_matches=report.rule_matches))
                folders = FoldersMeanwhile(staging, pages.pages)  # started after the fork: the render has no thread
                rendered = render.result(on_message=lambda message: search.start(message.pages)
                                         if isinstance(message, _SearchPages) else stages.hear(message))
                plan.merge(rendered.plan)
                folders.remove_unused(plan.inputs)
                state = pages.encode(plan, staging, checked.sources, rendered.articles)  # while Pagefind runs
                if search is not None:
                    with stages.stage("search index") as stage:
                        errors, indexed = search.result()
                        stage.note = f"{indexed} shard{'' if indexed == 1 else 's'} indexed anew"
                    if errors:
                        raise BuildError("the site was not built; output/ is unchanged:\n" + "\n".join(errors))
            finally:
                if folders is not None:
                    folders.stop()
                if search is not None:
                    search.stop()  # a failed or stopped build leaves no Pagefind running in its folder
            with stages.stage("swap in the new output"):
                pages.save(state)  # first: a build killed between the two leaves no state that lies
                _swap_in(staging, final)
                swapped = True
        finally:
            with stages.stage("remove the last output"):
                # The last output, swapped out, may be large: a process of its own removes it. What a
                # failed build made goes before the command returns, so it leaves nothing behind.
                removed = [staging, *(search.leftovers if search is not None else ())]
                if swapped and remove_in_background:
                    _remove_later(*(folder for folder in removed if folder.exists()))
                else:
                    for folder in removed:
                        shutil.rmtree(folder, ignore_errors=True)
    return BuildResult(output=final, articles=rendered.articles, seconds=time.perf_counter() - started,
                       warnings=tuple(rendered.warnings), problems=report.problems, stages=stages,
                       pages_rendered=len(plan.rendered), pages_reused=plan.reused)


def _import_pelican() -> None:
    """Pelican and digest's plugin (a third of a second of imports), imported while the check runs in
    a process of its own: the check needs neither, so this module imports them only here."""
    import digest.pelican.generators  # noqa: F401
    import digest.pelican.incremental  # noqa: F401
    import digest.pelican.parallel  # noqa: F401
    import digest.pelican.run  # noqa: F401
    import digest.pelican.search_index  # noqa: F401


@dataclass(frozen=True)
class _Checked:
    """What the check of a build sends back from its process."""

    report: CheckReport
    fingerprint: str  # the content cache's: what shapes every article's HTML
    versions: dict[str, bytes]  # ContentCache.versions
    sources: str  # _sources_key


def _check(config: SiteConfig, stages: Stages) -> _Checked:
    """Check every file, reading those the content cache does not know, and save the cache (before
    Pelican runs: what was read is kept even if the build fails)."""
    with stages.stage("check and read the articles") as stage:
        cache = ContentCache.of(config, convert=True)
        report = check_site(config, cache=cache)
        cache.save()
        stage.note = f"{cache.misses:,} read, {cache.hits:,} unchanged"
        return _Checked(report, cache.fingerprint, cache.versions,
                        _sources_key(config, cache, report.content_files, site_now(config.settings)))


@dataclass(frozen=True)
class _Rendered:
    """What Pelican's run sends back from its process."""

    articles: int  # article pages written
    warnings: list[str]
    plan: dict  # Plan.record_since: the pages it rendered, kept and what each one showed


@dataclass(frozen=True)
class _SearchPages:
    """What the render sends as soon as the article pages are written: the pages to index."""
    pages: list[str]


def _render(config: SiteConfig, staging: Path, plan: Plan, reads: StoredReads, kept_articles: ArticleCache, stages: Stages,
            hand_over: Callable[[list[str]], None], rule_matches: tuple[str, dict] | None = None) -> _Rendered:
    """Pelican's whole build into ``staging`` but the search index: the article pages to index go to
    ``hand_over`` once written. Raises BuildError on any error. The HTML of each article comes from
    the content cache's read files (``reads``, loaded in this process when Pelican's reader first asks),
    each article whose file did not change from the last build (``kept_articles``),
    and which topics' rules each article matches from the check (``rule_matches``: CheckReport's)."""
    from pelican.generators import ArticlesGenerator

    from digest.pelican.article_cache import ARTICLE_CACHE
    from digest.pelican.generators import PREVIOUS_OUTPUT, RULE_MATCHES, SEARCH_LATER
    from digest.pelican.incremental import PageWriter
    from digest.pelican.parallel import ParallelArticles
    from digest.pelican.run import run_pelican

    before = plan.record()
    previous = plan.reuse
    if rule_matches is not None:  # by the paths Pelican gives its articles (as ContentCache.versions)
        topics_text, found = rule_matches
        rule_matches = (topics_text, {os.path.join(config.root, path): slugs for path, slugs in found.items()})
    log = run_pelican(config, staging, overrides={CONTENT_CACHE: reads, ARTICLE_CACHE: kept_articles,
                                                  SEARCH_LATER: hand_over, RULE_MATCHES: rule_matches,
                                                  PREVIOUS_OUTPUT: str(previous) if previous else None},
                      writer=lambda output, settings: PageWriter(output, settings=settings, plan=plan), stages=stages,
                      replace={ArticlesGenerator: ParallelArticles})
    if log.errors:
        raise BuildError("the site was not built; output/ is unchanged:\n" + "\n".join(log.errors))
    # Every page went through the plan: counted from it, not by listing ten thousand folders again.
    prefix = str(staging) + os.sep
    written = sum(1 for path in plan.inputs if _ARTICLE_PAGE.fullmatch(path.removeprefix(prefix)))
    return _Rendered(written, log.warnings,
                     plan.record_since(before))


class _PageState:
    """What each page of the last build showed (its inputs), kept in .cache/digest/ beside the content cache.

    It holds for the ``output`` folder it was built into (the very folder: its inode, which the
    staging folder keeps when it is swapped in), and only while nothing
    else that shapes a page changed: digest's code and the settings that shape the
    HTML (the content cache's fingerprint), the rest of the settings, the theme and
    the topics file (``_fingerprint``). Saved only after a build was swapped in.
    ``sources`` is the key of all the content that build was made from (``_sources_key``):
    when it is the same again, the build would make what ``output`` holds, and is not run.
    """

    def __init__(self, path: Path, output: Path, fingerprint: str, inputs: bytes | None = None, sources: str = "",
                 articles: int = 0, pages: tuple[str, ...] = ()):
        self.path, self.output, self.fingerprint = path, output, fingerprint
        # Pickled apart and unpickled only when a build runs: whether it runs at all is decided by
        # ``sources`` and ``pages``, and the inputs of every page are most of the file (30 MB at
        # 50,000 articles, the archives alone naming every article).
        self._inputs = inputs
        self.sources, self.articles = sources, articles
        self.pages = pages  # every page the build wrote, inputs known or not

    @classmethod
    def load(cls, config: SiteConfig, output: Path, content_fingerprint: str) -> "_PageState":
        path = config.root / PAGE_STATE_FILE
        fingerprint = _fingerprint(config, content_fingerprint)
        try:
            with open(path, "rb") as handle:
                stored_fingerprint, stored_output, folder, inputs, sources, articles, pages = pickle.load(handle)
            current = output.stat().st_ino
        except LOAD_ERRORS:
            return cls(path, output, fingerprint)
        if stored_fingerprint != fingerprint or stored_output != str(output) or folder != current:
            return cls(path, output, fingerprint)
        return cls(path, output, fingerprint, inputs if isinstance(inputs, bytes) else None, sources, articles, pages)

    def up_to_date(self, sources: str) -> bool:
        """Whether the output was built from exactly these sources, and still holds every page it had."""
        return (bool(self.pages) and self.sources == sources
                and all(os.path.isfile(os.path.join(self.output, name)) for name in self.pages))

    def inputs_under(self, folder: Path) -> dict[str, Any]:
        try:
            inputs = pickle.loads(self._inputs) if self._inputs is not None else {}
        except LOAD_ERRORS:
            inputs = {}  # only saves time: every page is rendered
        return {os.path.join(folder, name): value for name, value in inputs.items()}

    def encode(self, plan: Plan, folder: Path, sources: str, articles: int) -> bytes:
        """What ``plan`` rendered into ``folder``, which is to become the output, as ``save`` keeps it."""
        output = str(plan.output)
        inputs = {relative_to_folder(path, output): value for path, value in plan.inputs.items() if value is not None}
        pages = tuple(sorted(relative_to_folder(path, output) for path in plan.inputs))
        return pickle.dumps((self.fingerprint, str(self.output), folder.stat().st_ino,
                             pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL), sources, articles, pages),
                            protocol=pickle.HIGHEST_PROTOCOL)

    def save(self, encoded: bytes) -> None:
        try:
            write_atomically(self.path, encoded)
        except OSError:
            pass  # only saves time: the next build renders every page


def _sources_key(config: SiteConfig, cache: ContentCache, content_files: Iterable[str], now) -> str:
    """A key of everything under the content folder a build is made from: each article's bytes and
    whether the site shows it now (a story whose publish_at has come changes it, though no file did),
    and every other file's size and modification time (pictures, copied as they are). ``content_files``
    are the check's (``CheckReport.content_files``), so the folder is walked once, loops and all."""
    digest = hashlib.blake2b(digest_size=20)
    sources = cache.sources(now)
    for path, version, state in sources:
        digest.update(f"{path}\0{state}\0".encode() + version + b"\0")
    articles = {path for path, _, _ in sources}
    for path in sorted(set(content_files) - articles):
        try:
            stat = os.stat(config.root / path)
        except OSError:
            continue
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def _fingerprint(config: SiteConfig, content_fingerprint: str) -> str:
    """What shapes every page at once: the settings, the theme's files, the topics file, and what the
    content cache's fingerprint covers (digest's code, the libraries, the HTML settings)."""
    digest = hashlib.blake2b(content_fingerprint.encode(), digest_size=20)
    digest.update(_settings_key(config).encode())
    for folder in (config.theme_dir,) if config.theme_dir is not None else ():
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    if config.topics_file.is_file():
        digest.update(b"topics\0" + config.topics_file.read_bytes())
    return digest.hexdigest()


def _settings_key(config: SiteConfig) -> str:
    """Every setting, as text that is the same from one run to the next."""
    return repr(sorted((name, _stable(value)) for name, value in config.settings.items()))


def _stable(value: Any) -> Any:
    """A setting as text that is the same from one run to the next (a function's repr holds its address)."""
    if callable(value):
        code = getattr(value, "__code__", None)
        return (getattr(value, "__module__", ""), getattr(value, "__qualname__", repr(type(value))),
                hashlib.blake2b(code.co_code, digest_size=8).hexdigest() if code else "",
                repr(getattr(code, "co_consts", "")))
    if isinstance(value, dict):
        return sorted((repr(key), _stable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_stable(item) for item in value]
    return repr(value)


def _remove_later(*folders: Path) -> None:
    if not folders:
        return
    subprocess.Popen([sys.executable, "-c", "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, ignore_errors=True)",
                      *map(str, folders)], start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class FoldersMeanwhile:
    """The folders of the last build's pages (``pages``, relative paths), made in ``staging`` by a
    thread of this process while the render reads the articles: a page the render keeps is then
    linked in with one call. Making ten thousand folders takes from half a second to over a second
    of the file system's time, which the render would otherwise wait for. Folders that end up empty
    (a page this build did not make) are removed by ``remove_unused``."""

    def __init__(self, staging: Path, pages: Iterable[str]):
        self._staging = str(staging)
        folders: set[str] = set()
        for page in pages:
            folder = os.path.dirname(page)
            while folder and folder not in folders:
                folders.add(folder)
                folder = os.path.dirname(folder)
        self._folders = sorted(folders)  # each after the folder that holds it
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._make, name="digest-folders", daemon=True)
        self._thread.start()

    def _make(self) -> None:
        for folder in self._folders:
            if self._stopped.is_set():
                return
            with contextlib.suppress(OSError):
                os.mkdir(os.path.join(self._staging, folder))

    def stop(self) -> None:
        """No folder is made after this returns (the staging folder may be removed)."""
        self._stopped.set()
        self._thread.join()

    def remove_unused(self, written: Iterable[str]) -> None:
        """Remove the folders made here that hold nothing: ``written`` are the paths of every page the
        build wrote; a folder that is not theirs is removed if it is empty (one of static files is not)."""
        self.stop()
        used: set[str] = set()
        for path in written:
            folder = os.path.dirname(relative_to_folder(path, self._staging))
            while folder and folder not in used:
                used.add(folder)
                folder = os.path.dirname(folder)
        for folder in reversed(self._folders):  # each before the folder that holds it
            if folder not in used:
                with contextlib.suppress(OSError):
                    os.rmdir(os.path.join(self._staging, folder))


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
