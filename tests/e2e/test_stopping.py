"""Long-running commands stop on Ctrl-C and kill whatever their shell did to signals, and the preview
server shrugs off clients that vanish or stall."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from digest.serve import livereload as serve_module
from tests.e2e.conftest import stop_process
from tests.e2e.test_new_and_inbox import wait_for
from tests.e2e.test_serve import PAGE, TIMEOUT, serve  # noqa: F401 - serve is a fixture


def _ignore_sigint() -> None:
    # What a POSIX shell does for a command started in the background of a script (`digest serve &`).
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_on_a_signal_even_when_it_started_with_sigint_ignored(serve, sig):
    server = serve(preexec_fn=_ignore_sigint)
    code, out, err, seconds = server.stop(sig)
    assert code == 0, err
    assert "Stopped." in out and "Traceback" not in err


def test_the_inbox_watch_stops_on_sigint_even_when_it_started_ignored(site_factory, processes):
    site = site_factory("timelines")
    (site / "inbox").mkdir()
    (site / "inbox/empty.txt").write_text("", encoding="utf-8")  # its import shows the watch is running
    watcher = processes([sys.executable, "-m", "digest", "import", "--watch", "inbox"], cwd=site, text=True,
                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_ignore_sigint)
    wait_for(lambda: (site / "inbox/failed/empty.txt.log").exists(), "the watch at work")
    code, out, err = stop_process(watcher, timeout=TIMEOUT)
    assert code == 0, err
    assert "Stopped." in out and "Traceback" not in err


def test_clients_that_hang_up_leave_no_traceback(serve):
    server = serve()
    for _ in range(20):
        with socket.create_connection(("127.0.0.1", server.port)) as client:
            client.sendall(f"GET {PAGE} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST
    with socket.create_connection(("127.0.0.1", server.port)) as client:  # and one on the event stream
        client.sendall(b"GET /__digest__/events?since=0&session=x HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(100)
    assert server.get(PAGE)[0] == 200
    code, _, err, _ = server.stop()
    assert code == 0 and "Traceback" not in err and "BrokenPipe" not in err


def test_a_client_that_sends_nothing_is_let_go(tmp_path, monkeypatch):
    assert 0 < serve_module.LiveHandler.timeout <= 60  # by default, not only in this test
    monkeypatch.setattr(serve_module.LiveHandler, "timeout", 0.5)
    (tmp_path / "index.html").write_text("<p>hi</p>", encoding="utf-8")
    state = serve_module.LiveState()
    state.publish(True, None)
    server = serve_module.make_server(tmp_path, 0, state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with socket.create_connection(server.server_address[:2], timeout=TIMEOUT) as client:
            started = time.monotonic()
            assert client.recv(100) == b""  # closed by the server, not by this test
            assert time.monotonic() - started < TIMEOUT
    finally:
        server.shutdown()
        server.server_close()
