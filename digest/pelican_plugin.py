"""The Pelican side of digest: a reader for YAML front matter and a generator for topic pages.

Thin on purpose: parsing lives in ``digest.articles``, grouping in
``digest.timelines``. Signal receivers are module-level functions (Pelican
holds them by weak reference) and every value a build collects lives on
that build's generator, so nothing leaks from one build to the next.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from markdown import Markdown
from pelican import signals
from pelican.generators import Generator
from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from digest.articles import parse_article
from digest.errors import ContentError
from digest.model import Timeline, Topic
from digest.timelines import group_timelines
from digest.topics import parse_topics

logger = logging.getLogger(__name__)

TOPICS_FILE = "topics.yaml"


class DigestReader(BaseReader):
    """Reads ``.md`` articles with YAML front matter (Pelican's own reader wants ``Key: value`` lines)."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._markdown = Markdown(**self.settings["MARKDOWN"])
        # Articles come from the open web: raw HTML in them is shown as text,
        # never passed into the page (no scripts, no broken layout).
        self._markdown.preprocessors.deregister("html_block")
        self._markdown.inlinePatterns.deregister("html")

    def read(self, source_path):
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            article = parse_article(text)
        except ContentError as error:
            # Pelican would log only "Could not process <file>" and skip it:
            # say what is wrong first; the build fails on either record.
            logger.error("%s", error.at(os.path.relpath(source_path)))
            raise
        return self._html(article.body), self._metadata(article)

    def _html(self, markdown_text: str) -> str:
        self._markdown.reset()
        return self._markdown.convert(markdown_text)

    def _metadata(self, article) -> dict:
        metadata = {
            "title": article.title,
            "date": SafeDatetime(*article.date.timetuple()[:6]),
            "subtitle": article.subtitle,
            "event_date": article.event_date,
            "editor": article.editor,
            "source": article.source,
            "location": article.location,
            "topics": article.topics,
            "related": article.related,
            "images": article.images,
            "source_tags": article.source_tags,
            "cites": article.cites,
            "key": article.key,
            "when": article.when,
        }
        if article.authors:
            metadata["authors"] = self.process_metadata("authors", list(article.authors))
        if article.lang:
            metadata["lang"] = article.lang
        if article.summary:
            metadata["summary"] = self._html(article.summary)
        return metadata


@dataclass
class TopicPage:
    """What a topic's page needs: its timeline, where it is written, its parent and children."""

    topic: Topic
    timeline: Timeline
    url: str
    save_as: str
    parent: "TopicPage | None" = None
    children: list["TopicPage"] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.topic.title

    @property
    def slug(self) -> str:
        return self.topic.slug


class TopicsGenerator(Generator):
    """Adds a timeline page per topic and a page listing all topics."""

    def generate_context(self):
        topics = self._read_topics()
        articles = self.context.get("articles", [])
        self._report_unknown_topics(articles, {topic.slug for topic in topics})
        timelines = group_timelines(topics, articles)
        pages = {
            topic.slug: TopicPage(
                topic=topic,
                timeline=timelines[topic.slug],
                url=self.settings["TOPIC_URL"].format(slug=topic.slug),
                save_as=self.settings["TOPIC_SAVE_AS"].format(slug=topic.slug),
            )
            for topic in topics
        }
        for page in pages.values():
            page.parent = pages.get(page.topic.parent)
            if page.parent:
                page.parent.children.append(page)
        self.topic_pages = list(pages.values())
        self.context["topic_pages"] = self.topic_pages
        self.context["topic_pages_by_slug"] = pages

    def generate_output(self, writer):
        relative_urls = self.settings["RELATIVE_URLS"]
        for page in self.topic_pages:
            writer.write_file(
                page.save_as, self.get_template("topic"), self.context,
                relative_urls=relative_urls, topic_page=page, page_name=page.url.rstrip("/"),
            )
        writer.write_file(
            self.settings["TOPICS_SAVE_AS"], self.get_template("topics"), self.context,
            relative_urls=relative_urls, page_name="topics",
        )

    def _read_topics(self) -> tuple[Topic, ...]:
        path = os.path.join(self.path, self.settings.get("DIGEST_TOPICS_FILE", TOPICS_FILE))
        if not os.path.exists(path):
            logger.warning("No %s: the site has no topic timelines", os.path.relpath(path))
            return ()
        with open(path, encoding="utf-8") as handle:
            try:
                return parse_topics(handle.read())
            except ContentError as error:
                logger.error("%s", error.at(os.path.relpath(path)))
                return ()

    def _report_unknown_topics(self, articles, known: set[str]) -> None:
        for article in articles:
            for slug in article.topics:
                if slug not in known:
                    logger.error(
                        "%s: error: topic '%s' is not in %s: add it there or fix the name [unknown-topic]",
                        os.path.relpath(article.source_path), slug, TOPICS_FILE,
                    )


def add_reader(readers):
    for extension in DigestReader.file_extensions:
        readers.reader_classes[extension] = DigestReader


def add_generators(pelican):
    return TopicsGenerator


def register():
    signals.readers_init.connect(add_reader)
    signals.get_generators.connect(add_generators)
