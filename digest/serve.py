"""Serve the built site on 127.0.0.1 (``digest serve``)."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

HOST = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def make_server(root: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A threaded static server for ``root``; port 0 picks a free port."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    return http.server.ThreadingHTTPServer((HOST, port), handler)


def serve_forever(root: Path, port: int) -> None:
    server = make_server(root, port)
    try:
        server.serve_forever()
    finally:
        server.server_close()
