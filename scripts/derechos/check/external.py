"""External URLs (--external): each distinct URL once, concurrently, politely and safely.

Every hop (the URL and each redirect) is held to the same rules:

- http and https only: a redirect to file:, ftp:, data:… is a failure, not followed;
- the host is resolved once and every address it has is checked: none may be loopback,
  private, link-local or otherwise not public (derechos.check.hosts); the connection goes
  to an address that was checked, never to a second lookup (no DNS rebinding); TLS
  verifies the certificate for the host's name. `Settings.allow` exempts exact host:port
  pairs (the tests' local servers); there is no switch that turns the rule off;
- one GET, of which at most MAX_BODY bytes of the body are read: a HEAD answer is never
  trusted (a server may answer HEAD 200 and GET 404), so no HEAD is sent;
- a total deadline per URL (lookups, connections, redirects, retries, headers and body:
  a server that drips one byte at a time fails at it) and one for the whole run: what is
  not finished by then is reported "unknown";
- 429 and 5xx answers and dropped connections are retried with exponential backoff,
  honouring Retry-After (seconds or an HTTP date) up to max_retry_after and never past
  the URL's deadline; 429 after the retries is "unknown" (the site is busy, the link may
  be fine), anything else that is not 2xx is "broken".

Results are cached in a JSON file: ok for 7 days, broken for 1 hour, unknown not at all.
Share buttons (share_intent) are not links to pages: the checker leaves them out.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from derechos.check.hosts import is_local_address

USER_AGENT = "derechos-check/1.0 (link checker of a static site)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
OK_TTL, BROKEN_TTL = 7 * 24 * 3600.0, 3600.0
MAX_BODY = 4096
OK, BROKEN, UNKNOWN = "ok", "broken", "unknown"
#: Share forms of other sites, besides the site's own (derechos.shortlinks.share_links):
#: (host, path) of URLs that open a form to post a link, not a page.
KNOWN_SHARE_INTENTS = frozenset({
    ("x.com", "/intent/tweet"), ("x.com", "/intent/post"), ("twitter.com", "/share"),
    ("www.facebook.com", "/sharer.php"), ("facebook.com", "/sharer/sharer.php"),
    ("www.linkedin.com", "/sharing/share-offsite/"), ("www.linkedin.com", "/shareArticle"),
    ("api.whatsapp.com", "/send"), ("telegram.me", "/share/url"), ("bsky.app", "/intent/compose"),
    ("www.reddit.com", "/submit"), ("reddit.com", "/submit"), ("news.ycombinator.com", "/submitlink"),
})


@dataclass(frozen=True)
class Settings:
    timeout: float = 20.0        # per URL, everything included
    deadline: float = 600.0      # the whole run
    max_redirects: int = 10
    retries: int = 2
    backoff: float = 1.0
    max_retry_after: float = 10.0
    per_host: int = 2
    workers: int = 16
    #: host:port pairs that may be loopback or private (tests only: their local servers).
    allow: frozenset[str] = frozenset()


@dataclass
class Result:
    url: str
    state: str                   # OK, BROKEN or UNKNOWN
    status: int | None
    message: str
    checked_at: float
    cached: bool = False

    @property
    def ok(self) -> bool:
        return self.state == OK


def share_intents() -> frozenset[tuple[str, str]]:
    """(host, path) of every share form: the site's own share links, and KNOWN_SHARE_INTENTS."""
    from derechos.shortlinks import SHARE_HOSTS, share_links

    own = {(parts.hostname or "", parts.path) for parts in
           (urlsplit(href) for _, href in share_links("t", "t", "https://example.org/", "e"))
           if parts.scheme == "https"}
    assert {host for host, _ in own} <= SHARE_HOSTS, "share_links and SHARE_HOSTS disagree"
    return frozenset(own) | KNOWN_SHARE_INTENTS


def is_share_intent(url: str, intents: frozenset[tuple[str, str]]) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return ((parts.hostname or "").rstrip("."), parts.path or "/") in intents


class Refused(Exception):
    """A hop that is not fetched: not http(s), or an address that is not public."""


class Expired(Exception):
    """The URL's deadline passed."""


class _Pinned(http.client.HTTPConnection):
    """An HTTP connection to an address chosen beforehand (the Host header keeps the name)."""

    def __init__(self, host: str, port: int, addresses: list[tuple[int, str]], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses, self.seconds = addresses, timeout

    def connect(self) -> None:
        self.sock = _connect(self.addresses, self.port, self.seconds)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, addresses: list[tuple[int, str]], timeout: float,
                 context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self.addresses, self.seconds = addresses, timeout

    def connect(self) -> None:
        sock = _connect(self.addresses, self.port, self.seconds)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def _connect(addresses: list[tuple[int, str]], port: int, timeout: float) -> socket.socket:
    error: OSError = OSError("no address")
    for family, address in addresses:
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect((address, port))
            return sock
        except OSError as failed:
            sock.close()
            error = failed
    raise error


def _in_time(call: Callable[[], Any], seconds: float) -> Any:
    """A blocking call (a DNS lookup has no timeout of its own) that may take `seconds`."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call()
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            box["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(max(0.0, seconds))
    if thread.is_alive():
        raise Expired
    if "error" in box:
        raise box["error"]
    return box["value"]


class Fetcher:
    def __init__(self, settings: Settings, run_deadline: float) -> None:
        self.settings = settings
        self.run_deadline = run_deadline
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()
        self._ssl = ssl.create_default_context()

    def _host_limit(self, host: str) -> threading.Semaphore:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(self.settings.per_host)
            return self._hosts[host]

    def addresses(self, host: str, port: int, deadline: float) -> list[tuple[int, str]]:
        """Every address of the host, each checked; Refused if one is not public."""
        infos = _in_time(lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM), deadline - time.monotonic())
        out: list[tuple[int, str]] = []
        for family, _, _, _, sockaddr in infos:
            address = str(sockaddr[0])
            if f"{host}:{port}" not in self.settings.allow and is_local_address(
                    ipaddress.ip_address(address.partition("%")[0])):
                raise Refused(f"{host} is {address}, not a public address: not fetched")
            out.append((family, address))
        return out

    def get(self, url: str, deadline: float) -> tuple[int, dict[str, str]]:
        """One GET of one hop: the status and headers; at most MAX_BODY bytes are read."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise Refused("only http and https are followed")
        host = (parts.hostname or "").rstrip(".")
        port = parts.port or (443 if scheme == "https" else 80)
        if not host:
            raise Refused("no host")
        addresses = self.addresses(host, port, deadline)
        remaining = deadline - time.monotonic()
        limit = self._host_limit(f"{host}:{port}")
        if remaining <= 0 or not limit.acquire(timeout=remaining):
            raise Expired
        conn: http.client.HTTPConnection
        try:
            remaining = deadline - time.monotonic()
            if scheme == "https":
                conn = _PinnedTLS(host, port, addresses, remaining, self._ssl)
            else:
                conn = _Pinned(host, port, addresses, remaining)
            expired = threading.Event()
            watchdog = threading.Timer(max(0.0, remaining), _abort, (conn, expired))
            watchdog.daemon = True
            watchdog.start()
            try:
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*",
                                                   "Accept-Encoding": "identity"})
                response = conn.getresponse()
                if 200 <= response.status < 300:
                    response.read(MAX_BODY)  # the body has begun to arrive; no more of it is read
                if expired.is_set():
                    raise Expired
                return response.status, {k.lower(): v for k, v in response.getheaders()}
            except (OSError, http.client.HTTPException):
                if expired.is_set():
                    raise Expired from None
                raise
            finally:
                watchdog.cancel()
                conn.close()
        finally:
            limit.release()

    def status(self, url: str, deadline: float) -> tuple[int, dict[str, str], int]:
        """One hop with retries: (status, headers, tries); status 0 for a dropped connection."""
        settings = self.settings
        tries = 0
        while True:
            tries += 1
            try:
                status, headers = self.get(url, deadline)
            except (ConnectionResetError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                status, headers = 0, {}
            if status not in RETRY_STATUSES and status != 0:
                return status, headers, tries
            wait = self.delay(headers, tries - 1)
            if tries > settings.retries or time.monotonic() + wait >= deadline:
                return status, headers, tries
            time.sleep(wait)

    def delay(self, headers: dict[str, str], attempt: int) -> float:
        settings = self.settings
        wait = settings.backoff * (2 ** attempt)
        value = headers.get("retry-after", "").strip()
        if value.isdigit():
            wait = float(value[:9])
        elif value:
            try:
                wait = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
            except (TypeError, ValueError, IndexError, OverflowError):
                pass
        return max(0.0, min(float(wait), settings.max_retry_after))

    def check(self, url: str) -> Result:
        settings = self.settings
        started = time.monotonic()
        deadline = min(started + settings.timeout, self.run_deadline)
        seen = [url]
        current = url
        try:
            for _ in range(settings.max_redirects + 1):
                try:
                    status, headers, tries = self.status(current, deadline)
                except Refused as refused:
                    where = f"redirects to {current}: " if current != url else ""
                    return self._result(url, BROKEN, None, f"{where}{refused}")
                if 300 <= status < 400 and status != 304 and headers.get("location"):
                    target = urljoin(current, headers["location"].strip()).split("#", 1)[0]
                    if target in seen:
                        chain = " -> ".join([*seen[seen.index(target):], target])
                        return self._result(url, BROKEN, status, f"redirect loop: {chain}")
                    seen.append(target)
                    current = target
                    continue
                at = f" at {current}" if current != url else ""
                if 200 <= status < 300:
                    moved = f" (redirected to {current})" if current != url else ""
                    return self._result(url, OK, status, f"HTTP {status}{moved}")
                if status == 429:
                    return self._result(url, UNKNOWN, status, f"rate limited (HTTP 429{at}) after {tries} tries")
                if status == 0:
                    return self._result(url, BROKEN, None, f"connection dropped{at} after {tries} tries")
                again = f" after {tries} tries" if status in RETRY_STATUSES else ""
                return self._result(url, BROKEN, status, f"HTTP {status}{at}{again}")
            return self._result(url, BROKEN, None, f"more than {settings.max_redirects} redirects")
        except (Expired, TimeoutError):
            if deadline >= self.run_deadline:
                return self._result(url, UNKNOWN, None, f"not finished before the run's {settings.deadline:g} s "
                                                        "deadline")
            return self._result(url, BROKEN, None, f"no answer within {settings.timeout:g} s")
        except socket.gaierror:
            return self._result(url, BROKEN, None, f"host {urlsplit(current).hostname} not found (DNS)")
        except ConnectionRefusedError:
            return self._result(url, BROKEN, None, "connection refused")
        except ssl.SSLError as error:
            return self._result(url, BROKEN, None, f"TLS error: {error.reason or error}")
        except (OSError, http.client.HTTPException, ValueError) as error:
            return self._result(url, BROKEN, None, f"request failed: {error.__class__.__name__}: {error}")

    @staticmethod
    def _result(url: str, state: str, status: int | None, message: str) -> Result:
        return Result(url, state, status, message, time.time())


def _abort(conn: http.client.HTTPConnection, expired: threading.Event) -> None:
    """Stop a connection from another thread: its blocked read returns at once."""
    expired.set()
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def load_cache(path: Path | None, now: float) -> dict[str, Result]:
    if path is None or not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        results = {url: Result(**{**entry, "cached": True}) for url, entry in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}  # a damaged or older cache is only a slower run
    return {url: r for url, r in results.items()
            if r.state in (OK, BROKEN) and now - r.checked_at < (OK_TTL if r.ok else BROKEN_TTL)}


def save_cache(path: Path | None, results: dict[str, Result]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {url: {k: v for k, v in asdict(r).items() if k != "cached"}
                for url, r in results.items() if r.state != UNKNOWN}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


@dataclass
class _Queue:
    todo: list[str]
    results: dict[str, Result] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next(self) -> str | None:
        with self.lock:
            return self.todo.pop() if self.todo else None


def check_urls(urls: list[str], cache: Path | None, settings: Settings | None = None) -> dict[str, Result]:
    """Check each distinct URL once (the cache first), within the run's deadline; returns
    url -> Result for every URL (UNKNOWN for those not checked in time)."""
    settings = settings or Settings()
    run_deadline = time.monotonic() + settings.deadline
    known = load_cache(cache, time.time())
    results: dict[str, Result] = {u: known[u] for u in urls if u in known}
    todo = sorted({u for u in urls if u not in results}, reverse=True)
    queue = _Queue(list(todo))
    fetcher = Fetcher(settings, run_deadline)

    def work() -> None:
        while time.monotonic() < run_deadline and (url := queue.next()) is not None:
            result = fetcher.check(url)
            with queue.lock:
                queue.results[url] = result

    threads = [threading.Thread(target=work, daemon=True) for _ in range(min(settings.workers, len(todo)))]
    for thread in threads:
        thread.start()
    for thread in threads:  # workers stop at the deadline; one stuck past it is left behind
        thread.join(max(0.0, run_deadline + 1.0 - time.monotonic()))
    with queue.lock:
        results.update(queue.results)
    for url in todo:
        results.setdefault(url, Result(url, UNKNOWN, None, f"not checked: the run's {settings.deadline:g} s "
                                                           "deadline passed first", time.time()))
    save_cache(cache, {**known, **results})
    return results
