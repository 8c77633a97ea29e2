"""``digest serve``: build the preview, serve it on 127.0.0.1, rebuild on every save, reload the browser.

Three parts, as in MkDocs' live-reload server:

- a **watcher** (watchdog) that turns saves in ``content/``, the theme and the
  settings file into paths in a ``ChangeQueue``, leaving out editor temporary
  files and the preview folder;
- a **build loop** (``_build_loop``) that waits for a quiet moment after a burst
  of saves, rebuilds once (``digest.preview.Previewer``), and survives every
  error: a broken article or template becomes an error page, and the next good
  save brings the site back;
- a threaded **HTTP server** that serves the preview, with a small script put
  into every HTML page as it is sent (never into the files: ``digest build``
  output stays clean). The script listens to server-sent events on
  ``/__digest__/events`` and reloads the page when a rebuild changed it.
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
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchdog.events import FileSystemEventHandler

from digest.errors import DigestError, describe_error

HOST = "127.0.0.1"
EVENTS_PATH = "/__digest__/events"
QUIET_SECONDS = 0.1  # a burst of saves closer together than this is one rebuild
HISTORY = 200  # rebuilds remembered for pages that reconnect late
CLIENT_TIMEOUT_SECONDS = 30  # longer than the 10 s between the event stream's keep-alive lines

# Editors' swap, backup and lock files, and the files downloads are written to before they are done.
_TEMPORARY_SUFFIXES = (".swp", ".swo", ".swx", ".swpx", "~", ".tmp", ".part", ".crdownload", ".kate-swp", ".bak", ".orig")
_TEMPORARY_NAMES = {"4913"}  # vim's test of whether the folder is writable


def is_ignored(path: Path, root: Path) -> bool:
    """Whether a change to ``path`` (under the watched folder ``root``) is noise: an editor's
    temporary file, a hidden file or folder, Python's byte code."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(_TEMPORARY_SUFFIXES) or name in _TEMPORARY_NAMES:
        return True
    try:
        parts = path.relative_to(root).parts[:-1]
    except ValueError:
        return True  # not under the folder watched
    return any(part.startswith(".") or part == "__pycache__" for part in parts)


class ChangeQueue:
    """Changed paths, handed out as one batch once no change came for ``quiet`` seconds.

    Paths added while a batch is being built wait for the next batch: a save
    during a rebuild queues exactly one more rebuild, however many saves came.
    """

    def __init__(self, quiet: float = QUIET_SECONDS, clock: Callable[[], float] = time.monotonic):
        self.quiet = quiet
        self._clock = clock
        self._paths: set[Path] = set()
        self._last = 0.0
        self._closed = False
        self._condition = threading.Condition()

    def add(self, path: Path) -> None:
        with self._condition:
            self._paths.add(Path(path))
            self._last = self._clock()
            self._condition.notify_all()

    def take(self) -> tuple[set[Path] | None, float | None]:
        """(the batch, 0) when it is due; else (None, seconds until it may be), or (None, None) when nothing is waiting."""
        with self._condition:
            if not self._paths:
                return None, None
            wait = self._last + self.quiet - self._clock()
            if wait > 0:
                return None, wait
            batch, self._paths = self._paths, set()
            return batch, 0.0

    def wait(self) -> set[Path] | None:
        """Block until a batch is due; None once the queue is closed."""
        with self._condition:
            while not self._closed:
                batch, wait = self.take()
                if batch:
                    return batch
                self._condition.wait(timeout=wait)
            return None

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()


# --- what the browser gets ------------------------------------------------------------------

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


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s · digest serve</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; background: #fff; }
  h1 { font-size: 1.4rem; }
  ol { padding-left: 1.5rem; }
  li { margin: .5rem 0; }
  code { font: .95rem/1.4 ui-monospace, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
  .where { font-weight: 600; color: #a00; }
  .note { color: #555; }
  @media (prefers-color-scheme: dark) { body { color: #eee; background: #161616; } .where { color: #ff8080; } .note { color: #aaa; } }
</style>
</head>
<body>
<main>
<h1>%(title)s</h1>
%(body)s
</main>
</body>
</html>
"""

_PLACE = re.compile(r"^(\S+?:\d+(?::\d+)?):\s*(.*)$", re.DOTALL)


def render_error_page(lines: Iterable[str], warnings: int = 0) -> str:
    """The page shown instead of every page while the last build failed: each problem as
    ``file:line:col: message``, HTML-escaped."""
    items = []
    for line in lines:
        match = _PLACE.match(line)
        if match:
            items.append(f'<li><code><span class="where">{html.escape(match[1])}</span>: {html.escape(match[2])}</code></li>')
        else:
            items.append(f"<li><code>{html.escape(line)}</code></li>")
    note = f" ({warnings} warning{'s' if warnings != 1 else ''} too: <code>digest check</code> lists them)" if warnings else ""
    body = (f'<p>The preview shows the last good build again as soon as these are fixed{note}. Save a file and this page reloads by itself.</p>\n'
            f"<ol>\n{chr(10).join(items)}\n</ol>")
    return _PAGE % {"title": "The site could not be built", "body": body}


def render_building_page() -> str:
    return _PAGE % {"title": "Building the preview", "body": '<p class="note">This page reloads by itself when the site is built.</p>'}


# --- the server --------------------------------------------------------------------------------


class LiveState:
    """What the server tells the browser: the rebuilds so far, and the error page while the last one failed."""

    def __init__(self) -> None:
        self.session = secrets.token_hex(8)
        self.version = 0  # 0: nothing built yet
        self.error_page: str | None = None
        self.stopping = False
        self._history: list[tuple[int, list[str] | None]] = []
        self._condition = threading.Condition()

    @property
    def ready(self) -> bool:
        return self.version > 0

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


class LiveHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the preview folder, the reload events, and the error page while the last build failed."""

    timeout = CLIENT_TIMEOUT_SECONDS  # a client that stops reading or writing lets go of its thread

    def __init__(self, *args, state: LiveState, **kwargs):
        self.state = state  # before the base class, which handles the request in __init__
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass

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
        state = self.state
        if not state.ready:
            return self._html(render_building_page(), 503)
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        is_page = path.endswith((".html", ".htm"))
        error_page = state.error_page
        if error_page is not None and (is_page or not os.path.exists(path)):
            return self._html(error_page, 500)
        if is_page and os.path.isfile(path):
            return self._page(path, 200)
        if not os.path.exists(path):
            not_found = os.path.join(self.directory, "404.html")
            if os.path.isfile(not_found):
                return self._page(not_found, 404)
        return super().send_head()

    def _page(self, path: str, status: int):
        try:
            with open(path, "rb") as handle:
                page = handle.read()
        except OSError:
            self.send_error(404, "File not found")
            return None
        return self._send(inject_reload(page, version=self.state.version, session=self.state.session), status)

    def _html(self, text: str, status: int):
        page = inject_reload(text.encode("utf-8"), version=self.state.version, session=self.state.session)
        return self._send(page, status)

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


def make_server(root: Path, port: int, state: LiveState | None = None) -> http.server.ThreadingHTTPServer:
    """A threaded server for ``root`` on 127.0.0.1; port 0 picks a free port.

    Without a ``state`` it serves the files as they are (the tests serve built sites so);
    with one, it is the live preview server.
    """
    if state is None:
        handler = functools.partial(_QuietHandler, directory=str(root))
    else:
        handler = functools.partial(LiveHandler, directory=str(root), state=state)
    server = _Server((HOST, port), handler)
    server.daemon_threads = True
    return server


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A reader closing a tab mid-page, or a client timing out, is no error of the server's.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    timeout = CLIENT_TIMEOUT_SECONDS

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


# --- the session ---------------------------------------------------------------------------


def serve(site: Path, port: int, *, settings_file: str = "pelicanconf.py", out=sys.stdout, err=sys.stderr) -> None:
    """Serve the preview of ``site`` until Ctrl-C. Raises DigestError when the port is taken."""
    from watchdog.observers import Observer

    from digest.preview import Previewer

    previewer = Previewer(site, settings_file=settings_file)
    previewer.config()  # a missing or broken settings file stops here, before anything is served
    previewer.output.mkdir(parents=True, exist_ok=True)
    state = LiveState()
    try:
        server = make_server(previewer.output, port, state)
    except OSError as error:
        raise DigestError(f"error: cannot listen on {HOST}:{port}: {error.strerror}: "
                          "is digest serve already running? Try another --port") from None
    queue = ChangeQueue()
    observer = Observer()
    watched = _watch(observer, previewer, queue, [])
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="digest-http", daemon=True),
        threading.Thread(target=_build_loop, args=(previewer, queue, state, observer, watched, out, err), name="digest-build", daemon=True),
    ]
    print(f"Serving the preview at http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops)", file=out, flush=True)
    try:
        observer.start()
        for thread in threads:
            thread.start()
        while threads[1].is_alive():
            threads[1].join(0.5)
    finally:
        state.stop()
        queue.close()
        observer.stop()
        server.shutdown()
        server.server_close()
        if observer.is_alive():
            observer.join(2)
        threads[1].join(2)  # a build that is running is left to end with the process


def _build_loop(previewer, queue: ChangeQueue, state: LiveState, observer, watched: list, out, err) -> None:
    """Build, then rebuild after every burst of saves, until the queue closes; nothing stops it but that."""
    batch: set[Path] | None = set()
    while batch is not None:
        try:
            quick = None
            if batch and state.error_page is None:
                # One article saved (an editor's temporary files come and go beside it): its page first.
                change = previewer.classify(batch)
                if len(change.articles) == 1 and change.articles[0].exists() and not (change.full or change.assets):
                    quick = previewer.render_article(change.articles[0])
            if quick is not None and quick.pages:
                state.publish(True, quick.pages)
                print(f"Updated {', '.join(sorted(quick.pages))} in {quick.seconds:.3f} s", file=out, flush=True)
            result = previewer.build(sorted(batch))
            _report(result, state, out, err)
            watched = _watch(observer, previewer, queue, watched)
        except Exception as error:  # noqa: BLE001 - a bug must not stop the server: show it like a build error
            state.publish(False, None, render_error_page([describe_error(error)]))
            print(describe_error(error), file=err, flush=True)
        batch = queue.wait()


def _report(result, state: LiveState, out, err) -> None:
    was_failing = state.error_page is not None
    warnings = sum(problem.level == "warning" for problem in result.problems)
    note = f"; {warnings} warning{'s' if warnings != 1 else ''} (digest check lists them)" if warnings else ""
    if result.ok:
        state.publish(True, result.pages)
        changed = "every page" if result.pages is None else f"{len(result.pages)} page{'s' if len(result.pages) != 1 else ''} changed"
        what = "Fixed: rebuilt" if was_failing else ("Built" if result.kind == "full" else "Rebuilt")
        print(f"{what} {result.articles} articles in {result.seconds:.2f} s: {changed}{note}", file=out, flush=True)
        return
    lines = result.error_lines
    page = render_error_page(lines, warnings)
    if page != state.error_page:
        print("\n".join(lines), file=err)
        print(f"The site could not be built: {len(lines)} error{'s' if len(lines) != 1 else ''}; "
              "the browser shows them until a save fixes them", file=err, flush=True)
    state.publish(False, None, page)


def _watch(observer, previewer, queue: ChangeQueue, watched: list) -> list:
    """Watch what the settings name (the content and theme folders, the settings file); again when they change."""
    try:
        wanted = previewer.watched()
    except DigestError:
        return watched  # a broken settings file: keep watching what was watched, the fix included
    if wanted != watched:
        observer.unschedule_all()
        for root, only in wanted:
            if root.is_dir():
                handler = _Saves(queue, root, only=only, skip=previewer.output)
                observer.schedule(handler, str(root), recursive=only is None)
    return wanted


class _Saves(FileSystemEventHandler):
    """Puts the files saved under ``root`` into the queue (only ``only``, when given), leaving out noise."""

    def __init__(self, queue: ChangeQueue, root: Path, *, only: Path | None, skip: Path):
        self.queue, self.root, self.only, self.skip = queue, root, only, skip

    def on_any_event(self, event) -> None:
        if event.event_type not in ("created", "modified", "deleted", "moved"):
            return  # opened, closed: reading a file is no change
        if event.is_directory and event.event_type == "modified":
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            path = Path(os.fsdecode(raw)) if raw else None
            if path is None or (self.only is not None and path != self.only):
                continue
            if not path.is_relative_to(self.skip) and not is_ignored(path, self.root):
                self.queue.add(path)
