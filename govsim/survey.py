"""The Community Y questionnaire, simulated: S4 §4.2 and Tables 2-5 (004_3da5043afcfd9873.txt).

S4 distributed 500 questionnaires and got 469 valid ones back (93.80 %).
Its respondents were much younger than the residents (7.68 % vs 24 % aged
60+), although the survey "focuses on middle-aged and elderly people": who
*received* a questionnaire mattered more than who returned it. The simulated
survey therefore has two stages (parameters: the ``survey:`` section):

1. **Distribution.** ``survey.distributed`` questionnaires go to distinct
   adults: ``survey.online_share`` of them through the platform to adult
   adopters (drawn without replacement with weight literacy to the power
   ``online_literacy_exponent``: active users see what is posted), the rest
   door to door by grid workers (uniformly among the other adults). Without grid workers or an
   offline channel all go online.
2. **Return.** A recipient returns a valid questionnaire with log-odds
   ``response_base + response_literacy·literacy + response_adopted·adopted
   + response_elderly·(60+)``.

Each respondent's state is mapped to the answer categories of the tables:
Table 2 from the age bracket (the model's brackets are S4's, with "51-60"
read as 51-59 and "≥60" as 60+); Table 3 "understanding of digital
governance" from literacy + ``understanding_adoption_weight``·adopted, cut
at the four ``understanding_*_from`` thresholds; Table 4 from
``channel_preference``; Table 5 from ``concern`` (both set at day 0 by
:mod:`govsim.attitudes`).

By default the survey is of the day-0 population (``--days 0``): S4 reports
one cross-section and the attitudes are initialised from it. ``--days N``
runs N days first (literacy and adoption may have changed by then).
The paper's numbers are read from ``govsim/data/community_y_survey.json``, a
copy of ``../shared/data/community_y_survey.json`` that a test keeps equal.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from govsim.schema import Scenario
from govsim.state import Residents

PAPER_FILE = Path(__file__).resolve().parent / "data" / "community_y_survey.json"

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
        out = {t: {c: {"simulated": round(float(shares[t][i]), 3), "paper": p}
                   for i, (c, p) in enumerate(cells.items())}
               for t, cells in paper_tables().items()}
        data = paper()
        out["response"] = {"valid": {"simulated": round(100.0 * self.response_rate, 3),
                                     "paper": round(100.0 * data["valid"] / data["distributed"],
                                                    2)}}
        return out


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
    return literacy ** scenario.survey.online_literacy_exponent


def distribute(residents: Residents, scenario: Scenario, rng: np.random.Generator) -> np.ndarray:
    """Rows of the adults who receive a questionnaire (each at most one)."""
    adults, adopters, n_online, n_offline = _channels(residents, scenario)
    reach = online_reach(residents, scenario, adopters)
    online = rng.choice(adopters, n_online, replace=False, p=reach / reach.sum()) if n_online \
        else adopters[:0]
    others = np.setdiff1d(adults, online, assume_unique=True)
    offline = rng.choice(others, min(n_offline, len(others)), replace=False)
    return np.concatenate((online, offline)).astype(np.int64)


def response_probability(residents: Residents, scenario: Scenario,
                         rows: np.ndarray) -> np.ndarray:
    """Chance that each recipient in `rows` returns a valid questionnaire."""
    s = scenario.survey
    logit = (s.response_base + s.response_literacy * residents.literacy[rows]
             + s.response_adopted * residents.has_adopted[rows]
             + s.response_elderly * residents.is_elderly[rows])
    with np.errstate(over="ignore"):  # very negative log-odds: probability 0
        return 1.0 / (1.0 + np.exp(-logit))


def understanding_score(residents: Residents, scenario: Scenario, rows: np.ndarray) -> np.ndarray:
    """Latent understanding of digital governance: literacy plus a bonus for adopters."""
    return (residents.literacy[rows].astype(np.float64)
            + scenario.survey.understanding_adoption_weight * residents.has_adopted[rows])


def understanding_from_score(scenario: Scenario, score: np.ndarray) -> np.ndarray:
    """Table 3 category index: 0 = understand, …, 4 = none."""
    s = scenario.survey
    cuts = np.array([s.understanding_know_little_from, s.understanding_ordinary_from,
                     s.understanding_know_quite_well_from, s.understanding_understand_from])
    return (len(cuts) - np.searchsorted(cuts, score, side="right")).astype(np.int64)


def answers(residents: Residents, scenario: Scenario, rows: np.ndarray) -> dict[str, np.ndarray]:
    """Each respondent's answer to Tables 2-5, as category indices in the paper's order."""
    return {
        "table_2": residents.age_bracket[rows].astype(np.int64),
        "table_3": understanding_from_score(scenario, understanding_score(residents, scenario,
                                                                          rows)),
        "table_4": residents.channel_preference[rows].astype(np.int64),
        "table_5": residents.concern[rows].astype(np.int64),
    }


def conduct(residents: Residents, scenario: Scenario, rng: np.random.Generator,
            day: int = 0) -> SurveyResult:
    """Distribute, collect and code the questionnaires."""
    recipients = distribute(residents, scenario, rng)
    returned = rng.random(len(recipients)) < response_probability(residents, scenario,
                                                                  recipients)
    respondents = recipients[returned]
    return SurveyResult(recipients=recipients, respondents=respondents,
                        answers=answers(residents, scenario, respondents), day=day)


def expected_weights(residents: Residents, scenario: Scenario) -> np.ndarray:
    """Each resident's expected number of valid returns (receipt × response), ≈ exact.

    Used by the calibration: shares weighted by it are the expected survey
    shares of a population, without the sampling noise of 500 questionnaires.
    """
    adults, adopters, n_online, n_offline = _channels(residents, scenario)
    p_online = np.zeros(residents.n)
    if n_online:
        p_online[adopters] = inclusion_probabilities(online_reach(residents, scenario, adopters),
                                                     n_online)
    p_receive = np.zeros(residents.n)
    others = len(adults) - n_online
    p_receive[adults] = p_online[adults] + (1 - p_online[adults]) * (
        n_offline / others if others > 0 else 0.0)
    rows = np.arange(residents.n)
    return p_receive * response_probability(residents, scenario, rows)


def inclusion_probabilities(weights: np.ndarray, n: int) -> np.ndarray:
    """Chance of each unit to be among `n` drawn without replacement ∝ `weights`.

    Rosén's approximation for successive sampling: 1 − exp(−λ·w), λ such that the
    chances sum to n.
    """
    from scipy.optimize import brentq

    w = weights / weights.mean()
    if n >= len(w):
        return np.ones(len(w))
    lam = brentq(lambda x: float((1 - np.exp(-x * w)).sum()) - n, 1e-12, 1e6)
    return 1 - np.exp(-lam * w)


def survey_scenario(scenario: Scenario, seed: int | np.random.SeedSequence,
                    days: int = 0) -> SurveyResult:
    """Build the model with `seed`, run `days` days, then survey with the run's generator."""
    from govsim.model import GovernanceModel
    from govsim.runner import make_rng

    model = GovernanceModel(scenario, make_rng(seed))
    for _ in range(days):
        model.step()
    return conduct(model.state.residents, scenario, model.rng, day=model.day)


def largest_deviation(cells: dict[str, dict[str, float]]) -> tuple[str, float]:
    """The category with the largest |simulated − paper| and that deviation (points)."""
    name = max(cells, key=lambda c: abs(cells[c]["simulated"] - cells[c]["paper"]))
    return name, abs(cells[name]["simulated"] - cells[name]["paper"])


def format_comparison(comparison: dict[str, dict[str, dict[str, float]]], title: str) -> str:
    lines = [title, "=" * len(title)]
    for table, (_, heading) in TABLES.items():
        cells = comparison[table]
        lines += ["", heading, f"  {'category':<26}{'simulated %':>12}{'paper %':>10}{'diff':>8}"]
        for name, c in cells.items():
            lines.append(f"  {name:<26}{c['simulated']:>12.1f}{c['paper']:>10.1f}"
                         f"{c['simulated'] - c['paper']:>+8.1f}")
        worst, dev = largest_deviation(cells)
        lines.append(f"  largest absolute deviation: {dev:.1f} points ({worst})")
    return "\n".join(lines)


def cmd_survey(args: argparse.Namespace) -> int:
    """`govsim survey SCENARIO [--seed S] [--days N] [--set k=v]… [--out DIR]`."""
    from govsim.config import ConfigError, load_scenario
    from govsim.output import atomic_write_bytes

    days = args.days or 0
    if days < 0:
        raise ConfigError(f"--days {days}: the days simulated before the survey must be ≥ 0.")
    overrides = list(args.set or [])
    if args.seed is not None:
        overrides.append(f"seed={args.seed}")
    scenario = load_scenario(args.scenario, overrides, days=days or None)
    result = survey_scenario(scenario, scenario.seed, days)
    comparison = result.comparison()
    data = paper()
    title = (f"govsim survey {scenario.name}: seed {scenario.seed}, day {result.day}; "
             f"{len(result.recipients)} distributed, {len(result.respondents)} valid "
             f"({100 * result.response_rate:.2f} %); S4: {data['distributed']} distributed, "
             f"{data['valid']} valid ({comparison['response']['valid']['paper']:.2f} %)")
    print(format_comparison(comparison, title))
    if args.out:
        path = Path(args.out) / "survey.json"
        atomic_write_bytes(path, (json.dumps(comparison, indent=2) + "\n").encode())
        print(f"\nwrote {path}")
    return 0
