"""Tasks sent to a worker in chunks sized by how long runs take (issue 32 item 2).

One message per run costs the pool (or Dask's scheduler) about a millisecond or more
and carries the whole resolved base scenario (~11 kB pickled); a tiny run takes 15 ms.
A chunk of runs goes as one message, and its tasks share one base object, which pickle
writes once per chunk. The chunk size follows the runs' measured wall time: about
`CHUNK_SECONDS` of work a chunk, from one run (the first, and any sweep of long runs:
a 5 s run goes alone, so progress and Ctrl-C stay as fine as before) up to `MOST_RUNS`.
Which worker runs which run never changes a number: each run has its own seed.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

from govsim.experiments.batch.plan import RunTask

CHUNK_SECONDS = 0.5
"""Work per chunk (seconds of runs): a chunk's messaging is ~1 % of it for tiny runs."""
MOST_RUNS = 64
"""Runs per chunk at most (the buffer lost with a worker is at most this)."""


class Chunks:
    """Take tasks from `tasks` in chunks; `observe` the records that come back."""

    def __init__(
        self, tasks: Iterator[RunTask], seconds: float = CHUNK_SECONDS, most: int = MOST_RUNS
    ) -> None:
        self.tasks, self.seconds, self.most = tasks, seconds, most
        self.mean_wall: float | None = None

    def size(self) -> int:
        if not self.mean_wall or not math.isfinite(self.mean_wall):
            return 1
        return max(1, min(self.most, int(self.seconds / self.mean_wall)))

    def next(self) -> list[RunTask]:
        """The next chunk (empty when the tasks are done)."""
        return list(itertools.islice(self.tasks, self.size()))

    def observe(self, records: list[dict[str, Any]]) -> None:
        """Update the mean run time (exponential, so a sweep whose runs lengthen follows)."""
        for record in records:
            wall = record.get("wall_seconds")
            if wall is None or not math.isfinite(wall):
                continue
            self.mean_wall = wall if self.mean_wall is None else 0.8 * self.mean_wall + 0.2 * wall
