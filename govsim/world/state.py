"""Model state as arrays: residents (one row each) and cases (one row each).

A Mesa agent object per resident costs 1–4 µs per agent-step; a day of
Community Y must cost ≤ 300 ns per resident, so residents are columns of
numpy arrays and the rules are vector operations over them. Institutions
(grid workers, departments, party organisations, social groups) are few and
are Mesa agents (:mod:`govsim.world.agents`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import IntEnum

import numpy as np

from govsim.world.tables import RunTables

NEVER = np.int32(-1)
"""Day value of an event that has not happened."""


class Status(IntEnum):
    """Where a case is in the closed loop of S2 ."""

    RAISED = 0  # the resident has the issue, nobody else knows
    REPORTED = 1  # entered: online, offline, or found on patrol
    DISPATCHED = 2  # in a responder's queue (possibly blocked by the barrier)
    RESOLVED = 3  # handled; waiting for the resident's feedback
    CLOSED = 4  # feedback given, loop closed
    LAPSED = 5  # never reported; the resident gave up


class Channel(IntEnum):
    NONE = -1
    ONLINE = 0
    OFFLINE = 1
    PATROL = 2


class ChannelPreference(IntEnum):
    """S4 Table 4: tend to choose online or offline."""

    ONLINE = 0
    LEAN_ONLINE = 1
    BOTH = 2
    LEAN_OFFLINE = 3
    OFFLINE = 4


class Concern(IntEnum):
    """S4 Table 5: main concern about digital governance."""

    COMPLICATED = 0
    INFORMATION_SECURITY = 1
    MANY_APPLICATIONS = 2
    NO_WORRIES = 3
    OTHER = 4


@dataclass
class Residents:
    """One row per resident. Ids are row numbers; households are contiguous."""

    age: np.ndarray  # int16, years
    age_bracket: np.ndarray  # int8, index into schema.AGE_BRACKETS
    is_elderly: np.ndarray  # bool, 60+
    is_adult: np.ndarray  # bool, raises issues, adopts, takes part
    is_female: np.ndarray  # bool
    household: np.ndarray  # int32
    building: np.ndarray  # int32
    grid: np.ndarray  # int32
    community: np.ndarray  # int32
    literacy: np.ndarray  # float32, 0–1
    has_adopted: np.ndarray  # bool
    channel_preference: np.ndarray  # int8, ChannelPreference, as of day 0 and the run's end
    # (rules compute it for the rows they read: attitudes.channel_preference(..., rows))
    concern: np.ndarray  # int8, Concern
    trust_government: np.ndarray  # float32, 0–1
    trust_platform: np.ndarray  # float32, 0–1
    civic_propensity: np.ndarray  # float32, 0–1
    is_party_member: np.ndarray  # bool
    social_group: np.ndarray  # int16, -1 = none
    time_bank_balance: np.ndarray  # float32, hours
    last_participation_day: np.ndarray  # int32, NEVER = never
    participation_count: np.ndarray  # int32, activities taken part in this run
    open_issues: np.ndarray  # int32 (surges multiply; 16 bits overflowed): raised, still open
    # Experience this run (govsim/rules/experience.py); zeros when not given.
    channel_personal: np.ndarray = None  # float32, personal term of the channel score (day 0)
    cases_answered_online: np.ndarray = None  # int32, own online cases resolved
    cases_answered_offline: np.ndarray = None  # int32, own offline/patrol cases resolved
    cases_unanswered: np.ndarray = None  # int32, own online cases past adoption.unanswered_days
    outage_days_seen: np.ndarray = None  # int32, outage days lived through as an adopter
    coaching_received: np.ndarray = None  # int32, grid-worker coaching visits
    training_received: np.ndarray = None  # int32, training seats taken

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) is None:
                dtype = np.float32 if f.name == "channel_personal" else np.int32
                setattr(self, f.name, np.zeros(len(self.age), dtype=dtype))

    @property
    def n(self) -> int:
        return len(self.age)


@dataclass
class Households:
    """Household → building → grid → community, and the resident rows of each."""

    start: np.ndarray  # int32, first resident row
    size: np.ndarray  # int16
    building: np.ndarray  # int32
    grid: np.ndarray  # int32
    community: np.ndarray  # int32
    grid_start: np.ndarray  # int32, first household of each grid (households sorted by grid)
    grid_size: np.ndarray  # int32, households per grid
    last_visit_day: np.ndarray  # int32, NEVER = never visited by a grid worker

    @property
    def n(self) -> int:
        return len(self.start)


_CASE_COLUMNS = {
    "category": np.int8,
    "reporter": np.int32,
    "household": np.int32,
    "grid": np.int32,
    "channel": np.int8,
    "status": np.int8,
    "day_raised": np.int32,
    "day_reported": np.int32,
    "day_dispatched": np.int32,
    "day_resolved": np.int32,
    "day_closed": np.int32,
    "responder": np.int16,
    "is_cross_department": np.bool_,
    "is_blocked": np.bool_,
    "quality": np.float32,
    "satisfaction": np.float32,
    # handling in hours (docs/ODD.md §3 step 5): times are hours since the start of day 0
    "time_raised": np.float64,  # the hour the issue arose (rules/needs.py; issue 22)
    "time_reported": np.float64,
    "time_dispatched": np.float64,
    "time_acknowledged": np.float64,
    "time_contacted": np.float64,  # the desk reached the requester (rules/contact.py; issue 28)
    "time_resolved": np.float64,
    "work_left": np.float32,  # staff-hours of work still needed (after effort)
    "pile_order": np.float32,  # place in an unordered pile (no closed loop), uniform 0-1
    "excluded": np.bool_,  # judged unreasonable, left out of assessment (feedback.manage_rating)
}


@dataclass
class CaseBook:
    """All cases of a run, one row each, in order of the day raised.

    Rows below `first_open` are finished (closed, lapsed, or resolved past the
    feedback window) and never change again, so the daily rules only look at
    ``[first_open:n]``.
    """

    capacity: int = 1024
    n: int = 0
    first_open: int = 0
    columns: dict[str, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, dtype in _CASE_COLUMNS.items():
            self.columns[name] = self._blank(name, dtype, self.capacity)

    @staticmethod
    def _blank(name: str, dtype: type, size: int) -> np.ndarray:
        if name.startswith("day_") or name in ("responder", "channel"):
            return np.full(size, -1, dtype=dtype)
        if name.startswith("time_"):
            return np.full(size, np.nan, dtype=dtype)
        return np.zeros(size, dtype=dtype)

    def add(self, **values: np.ndarray) -> slice:
        """Append rows; columns not given keep their blank value. Returns the new rows."""
        k = len(values["reporter"])
        if self.n + k > self.capacity:
            new_capacity = max(2 * self.capacity, self.n + k)
            for name, dtype in _CASE_COLUMNS.items():
                grown = self._blank(name, dtype, new_capacity)
                grown[: self.n] = self.columns[name][: self.n]
                self.columns[name] = grown
            self.capacity = new_capacity
        rows = slice(self.n, self.n + k)
        for name, value in values.items():
            self.columns[name][rows] = value
        self.n += k
        return rows

    def open_view(self) -> slice:
        return slice(self.first_open, self.n)


def _column(name: str) -> property:
    """``cases.<name>``: the column's filled rows (a view)."""
    return property(
        lambda self: self.columns[name][: self.n],
        doc=f"The `{name}` column, one value per case (a view of the filled rows).",
    )


for _name in _CASE_COLUMNS:  # a property per column: the rules read ~65 columns a day, and a
    setattr(CaseBook, _name, _column(_name))  # __getattr__ fallback cost 1.6 µs a read
del _name


def check_invariants(residents: Residents, households: Households, cases: CaseBook) -> None:
    """Raise AssertionError when the state is inconsistent (used by tests)."""
    n = residents.n
    assert households.size.sum() == n, "every resident belongs to exactly one household"
    rows = np.repeat(np.arange(households.n), households.size)
    assert np.array_equal(rows, residents.household), "households are contiguous rows"
    for f in fields(residents):
        assert len(getattr(residents, f.name)) == n, f"column {f.name} has one row per resident"
    for name in ("literacy", "trust_government", "trust_platform", "civic_propensity"):
        values = getattr(residents, name)
        assert np.all((values >= 0) & (values <= 1)), f"{name} stays in 0–1"
    status = cases.status
    assert np.all((status >= Status.RAISED) & (status <= Status.LAPSED)), "each case in one state"
    reported = status >= Status.REPORTED
    assert np.all(cases.day_reported[reported & (status != Status.LAPSED)] >= 0)
    resolved = (status == Status.RESOLVED) | (status == Status.CLOSED)
    assert np.all(cases.day_resolved[resolved] >= cases.day_reported[resolved])
    assert np.all(cases.responder[resolved] >= 0), "a resolved case has a responder"
    open_per_resident = np.bincount(cases.reporter[status <= Status.DISPATCHED], minlength=n)
    assert np.array_equal(open_per_resident, residents.open_issues), "open issues conserved"


@dataclass
class DailyLog:
    """Per-day flows that are not stored elsewhere (participation, hours)."""

    days: int
    participants_online: np.ndarray = field(init=False)
    participants_offline: np.ndarray = field(init=False)
    volunteer_hours: np.ndarray = field(init=False)
    time_bank_hours: np.ndarray = field(init=False)
    time_bank_hours_spent: np.ndarray = field(init=False)

    gov_hours_worked: np.ndarray = field(init=False)  # government staff-hours worked
    gov_hours_available: np.ndarray = field(init=False)  # government staff-hours on duty
    backlog: np.ndarray = field(init=False)  # cases reported, not resolved, at the day's end
    # for the cost metrics (issue 22)
    office_hours_available: np.ndarray = field(init=False)  # community-office staff-hours
    social_hours_available: np.ndarray = field(init=False)  # social groups' staff-hours
    training_seats: np.ndarray = field(init=False)  # training seats taken
    subsidised_cases: np.ndarray = field(init=False)  # cases social groups took on offer
    # the hotline's consultations (rules/calls.py; issue 28): calls that are not requests
    consultations_phone: np.ndarray = field(init=False)
    consultations_online: np.ndarray = field(init=False)
    contact_hours_available: np.ndarray = field(init=False)  # the contact desk (rules/contact.py)
    # the evening and weekend rota's staff-hours on duty (rules/handling.py; issue 29)
    rota_hours_evening: np.ndarray = field(init=False)
    rota_hours_rest_day: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        for name in (
            "participants_online",
            "participants_offline",
            "volunteer_hours",
            "time_bank_hours",
            "time_bank_hours_spent",
            "gov_hours_worked",
            "gov_hours_available",
            "backlog",
            "office_hours_available",
            "social_hours_available",
            "training_seats",
            "subsidised_cases",
            "consultations_phone",
            "consultations_online",
            "contact_hours_available",
            "rota_hours_evening",
            "rota_hours_rest_day",
        ):
            setattr(self, name, np.zeros(self.days + 1, dtype=np.float64))

    def total(self, name: str, lo: int, hi: int) -> float:
        # np.add.reduce is what .sum() calls, minus its Python wrapper (~8 calls a day)
        return float(np.add.reduce(getattr(self, name)[max(lo, 0) : hi + 1]))


@dataclass
class SimState:
    """Everything the daily rules read and write; held by the Mesa model."""

    residents: Residents
    households: Households
    # govsim.world.network.Network, untyped: network.py imports this module (Residents,
    # Households), so naming the type here would make a module cycle inside govsim.world
    network: object
    cases: CaseBook
    log: DailyLog
    day: int = 0
    platform_up: bool = True
    grid_workers: list = field(default_factory=list)
    party_organisations: list = field(default_factory=list)
    responders: list = field(default_factory=list)
    tables: RunTables | None = None  # fixed for a run, set when the model is built
    raise_hour_rng: np.random.Generator | None = None  # the hour-raised stream (rules/needs.py)
    calls_rng: np.random.Generator | None = None  # the consultations' stream (rules/calls.py)
    coached_today: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    resolved_today: np.ndarray = field(  # case rows resolved today (handling → experience)
        default_factory=lambda: np.zeros(0, dtype=np.int64)
    )
    pending_ties: list = field(default_factory=list)  # (u, v) arrays not yet in the network
    # govsim.world.tallies.Tallies (untyped as `network`: tallies.py imports this module):
    # counts of adults the level metrics read, kept by the rules (docs/scale.md)
    tallies: object = None
    ties_added: int = 0
    # the monthly ranking of a hotline reform (simulation/ranking.py); neutral without it
    quality_gain: float = 0.0  # added to responders.quality_mean
    effort_gain: float = 1.0  # divides the staff-hours a case needs
    ranking_history: list = field(default_factory=list)  # one dict per month evaluated
    # the reform's demand and staffing (simulation/reform.py; issue 28); neutral without it
    demand_growth: float = 1.0  # multiplies the issue and consultation rates
    awareness: float = 0.0  # residents' awareness that calls work (latent demand)
    staff_factor: float = 1.0  # multiplies department and contact-desk staff-hours
    reform_history: list = field(default_factory=list)  # one dict per month


def add_count(counter: np.ndarray, rows: np.ndarray, amount: int = 1) -> None:
    """``np.add.at(counter, rows, amount)`` (a row may repeat), with `amount` cast to the
    counter's dtype first: numpy's ufunc.at takes its fast path only for a value of the
    array's own type (measured 3.7 ns a row against 80 ns with a Python int)."""
    np.add.at(counter, rows, counter.dtype.type(amount))


def members_of(households: Households, rows: np.ndarray) -> np.ndarray:
    """Resident rows of the given households, concatenated."""
    sizes = households.size[rows].astype(np.int64)
    if not len(sizes):
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(households.start[rows].astype(np.int64), sizes)
    within = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return starts + within
