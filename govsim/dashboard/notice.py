"""The notice after a rebuild: what changed, against the settings the run had before.

A slider sends each value it passes while dragged (10, 11, … 20), and each builds a run;
the notice names the change against the run before the drag began ("Grid workers
10 → 20", not "15 → 20"): changes of the same lever less than :data:`DRAG_SECONDS` apart,
with no step between them, are one drag. "Back to shipped settings" names each lever it
put back, or says the settings were the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from govsim.dashboard.i18n import t
from govsim.dashboard.levers import Lever
from govsim.dashboard.session import Simulation
from govsim.dashboard.settings import Setup, changes

DRAG_SECONDS = 2.0
"""Two values of one slider closer than this (s) belong to one drag (a user interface
choice, not a model number: Vuetify sends a dragged slider's values a frame apart)."""


class Notice:
    """The settings a notice compares against, and what kind of change was made."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.base: tuple | None = None  # (scenario, seed) before the change; None: no notice
        self.kind = "rebuilt"
        self.gesture: tuple[str, float] = ("", float("-inf"))

    def before(self, run: Simulation | str, gesture: str = "", kind: str = "rebuilt") -> None:
        """A new run replaces `run`; `gesture` is the lever being moved ("" for a click)."""
        now = self.clock()
        key, at = self.gesture
        dragging = bool(gesture) and gesture == key and now - at < DRAG_SECONDS
        if not dragging:
            self.base = (run.scenario, run.seed) if isinstance(run, Simulation) else None
        self.gesture = (gesture, now) if gesture else ("", float("-inf"))
        self.kind = kind

    def stepped(self) -> None:
        """A day ran: the next move of a lever starts a new change."""
        self.gesture = ("", float("-inf"))

    def text(
        self,
        sim: Simulation,
        lang: str,
        scenario_name: Callable[[str], str],
        levers: Sequence[Lever],
        setup: Setup,
    ) -> str | None:
        if self.base is None:
            return None
        set_keys = [key for key, _ in setup.levers]
        diff = changes(*self.base, sim.scenario, sim.seed, lang, scenario_name, levers, set_keys)
        if not diff:
            return t("notice.restarted", lang)
        return t(f"notice.{self.kind}", lang, "; ".join(diff))
