"""``digest serve`` as an editor runs it: a real process, real saves, a real browser."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import stop_process

ARTICLE = "content/articles/2022/troops-stay.md"
PAGE = "/articles/2022/troops-stay/"
TIMEOUT = 30  # seconds any one wait may take: a rebuild of the fixture site takes a fraction of one, but a loaded CI machine can be slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A ``digest serve`` process in a site folder."""

    def __init__(self, site: Path, **popen):
        self.site = site
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "digest", "serve", "--port", str(self.port)], cwd=site,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen,
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=TIMEOUT) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def wait_for(self, path: str, ready, what: str) -> str:
        """The page at ``path`` once ``ready(status, text)``; fails after TIMEOUT seconds."""
        deadline = time.monotonic() + TIMEOUT
        status, text = 0, ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"digest serve ended: {self.process.communicate()}"
            try:
                status, text = self.get(path)
            except OSError:
                status, text = 0, ""  # not listening yet
            if ready(status, text):
                return text
            time.sleep(0.02)
        pytest.fail(f"{path} never showed {what}; last answer {status}: {text[:2000]}")

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str, str, float]:
        """Ctrl-C: (exit code, stdout, stderr, seconds it took to stop); killed if it does not stop."""
        started = time.monotonic()
        code, out, err = stop_process(self.process, sig=sig, timeout=TIMEOUT)
        return code, out, err, time.monotonic() - started


@pytest.fixture
def serve(site_factory):
    """Start ``digest serve`` in a fixture site; every server is stopped after the test, pass or fail."""
    servers = []

    def start(name: str = "timelines", *, ready: bool = True, **popen) -> Server:
        server = Server(site_factory(name), **popen)
        servers.append(server)
        if ready:
            server.wait_for(PAGE, lambda status, text: status == 200, "the built page")
        return server

    yield start
    for server in servers:
        stop_process(server.process, sig=signal.SIGKILL, timeout=10)


def edit(site: Path, relative: str, old: str, new: str) -> None:
    path = site / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_save_shows_at_once_a_mistake_shows_its_place_and_a_fix_recovers(serve):
    server = serve()
    site = server.site
    assert "<h1>Troops stay after the drills</h1>" in server.get(PAGE)[1]
    good = (site / ARTICLE).read_text(encoding="utf-8")

    # A burst of saves (an editor's save-all, a formatter) is one rebuild, and the last save wins.
    for number in range(1, 6):
        (site / ARTICLE).write_text(good.replace("title: Troops stay after the drills", f"title: Troops stay, take {number}"),
                                    encoding="utf-8")
    server.wait_for(PAGE, lambda status, text: "<h1>Troops stay, take 5</h1>" in text, "the edited title")
    # Lists and timelines that show the article follow at once, the feeds with the rebuild.
    server.wait_for("/topics/alliance/", lambda status, text: "Troops stay, take 5" in text, "the title on the timeline")
    server.wait_for("/", lambda status, text: "Troops stay, take 5" in text, "the title on the home page")
    server.wait_for("/feeds/all.atom.xml", lambda status, text: "Troops stay, take 5" in text, "the title in the feed")

    # Broken front matter: every page is the error page, with the file, line and column, escaped.
    (site / ARTICLE).write_text(good.replace("summary: Pasukan tetap tinggal setelah latihan.", "summary: [oops <b>"),
                                encoding="utf-8")
    error_page = server.wait_for(PAGE, lambda status, text: status == 500, "the error page")
    assert "content/articles/2022/troops-stay.md:10:8" in error_page
    assert "front matter is not valid YAML" in error_page
    assert "<b>" not in error_page.split("<main>")[1]
    assert server.get("/")[0] == 500
    assert "/__digest__/reload.js" in error_page  # it reloads by itself when the next save fixes it

    # The fix brings the site back.
    (site / ARTICLE).write_text(good, encoding="utf-8")
    server.wait_for(PAGE, lambda status, text: status == 200 and "<h1>Troops stay after the drills</h1>" in text, "the fixed page")

    # The reload script is added as pages are served, never written into the files.
    preview = site / ".cache/preview/articles/2022/troops-stay/index.html"
    assert "__digest__" not in preview.read_text(encoding="utf-8")
    assert not (site / "output").exists()  # the preview never touches output/

    code, out, err, seconds = server.stop()
    assert code == 0, err
    assert seconds < 5
    assert "Traceback" not in err
    assert out.lower().count("rebuilt") == 2, out  # the burst, then the fix ("Fixed: rebuilt")
    assert "content/articles/2022/troops-stay.md:10:8: error: front matter is not valid YAML" in err


def test_a_template_error_shows_the_template_file_and_line(serve):
    server = serve()
    template = "themes/digest/templates/article.html"
    edit(server.site, template, "<h1>{{ article.title }}</h1>", "<h1>{{ article.title|no_such_filter }}</h1>")
    error_page = server.wait_for(PAGE, lambda status, text: status == 500, "the error page")
    assert f"{template}:25" in error_page
    assert "no_such_filter" in error_page
    edit(server.site, template, "{{ article.title|no_such_filter }}", "{{ article.title }}")
    server.wait_for(PAGE, lambda status, text: status == 200 and "<h1>Troops stay after the drills</h1>" in text, "the fixed page")
    code, _, err, _ = server.stop()
    assert code == 0, err
    assert f"{template}:25" in err


def test_an_open_page_reloads_by_itself(serve, page_at):
    server = serve()
    page = page_at()
    page.goto(server.url + PAGE)
    assert page.locator("h1").inner_text() == "Troops stay after the drills"

    edit(server.site, ARTICLE, "title: Troops stay after the drills", "title: Troops stay, reloaded")
    page.wait_for_function("() => document.querySelector('h1').textContent === 'Troops stay, reloaded'", timeout=TIMEOUT * 1000)

    edit(server.site, ARTICLE, "date: 2022-02-21", "date: 2022-02-31")
    page.wait_for_function("() => document.body.textContent.includes('content/articles/2022/troops-stay.md:3:7')",
                           timeout=TIMEOUT * 1000)
    edit(server.site, ARTICLE, "date: 2022-02-31", "date: 2022-02-21")
    page.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').textContent === 'Troops stay, reloaded'",
                           timeout=TIMEOUT * 1000)
    assert server.stop()[0] == 0


def test_a_port_in_use_is_a_clear_error(site_factory):
    site = site_factory("timelines")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "digest", "serve", "--port", str(port)], cwd=site,
                                capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "getpgid"), reason="POSIX signals")
def test_ctrl_c_while_the_first_build_runs_stops_cleanly(serve):
    server = serve(ready=False)
    server.wait_for("/", lambda status, text: status in (200, 503), "an answer")
    code, _, err, seconds = server.stop()
    assert code == 0, err
    assert "Traceback" not in err
    assert seconds < 5


def test_a_site_broken_from_the_start_is_served_as_its_error_page(serve):
    server = serve("broken", ready=False)
    page = server.wait_for("/", lambda status, text: status == 500, "the error page")
    code, _, err, _ = server.stop()
    assert '<span class="where">content/articles/2022/bad-values.md:3:7</span>: error: date &#39;2022-13-01&#39;' in page
    expected = (Path(__file__).parents[1] / "sites/broken/expected-check.txt").read_text(encoding="utf-8")
    errors = [line for line in expected.splitlines() if ": error: " in line]
    assert page.count("<li><code>") == len(errors)
    assert code == 0 and "Traceback" not in err
