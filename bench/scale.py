"""digest at scale against plain Pelican, side by side in one run: `python -m bench.scale N [N ...]`.

For each N, a corpus of realistic shape (bench.scale_corpus) is written once as
a digest site (every feature on: timelines, related articles, editions, feeds,
search) and as a plain Pelican site (Pelican 4.12's default theme, the same
articles). Each round, alternating the tools so both see the same machine:

- digest cold: no output/, no .cache/;
- plain Pelican cold: no output/, no cache;
- digest nothing changed: built again as it is;
- digest one edit: one article's title edited, built again.

Every build is a fresh process; its peak memory is the sum of the proportional
set sizes (PSS) of it and its children (Pagefind, the reading and rendering
processes), sampled from /proc every half second; the disks are synced before each build.
Then the preview: `digest serve` on the site, from a save of an article to the
page served with the edit, and to its timeline, the archives and the article
before it served with it (bench.bench_preview).
Medians of the rounds (at least 3) with min-max are printed.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.bench_build import PLAIN_PELICAN_SETTINGS
from bench.bench_preview import bench_serve, retitle
from bench.scale_corpus import write_scale_corpus

REPO = Path(__file__).resolve().parent.parent


def _tree_memory(root: int) -> int:
    """Memory of ``root`` and all its descendants now: the sum of their proportional set sizes
    (a page shared by forked processes counts once in all, not once in each, as RSS would)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """(seconds, peak memory of the process tree in bytes) of one run of ``command``."""
    # What the last build wrote is flushed to disk first, so that no build pays for the previous one's
    # writes. It does not explain all of the gap it was added for: at 50,000 articles the
    # nothing-changed build right after Pelican's cold build took 7.6 s without it, 8.5 s with it,
    # and 5.9 s when run alone.
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _tree_memory(process.pid))
            done.wait(0.5)  # reading smaps_rollup walks the page tables: not too often

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd}:\n{err.decode(errors='replace')[-3000:]}")
    return seconds, peak[0]


def _fresh(site: Path) -> None:
    for name in ("output", ".cache", "__pycache__"):
        shutil.rmtree(site / name, ignore_errors=True)


def bench(count: int, rounds: int, root: Path) -> dict[str, list[tuple[float, int]]]:
    digest_site, pelican_site = write_scale_corpus(root, count)
    shutil.copytree(REPO / "themes", digest_site / "themes")
    shutil.copy(REPO / "pelicanconf.py", digest_site / "pelicanconf.py")
    (pelican_site / "pelicanconf.py").write_text(PLAIN_PELICAN_SETTINGS, encoding="utf-8")
    digest_cmd = [sys.executable, "-m", "digest", "build"]
    pelican_cmd = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
    article = sorted((digest_site / "content" / "articles").rglob("*.md"))[count // 2]
    original = article.read_text(encoding="utf-8")
    results: dict[str, list[tuple[float, int]]] = {"digest cold": [], "pelican cold": [],
                                                   "digest nothing changed": [], "digest one edit": []}
    for number in range(rounds):
        article.write_text(original, encoding="utf-8")
        _fresh(digest_site)
        results["digest cold"].append(timed(digest_cmd, digest_site))
        _fresh(pelican_site)
        results["pelican cold"].append(timed(pelican_cmd, pelican_site))
        results["digest nothing changed"].append(timed(digest_cmd, digest_site))
        article.write_text(retitle(original, f" edited {number}"), encoding="utf-8")
        results["digest one edit"].append(timed(digest_cmd, digest_site))
        print(f"  round {number + 1}: " + ", ".join(f"{name} {values[-1][0]:.1f} s" for name, values in results.items()),
              file=sys.stderr, flush=True)
    article.write_text(original, encoding="utf-8")
    return results


def _spread(values: list[float], unit: str, digits: int) -> str:
    return f"{statistics.median(values):.{digits}f} {unit} ({min(values):.{digits}f}-{max(values):.{digits}f})"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[10_000])
    parser.add_argument("--rounds", type=int, default=3, help="builds of each kind (at least 3 for a median)")
    parser.add_argument("--no-preview", action="store_true", help="leave out the digest serve timings")
    args = parser.parse_args(argv)
    print(f"# {platform.machine()}, {len(os.sched_getaffinity(0))} cores, Python {platform.python_version()}; "
          f"median (min-max) of {args.rounds} rounds, fresh process each")
    for count in args.counts:
        with tempfile.TemporaryDirectory() as temporary:
            results = bench(count, args.rounds, Path(temporary))
            pelican = statistics.median(seconds for seconds, _ in results["pelican cold"])
            print(f"\n{count} articles")
            print(f"{'build':<24} {'time':>24} {'x Pelican cold':>14} {'peak memory':>26}")
            for name, values in results.items():
                seconds = [value[0] for value in values]
                memory = [value[1] / 2**20 for value in values]
                print(f"{name:<24} {_spread(seconds, 's', 2):>24} {statistics.median(seconds) / pelican:>14.2f} "
                      f"{_spread(memory, 'MB', 0):>26}")
            if not args.no_preview:
                site = Path(temporary) / "digest"
                _fresh(site)
                times = bench_serve(site)
                # With no .cache/ (_fresh): every file is read, as on an editor's first preview of a new clone.
                print(f"{'serve: first build':<24} {_spread(times['first build'], 's', 1):>24}")
                for name in ("page", "timeline", "lists", "neighbour"):
                    print(f"{'serve: save to ' + name:<24} {_spread(times[name], 's', 3):>24}")


if __name__ == "__main__":
    main(sys.argv[1:])
