"""The importer against plain trafilatura on public, annotated web pages.

    python -m bench.eval_import --scrapinghub DIR --trafilatura DIR [--details FILE]

The pages are not in this repository: they are other people's pages, and we
measure on them, not copy them. Get them with

    git clone --depth 1 https://github.com/scrapinghub/article-extraction-benchmark
    git clone --depth 1 https://github.com/adbar/trafilatura

- ``--scrapinghub``: 181 English news pages with their article text
  (``ground-truth.json``, ``html/*.html.gz``): body F1 as that benchmark
  scores it (``bench.extraction_scores``).
- ``--trafilatura``: trafilatura's own evaluation set (``tests/evaldata.json``,
  pages in ``tests/cache`` and ``tests/eval``): the 851 pages of many sites and
  languages annotated with title, date and author: exact-match rates.

Each page is given to ``digest.importer.html.parse_html`` (what ``digest
import page.html`` runs, without the files) and to plain trafilatura 2
(``extract`` for the text, ``bare_extraction`` for the metadata, defaults
otherwise). A page the importer refuses counts as nothing found, and is
listed. ``--details`` writes every page's results as JSON, to see which pages
went wrong and how.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.extraction_scores import body_score, exact_rate, normalise, overlap

_CONVERTER = None  # the site's Markdown reader, one per process


@dataclass
class Page:
    dataset: str
    name: str
    url: str
    path: Path
    expected: dict[str, str] = field(default_factory=dict)  # body, title, date, author


def scrapinghub_pages(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    return [Page("scrapinghub", key, item.get("url", ""), folder / "html" / f"{key}.html.gz",
                 {"body": item.get("articleBody", "")}) for key, item in sorted(truth.items())]


def trafilatura_pages(folder: Path) -> list[Page]:
    tests = folder / "tests"
    annotations = json.loads((tests / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in annotations.items():
        if "title" not in item:  # annotated for its text only
            continue
        path = next((tests / sub / item["file"] for sub in ("cache", "eval") if (tests / sub / item["file"]).is_file()),
                    None)
        if path is not None:
            expected = {key: normalise(item.get(key)) for key in ("title", "date", "author")}
            pages.append(Page("trafilatura", item["file"], url, path, expected))
    return pages


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def run_digest(page: Page) -> dict[str, str]:
    from digest.errors import ArticleImportError
    from digest.importer.encoding import decode_bytes
    from digest.importer.html import parse_html

    try:
        article = parse_html(decode_bytes(_read(page.path)), url=page.url)
    except ArticleImportError as error:
        return {"refused": str(error)}
    body = "\n\n".join(part for part in (article.subtitle, article.body) if part)
    return {
        "body": _plain_text(body),
        "title": article.title,
        "date": article.date.isoformat() if article.date else "",
        "author": normalise(article.authors),
    }


def _plain_text(markdown: str) -> str:
    """The body's words as a reader gets them: the Markdown read as the site reads it, then its text."""
    global _CONVERTER
    from digest.markdown_html import MarkdownConverter
    from digest.sanitize import html_to_text

    if _CONVERTER is None:
        from pelican.settings import DEFAULT_CONFIG

        _CONVERTER = MarkdownConverter(DEFAULT_CONFIG["MARKDOWN"])
    return html_to_text(_CONVERTER.convert(markdown))


def run_trafilatura(page: Page) -> dict[str, str]:
    import trafilatura

    html = _read(page.path)
    found: dict[str, str] = {"body": trafilatura.extract(html, url=page.url or None) or ""}
    document = trafilatura.bare_extraction(html, url=page.url or None, with_metadata=True)
    if document is not None:
        found.update(title=document.title or "", date=document.date or "", author=document.author or "")
    return found


@dataclass
class Result:
    page: Page
    found: dict[str, dict[str, str]]  # by extractor
    seconds: float  # digest's time on the page


def _both(page: Page) -> Result:
    started = time.perf_counter()
    ours = run_digest(page)
    elapsed = time.perf_counter() - started
    return Result(page, {"digest": ours, "trafilatura": run_trafilatura(page)}, elapsed)


def _scores(rows, which: str, fields: tuple[str, ...]) -> str:
    """One extractor's figures on one dataset: ``which`` is "digest" or "trafilatura"."""
    cells = []
    for key in fields:
        if key == "body":
            score = body_score([overlap(row.page.expected["body"], row.found[which].get("body", "")) for row in rows])
            cells.append(f"body F1 {score.f1:.3f} (P {score.precision:.3f}, R {score.recall:.3f})")
        else:
            rate, counted = exact_rate((row.page.expected[key], row.found[which].get(key, "")) for row in rows)
            cells.append(f"{key} {rate:.3f} of {counted}")
    return "  ".join(cells)


def report(rows: list[Result]) -> str:
    lines = []
    for dataset, fields in (("scrapinghub", ("body",)), ("trafilatura", ("title", "date", "author"))):
        these = [row for row in rows if row.page.dataset == dataset]
        if not these:
            continue
        refused = [row for row in these if "refused" in row.found["digest"]]
        seconds = sorted(row.seconds for row in these)
        lines += [
            f"{dataset}: {len(these)} pages",
            f"  trafilatura  {_scores(these, 'trafilatura', fields)}",
            f"  digest       {_scores(these, 'digest', fields)}  refused {len(refused)}",
            f"  digest's time per page: median {seconds[len(seconds) // 2] * 1000:.0f} ms",
        ]
        lines += [f"    refused {row.page.name}: {row.found['digest']['refused']}" for row in refused]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.eval_import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scrapinghub", type=Path, help="a clone of scrapinghub/article-extraction-benchmark")
    parser.add_argument("--trafilatura", type=Path, help="a clone of adbar/trafilatura")
    parser.add_argument("--details", type=Path, help="write every page's results to this JSON file")
    parser.add_argument("--only", help="only pages whose file name contains this")
    args = parser.parse_args(argv)
    pages: list[Page] = []
    if args.scrapinghub:
        pages += scrapinghub_pages(args.scrapinghub)
    if args.trafilatura:
        pages += trafilatura_pages(args.trafilatura)
    if args.only:
        pages = [page for page in pages if args.only in page.name]
    if not pages:
        parser.error("give --scrapinghub and/or --trafilatura")
    with multiprocessing.get_context("fork").Pool(2, maxtasksperchild=50) as pool:
        results = pool.map(_both, pages, chunksize=4)
    print(report(results))
    if args.details:
        args.details.write_text(json.dumps(
            [{"dataset": row.page.dataset, "name": row.page.name, "url": row.page.url, "expected": row.page.expected,
              **row.found} for row in results], ensure_ascii=False, indent=1),
            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
