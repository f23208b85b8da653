"""The local server (derechos.serve): a browser that drops a download is not an error."""

from __future__ import annotations

import http.server
import os
import socket
import struct
import threading
import time
import urllib.error
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
from kit import Kit

from derechos import build, serve
from derechos.project import load_project
from derechos.serve import SiteHandler, make_server, rebuilt


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


def test_a_save_made_on_reading_the_address_is_rebuilt(kit: Kit, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` prints its address, and the reader (or tests/site/test_serve.py) saves a page
    at once: that save is rebuilt, however long the server takes to look at its files after
    printing (a busy machine). The files are compared with how they were when the first
    build started, not with how they were after the address was printed."""
    project = load_project(kit.root)
    page = kit.docs / "en" / "page.md"
    seen = serve.inputs(project)  # as derechos.build takes it, before the first build
    built: list[str | None] = []

    def build_site(site: Path, site_url: str, project: object, only: str | None = None, **_: object) -> Path:
        built.append(only)
        raise KeyboardInterrupt  # what Ctrl+C does: serve stops

    def announce(*args: object, **_: object) -> None:
        if str(args[0]).startswith("serve: http"):  # the reader saves on reading it
            page.write_text(page.read_text(encoding="utf-8") + "\nSaved at once.\n", encoding="utf-8")
            later = page.stat().st_mtime_ns + 2_000_000_000  # a distinct time even on a coarse clock
            os.utime(page, ns=(later, later))

    polls = iter(range(20))

    def sleep(seconds: float) -> None:
        if next(polls, None) is None:  # 10 s of polling saw no change: the save was lost
            raise KeyboardInterrupt

    server = make_server(tmp_path / "site")
    monkeypatch.setattr(server, "serve_forever", lambda: None)
    monkeypatch.setattr(build, "build_site", build_site)
    monkeypatch.setattr(serve, "print", announce, raising=False)
    monkeypatch.setattr(serve, "time", SimpleNamespace(sleep=sleep, perf_counter=time.perf_counter))
    serve.serve_and_rebuild(project, server, tmp_path / "site", "http://127.0.0.1:8000/", seen)
    assert built == ["en"]


def test_a_file_gone_during_a_rebuild_is_rebuilt_again(kit: Kit, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """`git switch` while `serve` rebuilds: a page disappears as the build reads it. The server
    says so and rebuilds again (it used to stop with a traceback)."""
    project = load_project(kit.root)
    seen = serve.inputs(project)
    page = kit.docs / "en" / "page.md"
    later = page.stat().st_mtime_ns + 2_000_000_000
    os.utime(page, ns=(later, later))  # an edit: the first poll rebuilds
    built: list[str | None] = []
    said: list[str] = []

    def build_site(site: Path, site_url: str, project: object, only: str | None = None, **_: object) -> Path:
        built.append(only)
        if len(built) == 1:
            raise FileNotFoundError(2, "No such file or directory", str(kit.docs / "en" / "gone.md"))
        raise KeyboardInterrupt  # the second rebuild ran: stop

    polls = iter(range(20))

    def sleep(seconds: float) -> None:
        if next(polls, None) is None:
            raise KeyboardInterrupt

    server = make_server(tmp_path / "site")
    monkeypatch.setattr(server, "serve_forever", lambda: None)
    monkeypatch.setattr(build, "build_site", build_site)
    monkeypatch.setattr(serve, "print", lambda *args, **_: said.append(str(args[0])), raising=False)
    monkeypatch.setattr(serve, "time", SimpleNamespace(sleep=sleep, perf_counter=time.perf_counter))
    serve.serve_and_rebuild(project, server, tmp_path / "site", "http://127.0.0.1:8000/", seen)
    assert built == ["en", None]  # the second time every language: what changed is not known
    assert any(line.endswith("gone.md changed while the site was rebuilt: rebuilding again") for line in said), said


def test_python_bytecode_is_not_an_edit(kit: Kit) -> None:
    """Importing the package writes __pycache__/ beside it (on a fresh clone, during the first
    build): that is no reason to rebuild, nor to restart."""
    project = load_project(kit.root)
    before = serve.inputs(project)
    cache = kit.root / "scripts" / "derechos" / "__pycache__"
    cache.mkdir(parents=True)
    (cache / "hooks.cpython-311.pyc").write_bytes(b"\x00")
    (cache.parent / "hooks.py").write_text("", encoding="utf-8")
    assert set(serve.inputs(project)) - set(before) == {cache.parent / "hooks.py"}

def get(base: str, path: str) -> tuple[str, str, str]:
    import urllib.request

    with urllib.request.urlopen(base + path, timeout=10) as answer:  # noqa: S310 - a local test server
        return answer.read().decode("utf-8"), answer.headers["Content-Type"], answer.headers["Cache-Control"]


POLICY = ('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
          'script-src \'self\'; connect-src \'self\'">')


@pytest.mark.parametrize("live", [True, False], ids=["serve-command", "published-site"])
def test_only_the_serve_command_adds_the_reload_script_to_pages(tmp_path: Path, live: bool) -> None:
    """Live reload within the policy: the dev server adds a same-origin script (allowed by
    script-src 'self') to each page it sends, and answers the build counter it polls; the
    server of the published site (and the built file) carries neither."""
    page = f"<!doctype html><html><head>{POLICY}<title>t</title></head><body>x</body></html>"
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "404.html").write_text(page, encoding="utf-8")
    server = make_server(tmp_path, live_reload=live)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        body, _, cache = get(base, "/")
        if live:
            assert body == page.replace("</head>", '<script src="/__reload.js" defer></script></head>')
            assert cache == "no-cache"
            script, kind, _ = get(base, "/__reload.js")
            assert kind == "text/javascript" and 'fetch("/__build"' in script and "location.reload()" in script
            first, _, never = get(base, "/__build")
            assert never == "no-store"
            rebuilt(server)
            assert get(base, "/__build")[0] != first
        else:
            assert body == page
            with pytest.raises(urllib.error.HTTPError):  # the one 404 page
                get(base, "/__reload.js")
        assert (tmp_path / "index.html").read_text(encoding="utf-8") == page
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
