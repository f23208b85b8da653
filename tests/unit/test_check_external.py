"""Rule external-link (--external), against hostile servers on 127.0.0.1: every case a
real site or an attacker can serve. The servers are reached through Settings.allow (the
exact host:port of each), the only way past the rule that no loopback or private address
is fetched."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from kit import Kit, run

from derechos.check import cli, external
from derechos.check.external import BROKEN, OK, UNKNOWN, Result, Settings, check_urls
from derechos.shortlinks import share_links

#: Fast settings for the tests: short deadlines, short waits.
FAST = Settings(timeout=1.0, deadline=30, retries=2, backoff=0.05, max_retry_after=0.2)


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: Counter[tuple[str, str]] = Counter()
        self.times: dict[str, list[float]] = {}
        self.active = 0
        self.max_active = 0


class Handler(http.server.BaseHTTPRequestHandler):
    recorder: Recorder
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self.answer("HEAD")

    def do_GET(self) -> None:  # noqa: N802
        self.answer("GET")

    def answer(self, method: str) -> None:
        rec = self.recorder
        with rec.lock:
            rec.calls[(method, self.path)] += 1
            count = sum(n for (_, p), n in rec.calls.items() if p == self.path)
            rec.times.setdefault(self.path, []).append(time.monotonic())
        try:
            ROUTES.get(self.path.split("?")[0], not_found)(self, method, count)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET" and body:
            self.wfile.write(body)

    def host(self) -> str:
        return f"http://{self.headers['Host']}"

    def port(self) -> int:
        address = self.server.server_address
        assert isinstance(address, tuple), address
        return int(address[1])


def not_found(handler: Handler, *_: object) -> None:
    handler.send(404)


def pause_then_send(handler: Handler, seconds: float) -> None:
    """An answer that takes `seconds` to start."""
    time.sleep(seconds)
    handler.send(200)


def drip(handler: Handler, *_: object) -> None:
    """One byte of the status line every 0.3 s, for ever."""
    for byte in b"HTTP/1.1 200 OK\r\n" * 100:
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()
        time.sleep(0.3)


def pause(handler: Handler, *_: object) -> None:
    """A short wait, counted as a request in progress (the answer comes after the count)."""
    rec = handler.recorder
    with rec.lock:
        rec.active += 1
        rec.max_active = max(rec.max_active, rec.active)
    time.sleep(0.1)
    with rec.lock:
        rec.active -= 1
    handler.send(200)


def big_then_stall(handler: Handler, *_: object) -> None:
    """A 200 whose body arrives in part, then stalls: the checker needs no more than the start."""
    handler.send_response(200)
    handler.send_header("Content-Length", str(10_000_000))
    handler.end_headers()
    handler.wfile.write(b"x" * 8192)
    handler.wfile.flush()
    time.sleep(5)


ROUTES: dict[str, Callable[[Handler, str, int], None]] = {
    "/ok": lambda h, m, c: h.send(200, body=b"fine"),
    "/chain": lambda h, m, c: h.send(301, {"Location": "/chain-2"}),
    "/chain-2": lambda h, m, c: h.send(302, {"Location": f"{h.host()}/ok"}),
    "/loop-a": lambda h, m, c: h.send(301, {"Location": "/loop-b"}),
    "/loop-b": lambda h, m, c: h.send(301, {"Location": "/loop-a"}),
    "/missing": lambda h, m, c: h.send(404),
    "/gone": lambda h, m, c: h.send(410),
    "/busy": lambda h, m, c: h.send(429, {"Retry-After": "1"}) if c == 1 else h.send(200),
    "/always-busy": lambda h, m, c: h.send(429, {"Retry-After": "90"}),
    "/flaky": lambda h, m, c: h.send(500) if c == 1 else h.send(200),
    "/down": lambda h, m, c: h.send(503),
    "/slow": lambda h, m, c: pause_then_send(h, 3),
    "/hold": lambda h, m, c: pause_then_send(h, 3),
    "/pause": pause,
    "/drip": drip,
    "/big": big_then_stall,
    "/head-lies": lambda h, m, c: h.send(200) if m == "HEAD" else h.send(404),
    "/no-head": lambda h, m, c: h.send(405) if m == "HEAD" else h.send(200, body=b"x" * 100_000),
    "/to-file": lambda h, m, c: h.send(302, {"Location": "file:///etc/passwd"}),
    "/to-ftp": lambda h, m, c: h.send(302, {"Location": "ftp://example.org/x"}),
    "/to-data": lambda h, m, c: h.send(302, {"Location": "data:text/html,hi"}),
    "/to-metadata": lambda h, m, c: h.send(302, {"Location": "http://169.254.169.254/latest/meta-data/"}),
    "/to-localhost": lambda h, m, c: h.send(302, {"Location": f"http://localhost:{h.port()}/secret"}),
    "/to-private": lambda h, m, c: h.send(301, {"Location": "http://10.0.0.1/admin"}),
    "/secret": lambda h, m, c: h.send(200, body=b"secret"),
}


@pytest.fixture
def server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    handler = type("H", (Handler,), {"recorder": recorder})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", recorder
    finally:
        httpd.shutdown()
        httpd.server_close()


def allowing(base: str, settings: Settings = FAST, *others: str) -> Settings:
    """The settings with the test server's exact host:port (and others) allowed."""
    return replace(settings, allow=frozenset({base.removeprefix("http://"), *others}))


def closed_port() -> int:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()  # nothing listens there any more: connection refused
    return port


def check(base: str, *paths: str, settings: Settings | None = None) -> dict[str, Result]:
    results = check_urls([base + p for p in paths], None, settings or allowing(base))
    return {url.removeprefix(base): result for url, result in results.items()}


@pytest.mark.parametrize(("path", "state", "message"), [
    ("/ok", OK, "HTTP 200"),
    ("/chain", OK, "HTTP 200 (redirected to {base}/ok)"),
    ("/loop-a", BROKEN, "redirect loop: {base}/loop-a -> {base}/loop-b -> {base}/loop-a"),
    ("/missing", BROKEN, "HTTP 404"),
    ("/gone", BROKEN, "HTTP 410"),
    ("/down", BROKEN, "HTTP 503 after 3 tries"),
    ("/head-lies", BROKEN, "HTTP 404"),  # HEAD 200, GET 404: a HEAD answer is not trusted
    ("/no-head", OK, "HTTP 200"),
    ("/to-file", BROKEN, "redirects to file:///etc/passwd: only http and https are followed"),
    ("/to-ftp", BROKEN, "redirects to ftp://example.org/x: only http and https are followed"),
    ("/to-data", BROKEN, "redirects to data:text/html,hi: only http and https are followed"),
    ("/to-metadata", BROKEN, "redirects to http://169.254.169.254/latest/meta-data/: 169.254.169.254 is "
                             "169.254.169.254, not a public address: not fetched"),
    ("/to-localhost", BROKEN, "redirects to http://localhost:{port}/secret: localhost is 127.0.0.1, not a public "
                              "address: not fetched"),
    ("/to-private", BROKEN, "redirects to http://10.0.0.1/admin: 10.0.0.1 is 10.0.0.1, not a public address: "
                            "not fetched"),
])
def test_each_answer(server, path: str, state: str, message: str) -> None:
    base, recorder = server
    result = check(base, path)[path]
    assert (result.state, result.message) == (state, message.format(base=base, port=base.rsplit(":", 1)[1]))
    assert recorder.calls[("HEAD", path)] == 0  # one GET, never HEAD
    assert recorder.calls[("GET", "/secret")] == 0  # no hop reached a refused address


def test_a_loopback_or_private_url_is_never_fetched_without_its_exact_allowance(server) -> None:
    base, recorder = server
    port = base.rsplit(":", 1)[1]
    other = replace(FAST, allow=frozenset({f"127.0.0.1:{int(port) + 1}"}))  # not this port
    for url in (f"{base}/secret", f"http://localhost:{port}/secret", f"http://[::ffff:127.0.0.1]:{port}/secret",
                f"http://2130706433:{port}/secret"):
        result = check_urls([url], None, other)[url]
        assert result.state == BROKEN and result.message.endswith("not a public address: not fetched"), url
    assert sum(recorder.calls.values()) == 0


def test_the_connection_goes_to_the_address_checked(server, monkeypatch) -> None:
    """DNS rebinding: the name is looked up once per hop; a second lookup (by a client that
    connects by name) would get an address the check never saw."""
    base, recorder = server
    port = int(base.rsplit(":", 1)[1])
    real = socket.getaddrinfo
    lookups = []

    def rebinding(host, *args, **kwargs):
        if host != "rebind.test":
            return real(host, *args, **kwargs)
        lookups.append(host)
        address = "127.0.0.1" if len(lookups) == 1 else "10.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = f"http://rebind.test:{port}/ok"
    result = check_urls([url], None, replace(FAST, allow=frozenset({f"rebind.test:{port}"})))[url]
    assert (result.state, lookups) == (OK, ["rebind.test"])
    assert recorder.calls[("GET", "/ok")] == 1


def test_a_dripping_server_fails_at_the_url_deadline(server) -> None:
    base, _ = server
    started = time.monotonic()
    result = check(base, "/drip")["/drip"]
    assert (result.state, result.message) == (BROKEN, "no answer within 1 s")
    assert time.monotonic() - started < 2.0


def test_a_slow_answer_fails_and_a_long_body_is_not_read(server) -> None:
    base, _ = server
    started = time.monotonic()
    results = check(base, "/slow", "/big")
    assert (results["/slow"].state, results["/slow"].message) == (BROKEN, "no answer within 1 s")
    assert (results["/big"].state, results["/big"].message) == (OK, "HTTP 200")  # 4 KB read, not 10 MB
    assert time.monotonic() - started < 2.5


def test_429_is_retried_honouring_retry_after_then_unknown_and_a_huge_wait_is_capped(server) -> None:
    base, recorder = server
    started = time.monotonic()
    results = check(base, "/busy", "/always-busy", "/flaky",
                    settings=allowing(base, replace(FAST, max_retry_after=1.0, retries=1, timeout=3)))
    assert (results["/busy"].state, results["/flaky"].state) == (OK, OK)  # once busy, then fine
    busy = recorder.times["/busy"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 0.9  # Retry-After: 1 honoured
    assert recorder.calls[("GET", "/flaky")] == 2  # a 500 is retried after a backoff
    # Retry-After: 90 is capped at max_retry_after (1 s); after the retries: unknown, not broken
    assert (results["/always-busy"].state, results["/always-busy"].message) == (
        UNKNOWN, "rate limited (HTTP 429) after 2 tries")
    assert recorder.calls[("GET", "/always-busy")] == 2
    assert time.monotonic() - started < 2.0


def test_a_wait_past_the_url_deadline_is_not_waited(server) -> None:
    base, recorder = server
    started = time.monotonic()
    settings = allowing(base, replace(FAST, max_retry_after=60.0, timeout=2))
    result = check(base, "/always-busy", settings=settings)["/always-busy"]
    assert (result.state, result.message) == (UNKNOWN, "rate limited (HTTP 429) after 1 tries")
    assert time.monotonic() - started < 1.0


def test_the_run_stops_at_its_deadline_and_reports_the_rest_unknown(server) -> None:
    base, recorder = server
    paths = [f"/hold?{i}" for i in range(6)]
    started = time.monotonic()
    results = check(base, *paths, settings=allowing(base, replace(FAST, timeout=10, deadline=1.0, workers=2)))
    assert time.monotonic() - started < 2.5
    assert {r.state for r in results.values()} == {UNKNOWN}
    messages = Counter(r.message for r in results.values())
    assert messages == {"not finished before the run's 1 s deadline": 2,
                        "not checked: the run's 1 s deadline passed first": 4}


def test_per_host_limit(server) -> None:
    base, recorder = server
    results = check(base, *(f"/pause?{i}" for i in range(8)))
    assert {r.state for r in results.values()} == {OK}
    assert recorder.max_active == 2


def page_with_links(kit: Kit, links: list[str]) -> Path:
    """A site of one page (the kit's pages link to example.org, which the tests must not ask)."""
    site = kit.root / "links"
    site.mkdir()
    body = "\n".join(f'<a href="{url}">link</a>' for url in links)
    (site / "index.html").write_text(f'<!doctype html>\n<html lang="es"><head><title>x</title></head><body>\n'
                                     f"{body}\n</body></html>\n", encoding="utf-8")
    return site


def test_the_command_line_reports_broken_and_unknown_with_a_summary(capsys, kit: Kit, server, monkeypatch) -> None:
    base, recorder = server
    port = closed_port()
    monkeypatch.setattr(cli, "external_settings",
                        lambda args: allowing(base, replace(FAST, timeout=args.timeout), f"127.0.0.1:{port}"))
    refused = f"http://127.0.0.1:{port}/"
    shares = [href for _, href in share_links("Título", "Texto", "https://example.org/page.html", "Correo")]
    site = page_with_links(kit, [f"{base}{p}" for p in ("/ok", "/ok#again", "/chain", "/loop-a", "/missing",
                                                        "/gone", "/always-busy", "/slow")] + [refused, *shares])
    cache = kit.root / "cache.json"
    args = (site, "--languages", "es", "--external", "--select", "external-link", "--timeout", "1",
            "--cache", cache)
    result = run(capsys, *args)
    assert result.code == 1
    shown = f"{site}/index.html"
    assert result.lines == [
        f"{shown}:6: external-link: {base}/loop-a: redirect loop: {base}/loop-a -> {base}/loop-b -> {base}/loop-a",
        f"{shown}:7: external-link: {base}/missing: HTTP 404",
        f"{shown}:8: external-link: {base}/gone: HTTP 410",
        f"{shown}:9: external-link: {base}/always-busy: unknown: rate limited (HTTP 429) after 3 tries",
        f"{shown}:10: external-link: {base}/slow: no answer within 1 s",
        f"{shown}:11: external-link: {refused}: connection refused",
    ]
    assert ("check: external: 8 distinct URL(s) checked (0 from the cache): 2 ok, 5 broken, 1 unknown; "
            "not checked: 5 share link(s), 1 mailto:/tel: link(s)") in result.err
    assert recorder.calls[("GET", "/ok")] == 2  # once for /ok (#again is the same URL), once at the end of /chain
    # a second run answers ok and broken from the cache, and asks again what was unknown
    before = sum(recorder.calls.values())
    again = run(capsys, *args)
    assert again.code == 1
    assert "8 distinct URL(s) checked (7 from the cache)" in again.err
    assert sum(recorder.calls.values()) - before == 3  # /always-busy, three tries


def test_unknown_alone_is_a_warning_not_a_failure(capsys, kit: Kit, server, monkeypatch) -> None:
    base, _ = server
    monkeypatch.setattr(cli, "external_settings", lambda args: allowing(base))
    site = page_with_links(kit, [f"{base}/ok", f"{base}/always-busy"])
    result = run(capsys, site, "--languages", "es", "--external", "--select", "external-link",
                 "--format", "github", "--cache", kit.root / "cache.json")
    assert result.code == 0
    assert result.lines == [f"::warning file={site}/index.html,line=4::external-link: {base}/always-busy: "
                            "unknown: rate limited (HTTP 429) after 3 tries"]


def test_without_external_nothing_is_fetched(capsys, kit: Kit, server) -> None:
    base, recorder = server
    site = page_with_links(kit, [f"{base}/ok"])
    result = run(capsys, site, "--languages", "es", "--select", "external-link")
    assert result.code == 0
    assert sum(recorder.calls.values()) == 0


def test_the_defaults_allow_nothing_local_and_share_forms_are_known() -> None:
    assert Settings().allow == frozenset()
    intents = external.share_intents()
    for _, href in share_links("t", "t", "https://example.org/", "e"):
        assert href.startswith("mailto:") or external.is_share_intent(href, intents), href
    assert not external.is_share_intent("https://twitter.com/someone", intents)
    assert not external.is_share_intent("https://www.facebook.com/some.page", intents)


def test_a_cache_of_the_old_format_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache.json"
    cache.write_text('{"https://example.org/": {"url": "https://example.org/", "ok": true, "status": 200, '
                     '"message": "HTTP 200", "checked_at": 1e12}}', encoding="utf-8")
    assert external.load_cache(cache, time.time()) == {}
