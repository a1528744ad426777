"""docs/kpis.md "Recovery from the shock": a staffing surge against the storm, both clocks.

`community_y_storm` (365 days) with a `staffing` event from the storm's second day (day
183, all responders, as experiments/storm_policy.yaml), seeds 1-10 shared by every
variant (paired): no surge event at all, a no-op surge (factor 1, 14 days), a ×2 surge
for 14 days and for 28 days. Per run: `recovery_days` (counted from the end of the last
*shock*, issue 29), the old clock (counted from the last day of any event, recomputed here
from the run's backlog exactly as metrics.py did before issue 29) and
`shock_cases_cleared_days`. Writes docs/storm_recovery_clock.json and prints a Markdown
table. Run from the repository root:
`PYTHONPATH=$PWD nice -n 10 .venv/bin/python scripts/storm_recovery_clock.py`;
`--rescore` recomputes the contrasts and medians from the file's stored runs (no run).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
from scipy import stats

import govsim

SEEDS = range(1, 11)
STORM = [
    {
        "kind": "demand_surge",
        "day": 182,
        "days": 7,
        "factor": 5.0,
        "categories": ["repairs", "sanitation"],
    },
    {"kind": "outage", "day": 183, "days": 2},
]
VARIANTS = {
    "no surge event": STORM,
    "no-op surge x1, 14 days": [
        *STORM,
        {"kind": "staffing", "day": 183, "days": 14, "factor": 1.0},
    ],
    "surge x2, 14 days": [*STORM, {"kind": "staffing", "day": 183, "days": 14, "factor": 2.0}],
    "surge x2, 28 days": [*STORM, {"kind": "staffing", "day": 183, "days": 28, "factor": 2.0}],
}
OUT = Path("docs/storm_recovery_clock.json")


def old_clock(backlog: np.ndarray, events: list[dict], hi: int) -> float:
    """recovery_days as metrics.py computed it before issue 29: from the last day of any
    event, against the 7 days before the first event."""
    first = min(e["day"] for e in events)
    last = max(e["day"] + e.get("days", 1) - 1 for e in events)
    level = backlog[max(first - 7, 0) : first].mean()
    back = np.flatnonzero(backlog[last + 1 : hi + 1] <= 1.1 * level)
    return float(back[0] + 1) if len(back) else float("nan")


def paired(a: list[float], b: list[float]) -> dict[str, float]:
    d = np.asarray(a) - np.asarray(b)
    d = d[~np.isnan(d)]
    half = stats.t.ppf(0.975, len(d) - 1) * d.std(ddof=1) / np.sqrt(len(d))
    return {
        "mean": float(d.mean()),
        "low": float(d.mean() - half),
        "high": float(d.mean() + half),
        "pairs": int(len(d)),
    }


def summarise(rows: dict[str, dict[str, list[float]]]) -> dict:
    """Paired contrasts (95 % t intervals) and per-variant medians over the seeds."""
    contrasts = {
        f"{clock}: {a} minus {b}": paired(rows[a][clock], rows[b][clock])
        for clock in ("recovery_days", "old_clock", "shock_cases_cleared_days")
        for a, b in (
            ("surge x2, 28 days", "surge x2, 14 days"),
            ("no-op surge x1, 14 days", "no surge event"),
        )
    }
    medians = {
        name: {clock: float(np.nanmedian(v)) for clock, v in cols.items()}
        for name, cols in rows.items()
    }
    return {"paired_differences": contrasts, "medians": medians}


def main() -> None:
    if sys.argv[1:] == ["--rescore"]:
        stored = json.loads(OUT.read_text())
        stored.update(summarise(stored["runs"]))
        OUT.write_text(json.dumps(stored, indent=2) + "\n")
        return
    commit = subprocess.run(  # the runs' commit: at the start, not one made meanwhile
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    rows: dict[str, dict[str, list[float]]] = {}
    for name, events in VARIANTS.items():
        scenario = govsim.load("community_y_storm", {"events": events})
        cols = rows[name] = {"recovery_days": [], "old_clock": [], "shock_cases_cleared_days": []}
        for seed in SEEDS:
            result = govsim.run(scenario, seed)
            backlog = result.model.state.log.backlog
            cols["recovery_days"].append(result.summary["recovery_days"])
            cols["old_clock"].append(old_clock(backlog, events, scenario.days - 1))
            cols["shock_cases_cleared_days"].append(result.summary["shock_cases_cleared_days"])
        print(name, {k: np.round(v, 1).tolist() for k, v in cols.items()}, flush=True)
    summary = summarise(rows)
    contrasts = summary["paired_differences"]
    OUT.write_text(
        json.dumps({"commit": commit, "seeds": list(SEEDS), "runs": rows, **summary}, indent=2)
        + "\n"
    )
    print("| contrast | mean | 95 % interval | pairs |\n|---|---|---|---|")
    for name, c in contrasts.items():
        print(f"| {name} | {c['mean']:+.1f} | {c['low']:+.1f} to {c['high']:+.1f} | {c['pairs']} |")


if __name__ == "__main__":
    main()
