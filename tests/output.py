"""Reading a command's output line by line as it runs (`serve` in a subprocess)."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time

WAIT = 120  # seconds a rebuild may take on a loaded machine


def lines_of(process: subprocess.Popen[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            found.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return found


def wait_for(found: queue.Queue[str], pattern: str, wait: float = WAIT) -> str:
    deadline = time.monotonic() + wait
    seen = []
    while time.monotonic() < deadline:
        try:
            line = found.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if re.search(pattern, line):
            return line
    raise AssertionError(f"no line matching {pattern!r} within {wait} s; got {seen}")
