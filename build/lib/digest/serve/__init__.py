"""``digest serve``: the watcher, the live-reload server and the session that wires them to the preview."""

from digest.serve.livereload import inject_reload, make_server
from digest.serve.pages import render_building_page, render_error_page
from digest.serve.session import serve
from digest.serve.watch import ChangeQueue, is_ignored

__all__ = ["ChangeQueue", "inject_reload", "is_ignored", "make_server", "render_building_page", "render_error_page", "serve"]
