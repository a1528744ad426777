"""Long single runs: a progress bar on a terminal, and Ctrl-C that loses nothing."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

# Nightly (slow: a 100,000-resident district per test). On three clean-clone runs of
# 2026-12-05 the child `govsim run` did not exit within 60 s of Ctrl-C, while it exited in
# < 1 s when these tests were run by hand. The cause: a suite started in the background
# (`cmd &` in a script, nohup) runs with SIGINT ignored, every child inherits that, and a
# Python started with SIGINT ignored keeps ignoring it (it installs its KeyboardInterrupt
# handler only over the default). A user's Ctrl-C reaches a `govsim` started from a
# terminal, so the child here starts with SIGINT at its default (_govsim).
pytestmark = pytest.mark.slow

LONG = ["run", "district_100k", "--days", "3000"]  # ~30 s undisturbed: interrupted long before


def _govsim(*args: str, **kwargs) -> subprocess.Popen:
    """`govsim ARGS` as from a terminal: SIGINT at its default, even when the suite itself
    was started with it ignored (see above)."""
    return subprocess.Popen(
        [sys.executable, "-m", "govsim.cli", *args],
        text=True,
        preexec_fn=_sigint_as_in_a_terminal,
        **kwargs,
    )


def _sigint_as_in_a_terminal() -> None:
    """Run in the child before exec."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stderr_on_a_terminal(
    args: list[str], until: str = "day/s", seconds: float = 90
) -> tuple[str, int]:
    """Run with stderr on a pseudo-terminal until it shows `until` (or `seconds` pass), then
    SIGINT if still running; (stderr, exit code)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # 24 × 100
    proc = _govsim(*args, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    out, t0 = b"", time.monotonic()
    while proc.poll() is None and time.monotonic() - t0 < seconds and until.encode() not in out:
        out += _read(leader)
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=60)
    finally:  # a child that outlives the test would fail a later one (ResourceWarning)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out += _read(leader)
    os.close(leader)
    return out.decode(errors="replace"), code


def _read(fd: int) -> bytes:
    import select

    data = b""
    while select.select([fd], [], [], 0.1)[0]:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def test_progress_bar_on_a_terminal_for_a_long_run_only():
    shown, code = _stderr_on_a_terminal(LONG)
    assert code == 130 and "district_100k" in shown and "day/s" in shown  # tqdm's bar
    # switched off: a short run on the same terminal finishes before the bar's delay
    quiet, code = _stderr_on_a_terminal(["run", "community_y", "--days", "5"])
    assert code == 0 and "day/s" not in quiet


def test_no_progress_bar_when_stderr_is_not_a_terminal():
    proc = _govsim(*LONG, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(6)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "day/s" not in err and "Traceback" not in err


def test_ctrl_c_mid_run_leaves_no_partial_files_and_keeps_a_previous_run(tmp_path: Path):
    out = tmp_path / "out"
    first = subprocess.run(
        [
            sys.executable,
            "-m",
            "govsim.cli",
            "run",
            "community_y",
            "--days",
            "10",
            "--no-progress",
            "--out",
            str(out),
        ],
        capture_output=True,
        timeout=120,
    )
    assert first.returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) == {"summary.json", "timeseries.parquet", "scenario.resolved.yaml"}

    err, code = _stderr_on_a_terminal([*LONG, "--out", str(out)])  # SIGINT once simulating
    assert code == 130, err
    assert "day/s" in err and "interrupted" in err and "Traceback" not in err
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # no temporary or half-written file, the old run intact

    fresh = tmp_path / "fresh"
    _, code = _stderr_on_a_terminal([*LONG, "--out", str(fresh)])
    assert code == 130 and not fresh.exists()
