"""What the dashboard shows, as plain data (drawn by :mod:`govsim.dashboard.charts`):
where cases go, the scenario's events and how long cases stay open.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from govsim.dashboard.i18n import TEXT
from govsim.simulation import metrics
from govsim.world.state import Channel, SimState, Status

CHANNELS = ("online", "offline", "patrol", "unreported")
DESTINATIONS = ("government", "social_group", "awaiting", "waiting", "lapsed")
SURVIVAL_DAYS = np.linspace(0.0, 30.0, 121)  # t for the survival curve: 30 days, every 6 h


def case_flow(state: SimState) -> dict[str, dict[str, int]]:
    """All cases so far: channel (how the case reached the system) → destination.

    Destinations: the government department or social group it was dispatched
    to; "awaiting" (reported, not yet dispatched); "waiting" (not reported,
    the resident still waits); "lapsed" (never reported, given up).
    Every case is counted exactly once.
    """
    c = state.cases
    is_government = np.array([r.is_government for r in state.responders] or [True])
    channel, responder, status = c.channel, c.responder, c.status
    dispatched = responder >= 0
    gov = np.zeros(len(responder), dtype=bool)
    gov[dispatched] = is_government[responder[dispatched]]
    destination = {
        "government": dispatched & gov,
        "social_group": dispatched & ~gov,
        "awaiting": ~dispatched & (channel >= 0),
        "waiting": ~dispatched & (channel < 0) & (status != Status.LAPSED),
        "lapsed": ~dispatched & (channel < 0) & (status == Status.LAPSED),
    }
    rows = {
        "online": channel == Channel.ONLINE,
        "offline": channel == Channel.OFFLINE,
        "patrol": channel == Channel.PATROL,
        "unreported": channel < 0,
    }
    return {
        row: {dest: int((rmask & dmask).sum()) for dest, dmask in destination.items()}
        for row, rmask in rows.items()
    }


def events(scenario: Any, lang: str) -> list[tuple[int, int, str, str]]:
    """The scenario's dated shocks (key ``events:``) as (first day, days, kind, label);
    none when the schema has no events."""
    out = []
    for event in getattr(scenario, "events", None) or ():
        kind = str(getattr(event, "kind", "event"))
        entry = TEXT.get(f"event.{kind}")
        text = entry[lang] if entry else kind
        factor = getattr(event, "factor", None)
        if kind in ("demand_surge", "staff_cut", "staffing") and factor is not None:
            text += f" ×{factor:g}"
        out.append((int(event.day), int(getattr(event, "days", 1) or 1), kind, text))
    return out


def survival(state: SimState) -> tuple[np.ndarray, np.ndarray]:
    """t (days) and the share of reported cases still open t days after their report
    (``metrics.survival_curve``)."""
    return SURVIVAL_DAYS, np.asarray(metrics.survival_curve(state, SURVIVAL_DAYS), dtype=float)
