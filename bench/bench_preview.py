"""From a save to the new page being served by `digest serve`, on the sample site and a large synthetic one.

Run with `make bench` or `python -m bench.bench_preview [N ...]` (default: the
sample site and 10000 articles). For each site, `digest serve` runs in its own
process. Four pages are kept open as a browser keeps them: each listens to the
server's reload events (/__digest__/events) and is fetched again when an event
names it, as the reload script of every preview page does. Each edit rewrites
an article's title, and times how long from the save until

- the article's own page is served with the new title ("page"),
- the article's topic timeline is ("timeline"),
- the archives are ("lists"), and
- the page of the article before it on that timeline shows it in its "After:"
  link ("neighbour"),

waiting for the server to be idle before the next edit; then once more with
a save made while the rebuild of the save before is still running (that page
polled). The pages are not polled: a client fetching a 3 MB archives page
every few milliseconds would take the processor from the very build it times.

Medians of several edits are printed, then, in this process, what each step
of a preview rebuild costs on the same site.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.corpus import write_corpus

REPO = Path(__file__).resolve().parent.parent
EDITS = 5
TIMEOUT = 600.0


def _site_from_repo(root: Path) -> Path:
    site = root / "sample"
    shutil.copytree(REPO / "content", site / "content")
    shutil.copytree(REPO / "themes", site / "themes")
    shutil.copy(REPO / "pelicanconf.py", site / "pelicanconf.py")
    return site


def _synthetic_site(root: Path, count: int) -> Path:
    site, _ = write_corpus(root, count)
    shutil.copytree(REPO / "themes", site / "themes")
    shutil.copy(REPO / "pelicanconf.py", site / "pelicanconf.py")
    return site


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _poll(url: str, text: str, since: float) -> float:
    """Seconds from ``since`` until the page at ``url`` contains ``text``."""
    while time.perf_counter() - since < TIMEOUT:
        if text in _get(url):
            return time.perf_counter() - since
        time.sleep(0.005)
    raise TimeoutError(f"{url} never showed {text!r}")


def retitle(text: str, marker: str) -> str:
    """An article file's text with ``marker`` put at the end of its title (quoted or not): at the
    end, so that the article keeps its place among those of its day, which the timelines order by
    title, and the article before it stays the one before it."""
    start = text.index("title: ")
    end = text.index("\n", start)
    line = text[start:end]
    edited = f'{line[:-1]}{marker}"' if line.endswith('"') else f"{line}{marker}"
    return text[:start] + edited + text[end:]


_PREVIOUS = re.compile(r'rel="prev" href="(?:\.\./)*(articles/[^"]+)"')


def _neighbour(page_html: str) -> str:
    """The address of the article before this one on its first timeline, from its page."""
    found = _PREVIOUS.search(page_html)
    if found is None:
        raise SystemExit("the benchmark's article has no article before it on its timeline")
    return "/" + found[1]


def _article(site: Path) -> tuple[Path, str, str]:
    """An article in the middle of the site, its address and the address of its first topic's timeline."""
    from digest.articles import parse_article

    files = sorted((site / "content" / "articles").rglob("*.md"))
    for path in files[len(files) // 2:] + files:
        article = parse_article(path.read_text(encoding="utf-8"))
        if article.topics:
            return path, f"/articles/{article.date.year}/{path.stem}/", f"/topics/{article.topics[0]}/"
    raise SystemExit(f"{site}: no article with a topic")


class _Lines:
    """The server's output lines, read as they come."""

    def __init__(self, stream):
        self.lines: list[str] = []
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line)

    def wait_for(self, count: int, word: str) -> None:
        """Until ``count`` lines contain ``word`` (the server is idle again)."""
        deadline = time.perf_counter() + TIMEOUT
        while sum(word in line for line in self.lines) < count:
            if time.perf_counter() > deadline:
                raise TimeoutError(f"the server never said {word!r} {count} times: {''.join(self.lines)}")
            time.sleep(0.005)


_RELOAD_TAG = re.compile(r'data-version="(\d+)" data-session="([0-9a-f]+)"')


class _OpenPages:
    """Pages open in a browser: each is fetched again when a reload event of the server names it
    (or names every page), as the preview's reload script does; ``served`` says when one was
    served with a text."""

    def __init__(self, base: str, first_page: str):
        version, session = _RELOAD_TAG.search(first_page).groups()
        self.base = base
        self.lock = threading.Lock()
        self.watching: dict[str, str] = {}  # address -> the text it is waited for with
        self.seen: dict[str, float] = {}  # address -> when it was served with that text
        self.events = urllib.request.urlopen(f"{base}/__digest__/events?session={session}&since={version}",
                                             timeout=TIMEOUT)
        threading.Thread(target=self._listen, daemon=True).start()

    def watch(self, addresses: list[str], text: str) -> None:
        with self.lock:
            self.watching = dict.fromkeys(addresses, text)
            self.seen = {}

    def _listen(self) -> None:
        try:
            self._hear()
        except (OSError, ValueError):
            pass  # closed (``close``) or the server stopped: no more events

    def _hear(self) -> None:
        for line in self.events:
            if not line.startswith(b"data: "):
                continue
            pages = json.loads(line[len(b"data: "):])["pages"]
            with self.lock:
                waiting = {address: text for address, text in self.watching.items()
                           if address not in self.seen and (pages is None or address in pages)}
            for address, text in waiting.items():
                if text in _get(self.base + address):
                    with self.lock:
                        self.seen.setdefault(address, time.perf_counter())

    def served(self, address: str, since: float) -> float:
        """Seconds from ``since`` until ``address`` was served with its text."""
        while time.perf_counter() - since < TIMEOUT:
            with self.lock:
                if address in self.seen:
                    return self.seen[address] - since
            time.sleep(0.005)
        raise TimeoutError(f"{address} was never served with {self.watching.get(address)!r}")

    def close(self) -> None:
        self.events.close()


def bench_serve(site: Path) -> dict[str, list[float]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "digest", "serve", "--port", str(port)], cwd=site,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = _Lines(server.stdout)
    path, page, timeline = _article(site)
    original = path.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {"first build": [], "page": [], "timeline": [], "lists": [], "neighbour": [],
                                     "busy": []}
    rebuilds = 0
    browser = None
    try:
        started = time.perf_counter()
        times["first build"].append(_poll(base + page, "<h1>", started))
        output.wait_for(1, "Built")
        first = _get(base + page)
        neighbour = _neighbour(first)
        browser = _OpenPages(base, first)
        shown = {"page": page, "timeline": timeline, "lists": "/archives/", "neighbour": neighbour}
        for number in range(1, EDITS + 1):
            marker = f" edited {number}"
            browser.watch(list(shown.values()), marker)
            saved = time.perf_counter()
            path.write_text(retitle(original, marker), encoding="utf-8")
            for name, address in shown.items():
                times[name].append(browser.served(address, saved))
            rebuilds += 1
            output.wait_for(rebuilds, "Rebuilt")  # idle again before the next save
        # A save while the rebuild of the one before runs: its page waits for that rebuild.
        path.write_text(retitle(original, " first"), encoding="utf-8")
        _poll(base + page, " first", time.perf_counter())
        time.sleep(0.05)
        saved = time.perf_counter()
        path.write_text(retitle(original, " second"), encoding="utf-8")
        times["busy"].append(_poll(base + page, " second", saved))
    finally:
        path.write_text(original, encoding="utf-8")
        if browser is not None:
            browser.close()
        server.terminate()
        server.communicate(timeout=30)
    return times


def bench_steps(site: Path) -> dict[str, float]:
    """What each step of a preview rebuild costs, in this process: one run each, after a first build."""
    from digest.check import CheckCache, check_site
    from digest.preview import Previewer

    steps: dict[str, float] = {}
    started = time.perf_counter()
    check_site(site)
    steps["check, every file read"] = time.perf_counter() - started
    cache = CheckCache()
    check_site(site, cache=cache)
    started = time.perf_counter()
    check_site(site, cache=cache)
    steps["check, nothing changed (CheckCache)"] = time.perf_counter() - started

    previewer = Previewer(site, output=site / ".cache" / "bench-preview")
    steps["preview: first build (every page)"] = previewer.build().seconds
    path, _, _ = _article(site)
    original = path.read_text(encoding="utf-8")
    try:
        steps["preview: rebuild, nothing changed"] = previewer.build([site / "content" / "nothing.md"]).seconds
        path.write_text(retitle(original, " edited"), encoding="utf-8")
        quick = previewer.render_article(path)
        steps["preview: the edited article and the pages around it (render_article)"] = quick.seconds if quick else float("nan")
        result = previewer.build([path])
        steps[f"preview: rebuild after a title edit ({result.rendered} pages rendered)"] = result.seconds
    finally:
        path.write_text(original, encoding="utf-8")
    return steps


def main(argv: list[str]) -> None:
    counts = [int(arg) for arg in argv] or [0, 10000]
    for count in counts:
        with tempfile.TemporaryDirectory() as temporary:
            site = _site_from_repo(Path(temporary)) if count == 0 else _synthetic_site(Path(temporary), count)
            articles = len(list((site / "content" / "articles").rglob("*.md")))
            print(f"\n{'the sample site' if count == 0 else 'a synthetic site'}: {articles} articles")
            times = bench_serve(site)
            print(f"  digest serve, save to served (median of {EDITS} edits; fresh process):")
            print(f"    first build, until the page is served  {times['first build'][0]:8.2f} s")
            print(f"    the edited article's page              {statistics.median(times['page']):8.3f} s"
                  f"   (all: {', '.join(f'{value:.3f}' for value in times['page'])})")
            for name, label in (("timeline", "its topic's timeline"), ("lists", "the archives"),
                                ("neighbour", "the article before it")):
                print(f"    {label:<38} {statistics.median(times[name]):8.3f} s"
                      f"   (all: {', '.join(f'{value:.3f}' for value in times[name])})")
            print(f"    the page, saved during a rebuild       {times['busy'][0]:8.3f} s")
            print("  steps, in process:")
            for name, seconds in bench_steps(site).items():
                print(f"    {name:<62} {seconds:8.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
