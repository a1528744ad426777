"""Ctrl-C without half-written results: hold SIGINT while a set of files is written.

`govsim run --out` writes three files; an interrupt between them would leave a
new summary beside an old series. :func:`deferred` blocks SIGINT for the few
milliseconds of writing and delivers it afterwards, so the folder holds either
the previous complete run or the new one (each file is also written atomically,
govsim.running.output.atomic_write_bytes). An interrupt during the simulation itself
raises KeyboardInterrupt before anything is written: `govsim` exits 130.

SIGTERM (what `kill`, a CI runner or a batch scheduler sends) is treated exactly like
Ctrl-C once :func:`terminate_as_interrupt` has run (the `govsim` command does it first):
held while files are written, then KeyboardInterrupt, so a sweep stops handing out
runs, keeps what is written and ends its workers.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(signal.Signals(signum).name)


def terminate_as_interrupt() -> None:
    """From now on SIGTERM raises KeyboardInterrupt in the main thread, as Ctrl-C does."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_interrupt)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """SIGINT and SIGTERM are held (not lost) inside the block; outside the main thread a
    no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
