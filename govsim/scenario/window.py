"""A summary window of a run's days, ``START:END`` (both included): read and checked.

The window is an input like the scenario's keys: ``govsim run --window``, ``govsim.run``
and an experiment's ``window:`` refuse one outside the run's days 0 … days − 1 with a
ConfigError (exit 2) before anything is built. What a window means to each metric:
govsim.simulation.metrics (context.py).
"""

from __future__ import annotations

from govsim.scenario.config import ConfigError


def check_window(window: tuple[int, int] | None, days: int, where: str = "--window") -> None:
    """Refuse a summary window outside the run's days 0 … days − 1 (ConfigError, exit 2)."""
    if window is None:
        return
    start, end = window
    if not 0 <= start <= end <= days - 1:
        raise ConfigError(
            f"{where} {start}:{end}: a window is START:END, whole days with "
            f"0 <= START <= END <= {days - 1} (the run has days 0 to "
            f"{days - 1}); both days are included."
        )


def parse_window(text: str, where: str = "--window") -> tuple[int, int]:
    """``"60:89"`` → (60, 89); a ConfigError naming what is allowed otherwise."""
    try:
        start, end = (int(part) for part in str(text).split(":"))
    except ValueError:
        raise ConfigError(
            f"{where} {text!r}: give START:END, two whole days separated by a "
            "colon, e.g. 60:89 (both included)."
        ) from None
    return start, end
