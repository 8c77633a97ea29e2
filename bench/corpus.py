"""A synthetic digest of N articles, written twice: as digest files and as plain Pelican files.

Both versions carry the same titles, dates, authors and bodies, so a build of
each compares digest with plain Pelican on the same work. Deterministic: the
same N gives the same corpus.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

WORDS = (
    "pasukan gabungan latihan militer Belarus Rusia Minsk Moskow perbatasan menteri pertahanan "
    "the joint forces exercise border defence minister talks agreement troops summit election "
    "vote count court ruling climate pledge emissions finance leaders declaration"
).split()
TOPICS = ["belarus-russia-military", "russia-ukraine-war", "indonesia-election-2024", "indonesia-g20-2022", "climate-talks"]
AUTHORS = ["Digest Desk", "Redaksi Digest", "Brahm", "Ana Writer"]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def empty_sites(root: Path) -> tuple[Path, Path]:
    """``root/digest`` and ``root/pelican``, each with an empty ``content/`` (what was there is removed)."""
    digest_site, pelican_site = root / "digest", root / "pelican"
    for site in (digest_site, pelican_site):
        shutil.rmtree(site, ignore_errors=True)
        (site / "content").mkdir(parents=True)
    return digest_site, pelican_site


def write_corpus(root: Path, count: int, *, seed: int = 1) -> tuple[Path, Path]:
    """Write ``root/digest/content`` and ``root/pelican/content``; returns the two site folders."""
    rng = random.Random(seed)
    digest_site, pelican_site = empty_sites(root)
    repo = Path(__file__).resolve().parent.parent
    shutil.copy(repo / "content" / "topics.yaml", digest_site / "content" / "topics.yaml")
    for index in range(count):
        year, month, day = 2020 + index % 4, 1 + index % 12, 1 + index % 28
        title = f"{_sentence(rng, 6)[:-1]} {index}"
        slug = f"article-{index:05d}"
        topic = TOPICS[index % len(TOPICS)]
        author = AUTHORS[index % len(AUTHORS)]
        summary = _sentence(rng, 20)
        body = "\n\n".join(_sentence(rng, 40) for _ in range(5))
        digest_file = digest_site / "content" / "articles" / str(year) / f"{slug}.md"
        digest_file.parent.mkdir(parents=True, exist_ok=True)
        digest_file.write_text(
            f"---\ntitle: \"{title}\"\ndate: {year}-{month:02d}-{day:02d}\nevent_date: {year}-{month:02d}\n"
            f"authors: [{author}]\nsource:\n  name: Wire\n  url: https://example.org/{slug}\nlang: en\n"
            f"topics: [{topic}]\nsummary: \"{summary}\"\n---\n{body}\n",
            encoding="utf-8",
        )
        pelican_file = pelican_site / "content" / str(year) / f"{slug}.md"
        pelican_file.parent.mkdir(parents=True, exist_ok=True)
        pelican_file.write_text(
            f"Title: {title}\nDate: {year}-{month:02d}-{day:02d}\nAuthors: {author}\nTags: {topic}\n"
            f"Summary: {summary}\nLang: en\n\n{body}\n",
            encoding="utf-8",
        )
    return digest_site, pelican_site
