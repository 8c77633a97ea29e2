"""``digest serve``: wires the site's config, the preview build, the watcher and the live-reload server.

- the **watcher** (``digest.serve.watch``) turns saves in the content, the theme,
  the topics file and the settings file into batches of paths;
- the **build loop** (``_build_loop``) rebuilds once per batch
  (``digest.preview.Previewer``), and survives every error: a broken article or
  template becomes an error page, and the next good save brings the site back;
- the **live-reload server** (``digest.serve.livereload``) serves the preview and
  tells the open pages that changed to reload.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from digest.errors import DigestError, describe_error
from digest.serve.livereload import HOST, LiveState, make_server
from digest.serve.pages import render_building_page, render_error_page
from digest.serve.watch import ChangeQueue, Watched, Watcher


# --- the session ---------------------------------------------------------------------------


def serve(site: Path, port: int, *, settings_file: str = "pelicanconf.py", host: str = HOST, drafts: bool = True,
          open_browser: bool = False, out=sys.stdout, err=sys.stderr) -> None:
    """Serve the preview of ``site`` on ``host`` until Ctrl-C, with the drafts unless ``drafts`` is
    False; ``open_browser`` opens it once it is built. Raises DigestError when the port is taken."""
    from digest.preview import Previewer
    from digest.processes import fewer_collections

    previewer = Previewer(site, settings_file=settings_file, drafts=drafts)
    previewer.config()  # a missing or broken settings file stops here, before anything is served
    previewer.output.mkdir(parents=True, exist_ok=True)
    state = LiveState()
    state.building_page = render_building_page()
    try:
        server = make_server(previewer.output, port, state, host=host)
    except OSError as error:
        raise DigestError(f"error: cannot listen on {host}:{port}: {error.strerror or error}: "
                          "is digest serve already running? Try another --port (or --bind address)") from None
    queue = ChangeQueue()
    watcher = Watcher(queue, skip=previewer.output)
    _watch(watcher, previewer)
    address = preview_address(host, server.server_address[1])
    on_first_build = (lambda: _open_browser(address, err)) if open_browser else None
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="digest-http", daemon=True),
        threading.Thread(target=_build_loop, args=(previewer, queue, state, watcher, out, err, on_first_build),
                         name="digest-build", daemon=True),
    ]
    # As hugo server says it: where to look, what is shown, how to stop.
    print(f"Web server is available at {address} (bind address {host}){'' if drafts else '; drafts left out'}\n"
          "Press Ctrl+C to stop", file=out, flush=True)
    if not _is_loopback(host):
        print(f"warning: {host} lets other machines on the network see the preview, drafts included", file=err, flush=True)
    # The collector at a build's pace for the whole session: set back to the default after each
    # preview build, it would walk the session's whole heap (the last build's 10,000 articles) at once,
    # more than a second of every save.
    with fewer_collections():
        try:
            watcher.start()
            for thread in threads:
                thread.start()
            while threads[1].is_alive():
                threads[1].join(0.5)
        finally:
            state.stop()
            queue.close()
            watcher.stop()
            server.shutdown()
            server.server_close()
            threads[1].join(2)  # a build that is running is left to end with the process


def preview_address(host: str, port: int) -> str:
    """The address to open: a wildcard bind is opened through the loopback address."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


def _is_loopback(host: str) -> bool:
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def _open_browser(address: str, err=sys.stderr) -> None:
    import os
    import webbrowser

    # Without a desktop, Python's webbrowser falls back to a text browser (lynx, w3m) in this very
    # terminal, which would take it over from the server's messages: open only a graphical one.
    desktop = sys.platform in ("darwin", "win32") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    try:
        opened = bool(desktop) and webbrowser.open(address)
    except webbrowser.Error:
        opened = False
    if not opened:
        print(f"No browser to open here: open {address} yourself", file=err, flush=True)


def _build_loop(previewer, queue: ChangeQueue, state: LiveState, watcher: Watcher, out, err,
                on_first_build=None) -> None:
    """Build, then rebuild after every burst of saves, until the queue closes; nothing stops it but that."""
    batch: set[Path] | None = set()
    while batch is not None:
        try:
            if batch and state.error_page is None:
                # One article saved (an editor's temporary files come and go beside it): its page first,
                # then the pages next to it, then the lists that show it, each shown as soon as it is
                # written; then the rebuild.
                change = previewer.classify(batch)
                if len(change.articles) == 1 and change.articles[0].exists() and not (change.full or change.assets):
                    if _updated(previewer.render_article(change.articles[0]), state, out) is not None:
                        if _updated(previewer.render_around(), state, out) is not None:
                            _updated(previewer.render_lists(), state, out)
            result = previewer.build(sorted(batch))
            _report(result, state, out, err)
            _watch(watcher, previewer)
            if on_first_build is not None:
                on_first_build()  # the browser opens on the site, not on the "building" page
                on_first_build = None
        except Exception as error:  # noqa: BLE001 - a bug must not stop the server: show it like a build error
            state.publish(False, None, render_error_page([describe_error(error)]))
            print(describe_error(error), file=err, flush=True)
        batch = queue.wait()


def _updated(quick, state: LiveState, out):
    """Show the pages a quick pass of the preview changed (``quick``: its PreviewResult, or None)."""
    if quick is not None and quick.pages:
        state.publish(True, quick.pages)
        print(f"Updated {', '.join(sorted(quick.pages))} in {quick.seconds:.3f} s", file=out, flush=True)
    return quick


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


def _watch(watcher: Watcher, previewer) -> None:
    """Watch what the settings name (the content and theme folders, the topics and settings files); again when they change."""
    try:
        wanted = previewer.watched()
    except DigestError:
        return  # a broken settings file: keep watching what was watched, the fix included
    watcher.watch(Watched(folder, recursive=only is None, only=only) for folder, only in wanted)
