"""The live server's pure parts: which saves count, when to rebuild, what the browser is sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.serve.livereload import _RELOAD_SCRIPT, LiveState, inject_reload
from digest.serve.pages import render_error_page
from digest.serve.watch import ChangeQueue, is_ignored

ROOT = Path("/site/content")


@pytest.mark.parametrize("name", [
    ".story.md.swp", "story.md.swp", ".story.md.swx", "story.md~", ".#story.md", "#story.md#", "4913",
    ".DS_Store", "story.md.tmp", "page.html.part", "page.html.crdownload", ".story.md.Xy12ab",
])
def test_editor_temporary_files_are_ignored(name):
    assert is_ignored(ROOT / "articles/2022" / name, ROOT)


@pytest.mark.parametrize("relative", ["articles/2022/story.md", "topics.yaml", "images/tank.jpg", "articles/2022/4913-votes.md"])
def test_content_files_are_not(relative):
    assert not is_ignored(ROOT / relative, ROOT)


def test_hidden_folders_and_byte_code_and_other_folders_are_ignored():
    assert is_ignored(ROOT / ".git/index", ROOT)
    assert is_ignored(ROOT / "articles/.drafts/x.md", ROOT)
    assert is_ignored(Path("/site/themes/__pycache__/x.pyc"), Path("/site/themes"))
    assert is_ignored(Path("/elsewhere/x.md"), ROOT)


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_burst_of_saves_is_one_batch_after_the_quiet_period():
    clock = Clock()
    queue = ChangeQueue(quiet=0.1, clock=clock)
    assert queue.take() == (None, None)
    for offset, name in ((0.0, "a.md"), (0.04, "b.md"), (0.08, "a.md")):
        clock.now = 100.0 + offset
        queue.add(Path(name))
    clock.now = 100.15
    batch, wait = queue.take()
    assert batch is None and wait == pytest.approx(0.03)
    clock.now = 100.18
    assert queue.take() == ({Path("a.md"), Path("b.md")}, 0.0)
    assert queue.take() == (None, None)


def test_saves_during_a_rebuild_queue_exactly_one_more():
    clock = Clock()
    queue = ChangeQueue(quiet=0.1, clock=clock)
    queue.add(Path("a.md"))
    clock.now += 0.2
    first, _ = queue.take()  # the rebuild starts...
    for name in ("b.md", "c.md", "b.md"):  # ...and the editor saves three times meanwhile
        clock.now += 0.5
        queue.add(Path(name))
    clock.now += 0.2
    second, _ = queue.take()
    assert first == {Path("a.md")}
    assert second == {Path("b.md"), Path("c.md")}
    assert queue.take() == (None, None)


def test_a_closed_queue_stops_waiting():
    queue = ChangeQueue(quiet=0.01)
    queue.close()
    assert queue.wait() is None


def test_the_reload_script_goes_before_the_last_body_end():
    page = b"<html><body><p>&lt;/body&gt; in text</p></BODY>\n</html>"
    served = inject_reload(page, version=3, session="abc")
    # A script file of the server's, not inline script: the theme's Content-Security-Policy forbids that.
    assert served == (b'<html><body><p>&lt;/body&gt; in text</p>'
                      b'<script src="/__digest__/reload.js" data-version="3" data-session="abc"></script>'
                      b'</BODY>\n</html>')
    assert inject_reload(b"<p>no body</p>", version=1, session="s").startswith(b"<p>no body</p><script src=")
    assert '"/__digest__/events?session=" + encodeURIComponent(session)' in _RELOAD_SCRIPT


def test_the_error_page_shows_each_place_and_message_escaped():
    page = render_error_page([
        "content/articles/2022/x.md:4:15: error: expected ',' or ']' <script>alert(1)</script> [yaml-syntax]",
        "themes/digest/templates/article.html:19: error: TemplateAssertionError: No filter named 'nope'.",
        "error: something without a place",
    ], warnings=2)
    assert '<span class="where">content/articles/2022/x.md:4:15</span>: error: expected &#39;,&#39;' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert '<span class="where">themes/digest/templates/article.html:19</span>' in page
    assert "<li><code>error: something without a place</code></li>" in page
    assert "2 warnings too" in page


def test_live_state_tells_each_page_what_changed():
    state = LiveState()
    assert not state.ready
    state.publish(True, {"/a/"})
    assert state.changes_since(0, state.session, timeout=0) == [(1, None)]  # the first build: every page
    state.publish(True, {"/b/", "/a/"})
    assert state.changes_since(1, state.session, timeout=0) == [(2, ["/a/", "/b/"])]
    assert state.changes_since(2, state.session, timeout=0) == []  # nothing new (after waiting)
    assert state.changes_since(2, "another-session", timeout=0) == [(2, None)]  # a page from before a restart
    state.publish(False, None, "<p>error</p>")
    state.publish(False, None, "<p>error</p>")  # the same errors again: no news
    assert state.version == 3 and state.error_page == "<p>error</p>"
    state.publish(True, {"/a/"})  # back from the error page: every page
    assert state.changes_since(2, state.session, timeout=0) == [(3, None), (4, None)]
    assert state.error_page is None


def test_a_build_that_ends_while_a_page_is_served_still_makes_it_reload(tmp_path, monkeypatch):
    """The page is told the version from before its file was read: had the build that ended meanwhile
    been told instead, the page would show the older text and wait for a later build than its own."""
    import re
    import threading
    import urllib.request

    from digest.serve.livereload import LiveHandler, make_server

    (tmp_path / "index.html").write_text("<html><body><h1>Old</h1></body></html>", encoding="utf-8")
    state = LiveState()
    state.publish(True, None)
    read_page = LiveHandler.read_page

    def read_while_a_build_fails(handler, path):
        page = read_page(handler, path)
        state.publish(False, None, "<p>error</p>")  # the build ends after the file was read
        return page

    monkeypatch.setattr(LiveHandler, "read_page", read_while_a_build_fails)
    server = make_server(tmp_path, 0, state)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=10) as response:
            page = response.read().decode("utf-8")
    finally:
        state.stop()
        server.shutdown()
        server.server_close()
    assert "<h1>Old</h1>" in page
    told = int(re.search(r'data-version="(\d+)"', page).group(1))
    assert told == 1 and state.version == 2
    assert state.changes_since(told, state.session, timeout=0) == [(2, None)]  # so the page reloads


def test_open_never_starts_a_text_browser_in_the_servers_terminal(monkeypatch):
    import io
    import webbrowser

    from digest.serve.session import _open_browser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda address: opened.append(address) or True)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    err = io.StringIO()
    _open_browser("http://127.0.0.1:8000/", err)
    assert opened == [] and "open http://127.0.0.1:8000/ yourself" in err.getvalue()
    monkeypatch.setenv("DISPLAY", ":0")
    _open_browser("http://127.0.0.1:8000/", err)
    assert opened == ["http://127.0.0.1:8000/"]
