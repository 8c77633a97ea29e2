"""Grouping and related-article ranking on a large synthetic digest (pure functions, no Pelican).

`python -m bench.bench_related [N ...]` (default 1000 and 10000). The corpus
has a Zipf-like vocabulary of made-up words, so some words are common and
most are rare, as in news text; medians of several runs are reported. Then
the grouping again on ``bench.scale``'s corpus, whose real words the topics'
match rules find.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.scale_corpus import write_scale_corpus
from digest.articles import parse_article
from digest.model import Article, Topic
from digest.related import rank_related
from digest.timelines import group_timelines
from digest.topics import parse_topics

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
    print(f"\n{'articles':>8}  {'group timelines':>15}   (bench.scale's corpus: 40 topics, 6 with match rules)")
    for count in counts:
        topics, articles = scale_articles(count)
        grouping = []
        for _ in range(RUNS):
            started = time.perf_counter()
            group_timelines(topics, articles)
            grouping.append(time.perf_counter() - started)
        print(f"{count:>8}  {statistics.median(grouping):>14.2f}s")


def scale_articles(count: int) -> tuple[tuple[Topic, ...], list[Article]]:
    """The topics and articles of ``bench.scale``'s corpus: real words, so the match rules find some."""
    with tempfile.TemporaryDirectory() as folder:
        site, _ = write_scale_corpus(Path(folder), count)
        topics = parse_topics((site / "content" / "topics.yaml").read_text(encoding="utf-8"))
        articles = [parse_article(path.read_text(encoding="utf-8"))
                    for path in sorted((site / "content" / "articles").rglob("*.md"))]
    return topics, articles


if __name__ == "__main__":
    main(sys.argv[1:])
