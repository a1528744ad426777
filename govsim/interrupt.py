"""Ctrl-C without half-written results: hold SIGINT while a set of files is written.

`govsim run --out` writes three files; an interrupt between them would leave a
new summary beside an old series. :func:`deferred` blocks SIGINT for the few
milliseconds of writing and delivers it afterwards, so the folder holds either
the previous complete run or the new one (each file is also written atomically,
govsim.output.atomic_write_bytes). An interrupt during the simulation itself
raises KeyboardInterrupt before anything is written: `govsim` exits 130.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """SIGINT is held (not lost) inside the block; outside the main thread a no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
