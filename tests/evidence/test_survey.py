"""The simulated Community Y questionnaire (S4 §4.2, Tables 2-5) and `govsim survey`."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from govsim.cli import main
from govsim.evidence.survey import (
    TABLES,
    conduct,
    expected_weights,
    paper,
    paper_tables,
    run_to_survey_day,
    survey_scenario,
)
from govsim.running.runner import make_rng
from govsim.scenario.config import ConfigError, override
from govsim.simulation.model import GovernanceModel
from govsim.world.population import build_households, build_residents


def test_fewer_questionnaires_come_back_when_the_return_model_says_so(small):
    """The valid rate follows the return model: lower response_base, fewer returns;
    with response_base at +20 (return certain) every recipient answers."""
    model = run_to_survey_day(override(small, {"survey.day": 0}), 3)
    res = model.state.residents
    rates = [
        conduct(res, override(small, {"survey.response_base": b}), make_rng(1)).response_rate
        for b in (-2.0, 1.7, 20.0)
    ]
    assert rates[0] < rates[1] - 0.2 and rates[2] == 1.0, rates


def test_expected_weights_agree_with_simulated_surveys(community_y):
    """The calibration fits the expected shares; the real survey must have the same mean."""
    rng = make_rng(77)
    res = build_residents(community_y, build_households(community_y, rng), rng)
    w = expected_weights(res, community_y)
    assert w.sum() == pytest.approx(paper()["valid"], abs=6)
    expected = np.bincount(res.age_bracket, weights=w, minlength=6) / w.sum()
    draws = [conduct(res, community_y, rng) for _ in range(40)]
    simulated = np.mean(
        [np.bincount(d.answers["table_2"], minlength=6) / len(d.respondents) for d in draws], axis=0
    )
    assert np.abs(simulated - expected).max() < 0.012


def test_digital_only_sends_every_questionnaire_online(community_y):
    digital = override(community_y, {"platform.offline_channel": False})
    model = GovernanceModel(digital, make_rng(2))
    result = conduct(model.state.residents, digital, model.rng)
    assert len(result.recipients) == 500
    assert model.state.residents.has_adopted[result.recipients].all()


def test_same_seed_gives_the_same_survey(small):
    sc = override(small, {"survey.day": 20})
    a, b = survey_scenario(sc, 5), survey_scenario(sc, 5)
    assert np.array_equal(a.respondents, b.respondents)
    assert a.to_json() == b.to_json()
    assert not np.array_equal(a.respondents, survey_scenario(sc, 6).respondents)


def test_thresholds_must_increase(community_y):
    with pytest.raises(ConfigError, match="understanding"):
        override(community_y, {"survey.understanding_ordinary_from": 5.0})
    with pytest.raises(ConfigError, match="channel"):
        override(community_y, {"attitudes.channel_both_from": -5.0})


def test_survey_json_marks_cells_and_puts_population_beside_respondents(tmp_path: Path, capsys):
    code = main(
        [
            "survey",
            "community_y",
            "--days",
            "5",
            "--seed",
            "4",
            "--set",
            "population.residents=1200",
            "--set",
            "population.households=420",
            "--out",
            str(tmp_path),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and "day 5" in out and "held out" in out
    data = json.loads((tmp_path / "survey.json").read_text())
    cells = data["cells"]
    expected = [(TABLES[t][0], c, p) for t, cs in paper_tables().items() for c, p in cs.items()]
    assert [(c["table"], c["answer"], c["paper"]) for c in cells] == expected
    status = {c["table"]: c["status"] for c in cells}
    assert status == {
        "table_2_age": "fitted",
        "table_3_understanding": "fitted",
        "table_4_channel": "fitted",
        "table_5_concerns": "seen",
    }
    for table in status:
        assert sum(c["simulated"] for c in cells if c["table"] == table) == pytest.approx(
            100.0, abs=0.01
        )
    # the residents are older than those who answered (who is reached, who returns)
    assert data["population_shares"]["ge_60"] > data["respondent_shares"]["ge_60"] + 5
    assert sum(data["population_shares"].values()) == pytest.approx(100.0, abs=0.01)


def test_survey_bad_input_exits_2_without_traceback(capsys):
    assert main(["survey", "community_y", "--days", "-1"]) == 2
    assert main(["survey", "community_y", "--set", "survey.online_share=2"]) == 2
    err = capsys.readouterr().err
    assert "survey.online_share" in err and "Traceback" not in err
