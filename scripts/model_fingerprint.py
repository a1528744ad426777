"""The model's fingerprint: what each shipped scenario gives at seed 1 over a short horizon
(issue 29 item 7), so that a result in docs/ is called stale when the model's *outputs*
moved since it was made, not whenever a commit touched the model's files.

    PYTHONPATH=$PWD .venv/bin/python scripts/model_fingerprint.py --out fp.json
    PYTHONPATH=/tmp/fp_<sha> .venv/bin/python scripts/model_fingerprint.py --out fp.json

The second form computes it for an older commit checked out elsewhere: the script uses
only the public API every commit since 2026-11-23 (9590dd3) has, `govsim.load(name,
overrides)` and `govsim.run(scenario, seed=, days=)` with `.summary` (dict) and `.daily`
(DataFrame), so it runs against an older tree unchanged. A variant whose scenario or
override key that commit does not know is left out (the metrics "both have" rule of
`differences` then ignores it); anything else that fails fails the script (exit 1), and
scripts/docs_numbers.py then counts that commit's results as stale.

What is in it (about a minute of CPU on one core): every shipped scenario but the two
district ones (their size is their point, not their rules) at seed 1 for 120 days (the
28-day warm-up, a reform's first ranking months, adoption and participation under way),
the storm scenario for 210 days (its shock on days 182-188 and the recovery), and the
levers the shipped experiments turn on that no scenario turns on (party coordination,
grid workers, the out-of-hours rota and duty officer, an unintegrated platform,
department staff-hours, a staffing surge): every numeric summary metric and the daily
series of a few metrics on a few days. The rule it serves: docs/DEVELOPING.md "Numbers
in docs".
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

DAYS = 120
STORM_DAYS = 210
SCENARIOS = (
    "community_y", "b_public_space", "digital_only", "g_time_bank", "j_smart_party",
    "xiaowu_life", "beijing_2019", "beijing_reform", "community_y_storm",
)  # fmt: skip
STORM_EVENTS = [
    {
        "kind": "demand_surge",
        "day": 182,
        "days": 7,
        "factor": 5.0,
        "categories": ["repairs", "sanitation"],
    },
    {"kind": "outage", "day": 183, "days": 2},
    {
        "kind": "staffing",
        "day": 182,
        "days": 14,
        "factor": 1.5,
        "categories": ["repairs", "sanitation"],
    },
]  # fmt: skip  (experiments/storm_surge.yaml's events at its ×1.5 level)
LEVERS = {
    "community_y+coordination_0.9": ("community_y", {"organisation.party_coordination": 0.9}),
    "community_y+grid_workers_20": ("community_y", {"organisation.grid_workers": 20}),
    "community_y+out_of_hours": (
        "community_y",
        {"out_of_hours.rota_staff": 2.0, "out_of_hours.duty_officer": True},
    ),
    "community_y+not_integrated": ("community_y", {"platform.integrated": False}),
    "community_y+staff_hours_23.4": (
        "community_y",
        {"responders.department_staff_hours_per_day": 23.4},
    ),
    "community_y_storm+surge_1.5": ("community_y_storm", {"events": STORM_EVENTS}),
}
SERIES = ("backlog", "adoption_rate", "participation_rate", "issues_raised",
          "mean_days_to_resolve", "satisfaction")  # fmt: skip
SERIES_DAYS = (29, 59, 89, 119, 185, 195, 209)
BEIJING = ("beijing_2019", "beijing_reform")
RTOL = 1e-6
"""A refactor that reorders or widens a floating-point sum is the same model. 1e-9 until
the level means of float32 resident columns (trust, literacy, satisfaction) were summed by
BLAS's float32 ``sdot``: its kernel, and so the 7th digit, depended on the CPU (1.3e-7 at
most between the Haswell and SkylakeX kernels, and between sdot and numpy's pairwise sum
that replaced it), so a result made on one machine was stale on another."""


def number(value) -> float | None | bool:
    """A metric as the fingerprint keeps it: 10 significant digits, NaN as None;
    False when it is not a number (left out)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        return False
    return None if math.isnan(x) else float(f"{x:.10g}")


def variants() -> dict[str, tuple[str, dict]]:
    """Every run of the fingerprint: name -> (scenario, overrides)."""
    return {**{s: (s, {}) for s in SCENARIOS}, **LEVERS}


def community() -> tuple[str, ...]:
    """The variants of Community Y and the scenarios derived from it (not Beijing's)."""
    return tuple(v for v in variants() if v not in BEIJING)


def horizon(scenario: str) -> int:
    return STORM_DAYS if scenario == "community_y_storm" else DAYS


def values(result, days: int, prefix: str) -> dict[str, float | None]:
    """The flat fingerprint of one run: `prefix|metric`, `prefix|dayN|metric`."""
    out = {}
    for key, value in sorted(result.summary.items()):
        x = number(value)
        if x is not False:
            out[f"{prefix}|{key}"] = x
    daily = result.daily
    for day in (d for d in SERIES_DAYS if d < days):
        for column in (c for c in SERIES if c in daily.columns):
            x = number(daily[column].iloc[day])
            if x is not False:
                out[f"{prefix}|day{day}|{column}"] = x
    return out


def fingerprint(runs: dict[str, tuple[str, dict]] | None = None, days: int | None = None):
    """Run each variant at seed 1 (`days` overrides the horizon, for a tiny test run);
    the flat values, and the variants this commit cannot load (left out)."""
    import govsim  # the tree on PYTHONPATH: this commit's or an older one's

    out, absent = {}, []
    for name, (scenario, overrides) in (runs or variants()).items():
        try:
            config = govsim.load(scenario, overrides)
        except Exception as error:  # noqa: BLE001  (an older commit: unknown name or key)
            absent.append(f"{name}: {type(error).__name__}: {str(error)[:120]}")
            continue
        n = days or horizon(scenario)
        out.update(values(govsim.run(config, seed=1, days=n), n, name))
    return out, absent


def differences(
    recorded: dict, current: dict, rtol: float = RTOL, among: tuple[str, ...] = ()
) -> list[str]:
    """The keys both fingerprints have whose values differ (None = NaN equals None),
    among the variants `among` (all when empty: the runs a result is made of).
    Keys only one side has (a metric or a lever added later) do not count."""
    moved = []
    for key in sorted(recorded.keys() & current.keys()):
        if among and key.partition("|")[0] not in among:
            continue
        a, b = recorded[key], current[key]
        if a is None or b is None:
            if a is not b:
                moved.append(key)
        elif not math.isclose(a, b, rel_tol=rtol, abs_tol=1e-12):
            moved.append(key)
    return moved


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="the JSON file to write")
    a = p.parse_args(argv)
    import govsim

    start = time.process_time()
    flat, absent = fingerprint()
    doc = {
        "govsim": str(Path(govsim.__file__).resolve().parent),
        "horizon_days": DAYS,
        "storm_days": STORM_DAYS,
        "cpu_seconds": round(time.process_time() - start, 1),
        "absent": absent,
        "values": flat,
    }
    Path(a.out).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    print(f"{len(flat)} values, {len(absent)} variants absent, {doc['cpu_seconds']} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
