"""The preview ``digest serve`` shows: rebuilds fast enough to follow an editor's saves.

``digest build`` stays what the site is published from: every check, every
page, the search index, into a fresh folder swapped in whole. The preview
trades that for speed and keeps what one editing session has learned in a
``Previewer`` (nothing here is module-global):

- **first build**: the files are checked and read through the content cache
  ``digest build`` keeps (``.cache/digest/content``): those a build or an
  earlier session read are not read again, the others on every core; the
  article pages are rendered on every core (``ParallelArticles``);
- **check**: every check of ``digest check`` on every save, but a file whose
  size and modification time did not change is not read again
  (``CheckCache``); the checks across files are cheap;
- **read**: Pelican's reader cache, kept in memory for the session, so only
  the edited files are parsed and converted to HTML;
- **render**: a page is rendered only when what it shows changed (its
  *inputs*: the versions of the articles it lists, its place on timelines,
  its page number, ...; see ``page_inputs``), and written only when its
  HTML changed, so the browser reloads only the pages that did;
- **search**: no Pagefind index (``DIGEST_SEARCH = False``);
- **one article edited**: its own page is rendered at once from the last
  build (``render_article``), then the pages next to it (``render_around``: its
  timelines, its neighbours on them, the articles that list it as related),
  then the lists that show it (``render_lists``: home, archives, authors,
  editions; a 10,000-row archives page is the slowest of all, so the near pages
  are shown before it), then the rebuild makes sure of every page (the related
  lists and the feeds follow the edit only there).

A change to a template, the settings or topics.yaml renders every page again.
The preview lives in its own folder (``.cache/preview/``), so a preview
never leaves ``output/`` half built.

What it needs of Pelican's insides (its own generator classes and writer for
a run, the reader cache in memory, files it need not write again) comes through
``digest.pelican.internals``, the one module that touches Pelican's private
names. ``tests/e2e/test_preview.py`` compares the preview with a whole build
after every kind of edit, so a Pelican release that changes them fails there first.
"""

from __future__ import annotations

import functools
import gc
import os
import posixpath
import shutil
import time
from collections.abc import Collection, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, Generator

from digest.check import CheckCache, check_file, check_site
from digest.config import SETTINGS_FILE, SiteConfig, find_config, load_config
from digest.content_cache import CONTENT_CACHE, ContentCache, StoredReads
from digest.errors import DigestError
from digest.model import Problem
from digest.pelican.entry_memo import ENTRY_MEMO, EntryMemo
from digest.pelican.internals import forget_memoized, keep_reader_cache_in
from digest.pelican.generators import TimelinePlace, edition_pages, write_edition_pages
from digest.pelican.incremental import PageWriter, Plan
from digest.pelican.parallel import ParallelArticles, write_article_page
from digest.pelican.run import collect_log, run_pelican
from digest.processes import fewer_collections
from digest.timelines import memberships, neighbours, with_item_replaced

PREVIEW_DIR = Path(".cache") / "preview"

Kind = Literal["full", "pages", "article"]


@dataclass(frozen=True)
class PreviewResult:
    """What one preview build did."""

    ok: bool
    kind: Kind  # full: every page rendered; pages: only the pages an edit touched; article: one article page
    pages: frozenset[str] | None = None  # addresses (/articles/2022/x/) whose HTML changed; None: any may have
    problems: tuple[Problem, ...] = ()  # digest check's problems, errors and warnings
    errors: tuple[str, ...] = ()  # what stopped Pelican, as path:line: error: message
    articles: int = 0
    seconds: float = 0.0
    rendered: int = 0  # pages rendered (the others were unchanged)

    @property
    def error_lines(self) -> list[str]:
        return [problem.format() for problem in self.problems if problem.level == "error"] + list(self.errors)


@dataclass(frozen=True)
class Change:
    """How much a set of changed files asks to rebuild."""

    full: bool  # templates, settings or topics.yaml: every page
    assets: bool  # theme files other than templates (CSS, images): every page reloads, none renders
    articles: tuple[Path, ...]  # article files among the changes


class Previewer:
    """Builds the preview of one site for one ``digest serve`` session."""

    def __init__(self, site: Path | str = ".", *, settings_file: str = SETTINGS_FILE, output: Path | str | None = None,
                 drafts: bool = True):
        self.drafts = drafts  # the preview shows drafts and stories not yet due, marked, unless told not to
        self.settings_path = Path(site).resolve() / settings_file
        self.site = self.settings_path.parent
        self.settings_file = self.settings_path.name
        self.output = Path(output).resolve() if output else self.site / PREVIEW_DIR
        self._check_cache = CheckCache()
        self._reader_cache: dict[str, Any] = {}  # Pelican's reader cache: source path -> (mtime, (html, metadata))
        self._entries = EntryMemo(functools.partial(_stamp_of, self._reader_cache))  # long pages' rows, for the quick pass
        self._inputs: dict[str, Any] = {}  # output file -> what its page showed when last rendered
        self._built_once = False  # a first Pelican run has rendered every page into self.output
        self._generator = None  # the last good build's ArticlesGenerator, for render_article
        self._articles: dict[str, Any] = {}  # its articles by source path
        self._edit: tuple | None = None  # render_article's (old, new, the timelines it is on), for render_around
        self._lists_of: Article | None = None  # the article render_around took the edit into, for render_lists
        self._config: SiteConfig | None = None

    # --- what to watch and what a change means ------------------------------------------------

    def config(self) -> SiteConfig:
        """The site's settings, read again (the editor may be changing them); raises DigestError."""
        if self.settings_file == SETTINGS_FILE:
            return find_config(self.site)  # content/ and no settings file: as digest build reads it
        if not self.settings_path.is_file():
            raise DigestError(f"{self.settings_path}: no such settings file")
        return load_config(self.site, self.settings_file)

    def watched(self, config: SiteConfig | None = None) -> list[tuple[Path, Path | None]]:
        """(folder, only) to watch: the content and theme folders whole; the settings file, and the topics
        file when it is outside the content, as ``only`` in their folders."""
        config = config or self._config or self.config()
        folders: list[tuple[Path, Path | None]] = [(config.content_dir, None)]
        if config.theme_dir is not None:
            folders.append((config.theme_dir, None))
        if not config.topics_file.is_relative_to(config.content_dir):
            folders.append((config.topics_file.parent, config.topics_file))
        return [*folders, (self.site, self.settings_path)]

    def classify(self, paths: Iterable[Path]) -> Change:
        """What the saved ``paths`` ask for; everything, before settings were read without an error."""
        config = self._config
        if config is None:
            return Change(full=True, assets=False, articles=())
        content, theme = config.content_dir, config.theme_dir or Path("/nonexistent")
        full = assets = False
        articles = []
        for path in map(Path, paths):
            if path == self.settings_path or path == config.topics_file:
                full = True
            elif path.is_relative_to(theme):
                if path.is_relative_to(theme / "templates"):
                    full = True
                else:
                    assets = True
            elif path.suffix in (".md", ".markdown") and path.is_relative_to(content):
                articles.append(path)
        return Change(full=full, assets=assets, articles=tuple(articles))

    # --- building --------------------------------------------------------------------------

    def build(self, changed: Collection[Path] = ()) -> PreviewResult:
        """Check and build the preview; ``changed`` are the files saved since the last build (none: the first)."""
        with fewer_collections():
            gc.unfreeze()  # what the last build froze may be garbage now: the collector sees it again
            try:
                return self._build(changed)
            finally:
                # Everything the build made, set aside from the collector until the next build: the
                # context lives on until then, and a full collection over its millions of objects
                # (1.5 s at 10,000 articles) would otherwise fall in the next save's quick pass
                # (render_around), between the save and the pages served.
                gc.freeze()

    def _build(self, changed: Collection[Path]) -> PreviewResult:
        started = time.perf_counter()
        change = self.classify(changed) if changed else Change(full=True, assets=False, articles=())
        full = change.full or not self._built_once
        kind: Kind = "full" if full else "pages"
        self._generator = None  # until this build is good, render_article has nothing to start from
        self._edit = self._lists_of = None
        reads = None
        try:
            config = self.config()
            self._config = config
            # The first build checks and reads the files as digest build does, through the content
            # cache (.cache/digest/content): on every core, and not at all for those it already knows.
            content_cache = None if self._built_once else ContentCache.of(config, convert=True)
            if content_cache is not None:
                self._check_cache.read_through(content_cache)
            report = check_site(config, cache=self._check_cache)
            if content_cache is not None:
                content_cache.save()
                reads = _ReadsAsChecked(StoredReads.of(config, content_cache.fingerprint, content_cache.versions),
                                        self._check_cache)
        except DigestError as error:  # a broken settings file, no content folder
            return PreviewResult(False, kind, errors=(_relative_paths(str(error), self.site),),
                                 seconds=time.perf_counter() - started)
        if report.errors:
            return PreviewResult(False, kind, problems=report.problems, seconds=time.perf_counter() - started)
        if not self._built_once:
            shutil.rmtree(self.output, ignore_errors=True)  # what an earlier session left
            self._inputs = {}
        elif full:
            self._inputs = dict.fromkeys(self._inputs)  # render every page; still know which pages there were
        if full:
            self._entries.clear()  # a template, the settings or topics.yaml changed: every entry is rendered again
        # Until a first build is good, the server shows no page of the folder (the "building" page, or
        # the errors): its pages are written as a build's staging folder's are, without a rename each.
        plan = Plan(self._inputs, _stamps(self._reader_cache), self.output, staging=not self._built_once)
        errors, generator = self._run_pelican(config, plan, reads)
        if errors or generator is None:
            # Pages rendered before the failure are newer than their recorded inputs: render them next time.
            self._inputs.update(dict.fromkeys(plan.rendered))
            return PreviewResult(False, kind, problems=report.problems, errors=tuple(errors),
                                 seconds=time.perf_counter() - started)
        self._inputs = plan.inputs
        self._built_once = True
        self._generator = generator
        self._articles = {article.source_path: article for article in _all_articles(generator)}
        for path in set(self._reader_cache) - set(self._articles):
            del self._reader_cache[path]  # deleted or renamed files
        self._entries.keep_current()
        pages = None if full or change.assets else frozenset(_address(self.output, path) for path in plan.changed)
        return PreviewResult(True, kind, pages=pages, problems=report.problems, articles=len(generator.articles),
                             seconds=time.perf_counter() - started, rendered=len(plan.rendered))

    def _run_pelican(self, config: SiteConfig, plan: "Plan", reads: "_ReadsAsChecked | None") -> tuple[list[str], Any]:
        run = _Run(self._reader_cache, plan)
        try:
            log = run_pelican(config, self.output, overrides={
                CONTENT_CACHE: reads,  # the first build's: the HTML the check made; then the reader cache
                "DELETE_OUTPUT_DIRECTORY": False,
                "DIGEST_SEARCH": False,
                "DIGEST_DRAFTS": self.drafts,
                "CACHE_CONTENT": True,
                "LOAD_CONTENT_CACHE": False,  # the session's cache is handed over in _SessionArticles
                "CONTENT_CACHING_LAYER": "reader",
                "CACHE_PATH": str(self.site / ".cache" / "pelican"),
                "STATIC_CHECK_IF_MODIFIED": True,
                _RUN: run,
                ENTRY_MEMO: self._entries,
            }, replace={ArticlesGenerator: _SessionArticles}, append=[_RemoveStale],
                writer=lambda output, settings: PageWriter(output, settings=settings, plan=plan))
        finally:
            forget_memoized()
        return [_relative_paths(error, self.site) for error in log.errors], run.articles_generator

    def render_article(self, path: Path) -> PreviewResult | None:
        """Render one edited article's page from the last build, at once; None when that cannot be done
        (a new file, a changed address, an error in it): the rebuild that follows does it all. Then
        ``render_around`` and ``render_lists`` render the pages that show it."""
        self._edit = self._lists_of = None
        generator, source = self._generator, os.path.abspath(path)  # as Pelican names its source files
        old = self._articles.get(source)
        if generator is None or old is None:
            return None
        started = time.perf_counter()
        relative = Path(source).relative_to(self.site).as_posix()
        try:
            checked = check_file(relative, Path(source).read_bytes(),
                                 articles=self._config.relative(self._config.articles_dir))
        except OSError:
            return None
        if any(problem.level == "error" for problem in checked.problems):
            return None
        with collect_log() as log:
            try:
                article = generator.readers.read_file(
                    base_path=generator.path, path=os.path.relpath(source, generator.path), content_class=Article,
                    context=generator.context, preread_signal=signals.article_generator_preread,
                    preread_sender=generator, context_signal=signals.article_generator_context, context_sender=generator,
                )
            except Exception:  # noqa: BLE001 - the rebuild reports it with its place
                return None
            if log.errors or article.save_as != old.save_as or article.status != old.status:
                return None
            plan = Plan({}, _stamps(self._reader_cache), self.output, always=True)
            try:
                _write_article(generator, PageWriter(self.output, settings=generator.settings, plan=plan), article,
                               generator.context)
            except Exception:  # noqa: BLE001 - the rebuild reports it with its place
                return None
            if log.errors:
                return None
        # Rendered with the last build's neighbours and related articles: the rebuild renders it again.
        self._inputs.update(dict.fromkeys(plan.rendered))
        on = _stays_in_place(generator.context, old, article)
        if on is not None:
            self._edit = (old, article, on)
        return PreviewResult(True, "article", pages=frozenset(_address(self.output, path) for path in plan.changed),
                             articles=len(generator.articles), seconds=time.perf_counter() - started, rendered=1)

    def render_around(self) -> PreviewResult | None:
        """After ``render_article``, when the edit leaves the article where it stood (``_stays_in_place``):
        the pages next to it, at once: its timelines, its neighbours on them, the articles that list it
        as related, and its own page again when its neighbours moved. None otherwise: the rebuild that
        follows does it. Then ``render_lists`` renders the lists that show it."""
        edit, self._edit = self._edit, None
        generator = self._generator
        if edit is None or generator is None:
            return None
        started = time.perf_counter()
        plan = Plan({}, _stamps(self._reader_cache), self.output, always=True)
        # The context changes under way (_write_around): nothing starts from it again until the rebuild.
        self._generator = None
        # The other articles' timeline entries as the last build rendered them; the edited one's anew.
        self._entries.forget(edit[0].source_path)
        self._entries.reading = True
        with collect_log() as log:
            try:
                _write_around(generator, PageWriter(self.output, settings=generator.settings, plan=plan), *edit)
            except Exception:  # noqa: BLE001 - the rebuild reports it with its place
                return None
            finally:
                self._entries.reading = False
            if log.errors:
                return None
        self._generator = generator
        self._lists_of = edit[0]  # the last build's article object, which now holds the edit
        # Rendered with the last build's related articles (the edit may change them): the rebuild renders them again.
        return self._rendered(plan.rendered, plan.changed, generator, started)

    def render_lists(self) -> PreviewResult | None:
        """After ``render_around``: the lists that show the edited article (home, archives, its authors'
        pages, its edition), from the last build's context with the edit taken in; of them, only those
        whose inputs (the article's version among them) changed are rendered. None when there is no
        such edit: the rebuild that follows does it."""
        article, self._lists_of = self._lists_of, None
        generator = self._generator
        if article is None or generator is None:
            return None
        started = time.perf_counter()
        plan = Plan(self._inputs, _stamps(self._reader_cache), self.output)
        self._entries.reading = True  # as render_around left it: the edited article's rows forgotten
        with collect_log() as log:
            try:
                _write_lists(generator, PageWriter(self.output, settings=generator.settings, plan=plan), article)
            except Exception:  # noqa: BLE001 - the rebuild reports it with its place
                return None
            finally:
                self._entries.reading = False
            if log.errors:
                return None
        return self._rendered(plan.rendered, plan.changed, generator, started)

    def _rendered(self, rendered: list[str], changed: list[str], generator, started: float) -> PreviewResult:
        """What a quick pass after an edit did; the pages it rendered are rendered again by the rebuild."""
        self._inputs.update(dict.fromkeys(rendered))
        return PreviewResult(True, "article", pages=frozenset(_address(self.output, path) for path in changed),
                             articles=len(generator.articles), seconds=time.perf_counter() - started,
                             rendered=len(rendered))


def _stays_in_place(context, old: Article, new: Article) -> dict[str, tuple[str, str]] | None:
    """The timelines the edit ``new`` of ``old`` is on (``memberships``) when it leaves the article
    where it stands in every list: the same publication date (the lists' order), authors, category,
    tags and language, and the same timelines the same way (its place within each is worked out
    again). A retitle, a new summary or body, a changed event date or key flag stay in place;
    anything else (None) is left to the rebuild."""
    if any(getattr(old, name, None) != getattr(new, name, None) for name in ("date", "authors", "category", "tags", "lang")):
        return None
    topics, pages = context.get("digest_topics") or (), context.get("topic_pages_by_slug") or {}
    on = memberships(topics, new)
    return on if on == memberships(topics, old) and all(slug in pages for slug in on) else None


def _write_around(generator, writer, old: Article, new: Article, on: Iterable[str]) -> None:
    """Write the page of ``new``, an edit of ``old`` that stays in place, and the pages next to it.

    ``old`` takes the edit's values in place (Pelican's and digest's lists hold the very object, so
    each shows the edit without being made again; ``_write_lists`` counts on it); the timelines it
    is on are placed and ordered again (``with_item_replaced``), and so are the places of the
    articles next to it, which the context keeps. ``on``: the timelines it is on (``_stays_in_place``).
    The rebuild that follows makes the same pages."""
    context = generator.context
    old_places = context.get("article_places") or {}
    on_key_pages = old.key or new.key  # before and after: a key event unmarked leaves its key-events pages
    # Every value the reader gave (a field the edit removed goes too), and the addresses the
    # generator fixed when it made the article (freeze_article_urls): the same, since the address did not change.
    frozen = {name: value for name, value in old.__dict__.items() if name.startswith("override_")}
    old.__dict__.clear()
    old.__dict__.update(new.__dict__, **frozen)
    forget_memoized()  # Pelican memoizes an article's HTML and summary by the object
    pages = context.get("topic_pages_by_slug") or {}
    template = generator.get_template("topic")
    places: dict[str, list] = {}  # the articles whose places changed: each one's places, as they are now
    for slug in on:
        page = pages[slug]
        edited = page.with_timeline(with_item_replaced(page.timeline, old, old))
        for key_only in (False, True) if on_key_pages else (False,):
            edited.write(writer, template, context, generator.settings, key_only=key_only)
        before, now = neighbours(page.timeline), neighbours(edited.timeline)
        moved = {id(old)} | {id(entry.item) for entry in (*before[id(old)], *now[id(old)]) if entry is not None}
        for entry in edited.timeline.entries:
            if id(entry.item) in moved and entry.subtopic is None:
                source = entry.item.source_path
                places[source] = [TimelinePlace(edited, *now[id(entry.item)]) if place.topic_page.slug == slug else place
                                  for place in places.get(source, old_places.get(source, ()))]
    shown = {**context, "article_places": {**old_places, **places}}
    related = context.get("related_articles") or {}
    by_source = {article.source_path: article for article in generator.articles}
    around = {old.source_path, *places,
              *(source for source, others in related.items() if any(other is old for other in others))}
    for source in sorted(around):
        if source in by_source:
            _write_article(generator, writer, by_source[source], shown)


def _write_lists(generator, writer, article: Article) -> None:
    """Write the lists that may show ``article``, which ``_write_around`` gave the edit's values: the
    direct templates (home, archives, authors), the period archives, its own author, category and
    tag pages, and the editions; ``writer``'s plan renders only those whose inputs changed."""
    write = functools.partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"])
    generator.generate_direct_templates(write)
    generator.generate_period_archives(write)
    with _only_listings_of(generator, article):
        generator.generate_tags(write)
        generator.generate_categories(write)
        generator.generate_authors(write)
    write_edition_pages(writer, generator.get_template("edition"), generator.context, generator.settings,
                        edition_pages(generator.context, generator.settings))


@contextmanager
def _only_listings_of(generator, article: Article):
    """Pelican's author, category and tag listings of ``article`` only, while the block runs: the pages
    of the others do not show it, and Pelican would pick each one's articles out of every article."""
    kept = generator.authors, generator.categories, generator.tags
    authors, tags = set(getattr(article, "authors", ())), set(getattr(article, "tags", ()))
    category = getattr(article, "category", None)
    try:
        generator.authors = [(author, listing) for author, listing in kept[0] if author in authors]
        generator.categories = [(name, listing) for name, listing in kept[1] if name == category]
        generator.tags = {tag: listing for tag, listing in kept[2].items() if tag in tags}
        yield
    finally:
        generator.authors, generator.categories, generator.tags = kept


def _write_article(generator, writer, article: Article, context) -> None:
    write_article_page(generator, functools.partial(writer.write_file, relative_urls=generator.settings["RELATIVE_URLS"]),
                       article, context)


# --- the generators of a preview run ---------------------------------------------------------------

_RUN = "DIGEST_PREVIEW_RUN"  # the settings key that hands a run's state to the generators below


@dataclass
class _Run:
    """What one preview run shares with its generators: the session's reader cache and the run's plan."""

    reader_cache: dict[str, Any]
    plan: "Plan"
    articles_generator: Any = None  # the run's ArticlesGenerator, for render_article


class _SessionArticles(ParallelArticles):
    """digest build's articles generator (the pages of a whole build rendered on every core), reading
    through the session's in-memory reader cache.

    Its processes (and the content cache's pool on a first build) are forked from ``digest serve``'s
    build thread while the server's and the watcher's threads run, which ``Meanwhile`` refuses for
    its work: a child has the forking thread only, and would hang on a lock another thread held at
    that moment. These children take none such: Python makes logging's locks anew in a forked child,
    they print nothing and serve nothing, and the session's own locks (``LiveState``, the change
    queue) are the parent's business. The rendering processes die with the build thread
    (``dies_with_parent``); the pool ends with the check that started it."""

    drops_gathering_texts = False  # the session gathers again from these articles after each save

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        run = self.settings[_RUN]
        keep_reader_cache_in(self.readers, run.reader_cache)
        run.articles_generator = self


class _RemoveStale(Generator):
    """Last of all: remove the pages no generator wrote, before the sitemap lists the output."""

    def generate_output(self, writer):
        self.settings[_RUN].plan.remove_stale()


class _ReadsAsChecked:
    """The first build's ``StoredReads`` (the HTML the content cache made of each file as the check read
    it), for a file only while it is as the check found it: an editor may save it in between, and
    Pelican's reader, which stamps the file just before it asks, must then read the new text itself."""

    def __init__(self, reads: StoredReads, checks: CheckCache):
        self.reads, self.checks = reads, checks

    def read(self, path: str, full_path: str):
        return self.reads.read(path, full_path) if self.checks.still_as_checked(path, full_path) else None

    def forget(self) -> None:
        self.reads.forget()


def _stamps(reader_cache: dict[str, Any]):
    """An article's version: the stamp Pelican checked this build (the file's modification time),
    which the session's reader cache holds."""
    def version(article) -> Any:
        return (article.source_path, _stamp_of(reader_cache, article.source_path))
    return version


def _stamp_of(reader_cache: dict[str, Any], source: str) -> Any:
    cached = reader_cache.get(source)
    return cached[0] if cached else None


def _address(output: Path, path: str) -> str:
    """The address a page is served at: /articles/2022/x/ for articles/2022/x/index.html."""
    relative = Path(path).relative_to(output).as_posix()
    return "/" + (relative[: -len("index.html")] if posixpath.basename(relative) == "index.html" else relative)


def _all_articles(generator) -> list:
    return [*generator.articles, *generator.translations, *generator.hidden_articles, *generator.hidden_translations]


def _relative_paths(message: str, site: Path) -> str:
    return message.replace(f"{site}{os.sep}", "")
