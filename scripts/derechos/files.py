"""Reading a file that may not be a file.

A FIFO, a socket or a device can carry a page's name (`x.html`), and a folder can be
named `x.md`. Opening a FIFO for reading waits for a writer that never comes, and
/dev/zero never ends, so these are found with stat() and never opened: read_regular()
raises NotRegularFile for them. (A file replaced by a FIFO between the stat() and the
open() is opened without blocking and refused after fstat().)
"""

from __future__ import annotations

import errno
import os
import stat

#: What a file that is not a regular file is, by its stat() type.
KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
         stat.S_IFBLK: "a block device", stat.S_IFDIR: "a folder"}


class NotRegularFile(OSError):
    """The path is a FIFO, a socket, a device or a folder: not read."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(errno.EINVAL, f"{kind}, not a regular file", str(path))
        self.kind = kind


def kind(mode: int) -> str | None:
    """None for a regular file, else what it is ("a FIFO", …)."""
    return None if stat.S_ISREG(mode) else KINDS.get(stat.S_IFMT(mode), "not a regular file")


def read_regular(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file (a symbolic link to one is followed); NotRegularFile
    or another OSError otherwise."""
    what = kind(os.stat(path).st_mode)
    if what is not None:
        raise NotRegularFile(path, what)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as handle:
        what = kind(os.fstat(fd).st_mode)
        if what is not None:
            raise NotRegularFile(path, what)
        return handle.read()

