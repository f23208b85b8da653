"""The offline copy: a zip of the whole site (every language) that works from file://.

Where the site is blocked or the network is poor, people pass it around on USB sticks
and through messaging apps. `python3 scripts/dev.py build --offline` (and the deploy
workflow) builds a variant of the site with Material's offline plugin (OFFLINE=true:
the search index is inlined into a script so search works without a server, and the
Web Worker shim is the vendored copy) and zips it here, with a fixed file order and
timestamps, published at `downloads/derechos-digitales-mx-offline.zip`.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from derechos.blocks import OFFLINE_ZIP
from derechos.project import Project

#: The folder the zip unpacks into.
FOLDER = "derechos-digitales-mx"
#: Not needed offline: source maps, pre-compressed copies, the downloads themselves.
EXCLUDE_SUFFIXES = (".map", ".gz")
EXCLUDE_DIRS = ("downloads",)
#: 1980-01-01, the earliest time a zip can hold: the zip depends only on the files.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
README = "LEEME-README.txt"


def readme(project: Project, site_url: str) -> str:
    """The note at the top of the zip, in every language."""
    title = " · ".join(str(project.strings[lang.code]["site_name"]) for lang in project.languages)
    parts = [title, ""]
    for lang in project.languages:
        text = " ".join(str(project.strings[lang.code]["offline_readme"]).split())
        parts += [f"{lang.code.upper()}: {text}", ""]
    return "\n".join([*parts, f"Online: {site_url}", ""])


def zip_site(site: Path, target: Path, note: str) -> Path:
    """Zip a built site into `target` under FOLDER/, deterministically."""
    files = sorted(p for p in site.rglob("*")
                   if p.is_file() and p.suffix not in EXCLUDE_SUFFIXES
                   and p.relative_to(site).parts[0] not in EXCLUDE_DIRS)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        entries = [(f"{FOLDER}/{README}", note.encode("utf-8"))]
        entries += [(f"{FOLDER}/{p.relative_to(site).as_posix()}", p.read_bytes()) for p in files]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    tmp.replace(target)
    return target


def zip_path(site: Path) -> Path:
    return site / OFFLINE_ZIP
