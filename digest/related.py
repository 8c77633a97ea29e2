"""Related articles: the editor's own choices first, then a ranking. Values in, values out.

The ranking follows Hugo's related-content index: each article is described
by a few weighted keys (its topics, its most telling words), an inverted
index finds the articles sharing keys, and only those few candidates are
scored, never every pair, so the work grows with the number of articles, not
with its square. Scores weigh shared topics, shared words (tf-idf, with stop
words for Indonesian and English dropped) and nearness in time.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from digest.stopwords import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]{3,}")
_TAG = re.compile(r"<[^>]+>")
_ALL_STOP_WORDS = frozenset().union(*STOP_WORDS.values()) | frozenset(
    "also more than into over about would could there where when what which who will been being "
    "said says juga lagi para pun agar serta hingga kata ujar tutur menurut dilansir".split()
)


MAX_POSTINGS = 200  # articles a word may be shared by and still find candidates (2 * sqrt(10,000))


@dataclass(frozen=True)
class RelatedSettings:
    limit: int = 5
    topic_weight: float = 3.0  # per shared topic
    word_weight: float = 1.0  # times the idf of each shared telling word
    words_per_article: int = 10  # the telling words kept per article
    neighbours_per_topic: int = 4  # nearest articles in time on each shared topic are always candidates
    candidates: int = 40  # how many word-sharing candidates get a full score
    half_life_days: float = 365.0  # a year apart halves the score
    threshold: float = 2.0  # below this, an article is not related enough to show


def _words(item: Any) -> list[str]:
    return words_of(*(str(getattr(item, name, "") or "") for name in ("title", "summary", "body")))


def words_of(title: str, summary: str, body: str) -> list[str]:
    """The words the ranking describes an article by (its title counts twice); ``summary`` may be HTML.
    Worked out once per article text (the build keeps them in its content cache)."""
    text = " ".join((title, title, summary, body))
    return [word for word in _WORD.findall(_TAG.sub(" ", text).casefold()) if word not in _ALL_STOP_WORDS]


# An article's words as the ranking reads them: each distinct word once (joined by spaces), and how
# often each occurs (the same order, joined by spaces). Two strings, not a dict or lists: ten
# thousand articles' words as Python objects would hold millions of small strings, and the two
# strings split straight into what the ranking needs without counting again.
WordCounts = tuple[str, str]


def count_words(words: Iterable[str]) -> WordCounts:
    """``words`` (a ``words_of``) as ``WordCounts``."""
    counts = Counter(words)
    return " ".join(counts), " ".join(map(str, counts.values()))


def _day(item: Any) -> int:
    return item.date.toordinal()


def editor_choices(items: Sequence[Any], urls: Sequence[str]) -> list[list[int]]:
    """For each item, the indexes of the site articles its front matter ``related`` points to.

    A related entry points to a site article by its address (with or without
    the site URL, leading slash or ``index.html``) or else by the same title:
    an entry linking the original story still finds the digest's own entry.
    """
    by_url = {_normal_url(url): index for index, url in enumerate(urls)}
    by_title = {item.title.casefold(): index for index, item in enumerate(items)}
    choices = []
    for index, item in enumerate(items):
        found: list[int] = []
        for entry in getattr(item, "related", ()) or ():
            target = by_url.get(_normal_url(entry.url)) if entry.url else None
            if target is None:
                target = by_title.get(entry.title.casefold())
            if target is not None and target != index and target not in found:
                found.append(target)
        choices.append(found)
    return choices


def _normal_url(url: str) -> str:
    path = re.sub(r"^https?://[^/]+", "", url.strip())
    path = re.sub(r"index\.html$", "", path)
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def rank_related(items: Sequence[Any], urls: Sequence[str], settings: RelatedSettings = RelatedSettings(),
                 words: Sequence[WordCounts | None] | None = None) -> list[list[int]]:
    """For each item, up to ``settings.limit`` indexes of related items, best first; ``words`` are
    each item's ``count_words(words_of(...))`` where known (None: worked out here)."""
    count = len(items)
    counted = [known if known is not None else count_words(_words(item))
               for item, known in zip(items, words if words is not None else [None] * count)]
    document_frequency: Counter[str] = Counter()
    for distinct, _ in counted:
        document_frequency.update(distinct.split())
    idf = {word: math.log((1 + count) / (1 + df)) + 1 for word, df in document_frequency.items()}
    telling = []
    for distinct, counts in counted:
        # The words with the highest tf-idf, ties by the word: smallest (-tf * idf, word) first.
        # Iterators over the two strings, so the per-word work stays in C.
        names = distinct.split()
        weights = map(operator.neg, map(operator.mul, map(int, counts.split()), map(idf.__getitem__, names)))
        telling.append(frozenset(word for _, word in heapq.nsmallest(settings.words_per_article, zip(weights, names))))

    # Words in a large share of the digest say little and would make every article a candidate.
    # The cap keeps each article's candidates (at most words_per_article times it) a constant
    # number however large the digest grows: the ranking stays linear in the number of articles.
    max_postings = min(MAX_POSTINGS, max(30, int(2 * math.sqrt(count))))
    postings: dict[str, list[int]] = defaultdict(list)
    for index, item_words in enumerate(telling):
        for word in item_words:
            if document_frequency[word] <= max_postings:
                postings[word].append(index)

    by_topic: dict[str, list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        for slug in set(item.topics):
            by_topic[slug].append(index)
    position: dict[tuple[str, int], int] = {}
    for slug, members in by_topic.items():
        members.sort(key=lambda index: (_day(items[index]), items[index].title))
        for place, index in enumerate(members):
            position[(slug, index)] = place

    chosen = editor_choices(items, urls)
    days = [_day(item) for item in items]
    topic_sets = [frozenset(item.topics) for item in items]
    results = []
    for index, item in enumerate(items):
        shared_words = Counter()
        for word in telling[index]:
            shared_words.update(postings.get(word, ()))
        candidates = {other for other, _ in shared_words.most_common(settings.candidates + 1)}
        for slug in set(item.topics):
            members, place = by_topic[slug], position[(slug, index)]
            reach = settings.neighbours_per_topic
            candidates.update(members[max(0, place - reach): place + reach + 1])
        candidates.discard(index)
        candidates.difference_update(chosen[index])

        topics, words_here, day = topic_sets[index], telling[index], days[index]
        scored = []
        for other in candidates:
            score = settings.topic_weight * len(topics & topic_sets[other]) + settings.word_weight * sum(
                idf[word] for word in words_here & telling[other]
            )
            apart = abs(day - days[other])
            score *= 0.5 ** (apart / settings.half_life_days)
            if score >= settings.threshold:
                scored.append((-score, apart, items[other].title, other))
        scored.sort()
        ranked = chosen[index] + [other for *_, other in scored]
        results.append(ranked[: settings.limit])
    return results
