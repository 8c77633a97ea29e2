"""Grouping and related-article ranking on a large synthetic digest (pure functions, no Pelican).

`python -m bench.bench_related [N ...]` (default 1000 and 10000). The corpus
has a Zipf-like vocabulary of made-up words, so some words are common and
most are rare, as in news text; medians of several runs are reported.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time

from digest.model import Article, Topic
from digest.related import rank_related
from digest.timelines import group_timelines

RUNS = 3
TOPICS = [Topic(f"topic-{index}", f"Topic {index}", parent="topic-0" if index % 5 else "") for index in range(20)]
TOPICS[0] = Topic("topic-0", "Topic 0")


def corpus(count: int, seed: int = 7) -> list[Article]:
    rng = random.Random(seed)
    syllables = ["ka", "lu", "mi", "san", "tor", "bel", "rus", "pa", "den", "gor", "vi", "ne", "sha", "zo"]
    vocabulary = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(20000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    articles = []
    start = dt.date(2015, 1, 1)
    for index in range(count):
        words = rng.choices(vocabulary, weights=weights, k=250)
        topics = tuple(rng.sample([topic.slug for topic in TOPICS], k=rng.randint(1, 2)))
        articles.append(Article(
            title=" ".join(words[:7]), date=start + dt.timedelta(days=rng.randint(0, 3650)),
            summary=" ".join(words[7:30]), body=" ".join(words[30:]), topics=topics,
        ))
    return articles


def main(argv: list[str]) -> None:
    counts = [int(arg) for arg in argv] or [1000, 10000]
    print(f"{'articles':>8}  {'group timelines':>15}  {'rank related':>12}   (median of {RUNS} runs)")
    for count in counts:
        articles = corpus(count)
        urls = [f"/articles/{index}/" for index in range(count)]
        grouping, ranking = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            group_timelines(TOPICS, articles)
            grouping.append(time.perf_counter() - started)
            started = time.perf_counter()
            rank_related(articles, urls)
            ranking.append(time.perf_counter() - started)
        print(f"{count:>8}  {statistics.median(grouping):>14.2f}s  {statistics.median(ranking):>11.2f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
