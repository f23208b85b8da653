"""Reading a file that may not be a file.

A FIFO, a socket or a device can carry a page's name (`x.html`), and a folder can be
named `x.md`. Opening a FIFO for reading waits for a writer that never comes, and
/dev/zero never ends, so these are found with stat() and never opened: read_regular()
raises NotRegularFile for them. (A file replaced by a FIFO between the stat() and the
open() is opened without blocking and refused after fstat().) A file above a size
(MAX_BYTES by default) is not read either: TooLarge.
"""

from __future__ import annotations

import errno
import os
import stat

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (the checker's start-up time)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

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


class TooLarge(OSError):
    """The file is larger than the reader's limit: not read (a sparse 1.5 GB file takes no
    disk, and reading it whole would take the memory of the machine)."""

    def __init__(self, path: str | os.PathLike[str], size: int, limit: int) -> None:
        super().__init__(errno.EFBIG, f"{size:,} bytes, more than the {limit:,} read", str(path))
        self.size, self.limit = size, limit


#: The largest text file read by default: a page, a stylesheet or a data file of this site
#: is at most a few hundred kilobytes; 20 MB is far above any of them and far below memory.
MAX_BYTES = 20_000_000


def read_regular(path: str | os.PathLike[str], limit: int | None = MAX_BYTES) -> bytes:
    """The bytes of a regular file (a symbolic link to one is followed); NotRegularFile,
    TooLarge (above `limit` bytes) or another OSError otherwise."""
    what = kind(os.stat(path).st_mode)
    if what is not None:
        raise NotRegularFile(path, what)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        what = kind(info.st_mode)
        if what is not None:
            raise NotRegularFile(path, what)
        if limit is None:
            return handle.read()
        if info.st_size > limit:
            raise TooLarge(path, info.st_size, limit)
        data = handle.read(limit + 1)  # never more, if the file grows while it is read
        if len(data) > limit:
            raise TooLarge(path, len(data), limit)
        return data


def walk(root: str | os.PathLike[str],
         unlistable: Callable[[str, OSError], None]) -> Iterator[tuple[os.DirEntry[str], str]]:
    """Every entry below `root` with its path relative to it ("a/b.md"), depth first and in
    name order, in a loop (any depth, no recursion limit). Only real folders are entered:
    a symbolic link is yielded, never followed. A folder that cannot be listed is handed to
    `unlistable(relative path, error)` ("" for `root` itself), which may raise."""
    todo = [(os.fspath(root), "")]
    while todo:
        folder, prefix = todo.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            unlistable(prefix.rstrip("/"), error)
            continue
        later = []
        for entry in entries:
            rel = prefix + entry.name
            yield entry, rel
            try:
                if entry.is_dir(follow_symlinks=False):
                    later.append((entry.path, rel + "/"))
            except OSError:  # gone or unreadable: the caller has been told of the entry
                pass
        todo.extend(reversed(later))
