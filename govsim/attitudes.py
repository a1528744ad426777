"""Residents' attitudes toward digital governance at day 0: S4 Tables 4 and 5.

Channel preference (online … offline, Table 4) and main concern (Table 5)
follow from literacy, adoption and the platform. The coefficients are the
``attitudes:`` section of the scenario; the thresholds and intercepts of
Community Y are fitted by ``experiments/calibrate_survey.py`` so that the
simulated *respondents* match 004_3da5043afcfd9873.txt Tables 3-5 (see
docs/calibration.md); the slopes are assumed.
"""

from __future__ import annotations

import numpy as np

from govsim.schema import Scenario
from govsim.state import Concern


def channel_cuts(scenario: Scenario) -> np.ndarray:
    """Thresholds of the channel score: lean offline | both | lean online | online."""
    a = scenario.attitudes
    return np.array([a.channel_lean_offline_from, a.channel_both_from,
                     a.channel_lean_online_from, a.channel_online_from])


def channel_from_score(scenario: Scenario, score: np.ndarray) -> np.ndarray:
    """S4 Table 4's five points (ChannelPreference: 0 = online … 4 = offline) from a score."""
    cuts = channel_cuts(scenario)
    return (len(cuts) - np.searchsorted(cuts, score, side="right")).astype(np.int8)


def channel_preference(scenario: Scenario, rng: np.random.Generator, literacy: np.ndarray,
                       has_adopted: np.ndarray) -> np.ndarray:
    """S4 Table 4's five points from literacy, adoption and noise (weights in `attitudes`)."""
    a = scenario.attitudes
    score = (a.channel_literacy_weight * literacy + a.channel_adoption_weight * has_adopted
             + rng.normal(0.0, a.channel_noise_sd, len(literacy)))
    return channel_from_score(scenario, score)


def concern_logits(scenario: Scenario, literacy: np.ndarray) -> np.ndarray:
    """Log-odds of each S4 Table 5 concern (columns in Concern order), one row per resident."""
    a, plat = scenario.attitudes, scenario.platform
    literacy = np.asarray(literacy, dtype=np.float64)
    logits = np.empty((len(literacy), len(Concern)))
    logits[:, Concern.COMPLICATED] = a.complicated_intercept + a.complicated_literacy * literacy
    logits[:, Concern.INFORMATION_SECURITY] = (a.security_intercept + a.security_literacy * literacy
                                               + a.security_privacy_weight * (1 - plat.privacy))
    logits[:, Concern.MANY_APPLICATIONS] = (
        a.many_apps_intercept + (0.0 if plat.integrated else a.many_apps_not_integrated)
        + a.many_apps_literacy * literacy)
    logits[:, Concern.NO_WORRIES] = a.no_worries_intercept + a.no_worries_literacy * literacy
    logits[:, Concern.OTHER] = a.other_intercept
    return logits


def main_concern(scenario: Scenario, rng: np.random.Generator, literacy: np.ndarray) -> np.ndarray:
    """S4 Table 5's main concern: a draw from the multinomial logit (Gumbel-max)."""
    logits = concern_logits(scenario, literacy)
    return np.argmax(logits + rng.gumbel(0.0, 1.0, logits.shape), axis=1).astype(np.int8)
