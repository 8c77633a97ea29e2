"""Suggest topics for an imported article from the keywords in topics.yaml."""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.model import Topic
from digest.topics import ancestors

# Two different keywords make a topic; one alone ("Minsk", "G20") is too weak a sign.
MIN_KEYWORD_HITS = 2


def suggest_topics(text: str, topics: Sequence[Topic]) -> tuple[str, ...]:
    """Slugs of the topics whose keywords the text uses; never a topic that is not in ``topics``.

    When a topic and its parent both match, only the narrower one is kept:
    the parent's timeline reaches its children anyway.
    """
    folded = text.casefold()
    matched = [
        topic for topic in topics
        if sum(1 for word in topic.keywords if _contains_word(folded, word.casefold())) >= MIN_KEYWORD_HITS
    ]
    by_slug = {topic.slug: topic for topic in topics}
    broader = {parent for topic in matched for parent in ancestors(topic, by_slug)}
    return tuple(topic.slug for topic in matched if topic.slug not in broader)


def _contains_word(text: str, word: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text) is not None
