"""Ctrl+C stops `python3 scripts/dev.py serve` and its child cleanly, with no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from output import lines_of, wait_for

ROOT = Path(__file__).resolve().parents[2]
#: Seconds the stop may take: what an editor would still call "at once" is a few; this
#: bound only guards against a hang on a loaded machine.
STOP = 30


def start(out: Path) -> subprocess.Popen[str]:
    # its own process group, as a terminal's job: the terminal's Ctrl+C reaches every process of it
    return subprocess.Popen([sys.executable, str(ROOT / "scripts" / "dev.py"), "serve", "--port", "0",
                             "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def stopped(process: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        code = process.wait(timeout=STOP)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise AssertionError(f"serve did not stop within {STOP} s of Ctrl+C") from None
    assert process.stderr is not None and process.stdout is not None
    errors = process.stderr.read()
    process.stderr.close()
    return code, errors


def test_ctrl_c_while_serving_stops_cleanly(tmp_path: Path) -> None:
    process = start(tmp_path / "site")
    found = lines_of(process)
    wait_for(found, r"^serve: http")
    os.killpg(process.pid, signal.SIGINT)  # what the terminal sends on Ctrl+C
    code, errors = stopped(process)
    assert code in (0, 130) and "Traceback" not in errors, errors
    assert wait_for(found, r"^serve: stopped")
    assert process.stdout is not None
    process.stdout.close()


def test_ctrl_c_during_the_first_build_stops_cleanly(tmp_path: Path) -> None:
    process = start(tmp_path / "site")
    # The build has started when its staging folder (beside site/) exists: the stop comes
    # then, whatever the machine's load (a fixed wait could fall before or after the build).
    deadline = time.monotonic() + STOP
    while not any(tmp_path.glob(".site-*")):
        assert process.poll() is None, "serve ended before its first build started"
        assert time.monotonic() < deadline, f"the first build did not start within {STOP} s"
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)  # to dev.py alone: it passes the stop on to the server
    code, errors = stopped(process)
    assert code == 130 and "Traceback" not in errors, errors
    assert not (tmp_path / "site").exists()
    assert process.stdout is not None
    process.stdout.close()
