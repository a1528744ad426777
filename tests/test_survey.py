"""The simulated Community Y questionnaire (S4 §4.2, Tables 2-5) and `govsim survey`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from govsim.cli import main
from govsim.config import REPO_ROOT, ConfigError, override
from govsim.model import GovernanceModel
from govsim.population import build_households, build_residents
from govsim.runner import make_rng
from govsim.survey import (
    PAPER_FILE,
    TABLES,
    conduct,
    expected_weights,
    paper,
    paper_tables,
    survey_scenario,
)

SHARED_DATA = REPO_ROOT.parent / "shared" / "data" / "community_y_survey.json"
TEST_SEEDS = range(10)
MARGIN_POINTS = 3.0


@pytest.fixture(scope="module")
def mean_comparison(community_y) -> dict[str, dict[str, dict[str, float]]]:
    """The survey of the day-0 Community Y, mean share per cell over 10 seeds."""
    runs = [survey_scenario(community_y, seed).comparison() for seed in TEST_SEEDS]
    return {t: {c: {"simulated": float(np.mean([r[t][c]["simulated"] for r in runs])),
                    "paper": cell["paper"]} for c, cell in cells.items()}
            for t, cells in runs[0].items()}


@pytest.mark.skipif(not SHARED_DATA.is_file(), reason="the shared design folder is not here")
def test_the_survey_data_copy_equals_the_shared_file():
    assert json.loads(PAPER_FILE.read_text()) == json.loads(SHARED_DATA.read_text())


def test_the_paper_tables_are_read_in_the_order_of_the_model_categories():
    tables = paper_tables()
    assert list(tables) == ["table_2", "table_3", "table_4", "table_5"]
    assert list(tables["table_2"]) == ["le_20", "21_30", "31_40", "41_50", "51_60", "ge_60"]
    assert list(tables["table_4"])[0] == "online" and list(tables["table_4"])[-1] == "offline"
    assert list(tables["table_5"])[3] == "no_worries"


@pytest.mark.parametrize("table", list(TABLES))
def test_calibrated_community_y_reproduces_every_cell_within_3_points(mean_comparison, table):
    cells = mean_comparison[table]
    off = {c: round(v["simulated"] - v["paper"], 2) for c, v in cells.items()
           if abs(v["simulated"] - v["paper"]) > MARGIN_POINTS}
    assert not off, f"{table}: cells more than {MARGIN_POINTS} points off the paper: {off}"


def test_about_469_of_500_questionnaires_come_back_valid(community_y):
    results = [survey_scenario(community_y, seed) for seed in TEST_SEEDS]
    assert all(len(r.recipients) == paper()["distributed"] for r in results)
    valid = np.mean([len(r.respondents) for r in results])
    assert abs(valid - paper()["valid"]) < 5


def test_respondents_are_much_younger_than_the_residents(community_y):
    """S4: 24 % of residents are 60+, but only 7.68 % of the respondents."""
    result = survey_scenario(community_y, 3)
    elderly = np.bincount(result.answers["table_2"], minlength=6)[-1] / len(result.respondents)
    assert elderly < 0.12
    assert community_y.population.age_shares.ge_60 == pytest.approx(0.24)


def test_expected_weights_agree_with_simulated_surveys(community_y):
    """The calibration fits the expected shares; the real survey must have the same mean."""
    rng = make_rng(77)
    res = build_residents(community_y, build_households(community_y, rng), rng)
    w = expected_weights(res, community_y)
    assert w.sum() == pytest.approx(paper()["valid"], abs=6)
    expected = np.bincount(res.age_bracket, weights=w, minlength=6) / w.sum()
    draws = [conduct(res, community_y, rng) for _ in range(40)]
    simulated = np.mean([np.bincount(d.answers["table_2"], minlength=6) / len(d.respondents)
                         for d in draws], axis=0)
    assert np.abs(simulated - expected).max() < 0.012


def test_digital_only_sends_every_questionnaire_online(community_y):
    digital = override(community_y, {"platform.offline_channel": False})
    model = GovernanceModel(digital, make_rng(2))
    result = conduct(model.state.residents, digital, model.rng)
    assert len(result.recipients) == 500
    assert model.state.residents.has_adopted[result.recipients].all()


def test_same_seed_gives_the_same_survey(community_y):
    a, b = survey_scenario(community_y, 5), survey_scenario(community_y, 5)
    assert np.array_equal(a.respondents, b.respondents)
    assert a.comparison() == b.comparison()
    assert not np.array_equal(a.respondents, survey_scenario(community_y, 6).respondents)


def test_thresholds_must_increase(community_y):
    with pytest.raises(ConfigError, match="understanding"):
        override(community_y, {"survey.understanding_ordinary_from": 5.0})
    with pytest.raises(ConfigError, match="channel"):
        override(community_y, {"attitudes.channel_both_from": -5.0})


def test_survey_command_prints_both_shares_and_writes_json(tmp_path: Path, capsys):
    code = main(["survey", "community_y", "--seed", "4", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0
    assert "Table 4" in out and "largest absolute deviation" in out
    data = json.loads((tmp_path / "survey.json").read_text())
    for table, cells in paper_tables().items():
        assert list(data[table]) == list(cells)
        for category, share in cells.items():
            assert data[table][category]["paper"] == share
            assert 0.0 <= data[table][category]["simulated"] <= 100.0
        assert sum(c["simulated"] for c in data[table].values()) == pytest.approx(100.0, abs=0.01)


def test_survey_after_some_days_runs_the_model_first(tmp_path: Path, capsys):
    code = main(["survey", "community_y", "--days", "3", "--seed", "1",
                 "--set", "population.residents=1200", "--set", "population.households=420",
                 "--out", str(tmp_path)])
    assert code == 0
    assert "day 3" in capsys.readouterr().out
    assert (tmp_path / "survey.json").is_file()


def test_survey_bad_input_exits_2_without_traceback(capsys):
    assert main(["survey", "community_y", "--days", "-1"]) == 2
    assert main(["survey", "community_y", "--set", "survey.online_share=2"]) == 2
    err = capsys.readouterr().err
    assert "survey.online_share" in err and "Traceback" not in err
