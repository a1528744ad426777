"""Residents' attitudes toward digital governance at day 0: S4 Tables 4 and 5.

Channel preference (online … offline, Table 4) and main concern (Table 5)
follow from literacy, adoption and the platform. The coefficients are
assumed; issue 7 calibrates them so that simulated *respondents* match
004_3da5043afcfd9873.txt Tables 3-5.
"""

from __future__ import annotations

import numpy as np

from govsim.schema import Scenario
from govsim.state import Concern


def channel_preference(rng: np.random.Generator, literacy: np.ndarray,
                        has_adopted: np.ndarray) -> np.ndarray:
    """S4 Table 4's five points from literacy and adoption (thresholds assumed)."""
    score = 2.8 * literacy + 0.9 * has_adopted + rng.normal(0.0, 0.45, len(literacy))
    cuts = np.array([0.9, 1.4, 1.8, 2.4])  # assumed: offline | lean off | both | lean on | online
    return (len(cuts) - np.searchsorted(cuts, score)).astype(np.int8)


def main_concern(scenario: Scenario, rng: np.random.Generator, literacy: np.ndarray) -> np.ndarray:
    """S4 Table 5's main concern, a multinomial logit of literacy and the platform (assumed)."""
    n = len(literacy)
    plat = scenario.platform
    logits = np.empty((n, len(Concern)))
    logits[:, Concern.COMPLICATED] = 1.2 - 3.5 * literacy
    logits[:, Concern.INFORMATION_SECURITY] = -0.6 + 1.5 * (1 - plat.privacy) + 0.8 * literacy
    logits[:, Concern.MANY_APPLICATIONS] = (0.1 if plat.integrated else 1.0) + 0.4 * literacy
    logits[:, Concern.NO_WORRIES] = -0.6 + 1.8 * literacy
    logits[:, Concern.OTHER] = -0.3
    return np.argmax(logits + rng.gumbel(0.0, 1.0, logits.shape), axis=1).astype(np.int8)
