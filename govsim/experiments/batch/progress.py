"""Progress of a long command: a tqdm bar on a terminal, plain lines otherwise (CI logs).

On a terminal the bar shows runs done, failures and the ETA. When stderr is
not a TTY a line is printed every 10 % of the runs (and at the end), and at least every
`interval` seconds (default 30): a heartbeat thread prints the line when nothing was
printed for that long, so a log shows progress at least once a minute even while one
generation of a search or one ABC population is still running (issue 29). `total` may be
None (not known ahead: ABC-SMC); the line then gives runs done and elapsed time only.
Used by `govsim sweep`, `robustness` (through sweep), `optimise` and `calibrate`.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

INTERVAL = 30.0
"""Seconds between plain lines at most (half the minute the issue asks for)."""


class Progress:
    def __init__(
        self,
        total: int | None,
        label: str,
        stream: TextIO | None = None,
        enabled: bool = True,
        interval: float = INTERVAL,
        unit: str = "runs",
    ):
        self.total, self.label, self.unit = total, label, unit
        self.stream = stream or sys.stderr
        self.done = self.failed = self.shown = 0
        self.note = ""
        self.started = self.printed = time.monotonic()
        self.every = max(1, -(-total // 10)) if total else None
        self.interval = interval
        self.bar = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        if enabled and total != 0 and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, desc=label, unit=unit, file=self.stream, dynamic_ncols=True
            )
        self.plain = enabled and total != 0 and self.bar is None
        if self.plain:
            threading.Thread(target=self._heartbeat, daemon=True).start()

    def _heartbeat(self) -> None:
        while not self._stop.wait(min(self.interval, 5.0)):
            if time.monotonic() - self.printed >= self.interval:
                self.emit()

    def emit(self) -> None:
        with self._lock:
            self.printed, self.shown = time.monotonic(), self.done
            print(self.line(), file=self.stream, flush=True)

    def update(self, ok: bool = True, n: int = 1) -> None:
        self.done += n
        self.failed += (not ok) * n
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(n)
        elif self.plain and (
            (self.every and (self.done % self.every < n or self.done == self.total))
            or time.monotonic() - self.printed >= self.interval
        ):
            self.emit()

    def advance(self, n: int) -> None:
        """`n` more runs done, all ok (the callback form `cached_map` calls)."""
        self.update(True, n)

    def set_note(self, note: str) -> None:
        """Text added to every line (e.g. a search's generation and hypervolume)."""
        self.note = note
        if self.bar is not None:
            self.bar.set_description(f"{self.label} {note}".strip(), refresh=False)

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        note = f" [{self.note}]" if self.note else ""
        if not self.total:
            return (
                f"{self.label}{note}: {self.done} {self.unit}, {self.failed} failed, "
                f"{elapsed:.1f} s elapsed"
            )
        eta = elapsed / self.done * (self.total - self.done) if self.done else float("nan")
        percent = 100 * self.done / self.total
        return (
            f"{self.label}{note}: {self.done}/{self.total} {self.unit} ({percent:.0f} %), "
            f"{self.failed} failed, {elapsed:.1f} s elapsed, ETA {eta:.1f} s"
        )

    def close(self) -> None:
        """Stop the heartbeat; a plain log gets a last line if runs finished since the last."""
        self._stop.set()
        if self.bar is not None:
            self.bar.close()
        elif self.plain and self.done > self.shown:
            self.emit()
