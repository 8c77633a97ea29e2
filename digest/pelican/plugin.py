"""The Pelican plugin: ``register()``, a reader for YAML front matter, and the signal receivers.

Thin on purpose: parsing lives in ``digest.articles``, the pages in
``digest.pelican.generators``, everything they compute in the library. Signal
receivers are module-level functions (Pelican holds them by weak reference)
and every value a build collects lives on that build's generators, so
nothing leaks from one build to the next.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os

import jinja2
from pelican import signals
from pelican.contents import Article
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from digest.articles import ARTICLE_FIELDS, parse_article
from digest.config import DEFAULTS, site_now
from digest.content_cache import CONTENT_CACHE, ReadArticle, convert_article
from digest.errors import ContentError
from digest.i18n import Catalogue, event_date, long_date, month_label, template_gettext
from digest.markdown_html import MarkdownConverter
from digest.pelican.adapt import absolute, collection_page_ld, news_article_ld, site_relative, write_output
from digest.pelican.generators import (EditionsGenerator, RelatedGenerator, SearchGenerator, SiteGenerator,
                                       TopicsGenerator, start_related_ranking)
from digest.pelican.entry_memo import remembered
from digest.pelican.internals import stamp_only_when_cached
from digest.sanitize import content_security_policy, image_host_allowed, image_hosts_of
from digest.sitemap import render_sitemap
from digest.urls import host_of

logger = logging.getLogger(__name__)

# Fields Pelican takes in forms of its own: a date it can format, authors as its Author objects,
# lang only when given (else DEFAULT_LANG), the summary as HTML, and its status (where a page goes).
_PELICAN_OWN = {"date", "authors", "lang", "summary", "status"}


class DigestReader(BaseReader):
    """Reads ``.md`` articles with YAML front matter (Pelican's own reader wants ``Key: value`` lines)."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Articles come from the open web: raw HTML in them is shown as text, and what
        # Markdown makes goes through the one sanitiser (digest.sanitize).
        self._markdown = MarkdownConverter(self.settings["MARKDOWN"], _image_hosts(self.settings))
        self._now = site_now(self.settings)
        self._drafts = bool(self.settings.get("DIGEST_DRAFTS"))

    def read(self, source_path):
        # digest build has checked and converted every file already (digest.content_cache).
        cache = self.settings.get(CONTENT_CACHE)
        read = cache.read(site_relative(source_path, self.settings), source_path) if cache is not None else None
        if read is None:
            with open(source_path, "rb") as handle:
                raw = handle.read()
            try:
                article = parse_article(raw.decode("utf-8"))
            except ContentError as error:
                # Pelican would log only "Could not process <file>" and skip it:
                # say what is wrong first; the build fails on either record.
                logger.error("%s", error.at(site_relative(source_path, self.settings)))
                raise
            read = convert_article(article, self._markdown)
        return read.body_html, self._metadata(read)

    def _metadata(self, read: ReadArticle) -> dict:
        article = read.article
        state = article.state(self._now)
        if state != "published" and not self._drafts:
            # Pelican leaves a skipped file out of everything: no page, no timeline, feed, sitemap or search entry.
            return {"status": "skip"}
        # Every field of digest.articles.ARTICLE_FIELDS as it is, but those Pelican reads its own way.
        metadata = {field.name: getattr(article, field.name) for field in ARTICLE_FIELDS
                    if field.name not in _PELICAN_OWN}
        metadata.update({
            # Where Pelican lists it: everywhere (a draft only in a build with drafts, marked by "publication").
            "status": "published",
            "publication": state,
            "date": SafeDatetime(*(article.date or self._now).timetuple()[:6]),
            "when": article.when,
            "body": article.body,  # the Markdown, for topic rules and related-article ranking
            "related_words": read.related_words,
            "plain_summary": "",
        })
        if article.authors:
            metadata["authors"] = self.process_metadata("authors", list(article.authors))
        if article.lang:
            metadata["lang"] = article.lang
        if article.summary:
            metadata["summary"] = read.summary_html
            # The summary's words without Markdown or HTML: descriptions, feed summaries, JSON-LD.
            metadata["plain_summary"] = read.plain_summary
        return metadata


def _image_hosts(settings: dict) -> tuple[str, ...]:
    """DIGEST_IMAGE_HOSTS as host names (``set_defaults`` reports anything else there)."""
    return image_hosts_of(settings.get("DIGEST_IMAGE_HOSTS") or ())[0]


def write_sitemap(pelican):
    """After every page is written: list them in sitemap.xml."""
    output = pelican.output_path
    settings = pelican.settings
    pages = []
    # os.walk, not Path.rglob: at 10,000 articles 0.2 s instead of 1.4 s, and the preview does it on every save.
    for folder, _, names in os.walk(output):
        relative_folder = os.path.relpath(folder, output).replace(os.sep, "/")
        prefix = "" if relative_folder == "." else relative_folder + "/"
        for name in names:
            relative = prefix + name
            if not name.endswith(".html") or relative == settings["NOT_FOUND_SAVE_AS"] \
                    or relative.startswith(("theme/", "pagefind/")):
                continue
            pages.append(absolute(settings, relative.removesuffix("index.html")))
    write_output(output, "sitemap.xml", render_sitemap(pages))


def _compiled_templates(env, settings: dict) -> jinja2.BytecodeCache | None:
    """The theme's templates, compiled once and kept in ``.cache/jinja/`` (Jinja's own cache, checked
    against each template's text): compiling them took a third of a second of every build. Jinja keys
    a template by its name and text only, but what it compiles to also depends on the environment's
    options and extensions, so those name the folder."""
    root = settings.get("DIGEST_ROOT")
    if not root:
        return None
    shape = repr((jinja2.__version__, sorted(env.extensions), sorted(map(repr, settings["JINJA_ENVIRONMENT"].items()))))
    folder = os.path.join(root, ".cache", "jinja", hashlib.blake2b(shape.encode(), digest_size=8).hexdigest())
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None  # only saves time
    return jinja2.FileSystemBytecodeCache(folder)


def install_i18n_and_filters(generator):
    """Interface language and the filters the theme uses, on every generator's Jinja environment."""
    settings = generator.settings
    lang = settings["DEFAULT_LANG"]
    image_hosts = _image_hosts(settings)
    env = generator.env
    env.add_extension("jinja2.ext.i18n")
    env.bytecode_cache = _compiled_templates(env, settings)
    catalogue = Catalogue(lang)
    env.install_gettext_translations(catalogue, newstyle=True)
    env.globals.update(template_gettext(catalogue))  # the same, made cheap
    env.filters.update({
        "event_date": lambda value: event_date(value, lang),
        "long_date": lambda value: long_date(value, lang),
        "month_label": lambda month: month_label(month.year, month.month, lang),
        "absolute": lambda path: absolute(settings, path),
        "news_article_ld": lambda article: news_article_ld(article, settings),
        "collection_page_ld": lambda page: collection_page_ld(page, settings),
        # Whether a page may show a picture from this address (this site, or DIGEST_IMAGE_HOSTS).
        "image_allowed": lambda src: image_host_allowed(src, image_hosts),
        "host_of": lambda url: host_of(url) or url,
    })
    env.globals["content_security_policy"] = content_security_policy(image_hosts)
    env.globals["remembered"] = remembered


def freeze_article_urls(content):
    """Pelican formats an article's address and file name anew on every access (its own check of
    the file name, the timelines, feeds, related lists, search and page plan ask for each many
    times), so they are worked out once, when the article is made (``content_object_init``):
    ``override_url`` and ``override_save_as`` are Pelican's own way to fix them."""
    if isinstance(content, Article):
        content.override_url = content.url
        content.override_save_as = content.save_as


class _Listing(list):
    """A tag's, category's or author's articles, answering ``article in listing`` from a set of
    identities rather than by walking the list. Pelican's tag, category and author pages pick
    their articles out of every dated one with ``article in articles``: over lists that is a
    number of comparisons that grows with the square of the site (50 authors of 1,000 articles
    each, 50,000 articles: a billion). Pelican only reads these lists after its context is made."""

    def __init__(self, articles):
        super().__init__(articles)
        self._members = frozenset(map(id, self))

    def __contains__(self, article) -> bool:
        return id(article) in self._members


def index_listings(generator):
    """Pelican's listings of articles by author, category and tag, as ``_Listing``s."""
    generator.authors = [(author, _Listing(articles)) for author, articles in generator.authors]
    generator.categories = [(category, _Listing(articles)) for category, articles in generator.categories]
    tags = type(generator.tags)(list) if hasattr(generator.tags, "default_factory") else {}
    tags.update((tag, _Listing(articles)) for tag, articles in generator.tags.items())
    generator.tags = tags
    for name in ("authors", "categories", "tags"):  # as Pelican's _update_context puts them there
        if name in generator.context:
            value = getattr(generator, name)
            generator.context[name] = list(value.items()) if hasattr(value, "items") else value


def set_defaults(pelican):
    """digest's settings (digest.config.DEFAULTS) for a plain `pelican` run too; `digest` commands
    have them already."""
    for name, value in DEFAULTS.items():
        pelican.settings.setdefault(name, copy.deepcopy(value))
    # Pelican credits every article without a byline to AUTHOR: a digest never credits a story to
    # itself (or anyone) when the outlet named no one.
    pelican.settings.pop("AUTHOR", None)
    # The hosts go into every page's Content-Security-Policy: anything but a host name fails the build.
    shard = pelican.settings["DIGEST_SEARCH_SHARD_PAGES"]
    if not isinstance(shard, int) or isinstance(shard, bool) or shard < 1:
        logger.error("DIGEST_SEARCH_SHARD_PAGES: %r is not a number of pages like 2000: fix the settings", shard)
    for value in image_hosts_of(pelican.settings["DIGEST_IMAGE_HOSTS"])[1]:
        logger.error("DIGEST_IMAGE_HOSTS: %r is not a host name like images.example.org: fix the settings", value)


def add_reader(readers):
    # Only digest's reader (and Pelican's "static" one, which copies files as they are): Pelican's
    # HTML and reStructuredText readers would publish a file's HTML unsanitised.
    for extension in [name for name in readers.reader_classes if name != "static"]:
        del readers.reader_classes[extension]
    for extension in DigestReader.file_extensions:
        readers.reader_classes[extension] = DigestReader
    stamp_only_when_cached(readers)


def add_generators(pelican):
    # Order matters: editions, related articles and the site files read the topics' context; the
    # search index reads only the article pages, and comes first to start as soon as they are written.
    return [SearchGenerator, TopicsGenerator, EditionsGenerator, RelatedGenerator, SiteGenerator]


def register():
    signals.initialized.connect(set_defaults)
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(add_generators)
    signals.generator_init.connect(install_i18n_and_filters)
    signals.content_object_init.connect(freeze_article_urls)
    signals.article_generator_finalized.connect(index_listings)
    signals.article_generator_finalized.connect(start_related_ranking)
    signals.finalized.connect(write_sitemap)
