"""Full build time: digest (its reader, topic timelines and theme) against plain Pelican on the same corpus.

Run with `make bench` or `python -m bench.bench_build [N ...]`. Each build runs
in a fresh process (as an editor runs it), several times, alternating the two
tools so both see the same machine state; medians are reported.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent
RUNS = 5

PLAIN_PELICAN_SETTINGS = """
SITENAME = "bench"
PATH = "content"
TIMEZONE = "Asia/Jakarta"
DEFAULT_LANG = "en"
ARTICLE_URL = ARTICLE_LANG_URL = "articles/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_LANG_SAVE_AS = "articles/{date:%Y}/{slug}/index.html"
DEFAULT_PAGINATION = 12
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def _timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def bench(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as temporary:
        digest_site, pelican_site = write_corpus(Path(temporary), count)
        (digest_site / "pelicanconf.py").write_text(
            (REPO / "pelicanconf.py").read_text(encoding="utf-8").replace('THEME = "themes/digest"', f'THEME = "{REPO}/themes/digest"'),
            encoding="utf-8",
        )
        (pelican_site / "pelicanconf.py").write_text(PLAIN_PELICAN_SETTINGS, encoding="utf-8")
        digest_cmd = [sys.executable, "-m", "digest", "build"]
        pelican_cmd = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        times: dict[str, list[float]] = {"digest": [], "pelican": []}
        for _ in range(RUNS):
            times["digest"].append(_timed(digest_cmd, digest_site))
            times["pelican"].append(_timed(pelican_cmd, pelican_site))
        return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str]) -> None:
    counts = [int(arg) for arg in argv] or [100, 1000]
    print(f"{'articles':>8}  {'digest build':>12}  {'plain pelican':>13}  {'ratio':>5}   (median of {RUNS} runs, fresh process each)")
    for count in counts:
        result = bench(count)
        print(f"{count:>8}  {result['digest']:>11.2f}s  {result['pelican']:>12.2f}s  {result['digest'] / result['pelican']:>5.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
