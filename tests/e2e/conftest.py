"""Servers on 127.0.0.1 and Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from digest.serve import make_server

CHROMIUM = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# As root and in containers Chromium needs --no-sandbox; the rest keep it off
# the network, which this machine does not have.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def run_digest(where: Path, *args, timeout: float = 120) -> subprocess.CompletedProcess:
    """``digest ARGS...`` run as an editor runs it, in ``where``: a real process, its output captured."""
    return subprocess.run([sys.executable, "-m", "digest", *map(str, args)], cwd=where, capture_output=True, text=True,
                          timeout=timeout)


def stop_process(process: subprocess.Popen, *, sig: int = signal.SIGINT, timeout: float = 30) -> tuple[int, str, str]:
    """Send ``sig`` and wait; a process that does not stop in ``timeout`` seconds is killed, so no test
    leaves one running. (exit code, stdout, stderr); the code is -9 for a process that had to be killed."""
    if process.poll() is None:
        process.send_signal(sig)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out or "", err or ""


@pytest.fixture
def processes():
    """Start processes with ``processes(Popen args...)``: every one is stopped after the test, pass or fail."""
    started: list[subprocess.Popen] = []

    def start(*args, **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(*args, **kwargs)
        started.append(process)
        return process

    yield start
    for process in started:
        stop_process(process, sig=signal.SIGKILL, timeout=10)


@contextmanager
def serving(root: Path):
    """A static server for ``root`` on a free port of 127.0.0.1, for the duration of the block."""
    server = make_server(root, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_timelines(built_timelines):
    with serving(built_timelines) as url:
        yield url


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The real sample digest in content/, built once (search index included)."""
    from digest.build import build
    from tests.conftest import REPO

    output = tmp_path_factory.mktemp("sample") / "output"
    build(REPO, output=output)
    return output


@pytest.fixture(scope="session")
def served_sample(built_sample):
    with serving(built_sample) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs Debian's chromium) "
                    "or set DIGEST_CHROMIUM to a Chromium or Chrome binary")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_at(browser, request):
    """A new page at a given viewport width; a screenshot is kept in test-artifacts/ after the test."""
    pages = []

    def open_page(width: int = 1280, *, bypass_csp: bool = False):
        # bypass_csp: for tests that inject a checker (axe) into the page; the site's own
        # policy is tested with it on (tests/e2e/test_hostile_site.py).
        page = browser.new_page(viewport={"width": width, "height": 900}, bypass_csp=bypass_csp)
        pages.append(page)
        return page

    yield open_page
    ARTIFACTS.mkdir(exist_ok=True)
    for index, page in enumerate(pages):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{index}.png"), full_page=True)
        page.close()
