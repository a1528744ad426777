"""Progress of a sweep: a tqdm bar on a terminal, plain lines otherwise (CI logs).

On a terminal the bar shows runs done, failures and the ETA. When stderr is
not a TTY a line is printed every 10 % of the runs (and at the end), so a CI
log shows progress without carriage-return noise.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    def __init__(self, total: int, label: str, stream: TextIO | None = None, enabled: bool = True):
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.done = self.failed = 0
        self.started = time.monotonic()
        self.every = max(1, -(-total // 10))
        self.bar = None
        if enabled and total and self.stream.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, desc=label, unit="run", file=self.stream, dynamic_ncols=True
            )
        self.plain = enabled and total > 0 and self.bar is None

    def update(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)
        elif self.plain and (self.done % self.every == 0 or self.done == self.total):
            print(self.line(), file=self.stream, flush=True)

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        eta = elapsed / self.done * (self.total - self.done) if self.done else float("nan")
        percent = 100 * self.done / self.total
        return (
            f"{self.label}: {self.done}/{self.total} runs ({percent:.0f} %), "
            f"{self.failed} failed, {elapsed:.1f} s elapsed, ETA {eta:.1f} s"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
