"""Pelican generators for digest's pages: topic timelines, weekly editions, related articles, site files.

Each generator collects what its pages need into values from the library
(``digest.timelines``, ``digest.editions``, ``digest.related``,
``digest.feeds``) and writes them; everything it collects lives on the
generator, which Pelican makes anew for every build.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup
from pelican.generators import Generator

from digest.chart import Chart, monthly_chart
from digest.editions import Edition, group_editions
from digest.errors import ContentError
from digest.feeds import Feed, FeedItem, render_atom, render_json_feed, timelinejs
from digest.i18n import Catalogue, event_date, long_date
from digest.model import Timeline, TimelineEntry, Topic
from digest.related import RelatedSettings, rank_related
from digest.pelican.adapt import absolute, feed_item, site_relative, timeline_image, write_output
from digest.pelican.pages import TOPICS_INPUTS, edition_inputs, entry_inputs, topic_inputs, topics_inputs
from digest.pelican.search_index import index_for_search
from digest.processes import Meanwhile
from digest.sitemap import render_robots
from digest.timelines import TopicRules, group_timelines, monthly_counts, neighbours
from digest.topics import parse_topics

logger = logging.getLogger(__name__)

PREVIOUS_OUTPUT = "DIGEST_PREVIOUS_OUTPUT"  # the settings key of the last build's folder, to reuse from
# The settings key of a function that takes the pages to index in place of indexing them: digest build
# indexes them in another process while the rest of the site is rendered (digest.build).
SEARCH_LATER = "DIGEST_SEARCH_LATER"
# The settings key of what digest build's check found the topics' match rules to match, so that the
# grouping does not search every article's text again: (the text of topics.yaml it matched by, for each
# article's source_path the topics whose rules it matches; see digest.check.rule_matches).
RULE_MATCHES = "DIGEST_RULE_MATCHES"


def write_feeds(output_path: str, settings: dict, *, title: str, home: str, atom_path: str, json_path: str,
                description: str, items, updated=None, writer=None, inputs=()) -> None:
    """The same feed twice: as Atom at ``atom_path`` and as JSON Feed at ``json_path``. ``items`` is a
    list of FeedItems, or a function that makes it (called only when the feed is written);
    ``inputs``: the articles the feed shows (see ``write_generated``)."""
    def feed(path: str) -> Feed:
        return Feed(
            title=title, home_page_url=absolute(settings, home), feed_url=absolute(settings, path),
            description=description, language=settings["DEFAULT_LANG"], author=settings["SITENAME"],
            items=tuple(items() if callable(items) else items), updated=updated,
        )
    write_generated(writer, output_path, {atom_path: lambda: render_atom(feed(atom_path)),
                                          json_path: lambda: render_json_feed(feed(json_path))},
                    lambda version: ("feed", title, updated, tuple(version(article) for article in inputs)))


def write_generated(writer, output_path: str, files: dict, inputs) -> None:
    """digest's own files (feeds, TimelineJS data): ``files`` maps each path to a function that makes
    its text. When ``writer`` plans the build (``digest.pelican.incremental``) and ``inputs(version)``
    (what the files show: the versions of their articles) is what it was last time, they are linked
    from the last build, not made again; otherwise (and with no inputs) they are made and written."""
    plan = getattr(writer, "plan", None)
    if plan is not None and inputs is not None:
        declared = {"digest_inputs": lambda context, version: inputs(version)}
        kept = [plan.unchanged(path, declared) for path in files]  # every one, so that each is recorded
        if all(kept):
            return
    for path, make in files.items():
        write_output(output_path, path, make())
        if plan is not None:
            plan.rendered.append(os.path.join(output_path, path))


@dataclass
class TimelinePlace:
    """Where an article stands on one topic's timeline: for "previous" and "next" links."""

    topic_page: "TopicPage"
    previous: TimelineEntry | None
    next: TimelineEntry | None


@dataclass
class TopicPage:
    """What a topic's pages need: its timeline, addresses, family and chart."""

    topic: Topic
    timeline: Timeline
    urls: dict[str, str]  # url, save_as, key_url, key_save_as, feed_atom, feed_json, timelinejs
    parent: "TopicPage | None" = None
    children: list["TopicPage"] = field(default_factory=list)
    chart: Chart | None = None  # laid out by digest.chart, drawn by the theme's _chart.html

    @property
    def title(self) -> str:
        return self.topic.title

    @property
    def slug(self) -> str:
        return self.topic.slug

    @property
    def url(self) -> str:
        return self.urls["url"]

    @property
    def key_entries(self) -> tuple[TimelineEntry, ...]:
        return tuple(entry for entry in self.timeline.entries if entry.item.key)

    def with_timeline(self, timeline: Timeline) -> "TopicPage":
        """This page showing ``timeline`` (and its chart) instead (the preview's quick pass: ``digest.preview``)."""
        return dataclasses.replace(self, timeline=timeline, chart=_chart_of(timeline))

    def write(self, writer, template, context, settings, *, key_only: bool) -> None:
        """Write the timeline page (``key_only``: of the key events) through Pelican's ``writer``."""
        save_as = self.urls["key_save_as" if key_only else "save_as"]
        writer.write_file(save_as, template, context, relative_urls=settings["RELATIVE_URLS"],
                          topic_page=self, key_only=key_only, page_name=save_as.removesuffix("/index.html"),
                          # what the page shows (digest.pelican.pages): the preview renders it again only when this changes
                          digest_inputs=functools.partial(topic_inputs, self, key_only))


def _chart_of(timeline: Timeline) -> Chart | None:
    return monthly_chart(monthly_counts(timeline))


class TopicsGenerator(Generator):
    """A timeline page per topic (and its key events), a topics index, and each topic's feeds."""

    def generate_context(self):
        topics, text = self._read_topics()
        articles = self.context.get("articles", [])
        self._report_unknown_topics(articles, {topic.slug for topic in topics})
        timelines = group_timelines(topics, articles, self._rule_matches(topics, text))
        pages = {topic.slug: self._page(topic, timelines[topic.slug]) for topic in topics}
        for page in pages.values():
            page.parent = pages.get(page.topic.parent)
            if page.parent:
                page.parent.children.append(page)
        self.topic_pages = list(pages.values())
        self.context["digest_topics"] = topics
        self.context["topic_pages"] = self.topic_pages
        self.context["topic_pages_by_slug"] = pages
        # The same for every page that lists the topics: worked out once, not once per page.
        self.context[TOPICS_INPUTS] = topics_inputs(self.context)
        self.context["article_places"] = self._places(self.topic_pages)

    def _page(self, topic: Topic, timeline: Timeline) -> TopicPage:
        names = {
            "url": "TOPIC_URL", "save_as": "TOPIC_SAVE_AS", "key_url": "TOPIC_KEY_URL",
            "key_save_as": "TOPIC_KEY_SAVE_AS", "feed_atom": "TOPIC_FEED_ATOM", "feed_json": "TOPIC_FEED_JSON",
            "timelinejs": "TOPIC_TIMELINEJS",
        }
        urls = {name: self.settings[setting].format(slug=topic.slug) for name, setting in names.items()}
        return TopicPage(topic=topic, timeline=timeline, urls=urls, chart=_chart_of(timeline))

    @staticmethod
    def _places(pages: list[TopicPage]) -> dict[str, list[TimelinePlace]]:
        """For each article, its previous and next entries on every timeline it is on directly."""
        places: dict[str, list[TimelinePlace]] = {}
        for page in pages:
            around = neighbours(page.timeline)
            for entry in page.timeline.entries:
                if entry.subtopic is None:
                    previous, following = around[id(entry.item)]
                    places.setdefault(entry.item.source_path, []).append(TimelinePlace(page, previous, following))
        return places

    def generate_output(self, writer):
        template = self.get_template("topic")
        # What an empty topic feed is dated by (see feeds.Feed.updated): the newest article, found once.
        newest = max((article.date for article in self.context.get("articles", [])), default=None)
        for page in self.topic_pages:
            for key_only in (False, True):
                page.write(writer, template, self.context, self.settings, key_only=key_only)
            self._write_feeds(page, newest, writer)
        writer.write_file(self.settings["TOPICS_SAVE_AS"], self.get_template("topics"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], page_name="topics")

    def _write_feeds(self, page: TopicPage, newest, writer) -> None:
        settings = self.settings
        newest_first = sorted((entry.item for entry in page.timeline.entries), key=lambda item: item.date, reverse=True)
        shown = newest_first[: settings["FEED_MAX_ITEMS"] or None]
        write_feeds(
            self.output_path, settings, title=f"{settings['SITENAME']}: {page.title}", home=page.url,
            atom_path=page.urls["feed_atom"], json_path=page.urls["feed_json"], description=page.topic.description,
            updated=newest, items=lambda: [feed_item(item, settings, (page.title,)) for item in shown],
            writer=writer, inputs=shown,
        )

        def document() -> str:
            data = timelinejs(
                page.timeline,
                url_of=lambda item: absolute(settings, item.url),
                # Pelican makes a summary of the body for an article without one; TimelineJS shows only the editor's.
                summary_of=lambda item: item.summary if item.plain_summary else "",
                image_of=lambda item: timeline_image(item, settings),
                display_date=lambda when: event_date(when, settings["DEFAULT_LANG"]),
            )
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        write_generated(writer, self.output_path, {page.urls["timelinejs"]: document},
                        lambda version: ("timelinejs", tuple(entry_inputs(entry, version) for entry in page.timeline.entries)))

    def _rule_matches(self, topics: tuple[Topic, ...], text: str):
        """What the check found each article's text to match (``RULE_MATCHES``), if it matched by
        this text of topics.yaml; the articles it does not know are searched here."""
        handed = self.settings.get(RULE_MATCHES)
        if not handed or handed[0] != text:
            return None
        known, rules = handed[1], TopicRules(topics)

        def matched(article) -> frozenset[str]:
            found = known.get(article.source_path)
            return found if found is not None else rules.matched(article)
        return matched

    def _read_topics(self) -> tuple[tuple[Topic, ...], str]:
        """The topics and the text of topics.yaml they were read from (decoded as digest check does)."""
        path = os.path.join(self.path, self.settings["DIGEST_TOPICS_FILE"])
        if not os.path.exists(path):
            logger.warning("No %s: the site has no topic timelines", site_relative(path, self.settings))
            return (), ""
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8")
        try:
            return parse_topics(text), text
        except ContentError as error:
            logger.error("%s", error.at(site_relative(path, self.settings)))
            return (), text

    def _report_unknown_topics(self, articles, known: set[str]) -> None:
        for article in articles:
            for slug in article.topics:
                if slug not in known:
                    logger.error(
                        "%s: error: topic '%s' is not in %s: add it there or fix the name [unknown-topic]",
                        site_relative(article.source_path, self.settings), slug, self.settings["DIGEST_TOPICS_FILE"],
                    )


@dataclass
class EditionPage:
    edition: Edition
    url: str
    save_as: str
    previous: "EditionPage | None" = None
    next: "EditionPage | None" = None


def edition_pages(context, settings) -> list[EditionPage]:
    """The editions of the articles in ``context``, each linked to the one before and after it."""
    editions = group_editions(context.get("articles", []), context.get("digest_topics", ()))
    pages = [EditionPage(edition, settings["EDITION_URL"].format(slug=edition.slug),
                         settings["EDITION_SAVE_AS"].format(slug=edition.slug))
             for edition in editions]
    for older, newer in zip(pages, pages[1:]):
        older.next, newer.previous = newer, older
    return pages


def write_edition_pages(writer, template, context, settings, pages) -> None:
    """A page per edition of ``pages`` (``edition_pages``), through Pelican's ``writer``."""
    for page in pages:
        writer.write_file(page.save_as, template, context, relative_urls=settings["RELATIVE_URLS"],
                          edition_page=page, page_name=page.url.rstrip("/"),
                          digest_inputs=functools.partial(edition_inputs, page))


class EditionsGenerator(Generator):
    """A page per ISO week of articles, an index of editions and their Atom feed."""

    def generate_context(self):
        self.edition_pages = edition_pages(self.context, self.settings)
        self.context["edition_pages"] = self.edition_pages

    def generate_output(self, writer):
        write_edition_pages(writer, self.get_template("edition"), self.context, self.settings, self.edition_pages)
        writer.write_file(self.settings["EDITIONS_SAVE_AS"], self.get_template("editions"), self.context,
                          relative_urls=self.settings["RELATIVE_URLS"], page_name="editions")
        self._write_feed()

    def _write_feed(self) -> None:
        settings, lang = self.settings, self.settings["DEFAULT_LANG"]
        words = Catalogue(lang)
        newest_first = list(reversed(self.edition_pages))[: settings["FEED_MAX_ITEMS"] or None]
        items = []
        for page in newest_first:
            edition = page.edition
            listing = Markup("").join(
                Markup("<h2>{}</h2><ul>{}</ul>").format(
                    section.topic.title if section.topic else words.gettext("Other news"),
                    Markup("").join(Markup('<li><a href="{}">{}</a></li>').format(absolute(settings, item.url), item.title)
                                    for item in section.items),
                )
                for section in edition.sections
            )
            week = words.gettext("Week %(week)s, %(year)s") % {"week": edition.week, "year": edition.year}
            count = words.ngettext("%(num)d article", "%(num)d articles", edition.count) % {"num": edition.count}
            items.append(FeedItem(
                id=absolute(settings, page.url), url=absolute(settings, page.url), title=f"{week}: {count}",
                published=max(item.date for section in edition.sections for item in section.items),
                content_html=str(listing),
                summary=f"{long_date(edition.start, lang)} – {long_date(edition.end, lang)}",
            ))
        feed = Feed(
            title=f"{settings['SITENAME']}: {words.gettext('weekly editions')}",
            home_page_url=absolute(settings, settings["EDITIONS_URL"]),
            feed_url=absolute(settings, settings["EDITIONS_FEED_ATOM"]), language=lang,
            author=settings["SITENAME"], items=tuple(items),
        )
        write_output(self.output_path, settings["EDITIONS_FEED_ATOM"], render_atom(feed))


RELATED_RANKING = "digest_related_ranking"  # the context key of the ranking under way (start_related_ranking)


def start_related_ranking(generator) -> None:
    """Once the articles are read (``article_generator_finalized``), their related articles are ranked
    in a process of its own (``Meanwhile``) while the topics and editions are gathered: the ranking
    needs only the articles, and the second core is idle then."""
    articles = list(generator.context.get("articles", []))
    limit = RelatedSettings(limit=generator.settings["RELATED_ARTICLES_MAX"])
    generator.context[RELATED_RANKING] = (articles, Meanwhile(lambda: rank_related(
        articles, ["/" + article.url for article in articles], limit,
        words=[getattr(article, "related_words", None) for article in articles])))


class RelatedGenerator(Generator):
    """Adds ``related_articles``: for each article (by source path), up to five related ones."""

    def generate_context(self):
        if RELATED_RANKING not in self.context:  # articles were not generated by Pelican's generator
            start_related_ranking(self)
        articles, ranking = self.context.pop(RELATED_RANKING)
        ranked = ranking.result()
        self.context["related_articles"] = {
            article.source_path: [articles[index] for index in indexes] for article, indexes in zip(articles, ranked)
        }

    def generate_output(self, writer):
        pass  # context only: the article template shows the list


class SiteGenerator(Generator):
    """Site-wide files: the site and author feeds, the search page, the 404 page and robots.txt."""

    def generate_context(self):
        pass  # everything it needs is in the articles' context

    def generate_output(self, writer):
        settings = self.settings
        articles = self.context.get("articles", [])
        limit = settings["FEED_MAX_ITEMS"] or None
        description = settings.get("SITESUBTITLE", "")
        latest = articles[:limit]
        write_feeds(self.output_path, settings, title=settings["SITENAME"], home="", atom_path=settings["SITE_FEED_ATOM"],
                    json_path=settings["SITE_FEED_JSON"], description=description,
                    items=lambda: self._items(latest), writer=writer, inputs=latest)
        for author, author_articles in self.context.get("authors", []):
            shown = author_articles[:limit]
            write_feeds(
                self.output_path, settings, title=f"{settings['SITENAME']}: {author}", home=author.url,
                atom_path=settings["AUTHOR_FEED_ATOM_PATH"].format(slug=author.slug),
                json_path=settings["AUTHOR_FEED_JSON_PATH"].format(slug=author.slug),
                description=description, items=functools.partial(self._items, shown), writer=writer, inputs=shown,
            )
        writer.write_file(settings["SEARCH_SAVE_AS"], self.get_template("search"), self.context,
                          relative_urls=settings["RELATIVE_URLS"], page_name="search")
        # The 404 page is served at any address, so its links cannot be relative.
        writer.write_file(settings["NOT_FOUND_SAVE_AS"], self.get_template("404"), self.context, relative_urls=False)
        write_output(self.output_path, "robots.txt", render_robots(absolute(settings, "sitemap.xml")))

    def _items(self, articles) -> list[FeedItem]:
        pages = self.context.get("topic_pages_by_slug", {})
        return [
            feed_item(article, self.settings, tuple(pages[slug].title for slug in article.topics if slug in pages))
            for article in articles
        ]


class SearchGenerator(Generator):
    """The search index of the article pages (``digest.pelican.search_index``), unless
    ``DIGEST_SEARCH`` is off (the preview), or the pages are handed over to be indexed elsewhere
    (``SEARCH_LATER``). It writes right after the articles, so that the pages are handed over
    as soon as they are written."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        if not self.settings["DIGEST_SEARCH"]:
            return
        articles = [*self.context.get("articles", ()), *self.context.get("translations", ())]
        # save_as is worked out from the settings' pattern on every access: once per article here.
        pages = sorted({save_as for save_as in (article.save_as for article in articles) if save_as})
        hand_over = self.settings.get(SEARCH_LATER)
        if hand_over is not None:
            hand_over(pages)
            return
        output = Path(self.output_path)
        previous = self.settings.get(PREVIOUS_OUTPUT)
        if previous is None:
            shutil.rmtree(output / "pagefind", ignore_errors=True)  # a build in place: no shard is known
        errors, indexed = index_for_search(output, pages, Path(previous) if previous else None,
                                           shard_pages=self.settings["DIGEST_SEARCH_SHARD_PAGES"])
        for error in errors:
            logger.error("%s", error)
        logger.debug("search: %d shards indexed anew", indexed)
