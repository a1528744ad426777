"""The metrics recorder (govsim/simulation/recorder.py) and the experience rule's own data.

The recorder's per-day table of the first open case is recomputed by a full scan of
the case book each day; its series rows are the trailing window of the full-scan
metrics; the experience counts (which used to read the recorder's table) are
recomputed from a finished run's case book with numpy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from govsim.running.runner import make_rng
from govsim.scenario.config import override
from govsim.simulation import metrics
from govsim.simulation.model import GovernanceModel
from govsim.world.state import Channel, Status


@pytest.fixture(scope="module")
def scenario(small):
    # a slow platform (unanswered online cases) and outages (cases resolved, then closed)
    return override(
        small,
        {
            "days": 60,
            "platform.reliability": 0.8,
            "responders.department_staff_hours_per_day": 0.5,
            "adoption.unanswered_days": 7,
        },
    )


def test_recorder_notes_the_first_open_case_and_the_trailing_window(scenario):
    model = GovernanceModel(scenario, make_rng(3))
    state, skipped = model.state, 0
    for _ in range(scenario.days):
        model.step()
        day = state.day - 1
        status, window = state.cases.status, scenario.feedback.feedback_window_days
        open_rows = np.flatnonzero(
            (status <= Status.DISPATCHED)
            | ((status == Status.RESOLVED) & (state.cases.day_resolved >= day - window))
        )
        first = int(open_rows[0]) if len(open_rows) else state.cases.n
        assert model.recorder.first_open_case[day] == first
        full = metrics.evaluate(state, scenario, day - 29, day)  # scans every case
        np.testing.assert_allclose(model.series[day], list(full.values()), rtol=1e-6)
        skipped = max(skipped, first)
    assert skipped > 0, "the window skips finished cases (else the test shows nothing)"
    start = scenario.summary_start(scenario.days)  # after the warm-up
    assert model.summary() == pytest.approx(
        metrics.evaluate(state, scenario, start, scenario.days - 1), nan_ok=True
    )


def test_experience_counts_recomputed_from_the_case_book(scenario):
    model = GovernanceModel(scenario, make_rng(5))
    for _ in range(scenario.days):
        model.step()
    res, cases = model.state.residents, model.state.cases
    n, last = res.n, scenario.days - 1
    online = cases.channel == Channel.ONLINE
    resolved = cases.day_resolved >= 0
    answered_online = np.bincount(cases.reporter[resolved & online], minlength=n)
    answered_offline = np.bincount(cases.reporter[resolved & ~online], minlength=n)
    assert np.array_equal(res.cases_answered_online, answered_online)
    assert np.array_equal(res.cases_answered_offline, answered_offline)
    assert answered_online.sum() > 0 and answered_offline.sum() > 0
    # still waiting at the end of the day it reached `unanswered_days` since its report
    crossed = cases.day_reported + scenario.adoption.unanswered_days
    waited = (
        online
        & (cases.day_reported >= 0)
        & (crossed <= last)
        & ((cases.day_resolved < 0) | (cases.day_resolved > crossed))
    )
    assert np.array_equal(res.cases_unanswered, np.bincount(cases.reporter[waited], minlength=n))
    assert waited.sum() > 0


def test_a_run_without_the_daily_series_gives_the_same_numbers(scenario):
    """`series=False` (calibration, the bank, the forecast) skips step 9's daily row; the
    state, the summary and a window's metrics stay the same, and a level read from a day
    that was not recorded is refused, not NaN."""
    from govsim.running.runner import run

    full = run(scenario, 4, window=(10, 40))
    lean = run(scenario, 4, window=(10, 40), series=False)
    assert lean.summary == pytest.approx(full.summary, nan_ok=True, rel=0, abs=0)
    assert np.isnan(lean.model.series[39]).all() and not np.isnan(lean.model.series[40]).all()
    for column in ("status", "day_resolved", "responder"):
        np.testing.assert_array_equal(
            lean.model.state.cases.columns[column][: lean.model.state.cases.n],
            full.model.state.cases.columns[column][: full.model.state.cases.n],
        )
    assert lean.model.summary((0, scenario.days - 1)) == pytest.approx(
        full.model.summary((0, scenario.days - 1)), nan_ok=True, rel=0, abs=0
    )
    with pytest.raises(ValueError, match="did not record"):
        lean.model.summary((0, 30))
    with pytest.raises(ValueError, match="did not record"):
        lean.timeseries  # noqa: B018 - the property refuses
    import govsim  # the public entry point passes the choice on

    assert govsim.run(scenario, 4, days=3, series=False).model.recorder.daily == ()


def test_a_sweep_s_outcomes_alone_give_the_same_series_and_summary(scenario):
    """A sweep records only its outcomes' daily series (experiments/batch/worker.py): those
    columns and the summary equal a run that records every metric."""
    from govsim.running.runner import run

    outcomes = ("index_interest", "median_days_to_resolve")  # one using others, one alone
    full = run(scenario, 6, window=(5, 50))
    lean = run(scenario, 6, window=(5, 50), series=outcomes)
    assert lean.summary == pytest.approx(full.summary, nan_ok=True, rel=0, abs=0)
    columns = [list(metrics.METRICS).index(n) for n in outcomes]
    np.testing.assert_array_equal(lean.model.series[:, columns], full.model.series[:, columns])
    assert lean.model.metric_today("index_interest") == full.model.metric_today("index_interest")
    assert np.isnan(lean.model.series[10]).sum() == len(metrics.METRICS) - len(outcomes)
    with pytest.raises(ValueError, match="did not record"):
        lean.model.metric_today("backlog")
    # the run's table holds the day and the metrics kept (in the registry's order), as the
    # full run has them
    kept = ["day", *(n for n in metrics.METRICS if n in outcomes)]
    assert sorted(lean.timeseries.columns) == sorted(["day", *outcomes])
    pd.testing.assert_frame_equal(lean.timeseries, full.timeseries[kept])
