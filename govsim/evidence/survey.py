"""The Community Y questionnaire, simulated: S4 §4.2 and Tables 2-5 .

A measurement of the simulated community on a date: the model runs
``survey.day`` days (365: S4 surveyed about a year after the 2020 launch) and
the residents are asked as the rules have left them. S4 distributed 500
questionnaires and got 469 valid ones back (93.80 %); its respondents were much
younger than the residents (7.68 % vs 24 % aged 60+). Two stages (parameters:
the ``survey:`` section):

1. **Distribution.** ``survey.distributed`` questionnaires go to distinct
   adults: ``survey.online_share`` of them through the platform to adult
   adopters (drawn without replacement with weight literacy to the power
   ``online_literacy_exponent``: active users see what is posted), the rest door
   to door by grid workers among the other adults, favouring ages 41-59 by
   ``door_to_door_middle_aged_weight`` (S4: the survey "focuses on middle-aged"
   people). Without grid workers or an offline channel all go online.
2. **Return.** A recipient returns a valid questionnaire with log-odds
   ``response_base + response_literacy·literacy + response_adopted·adopted
   + response_elderly·(60+)``.

Answers: Table 2 the age bracket ("51-60" read as 51-59, "≥60" as 60+); Table 3
an understanding score from current literacy, adoption, instruction received
(training seats, coaching visits), participation and online cases answered, cut
at the four ``understanding_*_from`` thresholds; Table 4 the channel preference
the rules keep current (:mod:`govsim.rules.experience`); Table 5 a concern drawn
when asked (:func:`govsim.world.attitudes.main_concern`). No table is a clean
prediction (``STATUS``, docs/calibration.md): Tables 2 and 4 are fitted by
scripts/calibrate_survey.py (``FITTED_TABLES``); Table 3 is fitted too (its structure
and two values chosen on a grid against it, issue 19); Table 5 is ``seen`` (its concern
intercepts were set by someone who had seen it, and its score was computed at least
five times, issue 28).
The paper's numbers are read from ``govsim/data/community_y_survey.json``, a
copy of ``govsim/data/community_y_survey.json`` that a test keeps equal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from govsim.core.stats import logistic
from govsim.scenario.config import PACKAGE_DATA
from govsim.scenario.schema import Scenario
from govsim.world.attitudes import bad_experience, channel_preference, concern_logits, main_concern
from govsim.world.state import Residents

FITTED_TABLES = ("table_2", "table_4")
"""Tables whose cells scripts/calibrate_survey.py fits (with the valid rate). Not every
fitted table: Table 3 was fitted by hand (``STATUS``)."""

STATUS = {"table_2": "fitted", "table_3": "fitted", "table_4": "fitted", "table_5": "seen"}
"""docs/contract.md status per table. Table 3 was held out until issue 19 changed its structure
while looking at it (knowledge of digital governance, not literacy) and chose its two
new values on a coarse grid against it: fitted, not held out (docs/calibration.md).
Table 5 was held out until issue 28's audit: its concern intercepts were set in 1ce798d
by someone who had seen it and its held-out score was computed at least five times, so
it is ``seen`` (structure chosen looking at it, no parameter fitted to it), not held out.
Community Y has no held-out table left."""

MIDDLE_AGED = (41, 59)
"""Ages S4 Table 2 calls middle-aged (brackets 41-50 and 51-60, read as 51-59)."""

PAPER_FILE = PACKAGE_DATA / "community_y_survey.json"

TABLES = {  # our key → (key in the data file, title)
    "table_2": ("table_2_age", "Table 2. Age of respondents"),
    "table_3": ("table_3_understanding", "Table 3. Understanding of community digital governance"),
    "table_4": ("table_4_channel", "Table 4. Tend to choose online or offline"),
    "table_5": ("table_5_concerns", "Table 5. Concerns about community digital governance"),
}


def paper() -> dict:
    """The S4 questionnaire as data (shares in percent)."""
    return json.loads(PAPER_FILE.read_text(encoding="utf-8"))


def paper_tables() -> dict[str, dict[str, float]]:
    """Tables 2-5 of S4: category → percent of valid respondents, in the paper's order."""
    data = paper()
    return {table: dict(data[key]) for table, (key, _) in TABLES.items()}


@dataclass
class SurveyResult:
    """One simulated survey: who got a questionnaire, who returned it, what they answered."""

    recipients: np.ndarray  # resident rows
    respondents: np.ndarray  # resident rows (valid questionnaires)
    answers: dict[str, np.ndarray]  # table → category index per respondent
    day: int = 0
    population: np.ndarray | None = None  # share of all residents per Table 2 bracket (0-1)
    not_in_s4: dict[str, float] = field(default_factory=dict)

    @property
    def response_rate(self) -> float:
        return len(self.respondents) / max(len(self.recipients), 1)

    def shares(self) -> dict[str, np.ndarray]:
        """Percent of respondents per category, per table (categories in the paper's order)."""
        sizes = {t: len(c) for t, c in paper_tables().items()}
        n = max(len(self.respondents), 1)
        return {t: 100.0 * np.bincount(a, minlength=sizes[t]) / n for t, a in self.answers.items()}

    def comparison(self) -> dict[str, dict[str, dict[str, float]]]:
        """{table: {category: {"simulated": %, "paper": %}}} plus the valid-return rate."""
        shares = self.shares()
        out = {
            t: {
                c: {"simulated": round(float(shares[t][i]), 3), "paper": p}
                for i, (c, p) in enumerate(cells.items())
            }
            for t, cells in paper_tables().items()
        }
        data = paper()
        out["response"] = {
            "valid": {
                "simulated": round(100.0 * self.response_rate, 3),
                "paper": round(100.0 * data["valid"] / data["distributed"], 2),
            }
        }
        return out

    def cells(self) -> list[dict]:
        """docs/contract.md: one cell per answer of Tables 2-5, marked fitted or held out."""
        out = []
        for table, cells in self.comparison().items():
            if table == "response":
                continue
            key = TABLES[table][0]
            status = STATUS[table]
            out += [
                {
                    "table": key,
                    "answer": answer,
                    "paper": c["paper"],
                    "simulated": c["simulated"],
                    "status": status,
                }
                for answer, c in cells.items()
            ]
        return out

    def to_json(self) -> dict:
        """The content of survey.json (docs/contract.md)."""
        comparison = self.comparison()
        respondents = comparison["table_2"]
        return {
            "day": self.day,
            "distributed": len(self.recipients),
            "valid": len(self.respondents),
            "valid_percent": {**comparison["response"]["valid"], "status": "fitted"},
            "cells": self.cells(),
            "population_shares": {
                b: round(100.0 * float(p), 3)
                for b, p in zip(respondents, self.population, strict=True)
            },
            "respondent_shares": {b: c["simulated"] for b, c in respondents.items()},
            "fitted_tables": [TABLES[t][0] for t, v in STATUS.items() if v == "fitted"],
            "not_in_s4": self.not_in_s4,
        }


def _channels(residents: Residents, scenario: Scenario) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Adults, adult adopters, and how many questionnaires go online / door to door."""
    adults = np.flatnonzero(residents.is_adult)
    adopters = adults[residents.has_adopted[adults]]
    n = min(scenario.survey.distributed, len(adults))
    door_to_door = scenario.platform.offline_channel and scenario.organisation.grid_workers > 0
    n_online = round(scenario.survey.online_share * n) if door_to_door else n
    n_online = min(n_online, len(adopters))
    n_offline = n - n_online if door_to_door else 0
    return adults, adopters, n_online, n_offline


def online_reach(residents: Residents, scenario: Scenario, adopters: np.ndarray) -> np.ndarray:
    """Relative chance that each adopter sees the online questionnaire: literacy^exponent.

    Active users see what is posted on the platform; literacy stands for activity.
    """
    literacy = np.maximum(residents.literacy[adopters].astype(np.float64), 1e-6)
    return literacy**scenario.survey.online_literacy_exponent


def door_to_door_weight(residents: Residents, scenario: Scenario, rows: np.ndarray) -> np.ndarray:
    """Relative chance of each adult in `rows` to get a questionnaire door to door.

    S4 says the survey "focuses on middle-aged" people: grid workers favour ages
    41-59 by ``survey.door_to_door_middle_aged_weight`` (1 = uniform).
    """
    age = residents.age[rows]
    middle = (age >= MIDDLE_AGED[0]) & (age <= MIDDLE_AGED[1])
    return np.where(middle, scenario.survey.door_to_door_middle_aged_weight, 1.0)


def distribute(residents: Residents, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Rows of the adults who receive a questionnaire (each at most one)."""
    adults, adopters, n_online, n_offline = _channels(residents, scenario)
    reach = online_reach(residents, scenario, adopters)
    online = (
        rng.choice(adopters, n_online, replace=False, p=reach / reach.sum())
        if n_online
        else adopters[:0]
    )
    others = np.setdiff1d(adults, online, assume_unique=True)
    if n_offline and len(others):
        w = door_to_door_weight(residents, scenario, others)
        offline = rng.choice(others, min(n_offline, len(others)), replace=False, p=w / w.sum())
    else:
        offline = others[:0]
    return np.concatenate((online, offline)).astype(np.int64)


def response_probability(residents: Residents, scenario: Scenario, rows: np.ndarray) -> np.ndarray:
    """Chance that each recipient in `rows` returns a valid questionnaire."""
    s = scenario.survey
    logit = (
        s.response_base
        + s.response_literacy * residents.literacy[rows]
        + s.response_adopted * residents.has_adopted[rows]
        + s.response_elderly * residents.is_elderly[rows]
    )
    return logistic(logit)


def understanding_score(residents: Residents, scenario: Scenario, rows: np.ndarray) -> np.ndarray:
    """Latent understanding of digital governance from each respondent's state on the day.

    Knowledge of digital governance, not digital literacy (S4: "more than 63 % of the
    respondents still have a big knowledge blind spot about community digital
    governance"): current literacy weighted by ``understanding_literacy_weight``, plus
    terms for
    adoption, instruction received (training seats + coaching visits), having taken
    part this year and online cases answered (platform experience).
    """
    s = scenario.survey
    return (
        s.understanding_literacy_weight * residents.literacy[rows].astype(np.float64)
        + s.understanding_adoption_weight * residents.has_adopted[rows]
        + s.understanding_instruction_weight
        * np.log1p(residents.training_received[rows] + residents.coaching_received[rows])
        + s.understanding_participation_weight * (residents.participation_count[rows] > 0)
        + s.understanding_cases_weight * np.log1p(residents.cases_answered_online[rows])
    )


def understanding_from_score(scenario: Scenario, score: np.ndarray) -> np.ndarray:
    """Table 3 category index: 0 = understand, …, 4 = none."""
    s = scenario.survey
    cuts = np.array(
        [
            s.understanding_know_little_from,
            s.understanding_ordinary_from,
            s.understanding_know_quite_well_from,
            s.understanding_understand_from,
        ]
    )
    return (len(cuts) - np.searchsorted(cuts, score, side="right")).astype(np.int64)


def answers(
    residents: Residents, scenario: Scenario, rows: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Each respondent's answer to Tables 2-5, as category indices in the paper's order.

    Table 4 is the channel preference from their current state; Table 5 is drawn now
    from current literacy, the platform and bad experiences (and stored as `concern`).
    """
    concern = main_concern(scenario, rng, residents.literacy[rows], bad_experience(residents)[rows])
    residents.concern[rows] = concern
    own = rng.normal(0.0, scenario.survey.understanding_personal_sd, len(rows))  # after Table 5
    return {
        "table_2": residents.age_bracket[rows].astype(np.int64),
        "table_3": understanding_from_score(
            scenario, understanding_score(residents, scenario, rows) + own
        ),
        "table_4": channel_preference(scenario, residents, rows).astype(np.int64),
        "table_5": concern.astype(np.int64),
    }


def conduct(
    residents: Residents, scenario: Scenario, rng: np.random.Generator, day: int = 0
) -> SurveyResult:
    """Distribute, collect and code the questionnaires."""
    recipients = distribute(residents, scenario, rng)
    returned = rng.random(len(recipients)) < response_probability(residents, scenario, recipients)
    respondents = recipients[returned]
    return SurveyResult(
        recipients=recipients,
        respondents=respondents,
        answers=answers(residents, scenario, respondents, rng),
        day=day,
        population=np.bincount(residents.age_bracket, minlength=6) / residents.n,
        not_in_s4=not_in_s4(residents, respondents),
    )


def not_in_s4(residents: Residents, rows: np.ndarray) -> dict[str, float]:
    """Answers S4 did not ask, 0-1 means over the respondents (labelled "not in S4")."""
    if not len(rows):
        return {}
    return {
        "trust_government": round(float(residents.trust_government[rows].mean()), 4),
        "trust_platform": round(float(residents.trust_platform[rows].mean()), 4),
        "took_part_this_year": round(float((residents.participation_count[rows] > 0).mean()), 4),
    }


def expected_weights(residents: Residents, scenario: Scenario) -> np.ndarray:
    """Each resident's expected number of valid returns (receipt × response), ≈ exact.

    Used by the calibration: shares weighted by it are the expected survey
    shares of a population, without the sampling noise of 500 questionnaires.
    """
    adults, adopters, n_online, n_offline = _channels(residents, scenario)
    p_online = np.zeros(residents.n)
    if n_online:
        p_online[adopters] = inclusion_probabilities(
            online_reach(residents, scenario, adopters), n_online
        )
    p_receive = np.zeros(residents.n)
    p_receive[adults] = p_online[adults]
    if n_offline:  # door to door ∝ weight among the adults not reached online
        absent = 1 - p_online[adults]
        p_receive[adults] += absent * inclusion_probabilities(
            door_to_door_weight(residents, scenario, adults),
            min(n_offline, len(adults) - n_online),
            presence=absent,
        )
    rows = np.arange(residents.n)
    return p_receive * response_probability(residents, scenario, rows)


def expected_shares(residents: Residents, scenario: Scenario) -> dict[str, np.ndarray]:
    """Expected percent of valid respondents per category, per table, without sampling noise.

    Tables 2-4 weight each resident's current answer by their expected number of valid
    returns; Table 5 weights their concern probabilities (the concern is drawn when asked).
    """
    w = expected_weights(residents, scenario)
    rows = np.flatnonzero(w > 0)
    w = w[rows]
    codes = {
        "table_2": residents.age_bracket[rows],
        "table_4": channel_preference(scenario, residents, rows),
    }
    out = {
        t: 100 * np.bincount(c, weights=w, minlength=len(paper_tables()[t])) / w.sum()
        for t, c in codes.items()
    }
    out["table_3"] = (
        100
        * (
            w[:, None]
            * understanding_probabilities(scenario, understanding_score(residents, scenario, rows))
        ).sum(axis=0)
        / w.sum()
    )
    logits = concern_logits(scenario, residents.literacy[rows], bad_experience(residents)[rows])
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    out["table_5"] = 100 * (w[:, None] * p).sum(axis=0) / w.sum()
    return out


def understanding_probabilities(scenario: Scenario, score: np.ndarray) -> np.ndarray:
    """Per respondent, the chance of each Table 3 answer (understand … none) when their own
    knowledge ~ Normal(score, ``understanding_personal_sd``) is cut at the four cuts."""
    from scipy.stats import norm

    s = scenario.survey
    cuts = np.array(
        [
            s.understanding_know_little_from,
            s.understanding_ordinary_from,
            s.understanding_know_quite_well_from,
            s.understanding_understand_from,
        ]
    )
    if s.understanding_personal_sd > 0:
        below = norm.cdf((cuts[None, :] - score[:, None]) / s.understanding_personal_sd)
    else:
        below = (score[:, None] < cuts[None, :]).astype(np.float64)
    edges = np.hstack([np.zeros((len(score), 1)), below, np.ones((len(score), 1))])
    return np.diff(edges, axis=1)[:, ::-1]  # none … understand, reversed


def inclusion_probabilities(
    weights: np.ndarray, n: int, presence: np.ndarray | None = None
) -> np.ndarray:
    """Chance of each unit to be among `n` drawn without replacement ∝ `weights`.

    Rosén's approximation for successive sampling: 1 − exp(−λ·w), λ such that the
    chances (times each unit's chance `presence` of being in the pool) sum to n.
    """
    from scipy.optimize import brentq

    w = weights / weights.mean()
    present = np.ones(len(w)) if presence is None else presence
    if n >= present.sum():
        return np.ones(len(w))
    lam = brentq(lambda x: float((present * (1 - np.exp(-x * w))).sum()) - n, 1e-12, 1e6)
    return 1 - np.exp(-lam * w)


def survey_scenario(
    scenario: Scenario, seed: int | np.random.SeedSequence, days: int | None = None
) -> SurveyResult:
    """Build the model with `seed`, run to the survey day (`survey.day` unless `days` is
    given), then survey with the run's generator."""
    model = run_to_survey_day(scenario, seed, days)
    return conduct(model.state.residents, scenario, model.rng, day=model.day)


def run_to_survey_day(
    scenario: Scenario, seed: int | np.random.SeedSequence, days: int | None = None
):
    """The GovernanceModel of `scenario` and `seed` after `days` (default `survey.day`) days."""
    from govsim.running.runner import make_rng
    from govsim.scenario.config import ConfigError
    from govsim.scenario.validation import survey_day_problem
    from govsim.simulation.model import GovernanceModel

    if days is None and (problem := survey_day_problem(scenario)):
        raise ConfigError(f"{scenario.name}: {problem}.")
    model = GovernanceModel(scenario, make_rng(seed))
    for _ in range(scenario.survey.day if days is None else days):
        model.step()
    return model
