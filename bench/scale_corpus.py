"""A synthetic digest of realistic shape for any N, written as digest files and as plain Pelican files.

Each article is about 620 words: a summary, four paragraphs, two ``##``
headings, bold words and inline links, in Indonesian or English; one of 50
authors; one to three of 40 topics (some with parents and match rules); two
related links; dates over three years. The plain Pelican copy carries the same
titles, dates, authors, summaries and bodies (topics as tags), so a build of each
compares the two tools on the same work. Deterministic: the same N gives the same corpus.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from bench.corpus import empty_sites

INDONESIAN = (
    "pasukan gabungan latihan militer perbatasan menteri pertahanan pemerintah rakyat kota desa "
    "pemilu suara hakim mahkamah putusan iklim emisi pendanaan pemimpin kesepakatan ekonomi harga "
    "beras nelayan pelabuhan banjir gempa bantuan sekolah rumah sakit jalan tol kereta bandara"
).split()
ENGLISH = (
    "the joint forces exercise border defence minister talks agreement troops summit election vote "
    "count court ruling climate pledge emissions finance leaders declaration prices rice harbour "
    "flood earthquake relief school hospital toll road railway airport budget parliament"
).split()
PLACES = ["Minsk", "Moskow", "Jakarta", "Surabaya", "Kyiv", "Bali", "Glasgow", "Medan", "Makassar", "Brussels"]
TOPIC_COUNT, AUTHOR_COUNT = 40, 50
START = datetime.date(2022, 1, 1)
DAYS = 3 * 365


def _words(rng: random.Random, vocabulary: list[str], count: int) -> list[str]:
    return [rng.choice(vocabulary) for _ in range(count)]


def _sentence(rng: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(_words(rng, vocabulary, count)).capitalize() + "."


def _paragraph(rng: random.Random, vocabulary: list[str], words: int) -> str:
    sentences = []
    while words > 0:
        length = min(words, rng.randint(12, 22))
        sentence = _words(rng, vocabulary, length)
        if rng.random() < 0.3:
            at = rng.randrange(len(sentence))
            sentence[at] = f"**{sentence[at]}**"
        if rng.random() < 0.2:
            at = rng.randrange(len(sentence))
            sentence[at] = f"[{sentence[at]}](https://example.org/{rng.randrange(10**6)})"
        sentences.append(" ".join(sentence).capitalize() + ".")
        words -= length
    return " ".join(sentences)


def topics_yaml() -> str:
    """40 topics: every fifth has a parent, every seventh a match rule."""
    entries = []
    for number in range(TOPIC_COUNT):
        entry = [f"- slug: topic-{number:02d}", f"  title: Topic number {number}",
                 f"  description: Events followed under topic {number}, over the years.",
                 f"  keywords: [{PLACES[number % len(PLACES)]}, {ENGLISH[number % len(ENGLISH)]}]"]
        if number % 5 == 4:
            entry.append(f"  parent: topic-{number - 4:02d}")
        if number % 7 == 3:
            entry += ["  match:", "    - all:", f"        - [{PLACES[number % len(PLACES)]}]",
                      f"        - [{ENGLISH[(number * 3) % len(ENGLISH)]}, {INDONESIAN[(number * 3) % len(INDONESIAN)]}]"]
        entries.append("\n".join(entry))
    return "\n\n".join(entries) + "\n"


def write_scale_corpus(root: Path, count: int, *, seed: int = 1) -> tuple[Path, Path]:
    """Write ``root/digest/content`` and ``root/pelican/content``; returns the two site folders."""
    rng = random.Random(seed)
    digest_site, pelican_site = empty_sites(root)
    (digest_site / "content" / "topics.yaml").write_text(topics_yaml(), encoding="utf-8")
    authors = [f"Author {number:02d}" for number in range(AUTHOR_COUNT)]
    for index in range(count):
        indonesian = index % 2 == 0
        vocabulary = INDONESIAN if indonesian else ENGLISH
        date = START + datetime.timedelta(days=rng.randrange(DAYS))
        title = f"{_sentence(rng, vocabulary, 7)[:-1]} {index}"
        slug = f"article-{index:05d}"
        topics = sorted({f"topic-{rng.randrange(TOPIC_COUNT):02d}" for _ in range(rng.randint(1, 3))})
        author = authors[rng.randrange(AUTHOR_COUNT)]
        summary = _sentence(rng, vocabulary, 30)
        place = rng.choice(PLACES)
        body = "\n\n".join([
            _paragraph(rng, vocabulary, 150),
            f"## {_sentence(rng, vocabulary, 4)[:-1]}",
            _paragraph(rng, vocabulary, 150),
            _paragraph(rng, vocabulary, 150),
            f"## {_sentence(rng, vocabulary, 4)[:-1]}",
            _paragraph(rng, vocabulary, 140),
        ])
        related = "".join(f"  - title: \"Background {n} to {index}\"\n    url: https://example.net/{slug}/{n}\n"
                          for n in (1, 2))
        digest_file = digest_site / "content" / "articles" / str(date.year) / f"{slug}.md"
        digest_file.parent.mkdir(parents=True, exist_ok=True)
        digest_file.write_text(
            f"---\ntitle: \"{title}\"\ndate: {date.isoformat()}\nevent_date: {date.isoformat()}\n"
            f"authors: [{author}]\nsource:\n  name: Wire {index % 30}\n  url: https://example.org/{slug}\n"
            f"location: {place}\nlang: {'id' if indonesian else 'en'}\ntopics: [{', '.join(topics)}]\n"
            f"related:\n{related}summary: \"{summary}\"\n---\n{body}\n",
            encoding="utf-8",
        )
        pelican_file = pelican_site / "content" / str(date.year) / f"{slug}.md"
        pelican_file.parent.mkdir(parents=True, exist_ok=True)
        pelican_file.write_text(
            f"Title: {title}\nDate: {date.isoformat()}\nAuthors: {author}\nTags: {', '.join(topics)}\n"
            f"Summary: {summary}\nLang: {'id' if indonesian else 'en'}\n\n{body}\n",
            encoding="utf-8",
        )
    return digest_site, pelican_site
