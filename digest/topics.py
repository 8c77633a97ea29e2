"""``content/topics.yaml``: the topics timelines are made of. Text in, ``Topic`` values out."""

from __future__ import annotations

import re

import yaml

from digest import frontmatter
from digest.errors import ContentError
from digest.model import Topic

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_topics(text: str) -> tuple[Topic, ...]:
    """Read topics.yaml: a list of topics. Raises ContentError with the line of the problem."""
    data = frontmatter.load_yaml(text)
    if data is None:
        return ()
    root = frontmatter.compose_yaml(text)

    def fail(message: str, index: int | None = None, key: str | None = None, code: str = "bad-topic") -> ContentError:
        node = root
        if index is not None and isinstance(node, yaml.SequenceNode):
            node = node.value[index]
            if key is not None and isinstance(node, yaml.MappingNode):
                node = next((value for k, value in node.value if k.value == key), node)
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        return ContentError(message, line=line, col=col, code=code)

    if not isinstance(data, list):
        raise fail("topics.yaml must be a list of topics, each starting with '- slug: ...'")
    topics: list[Topic] = []
    for index, entry in enumerate(data):
        if not isinstance(entry, dict):
            raise fail("each topic needs 'slug' and 'title'", index)
        slug, title = entry.get("slug"), entry.get("title")
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise fail(f"topic slug {slug!r} must be lowercase letters, digits and dashes", index, "slug", "bad-topic-slug")
        if not isinstance(title, str) or not title.strip():
            raise fail(f"topic '{slug}' needs a 'title'", index, "title", "missing-topic-title")
        keywords = entry.get("keywords") or []
        if not isinstance(keywords, list) or not all(isinstance(word, str) for word in keywords):
            raise fail(f"keywords of topic '{slug}' must be a list of words", index, "keywords", "bad-type")
        topics.append(Topic(
            slug=slug,
            title=title.strip(),
            description=str(entry.get("description") or "").strip(),
            parent=str(entry.get("parent") or "").strip(),
            keywords=tuple(word.strip() for word in keywords if word.strip()),
        ))

    by_slug: dict[str, Topic] = {}
    for index, topic in enumerate(topics):
        if topic.slug in by_slug:
            raise fail(f"topic '{topic.slug}' is defined twice", index, "slug", "duplicate-topic")
        by_slug[topic.slug] = topic
    for index, topic in enumerate(topics):
        if topic.parent and topic.parent not in by_slug:
            raise fail(f"topic '{topic.slug}' has parent '{topic.parent}', which is not a topic", index, "parent", "unknown-parent")
        if topic.slug in ancestors(topic, by_slug):
            raise fail(f"topic '{topic.slug}' is its own ancestor: break the parent cycle", index, "parent", "topic-cycle")
    return tuple(topics)


def ancestors(topic: Topic, by_slug: dict[str, Topic]) -> list[str]:
    """Parent, grandparent, ... of ``topic``; stops at a cycle instead of looping."""
    chain: list[str] = []
    parent = topic.parent
    while parent and parent in by_slug and parent not in chain:
        chain.append(parent)
        parent = by_slug[parent].parent
    return chain
