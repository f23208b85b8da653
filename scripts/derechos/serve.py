"""A small static server for the built site: gzip like GitHub Pages, its 404 pages.

Used by `derechos.build --serve` and by the browser tests. Serves only on the
address it is given (127.0.0.1 by default).
"""

from __future__ import annotations

import gzip
import http.server
import io
import threading
from functools import partial
from pathlib import Path

from derechos.project import LANGUAGES, language_root

#: GitHub Pages answers with "Cache-Control: max-age=600".
CACHE_SECONDS = 600
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with gzip when asked, and the language's 404.html for missing paths."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".webmanifest": "application/manifest+json"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # redirect to the slash form
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status = 404
            path = self._not_found_page()
            if path is None:
                self.send_error(404)
                return None
        data = path.read_bytes()
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE
        if gzip_ok:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(data)))
        if gzip_ok:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        # As GitHub Pages does: browsers may reuse a file for 10 minutes, so instant
        # navigation does not fetch the favicon or the sitemap again on every page.
        self.send_header("Cache-Control", f"max-age={CACHE_SECONDS}")
        self.end_headers()
        return io.BytesIO(data)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        request = self.path.lstrip("/")
        for lang in reversed(LANGUAGES):
            prefix = language_root(lang)
            if request.startswith(prefix) and (root / prefix / "404.html").is_file():
                return root / prefix / "404.html"
        return None


def make_server(site: Path, host: str = "127.0.0.1", port: int = 0) -> http.server.ThreadingHTTPServer:
    handler = partial(SiteHandler, directory=str(site))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve_in_thread(site: Path, host: str = "127.0.0.1") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a server on a free port; returns it and its base URL (stop with .shutdown())."""
    server = make_server(site, host, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}/"


def serve_forever(site: Path, host: str, port: int) -> None:
    server = make_server(site, host, port)
    print(f"serve: http://{host}:{port}/ (Spanish) and http://{host}:{port}/en/ (English); Ctrl+C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
