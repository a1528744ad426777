"""docs/ODD.md §7.5 "why the 24-hour share did not move" (issue 29 item 2): where the cases
acknowledged more than 24 h after their report come from.

Community Y, seeds 1-3, 365 days, summary after the warm-up: `response_within_24h` and
`response_within_24h_of_arising`, and from the case records (cases reported after the
warm-up, at least 24 h before the end) the 24-hour share by weekday of report and by who
handled the case (a department or a social group), at the default and with each staff
lever raised. Writes docs/response_24h_breakdown.json (with the commit). Run from the
repository root: `PYTHONPATH=$PWD nice -n 10 python scripts/response_24h_breakdown.py`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np

import govsim
from govsim.scenario.schema import CATEGORIES

OUT = Path(__file__).resolve().parents[1] / "docs" / "response_24h_breakdown.json"
SEEDS = (1, 2, 3)
SETTINGS = {
    "default": {},
    "department staff-hours 18 -> 36": {"responders.department_staff_hours_per_day": 36.0},
    "community office staff-hours 12 -> 24": {
        "responders.community_office_staff_hours_per_day": 24.0
    },
    "grid workers 10 -> 20": {"organisation.grid_workers": 20},
    "social group staff-hours 4 -> 12": {"responders.social_group_staff_hours_per_day": 12.0},
    "departments work 7 days": {"responders.working_days_per_week": 7},
}
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def breakdown(result) -> dict:
    """24-hour shares from the report, by weekday and by responder kind."""
    book, scenario = result.model.state.cases, result.scenario
    c = {k: v[: book.n] for k, v in book.columns.items()}
    start = scenario.summary_start() * 24.0
    counted = (c["time_reported"] >= start) & (c["time_reported"] <= (scenario.days - 1) * 24.0)
    within = (c["time_acknowledged"] - c["time_reported"] <= 24.0)[counted]
    day = (np.floor(c["time_reported"][counted] / 24.0) % 7).astype(int)
    department = c["responder"][counted] < len(CATEGORIES)
    return {
        "by_weekday": {w: float(within[day == i].mean()) for i, w in enumerate(WEEKDAYS)},
        "share_reported_by_weekday": {w: float((day == i).mean()) for i, w in enumerate(WEEKDAYS)},
        "departments": float(within[department].mean()),
        "social_groups": float(within[~department].mean()),
        "share_to_social_groups": float((~department).mean()),
    }


def main() -> None:
    out = {
        "commit": subprocess.check_output(["git", "rev-parse", "--short", "HEAD"]).decode().strip(),
        "seeds": list(SEEDS),
        "settings": {},
    }
    for name, overrides in SETTINGS.items():
        scenario = govsim.load("community_y", overrides)
        runs = [govsim.run(scenario, seed) for seed in SEEDS]
        parts = [breakdown(r) for r in runs]
        out["settings"][name] = {
            "response_within_24h": float(np.mean([r.summary["response_within_24h"] for r in runs])),
            "response_within_24h_of_arising": float(
                np.mean([r.summary["response_within_24h_of_arising"] for r in runs])
            ),
            "departments": float(np.mean([p["departments"] for p in parts])),
            "social_groups": float(np.mean([p["social_groups"] for p in parts])),
            "share_to_social_groups": float(np.mean([p["share_to_social_groups"] for p in parts])),
            "by_weekday": {
                w: float(np.mean([p["by_weekday"][w] for p in parts])) for w in WEEKDAYS
            },
            "share_reported_by_weekday": {
                w: float(np.mean([p["share_reported_by_weekday"][w] for p in parts]))
                for w in WEEKDAYS
            },
        }
        print(name, json.dumps(out["settings"][name]["response_within_24h"]), flush=True)
    OUT.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
