"""Residents' attitudes toward digital governance: S4 Tables 4 and 5 .

Channel preference (online … offline, Table 4) is a score cut at the four
``attitudes.channel_*_from`` thresholds:

    score = channel_intercept + literacy_weight·literacy + adoption_weight·adopted
            − elderly_weight·(60+) + noise_sd·z + experience

where z ~ Normal(0, 1) is drawn once per resident at day 0 and ``experience``
is what the year has done to them (:mod:`govsim.rules.experience`). The score
is always read from the current state, so literacy gained, adoption, drop-out and experience
all move the answer. The rules compute it for the residents they need when they
need it (reporting: today's reporters; the survey: its respondents), not for
all 7,500 every day; ``Residents.channel_preference`` is refreshed at the end
of a run (and at day 0).

Main concern (Table 5) is a multinomial logit of current literacy, the platform
(several apps, privacy) and bad experiences (outage days, unanswered online
cases), drawn when a resident is asked. Intercepts and slopes are the
``attitudes:`` section: only ``channel_intercept`` and ``channel_noise_sd`` are
fitted (scripts/calibrate_survey.py, docs/calibration.md); the rest is
assumed.
"""

from __future__ import annotations

import numpy as np

from govsim.scenario.schema import Scenario
from govsim.world.state import Concern, Residents


def channel_cuts(scenario: Scenario) -> np.ndarray:
    """Thresholds of the channel score: lean offline | both | lean online | online."""
    a = scenario.attitudes
    return np.array(
        [
            a.channel_lean_offline_from,
            a.channel_both_from,
            a.channel_lean_online_from,
            a.channel_online_from,
        ]
    )


def channel_from_score(scenario: Scenario, score: np.ndarray) -> np.ndarray:
    """S4 Table 4's five points (ChannelPreference: 0 = online … 4 = offline) from a score."""
    cuts = channel_cuts(scenario)
    return (len(cuts) - np.searchsorted(cuts, score, side="right")).astype(np.int8)


_LOG1P = np.log1p(np.arange(4096, dtype=np.int32))  # algorithm: table size
"""log(1 + k) for the counts 0…4095: a run recomputes every resident's channel score daily,
and a table lookup is several times faster than ``np.log1p`` on the same int32 values (the
same ufunc made the table, so the numbers are identical; tests/core/test_stats.py)."""


def log1p_count(counts: np.ndarray) -> np.ndarray:
    """``np.log1p(counts)`` for non-negative int32 counts, by table when they fit (a few
    hundred counts, today's reporters: np.log1p itself, one call instead of two)."""
    if len(counts) > 512 and counts.max() < len(_LOG1P):  # algorithm: when a lookup pays
        return _LOG1P[counts]
    return np.log1p(counts)


def _at(values: np.ndarray, rows: np.ndarray | None) -> np.ndarray:
    return values if rows is None else values[rows]


def experience_term(
    scenario: Scenario, res: Residents, rows: np.ndarray | None = None
) -> np.ndarray:
    """Channel score added by what each resident (of `rows`; all when None) lived through
    this run (0 at day 0)."""
    e = scenario.experience
    term = (
        e.channel_answered_online * log1p_count(_at(res.cases_answered_online, rows))
        - e.channel_answered_offline * log1p_count(_at(res.cases_answered_offline, rows))
        - e.channel_unanswered * log1p_count(_at(res.cases_unanswered, rows))
        - e.channel_outage * log1p_count(_at(res.outage_days_seen, rows))
        + e.channel_coaching * log1p_count(_at(res.coaching_received, rows))
    )
    return term * np.where(_at(res.is_elderly, rows), e.elderly_factor, 1.0)


def channel_mean(scenario: Scenario, res: Residents, rows: np.ndarray | None = None) -> np.ndarray:
    """The channel score without its personal term (float64), for `rows` (all when None)."""
    a = scenario.attitudes
    return (
        a.channel_intercept
        + a.channel_literacy_weight * _at(res.literacy, rows).astype(np.float64)
        + a.channel_adoption_weight * _at(res.has_adopted, rows)
        - a.channel_elderly_weight * _at(res.is_elderly, rows)
        + experience_term(scenario, res, rows)
    )


def channel_preference(
    scenario: Scenario, res: Residents, rows: np.ndarray | None = None
) -> np.ndarray:
    """S4 Table 4's five points from the current state of the residents `rows` (all when
    None). Element by element the same arithmetic whatever `rows` is, so a resident's
    answer does not depend on who else is asked (tests/core/test_stats.py)."""
    score = channel_mean(scenario, res, rows) + scenario.attitudes.channel_noise_sd * _at(
        res.channel_personal, rows
    )
    return channel_from_score(scenario, score)


def bad_experience(res: Residents) -> np.ndarray:
    """log(1 + outage days and unanswered online cases lived through)."""
    return np.log1p(res.outage_days_seen + res.cases_unanswered)


def concern_logits(
    scenario: Scenario, literacy: np.ndarray, bad: np.ndarray | float = 0.0
) -> np.ndarray:
    """Log-odds of each S4 Table 5 concern (columns in Concern order), one row per resident."""
    a, plat = scenario.attitudes, scenario.platform
    literacy = np.asarray(literacy, dtype=np.float64)
    logits = np.empty((len(literacy), len(Concern)))
    logits[:, Concern.COMPLICATED] = a.complicated_intercept + a.complicated_literacy * literacy
    logits[:, Concern.INFORMATION_SECURITY] = (
        a.security_intercept
        + a.security_literacy * literacy
        + a.security_privacy_weight * (1 - plat.privacy)
    )
    logits[:, Concern.MANY_APPLICATIONS] = (
        a.many_apps_intercept
        + (0.0 if plat.integrated else a.many_apps_not_integrated)
        + a.many_apps_literacy * literacy
    )
    logits[:, Concern.NO_WORRIES] = (
        a.no_worries_intercept
        + a.no_worries_literacy * literacy
        - a.no_worries_bad_experience * bad
    )
    logits[:, Concern.OTHER] = a.other_intercept
    return logits


def main_concern(
    scenario: Scenario,
    rng: np.random.Generator,
    literacy: np.ndarray,
    bad: np.ndarray | float = 0.0,
) -> np.ndarray:
    """S4 Table 5's main concern: a draw from the multinomial logit (Gumbel-max)."""
    logits = concern_logits(scenario, literacy, bad)
    return np.argmax(logits + rng.gumbel(0.0, 1.0, logits.shape), axis=1).astype(np.int8)
