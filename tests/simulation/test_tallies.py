"""The counts the level metrics read, kept by the rules as the state changes
(govsim/world/tallies.py; docs/scale.md, third round), against a count over every resident.

As tests/simulation/test_scale.py does for the network's tie counts: every day of a small
run, each kept count must equal `Tallies.count` (a recount from the residents and
households), and the metrics that read them must equal the full scans they replace.
"""

from __future__ import annotations

import numpy as np
import pytest

from govsim.running.runner import make_rng
from govsim.scenario.config import override
from govsim.simulation.metrics import WINDOW_DAYS, share
from govsim.simulation.model import GovernanceModel
from govsim.world.tallies import Tallies

COUNTERS = ("adopters", "last_took_part", "activities", "offline_adults", "offline_last_visited")
SHARES = (
    "adoption_rate",
    "adoption_rate_under60",
    "adoption_rate_60plus",
    "participation_rate",
    "participation_rate_under60",
    "participation_rate_60plus",
    "index_organisational",
)


def full_scan(model: GovernanceModel, day: int) -> dict[str, float]:
    """The shares as they were computed before the counts were kept: masks over everyone."""
    res, hh = model.state.residents, model.state.households
    since = max(day - WINDOW_DAYS + 1, 0)
    groups = {
        "": res.is_adult,
        "_under60": res.is_adult & ~res.is_elderly,
        "_60plus": res.is_adult & res.is_elderly,
    }
    took_part = res.last_participation_day >= since
    out = {f"adoption_rate{g}": share(res.has_adopted, m) for g, m in groups.items()}
    out |= {f"participation_rate{g}": share(took_part, m) for g, m in groups.items()}
    channel = res.has_adopted | (hh.last_visit_day >= since)[res.household]
    out["index_organisational"] = share(channel, res.is_adult)
    return out


@pytest.fixture(scope="module")
def days(small) -> list[dict]:
    """For each of 60 days: each counter kept == recounted, the metrics and their full
    scans, the Gini and a sort-based Gini, and what moved (the updates exercised)."""
    scenario = override(small, {"days": 60})
    model = GovernanceModel(scenario, make_rng(7), series=False)
    state, out = model.state, []
    for _ in range(scenario.days):
        adopted_before = state.residents.has_adopted.copy()
        model.step()
        day = state.day - 1
        recount = Tallies.count(state.residents, state.households, scenario.days)
        kept = {c: np.array_equal(getattr(recount, c), getattr(state.tallies, c)) for c in COUNTERS}
        values = model.recorder.evaluate(
            day - WINDOW_DAYS + 1, day, (*SHARES, "participation_gini")
        )
        counts = np.sort(state.residents.participation_count[state.residents.is_adult])
        ranks = np.arange(1, len(counts) + 1)
        gini = ((2 * ranks - len(counts) - 1) @ counts) / (len(counts) * counts.sum())
        now = state.residents.has_adopted
        out.append(
            {
                "day": day,
                "kept": kept,
                "values": values,
                "full": full_scan(model, day),
                "gini": gini,
                "adopted": int((now & ~adopted_before).sum()),
                "dropped": int((adopted_before & ~now).sum()),
            }
        )
    return out


@pytest.mark.parametrize("counter", COUNTERS)
def test_each_kept_count_equals_a_recount_every_day(days, counter):
    wrong = [d["day"] for d in days if not d["kept"][counter]]
    assert not wrong, f"{counter} differs from a recount on days {wrong[:5]}..."


def test_the_run_exercises_every_update(days):
    # adoption and drop-out both happen, and repeat participation (counts above 1)
    assert sum(d["adopted"] for d in days) > 0 and sum(d["dropped"] for d in days) > 0
    assert days[-1]["gini"] > 0


@pytest.mark.parametrize("name", SHARES)
def test_each_share_equals_its_full_scan_every_day(days, name):
    wrong = [d["day"] for d in days if d["values"][name] != d["full"][name]]
    assert not wrong, f"{name} differs from the mask over everyone on days {wrong[:5]}"


def test_participation_gini_equals_the_sorted_formula_every_day(days):
    kept = np.array([d["values"]["participation_gini"] for d in days])
    np.testing.assert_allclose(kept, [d["gini"] for d in days], rtol=1e-12)
