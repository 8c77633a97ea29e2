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


def serve(site: Path, port: int, *, settings_file: str = "pelicanconf.py", out=sys.stdout, err=sys.stderr) -> None:
    """Serve the preview of ``site`` until Ctrl-C. Raises DigestError when the port is taken."""
    from digest.preview import Previewer

    previewer = Previewer(site, settings_file=settings_file)
    previewer.config()  # a missing or broken settings file stops here, before anything is served
    previewer.output.mkdir(parents=True, exist_ok=True)
    state = LiveState()
    state.building_page = render_building_page()
    try:
        server = make_server(previewer.output, port, state)
    except OSError as error:
        raise DigestError(f"error: cannot listen on {HOST}:{port}: {error.strerror}: "
                          "is digest serve already running? Try another --port") from None
    queue = ChangeQueue()
    watcher = Watcher(queue, skip=previewer.output)
    _watch(watcher, previewer)
    threads = [
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="digest-http", daemon=True),
        threading.Thread(target=_build_loop, args=(previewer, queue, state, watcher, out, err), name="digest-build", daemon=True),
    ]
    print(f"Serving the preview at http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops)", file=out, flush=True)
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


def _build_loop(previewer, queue: ChangeQueue, state: LiveState, watcher: Watcher, out, err) -> None:
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
            _watch(watcher, previewer)
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


def _watch(watcher: Watcher, previewer) -> None:
    """Watch what the settings name (the content and theme folders, the topics and settings files); again when they change."""
    try:
        wanted = previewer.watched()
    except DigestError:
        return  # a broken settings file: keep watching what was watched, the fix included
    watcher.watch(Watched(folder, recursive=only is None, only=only) for folder, only in wanted)
