"""The local server (derechos.serve): a browser that drops a download is not an error."""

from __future__ import annotations

import http.server
import socket
import struct
import threading
from functools import partial
from pathlib import Path

import pytest

from derechos.serve import SiteHandler, make_server


def drop_a_download(server: http.server.ThreadingHTTPServer) -> None:
    """Ask for a large file and reset the connection before it has arrived, as a browser
    does when a page is left while its files are still coming."""
    before = set(threading.enumerate())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert isinstance(host, str), host
        client = socket.create_connection((host, port))
        client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(1024)  # the answer has started
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()  # a reset, not a polite close: the server's next write fails
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    for handler in set(threading.enumerate()) - before:  # the request's own thread, which hit the reset
        handler.join(timeout=30)
        assert not handler.is_alive(), "the server's request thread did not end"


@pytest.mark.parametrize("quiet", [True, False], ids=["site-server", "plain-server-control"])
def test_a_dropped_download_prints_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                quiet: bool) -> None:
    (tmp_path / "big.bin").write_bytes(b"x" * 32_000_000)
    server: http.server.ThreadingHTTPServer
    if quiet:
        server = make_server(tmp_path)
    else:  # the standard library's server, as the test servers were: the test can tell
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(SiteHandler, directory=str(tmp_path)))
    drop_a_download(server)
    printed = capsys.readouterr().err
    if quiet:
        assert "Traceback" not in printed, printed
    else:
        assert "Traceback" in printed and ("BrokenPipeError" in printed or "ConnectionResetError" in printed)
