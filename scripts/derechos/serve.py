"""`python3 scripts/dev.py serve`: build the site, serve it like GitHub Pages, rebuild on save.

    python -m derechos.serve [--host 127.0.0.1] [--port 8000]   # --port 0: any free port

The server (`SiteHandler`, `make_server`: gzip, caching, the one 404 page) is also what
the browser tests serve the built site with. It serves only on the address it is given
(127.0.0.1 by default). The command (`main`, `serve_and_rebuild`) builds with
derechos.build, then watches every input: an edited page rebuilds its own language,
anything else every language, a change to the package's code restarts the command; a
failed rebuild keeps serving the last good site and says why. What a later version adds
to the command (reloading the browser, other messages) belongs here, in `serve_and_rebuild`.
"""

from __future__ import annotations

import gzip
import http.server
import io
import os
import sys
import threading
import time
from functools import lru_cache, partial
from pathlib import Path
from typing import BinaryIO

from derechos import build
from derechos.build import DEFAULT_HOST, DEFAULT_PORT, BuildError, report_failure
from derechos.project import Project, forget, load_project
from derechos.yamlfile import DataError

#: GitHub Pages answers with "Cache-Control: max-age=600".
CACHE_SECONDS = 600
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".webmanifest")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files with gzip when asked, and the root 404.html for any missing path (as
    GitHub Pages does: one 404 page for the whole site, every language included)."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".webmanifest": "application/manifest+json"}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and not self.path.split("?", 1)[0].endswith("/"):
            return super().send_head()  # redirect to the slash form
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status = 404
            not_found = self._not_found_page()
            if not_found is None:
                self.send_error(404)
                return None
            path = not_found
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "") and path.suffix in COMPRESSIBLE
        stat = path.stat()
        data = _gzipped(path, stat.st_mtime_ns, stat.st_size) if gzip_ok else path.read_bytes()
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
        page = Path(self.directory) / "404.html"
        return page if page.is_file() else None


@lru_cache(maxsize=512)
def _gzipped(path: Path, mtime_ns: int, size: int) -> bytes:
    """A file's gzip body, made once per version of the file (the browser tests ask for the
    same theme files hundreds of times)."""
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class SiteServer(http.server.ThreadingHTTPServer):
    """A threading server for which a browser that drops a download halfway (a tab closed,
    a page left before its files arrived) is not an error to print a traceback for."""

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


def make_server(site: Path, host: str = "127.0.0.1", port: int = 0) -> SiteServer:
    handler = partial(SiteHandler, directory=str(site))
    return SiteServer((host, port), handler)


def serve_in_thread(site: Path, host: str = "127.0.0.1") -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start a server on a free port; returns it and its base URL (stop with .shutdown())."""
    server = make_server(site, host, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}/"


def inputs(project: Project) -> dict[Path, float]:
    """Every file a build reads, with its modification time (not the bytecode Python writes
    beside the package as it imports it: that is no edit)."""
    folders = [project.docs, project.data, project.root / "overrides", project.root / "scripts" / "derechos"]
    files = [project.config_file, *(p for folder in folders for p in folder.rglob("*")
                                    if p.is_file() and "__pycache__" not in p.parts)]
    return {path: path.stat().st_mtime for path in files if path.exists()}


def serve_and_rebuild(project: Project, server: http.server.ThreadingHTTPServer, site: Path, site_url: str,
                      seen: dict[Path, float]) -> None:
    """Serve the built site and rebuild it on save: an edited page rebuilds its own language,
    anything else (data, templates, mkdocs.yml) every language; a change to the package's
    code restarts the command. A failed rebuild keeps the last good site and says why.

    `seen` is `inputs(project)` as the first build started: a save made during that build,
    or as soon as the address is printed, is newer than it and rebuilds. (Read after the
    address was printed, it could already hold a save made on reading it, which was then
    never built: the test of serve waited out its time on a busy machine.)"""
    from derechos.quotes import load_texts

    threading.Thread(target=server.serve_forever, daemon=True).start()
    homes = ", ".join(f"{site_url}{lang.root} ({lang.name})" for lang in project.languages)
    print(f"serve: {homes}; rebuilds on save; Ctrl+C stops", flush=True)
    try:
        while True:
            time.sleep(0.5)
            now = inputs(project)
            changed = {p for p in now.keys() | seen.keys() if now.get(p) != seen.get(p)}
            seen = now
            if not changed:
                continue
            if any(p.suffix == ".py" for p in changed):
                print("serve: the build's code changed: restarting", flush=True)
                server.server_close()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            codes = {p.relative_to(project.docs).parts[0] for p in changed if project.docs in p.parents}
            only = codes.pop() if len(codes) == 1 and all(project.docs in p.parents for p in changed) else None
            started = time.perf_counter()
            forget()  # data files are read again (the build reads them through load_project)
            load_texts.cache_clear()
            try:
                build.build_site(site, site_url, project=load_project(project.root), only=only)
            except (BuildError, DataError) as error:
                print(f"serve: the rebuild failed, still serving the last good site:\n{error}", flush=True)
                continue
            what = only or "every language"
            print(f"serve: rebuilt {what} in {time.perf_counter() - started:.1f} s", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m derechos.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    server = None
    try:
        project = load_project()
        out = (args.out or project.root / "site").resolve()
        # bound first, so the site is built for the port it gets (--port 0: any free one)
        server = make_server(out, args.host, args.port)
        before = inputs(project)  # as this build starts: a save from now on rebuilds
        site_url = f"http://{args.host}:{server.server_address[1]}/"
        out = build.build_site(out, site_url, project=project)
    except (BuildError, DataError) as error:
        report_failure(error)
        if server is not None:
            server.server_close()
        return 1
    print(f"build: {', '.join(project.codes)} built into {out} in {time.perf_counter() - started:.1f} s", flush=True)
    serve_and_rebuild(project, server, out, site_url, before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
