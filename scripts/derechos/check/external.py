"""External URLs (--external): each distinct URL once, concurrently, politely.

- a thread pool with a per-host limit on simultaneous requests;
- HEAD first, GET when the server refuses HEAD (405, 403, 501); a GET reads only the
  status line and headers, never the body;
- a timeout per request, redirects followed by hand up to a limit (loops reported);
- retries with exponential backoff on 429, 500, 502, 503, 504 and connection resets,
  honouring Retry-After (seconds or an HTTP date, capped);
- results cached in a JSON file with an expiry (successes 7 days, failures 1 hour).
"""

from __future__ import annotations

import email.utils
import http.client
import json
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

USER_AGENT = "check-site/1.0 (link checker of a static site)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HEAD_REFUSED = frozenset({403, 405, 501})
OK_TTL, FAILED_TTL = 7 * 24 * 3600.0, 3600.0


@dataclass
class Settings:
    timeout: float = 10.0
    max_redirects: int = 10
    retries: int = 3
    backoff: float = 1.0
    max_retry_after: float = 30.0
    per_host: int = 2
    workers: int = 16


@dataclass
class Result:
    url: str
    ok: bool
    status: int | None
    message: str
    checked_at: float
    cached: bool = False


class _Fetcher:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._hosts: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()
        self._ssl = ssl.create_default_context()

    def _host_limit(self, host: str) -> threading.Semaphore:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(self.settings.per_host)
            return self._hosts[host]

    def request(self, url: str, method: str) -> tuple[int, dict[str, str]]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                host, parts.port, timeout=self.settings.timeout, context=self._ssl)
        else:
            conn = http.client.HTTPConnection(host, parts.port, timeout=self.settings.timeout)
        with self._host_limit(parts.netloc.lower()):
            try:
                conn.request(method, path, headers={"User-Agent": USER_AGENT, "Accept": "*/*",
                                                    "Accept-Encoding": "identity"})
                response = conn.getresponse()
                return response.status, {k.lower(): v for k, v in response.getheaders()}
            finally:
                conn.close()  # the body, if any, is never read

    def status(self, url: str) -> tuple[int, dict[str, str]]:
        """One URL, one hop: HEAD (GET if refused), with retries and backoff."""
        settings = self.settings
        attempt = 0
        while True:
            try:
                status, headers = self.request(url, "HEAD")
                if status in HEAD_REFUSED:
                    status, headers = self.request(url, "GET")
            except (ConnectionResetError, http.client.RemoteDisconnected, http.client.BadStatusLine):
                if attempt >= settings.retries:
                    raise
                status, headers = 0, {}
            if (status in RETRY_STATUSES or status == 0) and attempt < settings.retries:
                time.sleep(self.delay(headers, attempt))
                attempt += 1
                continue
            return status, headers

    def delay(self, headers: dict[str, str], attempt: int) -> float:
        settings = self.settings
        wait = settings.backoff * (2 ** attempt)
        value = headers.get("retry-after", "").strip()
        if value:
            if value.isdigit():
                wait = float(value)
            else:
                try:
                    when = email.utils.parsedate_to_datetime(value)
                    wait = max(0.0, when.timestamp() - time.time())
                except (TypeError, ValueError, IndexError):
                    pass
        return min(wait, settings.max_retry_after)

    def check(self, url: str) -> Result:
        settings = self.settings
        seen = [url]
        current = url
        try:
            for _ in range(settings.max_redirects + 1):
                status, headers = self.status(current)
                if 300 <= status < 400 and status != 304 and headers.get("location"):
                    target = urljoin(current, headers["location"]).split("#", 1)[0]
                    if target in seen:
                        chain = " -> ".join([*seen[seen.index(target):], target])
                        return Result(url, False, status, f"redirect loop: {chain}", time.time())
                    seen.append(target)
                    current = target
                    continue
                if 200 <= status < 300:
                    moved = f" (redirected to {current})" if current != url else ""
                    return Result(url, True, status, f"HTTP {status}{moved}", time.time())
                return Result(url, False, status, f"HTTP {status}" + (f" at {current}" if current != url else ""),
                              time.time())
            return Result(url, False, None, f"more than {settings.max_redirects} redirects", time.time())
        except TimeoutError:
            return Result(url, False, None, f"no answer within {settings.timeout:g} s", time.time())
        except socket.gaierror:
            return Result(url, False, None, f"host {urlsplit(current).hostname} not found (DNS)", time.time())
        except ConnectionRefusedError:
            return Result(url, False, None, "connection refused", time.time())
        except ssl.SSLError as error:
            return Result(url, False, None, f"TLS error: {error.reason or error}", time.time())
        except (OSError, http.client.HTTPException, ValueError) as error:
            return Result(url, False, None, f"request failed: {error.__class__.__name__}: {error}", time.time())


def load_cache(path: Path | None, now: float) -> dict[str, Result]:
    if path is None or not path.is_file():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        results = {url: Result(**{**entry, "cached": True}) for url, entry in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}  # a damaged cache is only a slower run
    return {url: r for url, r in results.items()
            if now - r.checked_at < (OK_TTL if r.ok else FAILED_TTL)}


def save_cache(path: Path | None, results: dict[str, Result]) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {url: {k: v for k, v in asdict(r).items() if k != "cached"} for url, r in results.items()}
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass


def check_urls(urls: list[str], cache: Path | None, settings: Settings | None = None) -> dict[str, Result]:
    """Check each distinct URL once (the cache first); returns url -> Result."""
    settings = settings or Settings()
    now = time.time()
    known = load_cache(cache, now)
    results: dict[str, Result] = {u: known[u] for u in urls if u in known}
    todo = sorted({u for u in urls if u not in results})
    if todo:
        fetcher = _Fetcher(settings)
        with ThreadPoolExecutor(max_workers=min(settings.workers, len(todo))) as pool:
            for result in pool.map(fetcher.check, todo):
                results[result.url] = result
    save_cache(cache, {**known, **results})
    return results
