"""The live-reload server of ``digest serve``: serves a folder on 127.0.0.1 and tells open pages to reload.

It imports nothing else of digest: what to serve while a build fails (the
error page) and when pages changed are handed to it through ``LiveState``.
Every HTML page gets a small script file linked before ``</body>`` as it is
sent (never written into the files); the script listens to server-sent events
on ``/__digest__/events`` and reloads the page when a rebuild changed it.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import json
import os
import re
import secrets
import socket
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"
EVENTS_PATH = "/__digest__/events"
HISTORY = 200  # rebuilds remembered for pages that reconnect late
CLIENT_TIMEOUT_SECONDS = 30  # longer than the 10 s between the event stream's keep-alive lines

RELOAD_SCRIPT_PATH = "/__digest__/reload.js"
# A file of the server's own, not an inline script: the theme's Content-Security-Policy allows
# only scripts from the site itself, and the preview keeps that policy as it is.
_RELOAD_SCRIPT = """/* digest serve: reloads this page when a rebuild changes it */
(function () {
  var script = document.currentScript;
  var since = Number(script.getAttribute("data-version")), session = script.getAttribute("data-session");
  var here = location.pathname.replace(/index\\.html$/, "");
  var events = new EventSource("%(events)s?session=" + encodeURIComponent(session) + "&since=" + since);
  events.onmessage = function (message) {
    var change = JSON.parse(message.data);
    if (change.pages === null || change.pages.indexOf(here) !== -1) { events.close(); location.reload(); }
  };
})();
""" % {"events": EVENTS_PATH}
_RELOAD_TAG = '<script src="%(src)s" data-version="%(version)d" data-session="%(session)s"></script>'

_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject_reload(page: bytes, *, version: int, session: str) -> bytes:
    """The page with the reload script before ``</body>`` (or at its end)."""
    script = (_RELOAD_TAG % {"src": RELOAD_SCRIPT_PATH, "version": version, "session": html.escape(session)}).encode()
    ends = list(_BODY_END.finditer(page))
    if not ends:
        return page + script
    at = ends[-1].start()
    return page[:at] + script + page[at:]


class LiveState:
    """What the server tells the browser: the rebuilds so far, and the error page while the last one failed."""

    def __init__(self) -> None:
        self.session = secrets.token_hex(8)
        self.version = 0  # 0: nothing built yet
        self.error_page: str | None = None
        self.building_page = "<!DOCTYPE html><title>Building</title><p>Building the preview.</p>"  # set by the session
        self.stopping = False
        self._history: list[tuple[int, list[str] | None]] = []
        self._condition = threading.Condition()

    @property
    def ready(self) -> bool:
        return self.version > 0

    def snapshot(self) -> tuple[int, str | None]:
        """(version, error page) as one consistent pair, for a page about to be served.

        Taken before the page's file is read: the file is then at least as new as
        the version the page is told, so a rebuild that ends while it is being
        served makes the page reload (once more than needed, at worst). Read the
        other way round, a page could show the last build's text with the next
        build's version, and never reload for that build.
        """
        with self._condition:
            return self.version, self.error_page

    def publish(self, ok: bool, pages: Iterable[str] | None, error_page: str | None = None) -> None:
        """A rebuild finished: ``pages`` changed (None: any page may have), or it failed with ``error_page``."""
        with self._condition:
            if not ok and error_page == self.error_page:
                return  # the same errors again: nothing for the browser to show
            if not ok or self.error_page is not None or not self.ready:
                pages = None  # every page goes to the error page, or back from it
            self.error_page = None if ok else error_page
            self.version += 1
            self._history = [*self._history[-HISTORY + 1:], (self.version, sorted(pages) if pages is not None else None)]
            self._condition.notify_all()

    def changes_since(self, version: int, session: str, timeout: float) -> list[tuple[int, list[str] | None]]:
        """The rebuilds after ``version`` (waiting up to ``timeout`` seconds for one); a page from another
        session of the server, or too old to tell, gets a reload."""
        with self._condition:
            if session != self.session or version > self.version or (
                    self._history and version < self._history[0][0] - 1):
                return [(self.version, None)]
            if version == self.version and not self.stopping:
                self._condition.wait(timeout)
            return [(number, pages) for number, pages in self._history if number > version]

    def stop(self) -> None:
        with self._condition:
            self.stopping = True
            self._condition.notify_all()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder as it is, logging nothing (the tests serve built sites so)."""

    timeout = CLIENT_TIMEOUT_SECONDS  # a client that stops reading or writing lets go of its thread

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


class LiveHandler(_QuietHandler):
    """Serves the preview folder, the reload events, and the error page while the last build failed."""

    def __init__(self, *args, state: LiveState, **kwargs):
        self.state = state  # before the base class, which handles the request in __init__
        super().__init__(*args, **kwargs)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload always shows the latest build
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._events()
        elif path == RELOAD_SCRIPT_PATH:
            body = _RELOAD_SCRIPT.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            super().do_GET()

    def send_head(self):
        version, error_page = self.state.snapshot()
        if not version:
            return self._html(self.state.building_page, 503, version)
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        is_page = path.endswith((".html", ".htm"))
        if error_page is not None and (is_page or not os.path.exists(path)):
            return self._html(error_page, 500, version)
        if is_page and os.path.isfile(path):
            return self._page(path, 200, version)
        if not os.path.exists(path):
            not_found = os.path.join(self.directory, "404.html")
            if os.path.isfile(not_found):
                return self._page(not_found, 404, version)
        return super().send_head()

    def read_page(self, path: str) -> bytes:
        with open(path, "rb") as handle:
            return handle.read()

    def _page(self, path: str, status: int, version: int):
        try:
            page = self.read_page(path)
        except OSError:
            self.send_error(404, "File not found")
            return None
        return self._send(inject_reload(page, version=version, session=self.state.session), status)

    def _html(self, text: str, status: int, version: int):
        return self._send(inject_reload(text.encode("utf-8"), version=version, session=self.state.session), status)

    def _send(self, body: bytes, status: int):
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def _events(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        try:
            since = int(query.get("since", ["0"])[0])
        except ValueError:
            since = 0
        session = query.get("session", [""])[0]
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.state.stopping:
                changes = self.state.changes_since(since, session, timeout=10)
                if not changes:
                    self.wfile.write(b": still here\n\n")  # finds a closed page, keeps proxies from timing out
                for number, pages in changes:
                    self.wfile.write(f"data: {json.dumps({'version': number, 'pages': pages})}\n\n".encode())
                    since, session = number, self.state.session
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


def make_server(root: Path, port: int, state: LiveState | None = None, *, host: str = HOST) -> http.server.ThreadingHTTPServer:
    """A threaded server for ``root`` on ``host`` (127.0.0.1 unless told); port 0 picks a free port.

    Without a ``state`` it serves the files as they are (the tests serve built sites so);
    with one, it is the live preview server.
    """
    if state is None:
        handler = functools.partial(_QuietHandler, directory=str(root))
    else:
        handler = functools.partial(LiveHandler, directory=str(root), state=state)
    server = (_Server6 if ":" in host else _Server)((host, port), handler)
    server.daemon_threads = True
    return server


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A reader closing a tab mid-page, or a client timing out, is no error of the server's.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Server6(_Server):
    address_family = socket.AF_INET6  # --bind ::1
