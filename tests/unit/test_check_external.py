"""Rule external-link (--external): against a local server on 127.0.0.1 that plays every
case: 200, redirect chains, a loop, 404, 410, 429 with Retry-After, 500 then 200, a
response slower than the timeout, HEAD not allowed, connection refused."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from kit import run

SLOW_SECONDS = 5.0


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: Counter[tuple[str, str]] = Counter()
        self.times: dict[str, list[float]] = {}
        self.active = 0
        self.max_active = 0


class Handler(http.server.BaseHTTPRequestHandler):
    recorder: Recorder

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self.answer("HEAD")

    def do_GET(self) -> None:  # noqa: N802
        self.answer("GET")

    def answer(self, method: str) -> None:
        rec = self.recorder
        # requests in progress (until the answer starts; /slow is abandoned by the client)
        self.counted = self.path != "/slow"
        with rec.lock:
            rec.calls[(method, self.path)] += 1
            count = sum(n for (_, p), n in rec.calls.items() if p == self.path)
            rec.times.setdefault(self.path, []).append(time.monotonic())
            if self.counted:
                rec.active += 1
                rec.max_active = max(rec.max_active, rec.active)
        self.route(method, count)

    def send(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        if self.counted:
            with self.recorder.lock:
                self.recorder.active -= 1
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET" and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    def route(self, method: str, count: int) -> None:
        path = self.path
        if path == "/ok":
            self.send(200)
        elif path == "/chain":
            self.send(301, {"Location": "/chain-2"})
        elif path == "/chain-2":
            self.send(302, {"Location": "http://%s/ok" % self.headers["Host"]})
        elif path == "/loop-a":
            self.send(301, {"Location": "/loop-b"})
        elif path == "/loop-b":
            self.send(301, {"Location": "/loop-a"})
        elif path == "/missing":
            self.send(404)
        elif path == "/gone":
            self.send(410)
        elif path == "/busy":
            self.send(429, {"Retry-After": "1"}) if count == 1 else self.send(200)
        elif path == "/flaky":
            self.send(500) if count == 1 else self.send(200)
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send(200)
        elif path == "/no-head":
            self.send(405) if method == "HEAD" else self.send(200, body=b"x" * 2_000_000)
        else:
            self.send(404)


@pytest.fixture
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    handler = type("H", (Handler,), {"recorder": recorder})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", recorder
    finally:
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there any more: connection refused
    return port


def make_site(tmp_path: Path, base: str, refused: str) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    links = [f"{base}{p}" for p in ("/ok", "/ok#again", "/chain", "/loop-a", "/missing", "/gone", "/busy",
                                     "/flaky", "/slow", "/no-head")] + [refused, "mailto:someone@example.org"]
    body = "\n".join(f'<a href="{url}">link</a>' for url in links)
    (site / "index.html").write_text(f"<!doctype html>\n<html lang=\"es\"><head><title>x</title></head><body>\n{body}\n</body></html>\n",
                                     encoding="utf-8")
    return site


def test_every_case_is_reported_once(capsys, tmp_path, server):
    base, recorder = server
    refused = f"http://127.0.0.1:{closed_port()}/"
    site = make_site(tmp_path, base, refused)
    cache = tmp_path / "cache.json"
    args = (site, "--languages", "es", "--external",
            "--select", "external-link", "--timeout", "2", "--cache", cache)
    result = run(capsys, *args)
    assert result.code == 1
    shown = f"{site}/index.html"
    assert result.lines == [
        f"{shown}:6: external-link: {base}/loop-a: redirect loop: {base}/loop-a -> {base}/loop-b -> {base}/loop-a",
        f"{shown}:7: external-link: {base}/missing: HTTP 404",
        f"{shown}:8: external-link: {base}/gone: HTTP 410",
        f"{shown}:11: external-link: {base}/slow: no answer within 2 s",
        f"{shown}:13: external-link: {refused}: connection refused",
    ]
    assert ("check: external: 10 distinct URL(s) checked (0 from the cache), 5 ok, 5 failed; "
            "1 skipped (mailto:/tel: links cannot be checked)") in result.err
    # each distinct URL once (the #again copy is the same URL); HEAD first, GET only when refused
    assert recorder.calls[("HEAD", "/ok")] == 2  # once for /ok, once at the end of /chain
    assert recorder.calls[("HEAD", "/no-head")] == 1 and recorder.calls[("GET", "/no-head")] == 1
    assert recorder.calls[("GET", "/ok")] == 0
    # 429 honoured Retry-After: 1, 500 was retried after a backoff, both then passed
    busy = recorder.times["/busy"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.9
    assert recorder.calls[("HEAD", "/flaky")] == 2
    # never more than the per-host limit (2) at once
    assert recorder.max_active <= 2

    # a second run answers the successes from the cache
    before = sum(recorder.calls.values())
    again = run(capsys, *args)
    assert again.code == 1
    assert "10 distinct URL(s) checked (10 from the cache)" in again.err
    assert sum(recorder.calls.values()) == before


def test_without_external_nothing_is_fetched(capsys, tmp_path, server):
    base, recorder = server
    site = make_site(tmp_path, base, f"http://127.0.0.1:{closed_port()}/")
    result = run(capsys, site, "--languages", "es", "--select", "external-link")
    assert result.code == 0
    assert sum(recorder.calls.values()) == 0
