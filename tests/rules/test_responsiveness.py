"""Responsiveness that emerges from workload (issue 11; docs/ODD.md §3 step 5).

Mechanism tests at Community Y scale (7,500 residents), 120 days with the
seasonal peak moved to day 60 so the test window holds the busy season (the
question is what each mechanism does when queues bind), 12 seeds per arm, 24 for the
90th-percentile tests (see TAIL_SEEDS). Each
test states the direction and margin written down before it was first run, and
runs the same comparison with the mechanism switched off, where the effect
must stay under the margin. Effect sizes measured when the tests were written
are in the comments (mean over the seeds, B − A).
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat

import numpy as np
import pytest

from govsim.running.runner import run
from govsim.scenario.config import override

SEEDS = range(12)
# Power: the paired effect on a 90th percentile varies by 0.7-0.8 d from seed to seed
# (measured over 24 seeds), so 6 seeds (the first version) left the tail tests at the mercy
# of noise (standard error ≈ the margin). The tail tests use 24 seeds, the rest 12.
TAIL_SEEDS = range(24)
UNSTAFFED = {
    "responders.department_staff_hours_per_day": 180.0,  # queues never bind
    "responders.social_group_staff_hours_per_day": 40.0,
}
LIGHT_WORK = {
    f"responders.work_hours.{c}": h
    for c, h in (
        ("repairs", 0.3),
        ("sanitation", 0.15),
        ("safety", 0.2),
        ("dispute", 0.4),
        ("elderly_care", 0.3),
        ("property", 0.2),
    )
}  # a tenth of the work: staff never bind
NO_INTAKE_DELAY = {"responders.intake_hours_per_case": 0.0, "responders.working_days_per_week": 7}


@pytest.fixture(scope="module")
def busy(community_y):
    return override(community_y, {"days": 120, "demand.seasonal_peak_day": 60})


_CACHE: dict = {}
_POOL: list = []


def _row(scenario, kv: dict, seed: int) -> dict[str, float]:
    """One run's summary metrics plus the case-level measures (in a worker process)."""
    result = run(override(scenario, kv), seed, series=False)
    c = result.model.state.cases
    done = (c.status == 3) | (c.status == 4)
    cross = done & c.is_cross_department
    row = dict(result.summary)
    waited = c.time_resolved[done] / 24.0 - c.day_raised[done]
    old = result.model.state.residents.is_elderly[c.reporter[done]]
    row["days_raised_to_resolved"] = float(np.mean(waited))
    row["gap_60plus_raised_to_resolved"] = float(waited[old].mean() - waited[~old].mean())
    reported = c.status >= 2
    row["hours_report_to_dispatch"] = float(
        np.nanmean(c.time_dispatched[reported] - c.time_reported[reported])
    )
    cross_days = (c.time_resolved[cross] - c.time_reported[cross]) / 24.0
    row["p90_days_cross_department"] = (
        float(np.percentile(cross_days, 90)) if len(cross_days) else float("nan")
    )
    return row


@pytest.fixture(scope="module", autouse=True)
def _workers():
    """Runs go to one process per CPU, up to 4 (the nightly tests: 650 runs of 7,500
    residents); under pytest-xdist tests/conftest.py counts one CPU per xdist worker, so the
    runs stay in the worker's process instead of oversubscribing the cores. Each run is
    seeded, so the numbers do not depend on the worker count."""
    yield
    while _POOL:
        _POOL.pop().shutdown()


def outcomes(scenario, kv: dict, seeds=SEEDS) -> dict[str, float]:
    """Mean over `seeds` of the summary metrics plus case-level measures."""
    key = (id(scenario), tuple(sorted(kv.items())), tuple(seeds))  # scenarios: module fixtures
    if key not in _CACHE:
        workers = max(1, min(os.cpu_count() or 1, 4))
        if workers == 1:
            rows = [_row(scenario, kv, seed) for seed in seeds]
        else:
            if not _POOL:
                _POOL.append(
                    ProcessPoolExecutor(
                        max_workers=workers,
                        mp_context=multiprocessing.get_context("spawn"),
                    )
                )
            rows = list(_POOL[0].map(_row, repeat(scenario), repeat(kv), seeds))
        _CACHE[key] = {k: float(np.mean([r[k] for r in rows])) for k in rows[0]}
    return _CACHE[key]


def effect(scenario, a: dict, b: dict, metric: str, off: dict | None = None, seeds=None) -> float:
    """Mean of `metric` under b minus under a (both with `off` applied, if given), over
    `seeds` (default: TAIL_SEEDS for a 90th percentile, else SEEDS)."""
    off = off or {}
    if seeds is None:
        seeds = TAIL_SEEDS if metric.startswith("p90") else SEEDS
    return (
        outcomes(scenario, {**b, **off}, seeds)[metric]
        - outcomes(scenario, {**a, **off}, seeds)[metric]
    )


# (name, setting A, setting B, metric, expected sign of B − A, margin, switch-off)
MECHANISMS = [
    # more demand, same staff: queues bind longer. Written: ≥ +0.3 d. Measured +2.2 d
    # (12 seeds, merged model; the effects below likewise).
    (
        "demand",
        {"needs.issues_per_adult_year": 2.0},
        {"needs.issues_per_adult_year": 2.6},
        "mean_days_to_resolve",
        +1,
        0.3,
        UNSTAFFED,
    ),
    # fewer department staff-hours: queues bind. Written: ≥ +0.3 d. Measured +1.5 d.
    (
        "staffing",
        {"responders.department_staff_hours_per_day": 18.0},
        {"responders.department_staff_hours_per_day": 14.0},
        "mean_days_to_resolve",
        +1,
        0.3,
        LIGHT_WORK,
    ),
    # grid workers find issues before residents report them (S4): shorter wait from
    # raising to resolution. Written: ≤ −0.3 d. Measured −2.0 d.
    (
        "grid workers",
        {"organisation.grid_workers": 2},
        {"organisation.grid_workers": 20},
        "days_raised_to_resolved",
        -1,
        0.3,
        {"organisation.patrol_detection": 0.0},
    ),
    # outage days: offline and patrol reports wait for the community office to enter them
    # by hand. Written: ≥ +0.5 h report→dispatch. Measured +0.43 h (off +0.00): smaller
    # than written, so this test is an expected failure (strict). Days from report to
    # resolution were expected to rise too; they fell (−0.15 d mean): a null, see
    # docs/ODD.md step 5.
    (
        "platform reliability",
        {"platform.reliability": 0.99},
        {"platform.reliability": 0.9},
        "hours_report_to_dispatch",
        +1,
        0.5,
        NO_INTAKE_DELAY,
    ),
    # S3 organisational barrier: cross-department cases wait longer for sign-off, the
    # slowest tenth of all cases slows. Written: ≥ +0.3 d on p90. Measured on the merged
    # model over 24 seeds: +0.12 d (sd of the paired effect 0.79 d; off +0.00): smaller
    # than written, an expected failure (strict). The cross-department cases' own p90 rises
    # +0.86 d (6 seeds, measured afterwards, not a written prediction): a fifth of the
    # cases is too few to move the all-case tail by 0.3 d past the queue's own variation.
    (
        "organisational barrier",
        {"organisation.organisational_barrier": 0.2},
        {"organisation.organisational_barrier": 0.6},
        "p90_days_to_resolve",
        +1,
        0.3,
        {"needs.cross_department_share": 0.0},
    ),
    # S2 party-led coordination lowers the barrier: the slow tail of cross-department
    # cases shortens. Written: ≤ −0.2 d on their p90.
    (
        "party coordination",
        {"organisation.party_coordination": 0.1},
        {"organisation.party_coordination": 0.9},
        "p90_days_cross_department",
        -1,
        0.2,
        {"organisation.coordination_strength": 0.0},
    ),
    # S2 closed loop: without case tracking the queue is an unordered pile, the tail
    # grows. Written: ≥ +0.3 d on p90 when it is switched off. Measured −0.76 d, 24 seeds (off
    # +0.03): the opposite; an expected failure (strict), see SMALLER_THAN_WRITTEN.
    (
        "closed loop",
        {"platform.closed_loop": True},
        {"platform.closed_loop": False},
        "p90_days_to_resolve",
        +1,
        0.3,
        UNSTAFFED,
    ),
    # S2 public ratings raise effort, a case takes fewer staff-hours. Written: ≥ +0.2 d
    # mean when ratings are hidden.
    (
        "public ratings",
        {"platform.public_ratings": True},
        {"platform.public_ratings": False},
        "mean_days_to_resolve",
        +1,
        0.2,
        {"responders.public_ratings_effort": 0.0},
    ),
    # S1/S4 digital only: without the offline channel residents 60+ (who lean offline)
    # wait longer from raising an issue to its resolution than adults under 60.
    # Written: the 60+ gap widens by ≥ 0.5 d.
    (
        "digital only",
        {"platform.offline_channel": True},
        {"platform.offline_channel": False},
        "gap_60plus_raised_to_resolved",
        +1,
        0.5,
        {"reporting.offline_base": 0.0},
    ),
]


SMALLER_THAN_WRITTEN = {  # written before running, did not come out: kept as strict xfails
    "platform reliability": "measured +0.43 h (12 seeds), written ≥ +0.5 h",
    "organisational barrier": "measured +0.12 d (24 seeds), written ≥ +0.3 d on the all-case p90",
    "closed loop": "measured −0.76 d, written ≥ +0.3 d: p90 over resolved cases; a random "
    "pile leaves starved cases unresolved (censored), see the report",
}


@pytest.mark.parametrize(
    "name,a,b,metric,sign,margin,off",
    [
        pytest.param(
            *m,
            id=m[0],
            marks=[pytest.mark.slow]
            + (
                [pytest.mark.xfail(strict=True, reason=SMALLER_THAN_WRITTEN[m[0]])]
                if m[0] in SMALLER_THAN_WRITTEN
                else []
            ),
        )
        for m in MECHANISMS
    ],
)
def test_mechanism_moves_responsiveness(busy, name, a, b, metric, sign, margin, off):
    on = effect(busy, a, b, metric)
    print(f"{name}: {metric} {on:+.3f} (off: {effect(busy, a, b, metric, off):+.3f})")
    assert sign * on > margin, f"{name}: {metric} moved {on:+.3f}, expected {sign:+d} × {margin}"


@pytest.mark.slow
@pytest.mark.parametrize(
    "name,a,b,metric,sign,margin,off", MECHANISMS, ids=[m[0] for m in MECHANISMS]
)
def test_mechanism_switched_off_the_effect_vanishes(busy, name, a, b, metric, sign, margin, off):
    without = effect(busy, a, b, metric, off)
    assert sign * without < margin, f"{name} switched off still moves {metric} {without:+.3f}"


# The two tests above run 12-24 seeds of 7,500 residents per arm for 120 days (about 600
# runs, minutes of CPU): they run nightly (slow marker; .github/workflows/sweep.yml). The
# default suite keeps a sibling per mechanism whose written prediction came out: the same
# comparison, the same margin, both directions (on: moves by more than the margin; off:
# less), on 3 seeds of 60 days with the seasonal peak on day 30 (the busy season still in
# the window).
FEW_SEEDS = range(3)


@pytest.fixture(scope="module")
def busy_60_days(community_y):
    return override(community_y, {"days": 60, "demand.seasonal_peak_day": 30})


@pytest.mark.parametrize(
    "name,a,b,metric,sign,margin,off",
    [m for m in MECHANISMS if m[0] not in SMALLER_THAN_WRITTEN],
    ids=[m[0] for m in MECHANISMS if m[0] not in SMALLER_THAN_WRITTEN],
)
def test_mechanism_moves_responsiveness_in_60_days(
    busy_60_days, name, a, b, metric, sign, margin, off
):
    on = effect(busy_60_days, a, b, metric, seeds=FEW_SEEDS)
    without = effect(busy_60_days, a, b, metric, off, seeds=FEW_SEEDS)
    print(f"{name}: {metric} {on:+.3f} (off: {without:+.3f}), 60 days, {len(FEW_SEEDS)} seeds")
    assert sign * on > margin, f"{name}: {metric} moved {on:+.3f}, expected {sign:+d} × {margin}"
    assert sign * without < margin, f"{name} switched off still moves {metric} {without:+.3f}"


# --- the machinery: hours, percentiles, queues, events, recovery, survival -------------------


def test_time_metrics_have_hour_resolution_not_whole_days(community_y):
    result = run(override(community_y, {"days": 60}), 3)
    s = result.summary
    for name in ("mean_days_to_resolve", "median_days_to_resolve", "p90_days_to_resolve"):
        assert s[name] != round(s[name]), (name, s[name])
    c = result.model.state.cases
    days = (c.time_resolved - c.time_reported)[c.status >= 3] / 24.0
    days = days[np.isfinite(days)]
    assert np.mean(days != np.round(days)) > 0.99  # whole days would give 0
    windowed = result.timeseries["median_days_to_resolve"].dropna()
    assert (windowed != windowed.round()).mean() > 0.9


def test_percentiles_equal_numpys_on_random_inputs():
    from govsim.simulation.metrics import percentiles

    rng = np.random.default_rng(0)
    qs = (0.0, 0.1, 0.5, 0.9, 0.37, 1.0)
    for trial in range(500):
        n = int(rng.integers(1, 200))
        x = rng.exponential(3.0, n) if trial % 2 else rng.integers(0, 5, n).astype(float)
        np.testing.assert_allclose(
            percentiles(x, qs), np.percentile(x, [100 * q for q in qs]), rtol=0, atol=1e-12
        )
    assert all(np.isnan(percentiles(np.zeros(0), (0.5,))))


def test_queue_times_follow_the_single_server_recursion():
    from govsim.rules.handling import serve

    rng = np.random.default_rng(1)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        responder = np.sort(rng.integers(0, 4, n))
        arrival, work, rate = rng.uniform(8, 20, n), rng.uniform(0, 3, n), rng.uniform(0.5, 3, 4)
        start, finish = serve(responder, arrival, work, rate, 17.5)
        free: dict[int, float] = {}
        for i in range(n):
            r = int(responder[i])
            s = max(arrival[i], free.get(r, -np.inf))
            free[r] = s + work[i] / rate[r]
            if s >= 17.5:
                assert np.isinf(start[i])
            else:
                assert start[i] == pytest.approx(s) and finish[i] == pytest.approx(free[r])


def test_events_are_validated_like_every_key(tmp_path):
    from govsim.cli import main

    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: community_y\nevents:\n  - kind: flood\n    day: 3\n")
    assert main(["validate", str(bad)]) == 2
    bad.write_text("extends: community_y\nevents:\n  - kind: outage\n    day: 3\n    colour: 1\n")
    assert main(["validate", str(bad)]) == 2


def test_outage_event_takes_the_platform_down_and_staff_cut_cuts_hours(community_y):
    events = [
        {"kind": "outage", "day": 8, "days": 2},
        {"kind": "staff_cut", "day": 15, "days": 1, "factor": 0.5},
    ]
    with_events = run(
        override(community_y, {"days": 20, "platform.reliability": 1.0, "events": events}), 2
    ).model.state
    without = run(override(community_y, {"days": 20, "platform.reliability": 1.0}), 2).model.state
    for state, outage in ((with_events, True), (without, False)):
        c = state.cases
        online = np.bincount(c.day_reported[c.channel == 0], minlength=20)
        assert (online[8:10].sum() == 0) == outage
    hours = with_events.log.gov_hours_available
    assert hours[15] == pytest.approx(0.5 * without.log.gov_hours_available[15])
    assert hours[14] == pytest.approx(without.log.gov_hours_available[14])


def test_demand_surge_multiplies_issues_of_its_categories(community_y):
    surge = [
        {"kind": "demand_surge", "day": 0, "days": 14, "factor": 5.0, "categories": ["repairs"]}
    ]
    counts = []
    for kv in ({}, {"events": surge}):
        c = run(override(community_y, {"days": 14, **kv}), 5).model.state.cases
        counts.append(np.bincount(c.category, minlength=6))
    assert counts[1][0] > 3.5 * counts[0][0]  # repairs × 5 (noise aside)
    others = [n[1:].sum() for n in counts]  # the other categories: unchanged (noise aside)
    assert abs(others[1] - others[0]) < 0.2 * others[0]


def test_recovery_days_after_the_storm_and_nan_without_events(community_y):
    storm = override(
        community_y,
        {
            "days": 300,
            "events": [
                {
                    "kind": "demand_surge",
                    "day": 100,
                    "days": 7,
                    "factor": 5.0,
                    "categories": ["repairs", "sanitation"],
                }
            ],
        },
    )
    with_storm = run(storm, 1).summary
    assert np.isfinite(with_storm["recovery_days"]) and with_storm["recovery_days"] >= 1
    assert np.isnan(run(override(storm, {"events": []}), 1).summary["recovery_days"])


def test_survival_curve_counts_open_cases_as_censored(community_y):
    from govsim.simulation.metrics import survival_curve

    state = run(override(community_y, {"days": 60}), 4).model.state
    t = np.array([0.0, 0.5, 1.0, 2.0, 7.0, 30.0])
    sf = survival_curve(state, t)
    assert np.all(np.diff(sf) <= 0) and 0 <= sf[-1] <= sf[0] <= 1
    c = state.cases
    done = (c.status == 3) | (c.status == 4)
    naive = np.mean((c.time_resolved[done] - c.time_reported[done]) / 24.0 > 2.0)
    assert sf[3] > naive  # dropping the open (long) cases would understate the tail
