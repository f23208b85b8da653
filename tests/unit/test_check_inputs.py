"""Files that are not what their names say: FIFOs, sockets, devices, broken links, other
encodings, bytes that are not UTF-8, file names that are not UTF-8. The checker reports
each with its file (and line), never hangs, never crashes, and never drops one because
of --select."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from kit import Kit, nested_folders, run

BROKEN = '<a href="missing.html">x</a>'
MISSING = "{site}/page.html:14: link-target: <a href> links to missing.html, but {site}/missing.html does not exist"


def checker(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The checker in a process of its own, with a deadline: a FIFO must not hang the tests."""
    return subprocess.run([sys.executable, "-m", "derechos.check", *map(str, args)], cwd=cwd,
                          capture_output=True, timeout=60, check=False)


def encoded(codec: str, bom: bytes) -> Callable[[Kit], None]:
    def plant(kit: Kit) -> None:
        kit.plant("page.html", BROKEN)
        kit.write("page.html", bom + kit.read("page.html").encode(codec))
    return plant


def not_utf8(kit: Kit) -> None:
    kit.plant("page.html", f"CAFE {BROKEN}")
    kit.write("page.html", kit.read("page.html").encode("utf-8").replace(b"CAFE", b"caf\xe9"))  # Latin-1


@pytest.mark.parametrize(("plant", "expected"), [
    (encoded("utf-16-le", b"\xff\xfe"), [MISSING]),
    (encoded("utf-16-be", b"\xfe\xff"), [MISSING]),
    (encoded("utf-8", b"\xef\xbb\xbf"), [MISSING]),
    (not_utf8, ["{site}/page.html:14: encoding: not UTF-8: byte 0xe9 cannot be read (read as U+FFFD; the rest of "
                "the file is checked)", MISSING]),
], ids=["utf-16-le", "utf-16-be", "utf-8-bom", "not-utf-8"])
def test_encodings_by_byte_order_mark_else_utf8(capsys, kit: Kit, plant: Callable[[Kit], None],
                                                expected: list[str]) -> None:
    plant(kit)
    result = run(capsys, *kit.args("--select", "link-,encoding"))
    assert result.lines == [line.format(site=kit.site) for line in expected]
    assert result.code == 1


def test_a_byte_that_is_not_utf8_in_the_docs_names_its_file_and_line(capsys, kit: Kit) -> None:
    kit.write("docs/en/page.md", kit.read("docs/en/page.md").encode("utf-8").replace(b"15.000", b"15\xe9000"))
    result = run(capsys, *kit.args("--select", "front-matter"))
    assert (result.code, result.lines) == (1, [f"{kit.docs}/en/page.md:9: front-matter: not UTF-8: byte 0xe9 "
                                               "cannot be read"])
    assert "Traceback" not in result.err


def make_socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))
    return sock


def test_fifos_sockets_and_devices_are_skipped_never_opened(kit: Kit) -> None:
    os.mkfifo(kit.site / "fifo.html")  # opening it to read would wait for a writer for ever
    for code in kit.codes:
        os.mkfifo(kit.docs / code / "fifo.md")
    (kit.site / "zero.html").symlink_to("/dev/zero")  # reading it would never end
    sock = make_socket(kit.site / "socket.html")
    try:
        proc = checker(*kit.args("--select", "link-,twin-"), cwd=kit.root)
    finally:
        sock.close()
    assert proc.returncode == 1
    assert proc.stdout.decode("utf-8").splitlines() == [
        *(f"{kit.docs}/{code}/fifo.md: read: cannot read: a FIFO, not a regular file" for code in sorted(kit.codes)),
        f"{kit.site}/fifo.html: read: a FIFO, not a regular file: skipped, never opened",
        f"{kit.site}/socket.html: read: a socket, not a regular file: skipped, never opened",
        f"{kit.site}/zero.html: read: a symbolic link to a file outside the site folder: skipped, never read",
    ]


def test_unreadable_files_are_reported_whatever_select_says(capsys, kit: Kit) -> None:
    (kit.site / "gone.html").symlink_to(kit.site / "nowhere.html")
    result = run(capsys, *kit.args("--select", "link-anchor"))
    assert result.code == 1
    assert result.lines == [f"{kit.site}/gone.html: read: a symbolic link that leads nowhere "
                            "(No such file or directory)"]


@pytest.mark.parametrize("fmt", ["json", "text", "github"])
def test_output_is_utf8_whatever_the_file_names(kit: Kit, fmt: str) -> None:
    name = os.fsencode(kit.site) + b"/caf\xe9.html"  # Latin-1, not UTF-8
    with open(name, "wb") as page:
        page.write(f'<!doctype html><html lang="es"><head><title>x</title></head><body>\n\n\n{BROKEN}\n'.encode())
    proc = checker(*kit.args("--select", "link-", "--format", fmt), cwd=kit.root)
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8")  # strict: fails on a byte that is not UTF-8
    shown = f"{kit.site}/caf\\xe9.html"
    message = f"link-target: <a href> links to missing.html, but {kit.site}/missing.html does not exist"
    if fmt == "json":
        assert [(f["file"], f["line"]) for f in json.loads(out)] == [(shown, 4)]
    elif fmt == "text":
        assert out.splitlines() == [f"{shown}:4: {message}"]
    else:
        assert out.splitlines() == [f"::error file={shown.replace(':', '%3A')},line=4::{message}"]
    assert proc.stderr.decode("utf-8").startswith("check: 1 finding(s)")


# --- Bounded on any input (what a contributor, or a broken build, could leave in the folder) ------

def test_a_site_folder_1200_folders_deep_is_walked_without_recursion(capsys, kit: Kit) -> None:
    with nested_folders(kit.site, 1200) as deepest:
        (deepest / "deep.html").write_text(f"<!doctype html><title>x</title>\n{BROKEN}\n", encoding="utf-8")
        result = run(capsys, *kit.args("--select", "link-target"))
    assert result.code == 1, result.err
    assert len(result.lines) == 1 and result.lines[0].endswith(
        "/d/deep.html:2: link-target: <a href> links to missing.html, but "
        f"{kit.site}/{'d/' * 1200}missing.html does not exist")
    assert "Traceback" not in result.err


def test_a_huge_file_is_skipped_with_a_finding_not_read(capsys, kit: Kit) -> None:
    """1.6 GB, sparse: it takes no disk, and reading it whole would take the machine's memory."""
    with open(kit.site / "huge.html", "wb") as huge:
        huge.truncate(1_600_000_000)
    with open(kit.docs / "en" / "huge.md", "wb") as huge:
        huge.truncate(1_600_000_000)
    result = run(capsys, *kit.args("--select", "link-target,front-matter"))
    assert result.code == 1
    assert result.lines == [
        f"{kit.docs}/en/huge.md: read: too large to be a page (1,600,000,000 bytes, more than the 20,000,000 read): "
        "not read",
        f"{kit.site}/huge.html: read: 1,600,000,000 bytes, more than the 20,000,000 a page or stylesheet may have: "
        "skipped, not read",
    ]


def test_a_symbolic_link_leaving_the_site_folder_is_reported_never_read(capsys, kit: Kit, tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.html"
    secret.parent.mkdir()
    secret.write_text(f"<!doctype html><title>x</title>\n{BROKEN}\n", encoding="utf-8")  # found if it were read
    (kit.site / "leak.html").symlink_to(secret)
    (kit.site / "folder").symlink_to(secret.parent, target_is_directory=True)
    (kit.site / "inside.html").symlink_to(kit.site / "page.html")  # inside the site: read as the page
    result = run(capsys, *kit.args("--select", "link-target"))
    assert result.code == 1
    assert result.lines == [
        f"{kit.site}/folder: read: a symbolic link to a file outside the site folder: skipped, never read",
        f"{kit.site}/leak.html: read: a symbolic link to a file outside the site folder: skipped, never read",
    ]


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), MemoryError(),
                                   PermissionError(13, "Permission denied", "/site/x.html")])
def test_what_goes_wrong_inside_is_one_line_and_exit_2(capsys, kit: Kit, monkeypatch: pytest.MonkeyPatch,
                                                       error: Exception) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error
    monkeypatch.setattr("derechos.check.cli.check_site", fail)
    result = run(capsys, *kit.args())
    assert result.code == 2
    assert result.out == "" and len(result.err.strip().splitlines()) == 1, result.err
    assert result.err.startswith("check: ") and "Traceback" not in result.err
