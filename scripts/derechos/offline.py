"""Offline copy: a zip of the whole site (both languages) that works from file://.

Where the site is blocked or the network is poor, people pass it around on USB
sticks and through messaging apps. This builds a variant of the site with Material's
offline plugin (OFFLINE=true: the search index is inlined into a script so search
works without a server, and the Web Worker shim is the vendored copy, see
overrides/hooks/offline_copy.py), and zips it with a fixed file order and timestamps.

Every build makes it (a post-build step of derechos.build) and publishes it at
`downloads/derechos-digitales-mx-offline.zip`; it can also be made on its own:

    python -m derechos.offline                       # -> dist/derechos-digitales-mx-offline.zip
    python -m derechos.offline --out FILE.zip --site-url https://example.org/repo/
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import zipfile
from pathlib import Path

from derechos.project import ROOT

ENV = "OFFLINE"
ZIP_NAME = "derechos-digitales-mx-offline.zip"
#: Where the zip is published, below the site root.
ZIP_PATH = f"downloads/{ZIP_NAME}"
#: The folder the zip unpacks into.
FOLDER = "derechos-digitales-mx"
#: Not needed offline: source maps, pre-compressed copies, the downloads themselves.
EXCLUDE_SUFFIXES = (".map", ".gz")
EXCLUDE_DIRS = ("downloads",)
#: 1980-01-01, the earliest time a zip can hold: the zip depends only on the files.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

README = """Derechos digitales en México · Digital rights in Mexico

ES: Copia sin conexión del sitio. Abre index.html (español) o en/index.html (inglés)
    en cualquier navegador. No necesita conexión; la búsqueda funciona.
EN: Offline copy of the site. Open index.html (Spanish) or en/index.html (English)
    in any browser. It needs no connection; search works.

Online: {site_url}
"""


def build_offline(out: Path, site_url: str) -> Path:
    """Build the offline variant of both languages into `out`."""
    from derechos.build import build_site

    previous = os.environ.get(ENV)
    os.environ[ENV] = "true"
    try:
        return build_site(out, site_url)
    finally:
        if previous is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = previous


def zip_site(site: Path, target: Path, site_url: str) -> Path:
    """Zip a built site into `target` under FOLDER/, deterministically."""
    files = sorted(
        p for p in site.rglob("*")
        if p.is_file() and p.suffix not in EXCLUDE_SUFFIXES
        and p.relative_to(site).parts[0] not in EXCLUDE_DIRS
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        entries = [(f"{FOLDER}/LEEME-README.txt", README.format(site_url=site_url).encode("utf-8"))]
        entries += [(f"{FOLDER}/{p.relative_to(site).as_posix()}", p.read_bytes()) for p in files]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    tmp.replace(target)
    return target


def make_offline_zip(target: Path, site_url: str) -> Path:
    with tempfile.TemporaryDirectory(prefix="offline-") as tmp:
        site = build_offline(Path(tmp) / "site", site_url)
        return zip_site(site, target, site_url)


def add_offline_copy(site: Path, site_url: str) -> None:
    """Post-build step: publish the offline zip inside the site (skipped while building it)."""
    if os.environ.get(ENV, "").lower() == "true":
        return
    make_offline_zip(site / ZIP_PATH, site_url)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / ZIP_NAME, help="zip file to write")
    parser.add_argument("--site-url", default=os.environ.get("SITE_URL", "http://127.0.0.1:8000/"),
                        help="public address of the site (canonical links); default $SITE_URL")
    args = parser.parse_args(argv)
    from derechos.build import BuildError

    try:
        target = make_offline_zip(args.out.resolve(), args.site_url)
    except BuildError as error:
        print(f"offline: {error}", file=sys.stderr)
        return 1
    print(f"offline: wrote {target} ({target.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
