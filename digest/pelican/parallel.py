"""Article pages rendered on every core, for ``digest build`` and the first build of ``digest serve``.

Rendering the article pages is the largest part of a cold build, and each page
depends only on the context Pelican has built by then. So the articles are
split into one share per core; the shares beyond the first are rendered by
processes forked at that moment (``digest.processes.Forked``: they start with the
whole context, nothing is pickled on the way in), and each sends back only what
the parent must know: the pages its plan recorded (``digest.pelican.incremental.Plan``)
and what it logged. The parent renders the first share meanwhile, then merges. A
child dies with the build, and one that fails makes the build fail.

Pelican has no parallel mode of its own (its issue #1282 asks for one).
"""

from __future__ import annotations

import logging
import os
from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator

from digest.content_cache import CONTENT_CACHE
from digest.errors import describe_error
from digest.pelican.article_cache import ARTICLE_CACHE
from digest.pelican.incremental import PageWriter
from digest.pelican.internals import stamp_only_when_cached
from digest.pelican.run import RenderError, collect_log
from digest.processes import Forked, cores, give_back_memory

logger = logging.getLogger(__name__)

# Below this many article pages, forking costs more than it saves.
THRESHOLD = 200


class ParallelArticles(ArticlesGenerator):
    """Pelican's articles generator, rendering the article pages in a process per core."""

    digest_stage = "articles"  # its name in the timings of digest build --profile
    drops_gathering_texts = True  # see _drop_gathering_texts

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stamp_only_when_cached(self)  # as its reader: the generator stamps each article it caches too
        self._kept_articles = self.settings.get(ARTICLE_CACHE)  # digest build's: the last build's articles

    # Pelican asks its generator cache for each file before reading it, and hands it each article it
    # made: digest build's ArticleCache answers first.
    def get_cached_data(self, filename, default=None):
        if self._kept_articles is not None:
            article = self._kept_articles.get(os.path.abspath(os.path.join(self.path, filename)), self.settings, self.context)
            if article is not None:
                return article
        return super().get_cached_data(filename, default)

    def cache_data(self, filename, data):
        if self._kept_articles is not None:
            self._kept_articles.put(data)
        super().cache_data(filename, data)

    def generate_context(self):
        super().generate_context()
        if self._kept_articles is not None:
            self._kept_articles.save(self.settings, self.context)

    def generate_articles(self, write):
        articles = list(chain(self.translations, self.articles, self.hidden_translations, self.hidden_articles))
        reads = self.settings.get(CONTENT_CACHE)
        if reads is not None:
            reads.forget()
        if self.drops_gathering_texts:
            _drop_gathering_texts(articles)
        # write is Pelican's functools.partial of the writer's write_file; a PageWriter has a plan.
        writer = getattr(getattr(write, "func", None), "__self__", None)
        plan = writer.plan if isinstance(writer, PageWriter) else None
        # The pages whose inputs did not change are linked in from the last build here, in this one
        # process: the cores share only the pages to render. Two processes making ten thousand
        # folders in the same file system at once took several times as long as one (its journal).
        to_render = []
        for article in articles:
            signals.article_generator_write_article.send(self, content=article)
            if plan is None or not writer.kept(article.save_as, self.context, **article_page_arguments(article)):
                to_render.append(article)
        count = cores()
        if len(to_render) < THRESHOLD or count < 2 or not hasattr(os, "fork"):
            self._render(to_render, write)
            return
        shares = [to_render[number::count] for number in range(count)]
        children = [Forked(lambda send, share=share: self._render_in_child(share, write, plan)) for share in shares[1:]]
        try:
            self._render(shares[0], write)
        except BaseException:
            for child in children:  # stopped or failed: the other shares are not wanted any more
                child.kill()
            raise
        finally:
            results = [_result(child) for child in children]
        for result in results:
            if "failure" in result:
                raise RenderError(result["failure"])
            for level, message in result["log"]:
                logger.log(level, "%s", message)
            if plan is not None:
                plan.merge(result["plan"])

    def _render(self, articles, write) -> None:
        for article in articles:
            write_article_page(self, write, article, self.context)

    def _render_in_child(self, articles, write, plan) -> dict:
        before = plan.record() if plan is not None else None
        with collect_log() as log:
            try:
                self._render(articles, write)
            except RenderError as error:
                return {"failure": str(error)}
            except Exception as error:  # noqa: BLE001 - reported by the parent, with its place
                return {"failure": describe_error(error)}
        return {"log": [(logging.ERROR, message) for message in log.errors]
                + [(logging.WARNING, message) for message in log.warnings],
                "plan": plan.record_since(before) if plan is not None else None}


# What only the gathering read of each article: the Markdown body (the topics' match rules) and its
# words counted (the related ranking, done by then). No page shows them.
_GATHERING_TEXTS = ("body", "related_words")


def _drop_gathering_texts(articles) -> None:
    """Forget ``_GATHERING_TEXTS`` once every generator has gathered, before the pages are written:
    a tenth of the memory of the process that renders (tens of MB at 10,000 articles), which the
    search index's Pagefind then runs beside. Only ``digest build`` does: the preview's session
    gathers again after each save."""
    for article in articles:
        for name in _GATHERING_TEXTS:
            article.__dict__.pop(name, None)
            article.metadata.pop(name, None)
    give_back_memory()


def article_page_arguments(article) -> dict:
    """What Pelican's ArticlesGenerator gives the writer for ``article``'s page, besides the context."""
    return {"article": article, "category": getattr(article, "category", None),
            "override_output": hasattr(article, "override_save_as"), "url": article.url, "blog": True}


def write_article_page(generator, write, article, context) -> None:
    """``article``'s page, through ``write`` (a writer's ``write_file`` with ``relative_urls`` given),
    as Pelican's ArticlesGenerator writes it; ``context`` is the generator's, or one with some values
    of it replaced (the preview's quick pass, ``digest.preview``)."""
    write(article.save_as, generator.get_template(article.template), context, **article_page_arguments(article))


def _result(child: Forked) -> dict:
    try:
        return child.result()
    except BaseException as error:  # noqa: BLE001 - told as the child's failure, never raised over the parent's own
        return {"failure": f"error: a process rendering article pages failed: {describe_error(error)}"}
