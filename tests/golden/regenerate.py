"""Rewrite tests/golden/importer/<case>.expected.md from the importer: `make golden`, then review the diff.

A case is a ``.txt`` file (text copied from a news page) or an ``.html`` file
(a saved page); both are read with the topics in ``topics.yaml`` beside them.
"""

from __future__ import annotations

from pathlib import Path

from digest.articles import format_article
from digest.importer.html import parse_html
from digest.importer.text import parse_text
from digest.topics import parse_topics

CASES = Path(__file__).resolve().parent / "importer"
KINDS = (".txt", ".html")


def cases() -> list[Path]:
    return sorted(path for path in CASES.iterdir() if path.suffix in KINDS)


def expected_path(case: Path) -> Path:
    return case.with_name(case.stem + ".expected.md")


def render(case: Path) -> str:
    topics = parse_topics((CASES / "topics.yaml").read_text(encoding="utf-8"))
    parse = parse_html if case.suffix == ".html" else parse_text
    return format_article(parse(case.read_text(encoding="utf-8"), topics=topics))


def main() -> None:
    for case in cases():
        expected_path(case).write_text(render(case), encoding="utf-8")
        print(f"wrote {expected_path(case).relative_to(Path.cwd())}")


if __name__ == "__main__":
    main()
