"""`python3 scripts/dev.py serve`: build the site, serve it like GitHub Pages, rebuild on save.

    python -m derechos.serve [--host 127.0.0.1] [--port 8000]   # --port 0: any free port

The server (`SiteHandler`, `make_server`: gzip, caching, the one 404 page) is also what
the browser tests serve the built site with. It serves only on the address it is given
(127.0.0.1 by default). The command (`main`, `serve_and_rebuild`) builds with
derechos.build, then watches every input: an edited page rebuilds its own language,
anything else every language, a change to the package's code restarts the command; a
failed rebuild keeps serving the last good site and says why.

Live reload, within the site's policy: only the command's server (`make_server(...,
live_reload=True)`) adds `<script src="/__reload.js" defer>` to each HTML page as it sends
it; the built files carry no reload code, and the policy already allows the site's own
scripts ('self') and requests (connect-src 'self'). The script asks `/__build` (the
server's start time and its count of good builds) every second and reloads the page when
the answer changes, also after the command restarted itself. Ctrl+C stops the server and
the watch loop cleanly, during the first build too, without a traceback.
"""

from __future__ import annotations

import argparse
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
from derechos.findings import Finding
from derechos.project import Project, forget, load_project
from derechos.yamlfile import DataError

#: GitHub Pages answers with "Cache-Control: max-age=600".
CACHE_SECONDS = 600
#: The live-reload script's path and the build counter it polls (served by `serve` only).
RELOAD_PATH, BUILD_PATH = "/__reload.js", "/__build"
RELOAD_TAG = f'<script src="{RELOAD_PATH}" defer></script>'
#: Every second: a reload within about a second of the rebuild, for one tiny local request.
RELOAD_SCRIPT = """// Served only by `python3 scripts/dev.py serve`: reloads the page after each good rebuild.
(function () {
  var seen = null;
  function ask() {
    fetch("__BUILD__", {cache: "no-store"}).then(function (answer) { return answer.text(); }).then(function (token) {
      if (seen !== null && token !== seen) { location.reload(); return; }
      seen = token;
    }).catch(function () { /* the server is restarting: ask again */ }).finally(function () {
      setTimeout(ask, 1000);
    });
  }
  ask();
})();
""".replace("__BUILD__", BUILD_PATH)
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
        data = self._body(path, gzip_ok)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(data)))
        if gzip_ok:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        # As GitHub Pages does: browsers may reuse a file for 10 minutes, so instant
        # navigation does not fetch the favicon or the sitemap again on every page.
        self.send_header("Cache-Control", self.cache_control)
        self.end_headers()
        return io.BytesIO(data)

    cache_control = f"max-age={CACHE_SECONDS}"

    def _body(self, path: Path, gzip_ok: bool) -> bytes:
        stat = path.stat()
        return _gzipped(path, stat.st_mtime_ns, stat.st_size) if gzip_ok else path.read_bytes()

    def _not_found_page(self) -> Path | None:
        page = Path(self.directory) / "404.html"
        return page if page.is_file() else None


class LiveReloadHandler(SiteHandler):
    """The `serve` command's handler: the site as built, each HTML page with the reload
    script added as it is sent, the script itself and the build counter; nothing cached
    (an edited stylesheet shows on the next reload)."""

    cache_control = "no-cache"

    def send_head(self) -> BinaryIO | None:
        route = self.path.split("?", 1)[0]
        if route in (RELOAD_PATH, BUILD_PATH):
            token = self.server.build_token  # type: ignore[attr-defined]
            body = (RELOAD_SCRIPT if route == RELOAD_PATH else token).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript" if route == RELOAD_PATH else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()

    def _body(self, path: Path, gzip_ok: bool) -> bytes:
        if path.suffix != ".html":
            return super()._body(path, gzip_ok)
        data = with_reload_script(path.read_bytes())
        return gzip.compress(data, compresslevel=6, mtime=0) if gzip_ok else data


def with_reload_script(page: bytes) -> bytes:
    """The page with the reload script at the end of its head (or its start, without one)."""
    head_end = page.find(b"</head>")
    at = head_end if head_end >= 0 else 0
    return page[:at] + RELOAD_TAG.encode() + page[at:]


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


def make_server(site: Path, host: str = "127.0.0.1", port: int = 0, live_reload: bool = False) -> SiteServer:
    """A server of the built `site` (as GitHub Pages serves it; with `live_reload`, as the
    `serve` command does: see LiveReloadHandler and `rebuilt`)."""
    handler = partial(LiveReloadHandler if live_reload else SiteHandler, directory=str(site))
    server = SiteServer((host, port), handler)
    server.build_token = f"{time.time_ns()}-0"  # type: ignore[attr-defined]
    return server


def rebuilt(server: http.server.ThreadingHTTPServer) -> None:
    """Count one more good build: the open pages reload."""
    started, count = server.build_token.split("-")  # type: ignore[attr-defined]
    server.build_token = f"{started}-{int(count) + 1}"  # type: ignore[attr-defined]


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
    print(f"serve: {homes}; rebuilds on save and reloads the open pages; Ctrl+C stops", flush=True)
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
            drafts: list[Finding] = []
            try:
                build.build_site(site, site_url, project=load_project(project.root), only=only, drafts=drafts)
            except (BuildError, DataError) as error:
                print(f"serve: the rebuild failed, still serving the last good site:\n{error}", flush=True)
                continue
            except OSError as error:  # a file went away while it was read (a branch switched, a file renamed)
                print(f"serve: {error.filename or 'a file'} changed while the site was rebuilt: rebuilding again",
                      flush=True)
                seen = {p: t for p, t in seen.items() if p.suffix == ".py"}  # every other file counts as changed
                continue
            report_drafts(drafts)
            rebuilt(server)
            what = only or "every language"
            print(f"serve: rebuilt {what} in {time.perf_counter() - started:.1f} s", flush=True)
    except KeyboardInterrupt:
        print("serve: stopped", flush=True)
    finally:
        server.server_close()


def report_drafts(drafts: list[Finding]) -> None:
    """What is still to write: shown by `serve`, refused by `build` (derechos.drafts)."""
    if drafts:
        print(f"serve: still to write ({len(drafts)}); shown here, but `dev.py build` refuses it until then:",
              flush=True)
        for finding in drafts:
            print(f"  {finding.text()}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m derechos.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    try:
        return _serve(args)
    except KeyboardInterrupt:  # Ctrl+C during the first build
        print("serve: stopped before the first build ended; site/ is unchanged", flush=True)
        return 130


def _serve(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    server = None
    try:
        project = load_project()
        out = (args.out or project.root / "site").resolve()
        # bound first, so the site is built for the port it gets (--port 0: any free one)
        server = make_server(out, args.host, args.port, live_reload=True)
        before = inputs(project)  # as this build starts: a save from now on rebuilds
        site_url = f"http://{args.host}:{server.server_address[1]}/"
        drafts: list[Finding] = []
        out = build.build_site(out, site_url, project=project, drafts=drafts)
    except (BuildError, DataError) as error:
        report_failure(error)
        if server is not None:
            server.server_close()
        return 1
    print(f"build: {', '.join(project.codes)} built into {out} in {time.perf_counter() - started:.1f} s", flush=True)
    report_drafts(drafts)
    try:
        serve_and_rebuild(project, server, out, site_url, before)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
