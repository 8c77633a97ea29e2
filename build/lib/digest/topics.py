"""``content/topics.yaml``: the topics timelines are made of. Text in, ``Topic`` values out."""

from __future__ import annotations

import re

import yaml

from digest import frontmatter
from digest.errors import ContentError
from digest.model import MatchRule, Topic

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_topics(text: str) -> tuple[Topic, ...]:
    """Read topics.yaml: a list of topics. Raises ContentError at the first problem, by line."""
    topics, problems = read_topics(text)
    if problems:
        raise problems[0]
    return topics


def read_topics(text: str) -> tuple[tuple[Topic, ...], list[ContentError]]:
    """Read topics.yaml and every problem in it (sorted by line); a topic with a problem is left out.

    A YAML syntax error is raised: nothing after it can be read.
    """
    data = frontmatter.load_yaml(text)
    if data is None:
        return (), []
    root = frontmatter.compose_yaml(text)
    problems: list[ContentError] = []

    def fail(message: str, index: int | None = None, key: str | None = None, code: str = "bad-topic") -> None:
        node = root
        if index is not None and isinstance(node, yaml.SequenceNode):
            node = node.value[index]
            if key is not None and isinstance(node, yaml.MappingNode):
                node = next((value for k, value in node.value if k.value == key), node)
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        problems.append(ContentError(message, line=line, col=col, code=code))

    if not isinstance(data, list):
        fail("topics.yaml must be a list of topics, each starting with '- slug: ...'")
        return (), problems
    read: list[tuple[int, Topic]] = []
    for index, entry in enumerate(data):
        topic = _read_topic(index, entry, fail)
        if topic is not None:
            read.append((index, topic))

    by_slug: dict[str, Topic] = {}
    for index, topic in read:
        if topic.slug in by_slug:
            fail(f"topic '{topic.slug}' is defined twice", index, "slug", "duplicate-topic")
        else:
            by_slug[topic.slug] = topic
    for index, topic in read:
        if topic.parent and topic.parent not in by_slug:
            fail(f"topic '{topic.slug}' has parent '{topic.parent}', which is not a topic", index, "parent", "unknown-parent")
        elif topic.slug in ancestors(topic, by_slug):
            fail(f"topic '{topic.slug}' is its own ancestor: break the parent cycle", index, "parent", "topic-cycle")
    problems.sort(key=lambda problem: (problem.line, problem.col))
    return tuple(by_slug.values()), problems


def _read_topic(index: int, entry: object, fail) -> Topic | None:
    """One entry of topics.yaml, or None after ``fail`` was told what is wrong with it."""
    if not isinstance(entry, dict):
        fail("each topic needs 'slug' and 'title'", index)
        return None
    slug, title = entry.get("slug"), entry.get("title")
    if not isinstance(slug, str) or not SLUG.match(slug):
        fail(f"topic slug {slug!r} must be lowercase letters, digits and dashes", index, "slug", "bad-topic-slug")
        return None
    if not isinstance(title, str) or not title.strip():
        fail(f"topic '{slug}' needs a 'title'", index, "title", "missing-topic-title")
        return None
    keywords = entry.get("keywords") or []
    if not isinstance(keywords, list) or not all(isinstance(word, str) for word in keywords):
        fail(f"keywords of topic '{slug}' must be a list of words", index, "keywords", "bad-type")
        return None
    try:
        match = parse_match(entry.get("match"))
    except ValueError as error:
        fail(f"match rule of topic '{slug}': {error}", index, "match", "bad-match-rule")
        return None
    return Topic(
        slug=slug,
        title=title.strip(),
        description=str(entry.get("description") or "").strip(),
        parent=str(entry.get("parent") or "").strip(),
        keywords=tuple(word.strip() for word in keywords if word.strip()),
        match=match,
    )


def parse_match(value: object) -> tuple[MatchRule, ...]:
    """``match:`` of a topic: one rule or a list of rules, each with ``all`` (groups) and/or ``any`` (terms).

    ``all: [[Belarus], [Russia, Rusia], [military, militer]]`` needs a term of
    every group; a plain term in ``all`` is a group of one.
    """
    if value is None:
        return ()
    rules = value if isinstance(value, list) else [value]
    parsed = []
    for rule in rules:
        if not isinstance(rule, dict) or not set(rule) <= {"all", "any"} or not rule:
            raise ValueError("each rule needs 'all' (a list of term groups) and/or 'any' (a list of terms)")
        all_of = tuple(_terms(group) for group in _list(rule.get("all")))
        any_of = _terms(rule["any"]) if rule.get("any") is not None else ()
        if not all_of and not any_of:
            raise ValueError("a rule needs at least one term")
        parsed.append(MatchRule(all_of=all_of, any_of=any_of))
    return tuple(parsed)


def _list(value: object) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValueError("'all' must be a list of term groups, like all: [[Belarus], [Russia, Rusia]]")
    return value


def _terms(value: object) -> tuple[str, ...]:
    terms = [value] if isinstance(value, str) else value
    if not isinstance(terms, list) or not terms or not all(isinstance(term, str) and term.strip() for term in terms):
        raise ValueError("terms must be non-empty words or phrases")
    return tuple(term.strip() for term in terms)


def ancestors(topic: Topic, by_slug: dict[str, Topic]) -> list[str]:
    """Parent, grandparent, ... of ``topic``; stops at a cycle instead of looping."""
    chain: list[str] = []
    parent = topic.parent
    while parent and parent in by_slug and parent not in chain:
        chain.append(parent)
        parent = by_slug[parent].parent
    return chain
