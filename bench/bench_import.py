"""Import throughput: text and HTML articles per second.

Run with `make bench` or `python -m bench.bench_import [N]`. Two measures,
each the median of several runs:

- parse: ``parse_text`` / ``parse_html`` and ``format_article`` on the golden
  inputs in tests/golden/importer/ (pure work, no files);
- import: ``import_articles`` on a folder of N text and N HTML files (copies
  of the golden inputs under distinct titles) into an empty content folder:
  reading, decoding, parsing, duplicate checks, internal links and writing.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from digest.articles import format_article
from digest.importer import import_articles
from digest.importer.html import parse_html
from digest.importer.text import parse_text
from digest.topics import parse_topics

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "golden" / "importer"
RUNS = 5


def _median_rate(work, count: int) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return count / statistics.median(times)


def bench_parse(topics) -> dict[str, float]:
    inputs = {
        kind: [path.read_text(encoding="utf-8") for path in sorted(CASES.glob(f"*.{suffix}"))]
        for kind, suffix in (("text", "txt"), ("html", "html"))
    }
    parse = {"text": lambda text: parse_text(text, topics=topics), "html": lambda html: parse_html(html, topics=topics)}
    rates = {}
    for kind, texts in inputs.items():
        repeat = max(1, 200 // len(texts))
        parse[kind](texts[0])  # first use loads trafilatura, dateparser's data: not part of the rate
        rates[kind] = _median_rate(lambda: [format_article(parse[kind](text)) for _ in range(repeat) for text in texts],
                                   repeat * len(texts))
    return rates


def _write_sources(folder: Path, count: int) -> dict[str, list[Path]]:
    """``count`` text and ``count`` HTML files, each with its own title so none is a duplicate."""
    files: dict[str, list[Path]] = {"text": [], "html": []}
    texts = sorted(CASES.glob("*.txt"))
    pages = sorted(CASES.glob("*.html"))
    for number in range(count):
        case = texts[number % len(texts)]
        lines = case.read_text(encoding="utf-8").split("\n")
        title_at = next(index for index, line in enumerate(lines) if line.strip() and len(line.split()) > 2)
        lines[title_at] = f"{lines[title_at].strip()} {number}"
        # An address in the text would be the original's: make each copy's its own.
        lines = [re.sub(r"(https?://[^/\s]+/)", rf"\g<1>{number}/", line) for line in lines]
        path = folder / "text" / f"{number:05d}-{case.name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines), encoding="utf-8")
        files["text"].append(path)
        page = pages[number % len(pages)]
        html = page.read_text(encoding="utf-8")
        title = parse_html(html).title
        path = folder / "html" / f"{number:05d}-{page.name}"
        path.parent.mkdir(parents=True, exist_ok=True)
        html = re.sub(r"(https?://[^/\s\"']+/)", rf"\g<1>{number}/", html.replace(title, f"{title} {number}"))
        path.write_text(html, encoding="utf-8")
        files["html"].append(path)
    return files


def bench_import(topics, count: int) -> dict[str, float]:
    rates: dict[str, list[float]] = {"text": [], "html": []}
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        files = _write_sources(root / "sources", count)
        for run in range(RUNS):
            for kind, paths in files.items():
                content = root / f"content-{kind}-{run}"
                (content / "articles").mkdir(parents=True)
                started = time.perf_counter()
                results = import_articles(paths, content, topics)
                elapsed = time.perf_counter() - started
                written = [result for result in results if result.article is not None and not result.error]
                if len(written) != len(paths):
                    problems = [result.error or f"{result.source} skipped" for result in results if result not in written]
                    raise SystemExit(f"not every file was imported: {problems[:3]}")
                rates[kind].append(len(paths) / elapsed)
    return {kind: statistics.median(values) for kind, values in rates.items()}


def main(argv: list[str]) -> None:
    count = int(argv[0]) if argv else 200
    topics = parse_topics((CASES / "topics.yaml").read_text(encoding="utf-8"))
    parsed = bench_parse(topics)
    imported = bench_import(topics, count)
    print(f"Import throughput, articles per second (median of {RUNS} runs)")
    print(f"{'':<28}{'text':>10}{'html':>10}")
    print(f"{'parse + format (in memory)':<28}{parsed['text']:>10.0f}{parsed['html']:>10.0f}")
    print(f"{f'import_articles, {count} files':<28}{imported['text']:>10.0f}{imported['html']:>10.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
