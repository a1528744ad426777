"""Counts the level metrics read, kept as the state changes (docs/scale.md, third round).

Several levels of the daily series (docs/ODD.md §7.9) are shares of adults: who uses the
platform, by age group (S4); who took part in an activity in the last 30 days, by age
group (S0, S1); who has a working channel to government, online or through a grid
worker's visit to the household in the last 30 days (S0's organisational community);
and how many activities each adult has had (the participation Gini). Counted over every
adult each day they were a third of step 9's time at a million residents. The rules that
change what they count (step 3 patrol, step 7 participation, step 8 adoption) update
these counts instead, for the residents who changed, just before they write the change.

The counts are exact integers, so each metric is the same number as a count over every
adult (tests/simulation/test_tallies.py compares them with `Tallies.count` on every day of a
run). A state written outside the rules (a test setting flags by hand) must be counted
again: ``state.tallies = Tallies.count(state.residents, state.households, days)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from govsim.world.state import Households, Residents, add_count

UNDER_60, AGED_60_PLUS = 0, 1  # enumeration: the age groups' rows (`Residents.is_elderly`)


@dataclass
class Tallies:
    """Adults counted by what the level metrics ask of them (module docstring).

    Attributes:
        adopters: per age group (under 60, 60+), adults who use the platform.
        last_took_part: age groups × days: adults whose last activity was on that day.
        activities: adults with c activities so far, at index c (0 .. days).
        offline_adults: per household, its adults who do not use the platform.
        offline_last_visited: per day, the offline adults of the households a grid worker
            last visited on that day.
    """

    residents: Residents = field(repr=False)
    households: Households = field(repr=False)
    adopters: np.ndarray  # int64, 2
    last_took_part: np.ndarray  # int64, 2 × days
    activities: np.ndarray  # int64, days + 1 (one activity a day at most)
    offline_adults: np.ndarray  # int32, per household
    offline_last_visited: np.ndarray  # int64, days

    @classmethod
    def count(cls, res: Residents, hh: Households, days: int) -> Tallies:
        """Every count from scratch, over all residents and households."""
        adult, group = res.is_adult, res.is_elderly.astype(np.int64)
        took_part = adult & (res.last_participation_day >= 0)
        offline = np.bincount(res.household[adult & ~res.has_adopted], minlength=hh.n)
        visited = hh.last_visit_day >= 0
        return cls(
            res,
            hh,
            adopters=np.bincount(group[adult & res.has_adopted], minlength=2),
            last_took_part=np.bincount(
                group[took_part] * days + res.last_participation_day[took_part],
                minlength=2 * days,
            ).reshape(2, days),
            activities=np.bincount(res.participation_count[adult], minlength=days + 1),
            offline_adults=offline.astype(np.int32),
            offline_last_visited=np.bincount(
                hh.last_visit_day[visited], weights=offline[visited], minlength=days
            ).astype(np.int64),
        )

    def adopted(self, rows: np.ndarray) -> None:
        """Residents `rows` start to use the platform (step 8; before the flag is set)."""
        self._adoption(rows, 1)

    def dropped_out(self, rows: np.ndarray) -> None:
        """Residents `rows` stop using the platform (step 8; before the flag is cleared)."""
        self._adoption(rows, -1)

    def _adoption(self, rows: np.ndarray, change: int) -> None:
        if not len(rows):  # most days in a small community: no numpy calls for nobody
            return
        res = self.residents
        adults = rows[res.is_adult[rows]]
        self.adopters += change * np.bincount(res.is_elderly[adults], minlength=2)
        homes = res.household[adults]
        add_count(self.offline_adults, homes, -change)
        last = self.households.last_visit_day[homes]
        add_count(self.offline_last_visited, last[last >= 0], -change)

    def took_part(self, adults: np.ndarray, day: int) -> None:
        """Adults `adults` (distinct; only adults are invited) took part in an activity on
        `day` (step 7; before their last day and their count of activities are written)."""
        if not len(adults):
            return
        res = self.residents
        group = res.is_elderly[adults].astype(np.int64)
        last = res.last_participation_day[adults]
        before = last >= 0
        add_count(self.last_took_part.reshape(-1), group[before] * self.days + last[before], -1)
        self.last_took_part[:, day] += np.bincount(group, minlength=2)
        count = res.participation_count[adults]
        add_count(self.activities, count, -1)
        add_count(self.activities, count + 1)

    def visited(self, homes: np.ndarray, day: int) -> None:
        """Households `homes` (distinct) visited by a grid worker on `day` (step 3; before
        their last visit day is written)."""
        last = self.households.last_visit_day[homes]
        offline = self.offline_adults[homes].astype(np.int64)
        before = last >= 0
        np.subtract.at(self.offline_last_visited, last[before], offline[before])
        self.offline_last_visited[day] += offline.sum()

    @property
    def days(self) -> int:
        return self.last_took_part.shape[1]

    def took_part_since(self, day: int) -> np.ndarray:
        """Per age group, adults whose last activity was on `day` or later."""
        return self.last_took_part[:, max(day, 0) :].sum(axis=1)

    def offline_visited_since(self, day: int) -> int:
        """Adults who do not use the platform in households visited on `day` or later."""
        return int(self.offline_last_visited[max(day, 0) :].sum())

    def adults_by_activities(self) -> np.ndarray:
        """``np.bincount`` of the adults' counts of activities: the same array, as long as
        the largest count + 1."""
        used = np.flatnonzero(self.activities)
        return self.activities[: used[-1] + 1 if len(used) else 0]
