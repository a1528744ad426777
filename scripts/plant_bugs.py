"""Issue 22 item 11: plant each bug, run the test file that should catch it, report, restore.

Run from the repository root: `PYTHONPATH=$PWD python scripts/plant_bugs.py`. Each bug is an
exact text replacement in one file, undone in a `finally`. Record: docs/testing.md.
"""

import subprocess
import sys

R = "tests/simulation/test_metrics_recomputed.py"
M = "tests/rules/test_mechanism_sizes.py"
BUGS = [
    (
        "p90 returns the median",
        "govsim/simulation/metrics/responsiveness.py",
        "    return ctx.days_to_resolve_percentiles[1]",
        "    return ctx.days_to_resolve_percentiles[0]",
        R,
    ),
    (
        "60+ and under-60 swapped in days_to_resolve_gap_60plus",
        "govsim/simulation/metrics/responsiveness.py",
        "    return float(_mean(d[elderly]) - _mean(d[~elderly]))",
        "    return float(_mean(d[~elderly]) - _mean(d[elderly]))",
        R,
    ),
    (
        "organisational barrier dropped from sign-off time",
        "govsim/rules/handling.py",
        "    stay = org.organisational_barrier * (1.0 - org.coordination_strength * coordination)",
        "    stay = 0.4 * (1.0 - org.coordination_strength * coordination)",
        M,
    ),
    (
        "dispatch ignores outages",
        "govsim/rules/dispatch.py",
        "    by_hand = (cases.channel[idx] == Channel.OFFLINE) | (not state.platform_up)",
        "    by_hand = cases.channel[idx] == Channel.OFFLINE",
        M,
    ),
    (
        "mean_days_raised_to_resolved counts from the start of the day raised",
        "govsim/simulation/metrics/context.py",
        'self.case("time_resolved")[resolved] - self.case("time_raised")[resolved]',
        'self.case("time_resolved")[resolved] - self.case("day_raised")[resolved] * HOURS_PER_DAY',
        R,
    ),
    (
        "p90_days_raised_to_resolved returns the median",
        "govsim/simulation/metrics/responsiveness.py",
        "    return percentiles(ctx.days_raised_to_resolved, (0.9,))[0]",
        "    return percentiles(ctx.days_raised_to_resolved, (0.5,))[0]",
        R,
    ),
    (
        "share_found_before_reported over cases reported, not raised",
        "govsim/simulation/metrics/responsiveness.py",
        '    return share(ctx.case("channel") == Channel.PATROL, ctx.raised)',
        '    return share(ctx.case("channel") == Channel.PATROL, ctx.reported)',
        R,
    ),
    (
        "yearly_cost leaves out coordination",
        "govsim/simulation/metrics/costs.py",
        '    "cost_coordination",\n    "cost_out_of_hours",\n)',
        '    "cost_out_of_hours",\n)',
        R,
    ),
    (
        "cost_staff_hours counts hours worked, not on duty",
        "govsim/simulation/metrics/costs.py",
        '    department = log.total("gov_hours_available", ctx.lo, ctx.hi)',
        '    department = log.total("gov_hours_worked", ctx.lo, ctx.hi)',
        R,
    ),
    (
        "cost parts not annualised (total over the window)",
        "govsim/simulation/metrics/context.py",
        '        return total * DAYS_PER_YEAR / self.days if self.days > 0 else float("nan")',
        "        return total",
        R,
    ),
    (
        "training seats not logged",
        "govsim/rules/adoption.py",
        "    state.log.training_seats[state.day] += len(trainees)  # costs (issue 22)",
        "    pass",
        R,
    ),
    (
        "hour raised not moved before a same-day report",
        "govsim/rules/dispatch.py",
        "    same = idx[cases.day_raised[idx] == cases.day_reported[idx]]",
        "    same = idx[:0]",
        R,
    ),
    (
        "warm-up ignored by the summary",
        "govsim/simulation/recorder.py",
        "(self.scenario.summary_start(self.state.day), last)",
        "(0, last)",
        R,
    ),
    (
        "a window's levels read from the end-of-run state",
        "govsim/simulation/metrics/summary.py",
        "    if hi < last:\n        for name, value",
        "    if False:\n        for name, value",
        R,
    ),
]
rows = []
for name, path, old, new, test in BUGS:
    src = open(path).read()
    assert src.count(old) == 1, (name, old)
    open(path, "w").write(src.replace(old, new))
    try:
        p = subprocess.run(
            [sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider", "-x"],
            capture_output=True,
            text=True,
        )
        failed = [
            line.split(" - ")[0].replace("FAILED ", "")
            for line in p.stdout.splitlines()
            if line.startswith("FAILED")
        ]
        rows.append((name, path, test, p.returncode != 0, failed[:1]))
        print(
            name, "->", "FAILED" if p.returncode else "passed (NOT caught)", failed[:1], flush=True
        )
    finally:
        open(path, "w").write(src)
