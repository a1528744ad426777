"""The scenario schema: every lever, uncertainty and setting a scenario may name.

One frozen pydantic model per section of docs/contract.md. Every field has a
default, a unit or range, and a description that error messages quote as
"what is allowed". Numbers here are *defaults*; the shipped scenario files
set them again with a comment naming their source (seed file and table) or
saying ``# assumed``.

Loading YAML, ``extends:`` and ``--set`` live in :mod:`govsim.scenario.config`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.fields import FieldInfo

Share = Annotated[float, Field(ge=0.0, le=1.0)]
"""A share or probability in 0–1."""

CATEGORIES = ("repairs", "sanitation", "safety", "dispute", "elderly_care", "property")
"""Issue categories of docs/ODD.md §3 step 1 (assumed list)."""

AGE_BRACKETS = ("le_20", "age_21_30", "age_31_40", "age_41_50", "age_51_60", "ge_60")
"""Age brackets of S4 Table 2 ."""


def assumed(default, plausible: tuple[float, float], description: str, **bounds):
    """A Field for an assumed number: validation bounds (`ge=`, `le=`…), a description
    saying "assumed", and the narrower range a modeller finds plausible.

    The plausible range is the modeller's statement of uncertainty about the number,
    not what the schema accepts: ``govsim robustness`` samples every assumed key
    inside it (:func:`plausible_ranges`). Integer keys give integer ranges.
    """
    text = description if "assumed" in description else f"{description} (assumed)"
    return Field(
        default,
        description=text,
        **bounds,
        json_schema_extra={"assumed": True, "plausible": list(plausible)},
    )


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CategoryShares(_Section):
    """Share of issues per category; must sum to 1."""

    repairs: Share = 0.30
    sanitation: Share = 0.20
    safety: Share = 0.12
    dispute: Share = 0.12
    elderly_care: Share = 0.10
    property: Share = 0.16

    @model_validator(mode="after")
    def _sums_to_one(self) -> CategoryShares:
        total = sum(getattr(self, c) for c in CATEGORIES)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"category shares must sum to 1, they sum to {total:.4f}")
        return self

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(getattr(self, c) for c in CATEGORIES)


class _ByAge(_Section):
    """One number per S4 Table 2 age bracket: le_20, age_21_30, …, age_51_60, ge_60."""

    le_20: Share
    age_21_30: Share
    age_31_40: Share
    age_41_50: Share
    age_51_60: Share
    ge_60: Share

    def as_tuple(self) -> tuple[float, ...]:
        return (
            self.le_20,
            self.age_21_30,
            self.age_31_40,
            self.age_41_50,
            self.age_51_60,
            self.ge_60,
        )


class AgeShares(_ByAge):
    """Share of residents per age bracket; must sum to 1."""

    @model_validator(mode="after")
    def _sums_to_one(self) -> AgeShares:
        total = sum(self.as_tuple())
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"age shares must sum to 1, they sum to {total:.4f}")
        return self


class LiteracyByAge(_ByAge):
    """Mean initial digital literacy per age bracket, each strictly between 0 and 1."""

    @model_validator(mode="after")
    def _inside_unit_interval(self) -> LiteracyByAge:
        if any(not 0.0 < m < 1.0 for m in self.as_tuple()):
            raise ValueError("each literacy mean must lie strictly between 0 and 1")
        return self


class Population(_Section):
    residents: int = Field(
        7500,
        ge=20,
        description=(
            "residents (integer ≥ 20; no fixed upper limit: the memory check refuses a run "
            "that would not fit, see docs/validation.md)"
        ),
    )
    households: int = Field(2630, ge=5, description="households (integer ≥ 5)")
    communities: int = Field(4, ge=1, description="communities (integer ≥ 1)")
    grids: int = Field(10, ge=1, description="grids, one per grid worker in S4")
    buildings_per_grid: int = Field(12, ge=1, le=500, description="residential buildings per grid")
    age_shares: AgeShares = AgeShares(
        le_20=0.16, age_21_30=0.12, age_31_40=0.16, age_41_50=0.15, age_51_60=0.17, ge_60=0.24
    )
    adult_age: int = Field(
        16,
        ge=0,
        le=30,
        description="age from which residents raise issues, adopt and take part (years)",
    )
    ties_within_building: int = Field(
        4, ge=0, le=40, description="even mean degree of the small-world ring inside a building"
    )
    rewire_within_building: Share = Field(0.1, description="small-world rewiring probability")
    ties_across_buildings: float = Field(
        0.6, ge=0, le=20, description="mean ties per resident to other buildings of the same grid"
    )
    ties_across_grids: float = Field(
        0.1, ge=0, le=20, description="mean ties per resident to other grids"
    )
    randomise_ties: bool = Field(
        False,
        description="rewire all ties at random keeping degrees "
        "(the control condition of Centola's experiment)",
    )
    party_member_share: Share = Field(0.07, description="share of adults in the party")
    social_group_member_share: Share = Field(0.12, description="share of adults in a social group")
    female_share: Share = assumed(
        0.52,
        (0.48, 0.56),
        "share of residents who are women (near "
        "S4 Table 1's 55.22 % of respondents, not a random sample); "
        "read by no rule and no metric",
    )
    elderly_age_tail_mean: float = assumed(
        10.0,
        (7.0, 13.0),
        "mean years above 60 of a "
        "resident aged 60+ (age = 60 + an exponential "
        "tail with this mean)",
        gt=0,
        le=40,
    )
    oldest_age: int = assumed(
        100, (95, 105), "age at which the 60+ tail is capped (years)", ge=61, le=120
    )


class Literacy(_Section):
    mean_by_age: LiteracyByAge = LiteracyByAge(
        le_20=0.62, age_21_30=0.78, age_31_40=0.72, age_41_50=0.60, age_51_60=0.45, ge_60=0.22
    )
    concentration: float = Field(6.0, gt=0, le=200, description="Beta concentration of literacy")
    training_seats_per_month: int = Field(0, ge=0, le=100_000, description="training seats/month")
    target_elderly: bool = Field(False, description="training seats go to residents 60+ first")
    coaching: bool = Field(True, description="grid workers coach non-adopters on patrol")
    training_gain: Share = assumed(0.25, (0.1, 0.4), "literacy gained by one training seat")
    coaching_gain: Share = assumed(0.01, (0.003, 0.03), "literacy gained per coaching visit")
    neighbour_help_gain: Share = assumed(
        0.0005, (0.0001, 0.0015), "daily literacy gain x share of adopting ties"
    )
    trainable_below: Share = assumed(
        0.8, (0.6, 0.9), "residents at least this literate do not take a training seat"
    )


class Platform(_Section):
    initial_adoption: Share = Field(0.6, description="share of adults using the platform on day 0")
    integrated: bool = Field(True, description="one integrated app (true) or several (false)")
    reliability: Share = Field(0.98, description="daily probability the platform is up")
    closed_loop: bool = Field(True, description="S2 closed-loop case tracking on/off")
    public_ratings: bool = Field(True, description="S2 public ratings of responders on/off")
    offline_channel: bool = Field(True, description="false = digital only")
    privacy: Share = Field(0.7, description="privacy/security level 0–1")
    online_activities: bool = Field(True, description="online activities (S3 smart party building)")
    initial_adoption_noise: float = assumed(
        1.0,
        (0.5, 2.0),
        "scale of the Gumbel noise added "
        "to an adult's literacy log-odds when ranking who "
        "has adopted on day 0 (0: strictly the most "
        "literate)",
        ge=0,
        le=10,
    )


class Needs(_Section):
    issues_per_adult_year: float = Field(
        2.0, ge=0, le=100, description="issues raised per adult per year"
    )
    elderly_multiplier: float = Field(
        1.3, ge=0, le=10, description="issue rate of 60+ relative to under 60"
    )
    category_shares: CategoryShares = CategoryShares()
    elderly_care_share_60plus: Share = Field(
        0.3, description="share of a 60+ resident's issues that are elderly care"
    )
    cross_department_share: Share = Field(0.2, description="share of cases spanning departments")
    days_until_lapse: int = Field(
        45, ge=1, le=3650, description="an unreported issue lapses after this many days"
    )


class ByPreference(_Section):
    """A report-chance multiplier per S4 Table 4 channel preference; the neutral
    preference ("both") is the reference, 1 by definition."""

    online: float = Field(ge=0, le=10, description="multiplier for 'online'")
    lean_online: float = Field(ge=0, le=10, description="multiplier for 'lean online'")
    lean_offline: float = Field(ge=0, le=10, description="multiplier for 'lean offline'")
    offline: float = Field(ge=0, le=10, description="multiplier for 'offline'")

    def as_array(self) -> tuple[float, ...]:
        """In ChannelPreference order: online, lean online, both (1), lean offline, offline."""
        return (self.online, self.lean_online, 1.0, self.lean_offline, self.offline)


class OnlineByPreference(ByPreference):
    """Online report-chance multiplier by channel preference (assumed levels)."""

    online: float = assumed(1.6, (1.2, 2.0), "multiplier for 'online'", ge=0, le=10)
    lean_online: float = assumed(1.3, (1.05, 1.6), "multiplier for 'lean online'", ge=0, le=10)
    lean_offline: float = assumed(0.5, (0.3, 0.8), "multiplier for 'lean offline'", ge=0, le=10)
    offline: float = assumed(0.2, (0.05, 0.4), "multiplier for 'offline'", ge=0, le=10)


class OfflineByPreference(ByPreference):
    """Offline report-chance multiplier by channel preference (assumed levels)."""

    online: float = assumed(0.3, (0.1, 0.6), "multiplier for 'online'", ge=0, le=10)
    lean_online: float = assumed(0.6, (0.4, 0.9), "multiplier for 'lean online'", ge=0, le=10)
    lean_offline: float = assumed(1.4, (1.1, 1.8), "multiplier for 'lean offline'", ge=0, le=10)
    offline: float = assumed(1.8, (1.3, 2.5), "multiplier for 'offline'", ge=0, le=10)


class Reporting(_Section):
    """Step 2: the daily chance of an online report is online_base × online_by_preference
    × (literacy_offset + literacy) × (platform_trust_offset + trust in the platform);
    offline: offline_base × offline_by_preference × (government_trust_offset + trust in
    government) (× elderly_offline_bonus for 60+)."""

    online_base: Share = assumed(
        0.12, (0.06, 0.2), "daily chance an adopter with a neutral preference reports online"
    )
    offline_base: Share = assumed(
        0.05, (0.025, 0.1), "daily chance of an offline report, neutral preference"
    )
    elderly_offline_bonus: float = assumed(
        1.5, (1.0, 2.5), "offline multiplier for 60+", ge=0, le=10
    )
    several_apps_factor: Share = assumed(0.75, (0.5, 0.95), "online multiplier when not integrated")
    trust_erosion_per_waiting_day: Share = assumed(
        0.002, (0.0005, 0.005), "trust lost per day an issue waits unreported"
    )
    outage_trust_loss: Share = assumed(
        0.01, (0.0025, 0.03), "platform trust an adopter loses per outage day with a pending issue"
    )
    points_effect: float = assumed(
        0.3,
        (0.1, 0.6),
        "relative rise of the report chance per report point (incentives.report_points)",
        ge=0,
        le=10,
    )
    online_by_preference: OnlineByPreference = OnlineByPreference()
    offline_by_preference: OfflineByPreference = OfflineByPreference()
    literacy_offset: float = assumed(
        0.5,
        (0.25, 1.0),
        "online chance ∝ (this + literacy): the "
        "chance of a resident with literacy 0 relative to one "
        "with literacy 1 is this/(this + 1)",
        ge=0,
        le=10,
    )
    platform_trust_offset: float = assumed(
        0.5, (0.25, 1.0), "online chance ∝ (this + trust in the platform)", ge=0, le=10
    )
    government_trust_offset: float = assumed(
        0.5, (0.25, 1.0), "offline chance ∝ (this + trust in government)", ge=0, le=10
    )


class CategoryHours(_Section):
    """Mean staff-hours one case of each category needs at effort 1 (all assumed).

    Assumed from what the work is: a repair needs a visit and a fix (3 h), a
    sanitation issue a crew call-out (1.5 h), a safety hazard an inspection (2 h),
    a neighbour dispute mediation sessions (4 h), elderly care a home visit and
    arrangements (3 h), a property matter a check with the property company (2 h).
    Plausible: half to one and a half times each (one short visit to a long one).
    """

    repairs: float = assumed(
        3.0, (1.5, 4.5), "staff-hours per repairs case (assumed)", gt=0, le=200
    )
    sanitation: float = assumed(
        1.5, (0.75, 2.25), "staff-hours per sanitation case (assumed)", gt=0, le=200
    )
    safety: float = assumed(2.0, (1.0, 3.0), "staff-hours per safety case (assumed)", gt=0, le=200)
    dispute: float = assumed(
        4.0, (2.0, 6.0), "staff-hours per dispute case (assumed)", gt=0, le=200
    )
    elderly_care: float = assumed(
        3.0, (1.5, 4.5), "staff-hours per elderly-care case (assumed)", gt=0, le=200
    )
    property: float = assumed(
        2.0, (1.0, 3.0), "staff-hours per property case (assumed)", gt=0, le=200
    )

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(getattr(self, c) for c in CATEGORIES)


class Responders(_Section):
    """Steps 4-5: who handles cases, with how many staff-hours (docs/ODD.md §3 step 5)."""

    department_staff_hours_per_day: float = assumed(
        18.0,
        (15.0, 22.0),
        "staff-hours a government department works per working day, mean "
        "over the six departments (each is staffed in proportion to its category's expected "
        "work); assumed: Community Y's expected work ÷ a target utilisation of 0.85 "
        "(docs/ODD.md step 5); plausible: a target utilisation of 0.7–1.0",
        ge=0,
        le=1_000_000,
    )
    social_group_staff_hours_per_day: float = assumed(
        4.0,
        (2.0, 6.0),
        "staff-hours a social group gives to cases per day, every day of the "
        "week (assumed: a few volunteers or property staff)",
        ge=0,
        le=1_000_000,
    )
    community_office_staff_hours_per_day: float = assumed(
        12.0,
        (6.0, 18.0),
        "staff-hours the community office spends entering offline reports "
        "and dispatching by hand per working day (S4 §4.1: 15 community workers; 8 h × 10 % of "
        "their time on case intake is assumed; plausible 5–15 %)",
        ge=0,
        le=1_000_000,
    )
    intake_hours_per_case: float = assumed(
        0.25,
        (0.1, 0.5),
        "community-office staff-hours to "
        "enter an offline report, or to dispatch a case by "
        "hand while the platform is down (assumed; plausible "
        "6–30 minutes)",
        ge=0,
        le=24,
    )
    working_days_per_week: int = Field(
        5,
        ge=1,
        le=7,
        description="days a week departments "
        "and the community office work, Monday to Friday (day 0 "
        "is a Monday; State Council Provisions on Employees' "
        "Working Hours, 1995: state organs rest on Saturday and "
        "Sunday; not sampled: a weekend duty officer is not a "
        "full working day)",
    )
    office_open_hour: float = assumed(
        8.5,
        (8.0, 9.0),
        "hour offices open and offline reports can be made (assumed 08:30; plausible 08:00–09:00)",
        ge=0,
        le=24,
    )
    office_close_hour: float = assumed(
        17.5, (17.0, 18.0), "hour offices close (assumed 17:30; plausible 17:00–18:00)", ge=0, le=24
    )
    patrol_start_hour: float = assumed(
        9.0, (8.0, 10.0), "hour grid workers start their rounds (assumed)", ge=0, le=24
    )
    patrol_end_hour: float = assumed(
        17.0, (16.0, 18.0), "hour grid workers end their rounds (assumed)", ge=0, le=24
    )
    work_hours: CategoryHours = CategoryHours()
    work_hours_spread: float = assumed(
        0.8,
        (0.5, 1.2),
        "complexity spread: a case's hours are "
        "the category mean × LogNormal(σ = this, mean 1) "
        "(assumed)",
        ge=0,
        le=5,
    )
    escalation_hours: float = assumed(
        72.0,
        (48.0, 120.0),
        "with the closed loop on, a case "
        "still open this many hours after its report is overdue "
        "and goes to the front of the queue (assumed: the "
        "3-working-day deadline of city hotline platforms; "
        "plausible 2–5 days)",
        gt=0,
        le=8760,
    )
    public_ratings_effort: float = assumed(
        0.35,
        (0.15, 0.6),
        "extra effort when ratings are "
        "public; effort divides the staff-hours a case needs "
        "(assumed)",
        ge=0,
        le=5,
    )
    evaluation_pressure_effort: float = assumed(
        0.5,
        (0.25, 0.75),
        "extra effort of a department per unit of evaluation pressure (assumed)",
        ge=0,
        le=5,
    )
    quality_mean: Share = assumed(0.7, (0.55, 0.85), "mean outcome quality (assumed)")
    quality_sd: float = assumed(
        0.15,
        (0.08, 0.25),
        "standard deviation of outcome quality between cases (assumed)",
        ge=0,
        le=1,
    )
    social_group_cost: float = assumed(
        0.5, (0.25, 0.75), "cost of taking a case, in subsidy units (assumed)", ge=0, le=10
    )
    reputation_weight: float = assumed(
        0.5,
        (0.25, 0.75),
        "weight of a group's rating in its decision to take a case (assumed)",
        ge=0,
        le=10,
    )
    willingness_slope: float = assumed(
        6.0, (3.0, 9.0), "slope of the logistic take-a-case decision (assumed)", ge=0, le=100
    )
    queue_days_limit: float = assumed(
        3.0,
        (1.5, 5.0),
        "a social group takes no new case while "
        "its queue exceeds this many days of its staff-hours "
        "(assumed)",
        ge=0,
        le=365,
    )
    unlinked_offer_share: Share = assumed(
        0.4,
        (0.2, 0.6),
        "chance a social group is offered a case when the platform is not integrated (assumed)",
    )

    @model_validator(mode="after")
    def _hours_in_order(self) -> Responders:
        if not self.office_open_hour < self.office_close_hour:
            raise ValueError("office_open_hour must be before office_close_hour")
        if not self.patrol_start_hour < self.patrol_end_hour:
            raise ValueError("patrol_start_hour must be before patrol_end_hour")
        return self


class Demand(_Section):
    """How the issue rate varies over the week and the year (all assumed).

    The multipliers average 1 over a week and over a year, so
    `needs.issues_per_adult_year` keeps its meaning.
    """

    weekend_factor: float = assumed(
        0.7,
        (0.5, 1.0),
        "issue rate on Saturday and Sunday "
        "relative to a weekday (assumed: fewer residents notice and "
        "raise issues at weekends; plausible: half to no difference)",
        ge=0,
        le=10,
    )
    seasonal_amplitude: Share = assumed(
        0.15,
        (0.05, 0.25),
        "relative seasonal swing of the issue rate (assumed: summer rains and heat bring repairs)",
    )
    seasonal_peak_day: int = assumed(
        200,
        (170, 230),
        "day of the year (day 0 = run start) when "
        "the issue rate peaks (assumed: mid-July; plausible: late "
        "June to mid-August, the summer rains)",
        ge=0,
        le=364,
    )


class Event(_Section):
    """One dated shock or temporary measure (docs/contract.md `events`)."""

    kind: Literal["demand_surge", "outage", "staff_cut", "staffing"] = Field(
        description="demand_surge (issue rate × factor), outage (platform down), staffing "
        "(a temporary staffing change: staff-hours × factor, > 1 a surge, < 1 a cut), "
        "staff_cut (the same as staffing, kept for existing files)"
    )
    day: int = Field(ge=0, le=36_500, description="first day of the event")
    days: int = Field(1, ge=1, le=36_500, description="how many days it lasts")
    factor: float = Field(
        1.0,
        ge=0,
        le=100,
        description="multiplier of the issue rate "
        "(demand_surge) or of staff-hours (staffing, staff_cut; staffing "
        "needs > 0); unused by outage",
    )
    categories: list[
        Literal["repairs", "sanitation", "safety", "dispute", "elderly_care", "property"]
    ] = Field(
        default_factory=list,
        description="categories it touches (empty = all); for "
        "staffing and staff_cut, the departments leading them",
    )

    role: Literal["shock", "response"] | None = Field(
        None,
        description="shock (what befalls the community: recovery_days counts from the end "
        "of the last shock) or response (a policy measure: never moves that clock); empty = "
        "by kind: demand_surge, outage and staff_cut are shocks, staffing is a response "
        "(give role: shock for a staffing cut that befalls the community)",
    )

    @property
    def is_shock(self) -> bool:
        """Whether this event is a shock (`role`, else its kind's default, SHOCK_KINDS)."""
        return self.role == "shock" if self.role is not None else self.kind in SHOCK_KINDS

    @model_validator(mode="after")
    def _staffing_keeps_some_staff(self) -> Event:
        if self.kind == "staffing" and self.factor <= 0:
            raise ValueError(
                "an event of kind staffing needs factor > 0 (e.g. 1.5 = 50 % "
                "more staff-hours, 0.7 = a 30 % cut)"
            )
        return self

    def covers(self, day: int) -> bool:
        return self.day <= day < self.day + self.days


EVENT_FIELDS = {
    "demand_surge": ("kind", "day", "days", "factor", "categories", "role"),
    "outage": ("kind", "day", "days", "role"),
    "staffing": ("kind", "day", "days", "factor", "categories", "role"),
    "staff_cut": ("kind", "day", "days", "factor", "categories", "role"),
}
"""The fields each event kind uses (what `events.N.FIELD` may set)."""
STAFFING_KINDS = ("staffing", "staff_cut")
SHOCK_KINDS = ("demand_surge", "outage", "staff_cut")
"""Kinds that are a shock unless an event says `role: response` (docs/contract.md
`recovery_days`: the clock runs from the end of the last shock; a `staffing` event is a
response, a policy measure, unless it says `role: shock`)."""


class Feedback(_Section):
    online_feedback_probability: Share = assumed(
        0.8, (0.5, 0.95), "daily chance an adopter rates a resolved case online (closed loop)"
    )
    voluntary_feedback_probability: Share = assumed(
        0.01, (0.002, 0.03), "daily chance of feedback without closed loop"
    )
    feedback_window_days: int = assumed(
        30, (14, 60), "days after resolution in which feedback can close a case", ge=1, le=3650
    )
    satisfaction_noise_sd: float = assumed(
        0.08,
        (0.04, 0.15),
        "standard deviation of a rating around quality − wait penalty",
        ge=0,
        le=1,
    )
    wait_penalty_per_30_days: Share = assumed(
        0.35, (0.15, 0.6), "satisfaction lost per 30 days from report to resolution"
    )
    trust_learning_rate: Share = assumed(0.15, (0.05, 0.3), "weight of one experience in trust")
    word_of_mouth: Share = assumed(
        0.2, (0.05, 0.4), "weight of a neighbour's experience relative to one's own"
    )
    rating_memory: Share = assumed(
        0.9, (0.8, 0.97), "weight of the old rating in a responder's moving rating"
    )
    initial_rating: Share = assumed(
        0.7,
        (0.5, 0.85),
        "every responder's moving rating on day 0 (its reputation before any feedback)",
    )


class ResponseLimits(_Section):
    """Hours within which a hotline request must be answered (contacted), per category.

    The four limits are sourced (govsim/data/beijing_12345_baseline.json `time_limits`: a
    2021 draft Beijing standard: emergency 2 h, utilities 24 h, general 7 days, complex 15
    days); which category falls under which limit is assumed: safety hazards are
    emergencies, repairs and sanitation utilities, elderly care and property matters
    general, neighbour disputes complex.
    """

    repairs: float = Field(
        24.0,
        gt=0,
        le=8760,
        description="response limit of a repairs "
        "request, hours (source: 'utilities' 24 h; category "
        "mapping: section docstring)",
    )
    sanitation: float = Field(
        24.0,
        gt=0,
        le=8760,
        description="response limit of a sanitation "
        "request, hours (source: 'utilities' 24 h; category "
        "mapping: section docstring)",
    )
    safety: float = Field(
        2.0,
        gt=0,
        le=8760,
        description="response limit of a safety request, "
        "hours (source: 'emergency' 2 h; category mapping: "
        "section docstring)",
    )
    dispute: float = Field(
        360.0,
        gt=0,
        le=8760,
        description="response limit of a dispute "
        "request, hours (source: 'complex' 15 days; category "
        "mapping: section docstring)",
    )
    elderly_care: float = Field(
        168.0,
        gt=0,
        le=8760,
        description="response limit of an "
        "elderly-care request, hours (source: 'general' 7 days; "
        "category mapping: section docstring)",
    )
    property: float = Field(
        168.0,
        gt=0,
        le=8760,
        description="response limit of a property "
        "request, hours (source: 'general' 7 days; category "
        "mapping: section docstring)",
    )

    def as_tuple(self) -> tuple[float, ...]:
        return tuple(getattr(self, c) for c in CATEGORIES)


class Kpi(_Section):
    """How the hotline's own KPIs read the model (docs/contract.md, docs/calibration.md).

    A request is a case a resident reported (online or offline; not found on patrol). It
    is *rated* when its requester gave feedback (the case was closed). Whether the
    requester then says "solved" or "satisfied" is an assumed reading of the case's
    outcome quality and satisfaction (0-1): the hotline publishes no formula.
    """

    response_limit_hours: ResponseLimits = ResponseLimits()
    solved_quality_from: Share = assumed(
        0.5,
        (0.35, 0.65),
        "a rated request counts as "
        "'solved' when its outcome quality is at least this "
        "(assumed: the requester, called back, says solved)",
    )
    satisfied_from: Share = assumed(
        0.6,
        (0.45, 0.75),
        "a rated request counts as "
        "'satisfied' when its satisfaction is at least this "
        "(assumed: the requester, called back, says satisfied)",
    )


class Hotline(_Section):
    """The hotline's observation model: from model states to what a hotline publishes
    (rules/calls.py, docs/ODD.md §7.13; issue 28 item 1).

    A *call* is a request (a case a resident reported, online or offline) or a
    *consultation*: a question that is not an issue, answered on the line and never
    dispatched. Consultations are their own stream (Poisson each day, on a stream of
    their own so that a run without them draws the same numbers as before). 0 (the
    default) means no hotline takes consultations: Community Y and the other
    non-Beijing scenarios, whose numbers then do not change.
    """

    consultations_per_resident_year: float = Field(
        0.0,
        ge=0,
        le=50,
        description="consultations (questions answered on the line, never dispatched) per "
        "resident and year before any reform; 0 = none (Community Y). Source for Beijing "
        "2018: 0.19 calls per resident-year × 58.5 % consultations (2019-01..2021-11, "
        "govsim/data/beijing_12345_2019_2021.json) = 0.111 (that the 2019-2021 "
        "composition held in 2018 is an assumption, docs/ODD.md §7.13)",
    )
    consultation_phone_share: Share = Field(
        0.9071,
        description="share of consultations made by phone, the rest online (source: "
        "Beijing 12345 2020, all calls: phone 90.71 %, online 9.29 %, "
        "govsim/data/beijing_12345_2019_2021.json; consultations taken to split as all "
        "calls did, docs/ODD.md §7.13)",
    )
    contact_desk: bool = Field(
        False,
        description="a desk calls every dispatched requester back within the response limit "
        "(rules/contact.py; Beijing's response rate is this process measure: the requester "
        "contacted within the limit, baseline data file `kpi_definitions`); off: the "
        "response rate reads the first work on a case, as before issue 28",
    )
    contact_staff_hours_per_day: float = assumed(
        1.5,
        (0.5, 4.0),
        "staff-hours a day, every day, the street's desk spends calling requesters back "
        "(assumed: a few calls an hour for a quarter street's ~3.5 requests a day in January "
        "2019; rises with `staffing` when that answers load)",
        ge=0,
        le=1_000_000,
    )
    contact_hours_per_request: float = assumed(
        0.25,
        (0.1, 0.5),
        "desk staff-hours to reach one requester and log the contact (assumed: 6-30 minutes, "
        "redials included)",
        gt=0,
        le=24,
    )
    rating_management: bool = Field(
        False,
        description="the street works the rating itself (feedback.manage_rating; issue 28 "
        "item 2d): "
        "dissatisfied requesters are re-contacted before the call-back rating, and requests "
        "judged unreasonable are left out of assessment; off in every non-Beijing scenario",
    )
    recontact_share: Share = assumed(
        0.4,
        (0.1, 0.7),
        "share of requesters who would rate 'not satisfied' that the street re-contacts "
        "before the rating, once rating management is fully in place (assumed)",
    )
    recontact_lift: Share = assumed(
        0.3,
        (0.1, 0.5),
        "satisfaction (0-1) a re-contact adds: an apology, an explanation, a second visit "
        "(assumed; it does not change whether the problem was solved)",
    )
    unreasonable_share: Share = assumed(
        0.15,
        (0.05, 0.35),
        "share of still-dissatisfied rated requests judged unreasonable and left out of "
        "both assessed rates, once rating management is fully in place (assumed)",
    )
    management_months: int = assumed(
        6,
        (1, 18),
        "months from the reform's start (`ranking.start_day`) until rating management is "
        "fully in place, linearly (assumed)",
        ge=1,
        le=600,
    )


class Uptake(_Section):
    """Demand that answers the reform (simulation/reform.py; issue 28 item 2a, 2b).

    *Latent demand*: residents hold problems they never take to the hotline; once calls
    are seen to work (the published satisfaction rate) and the hotline is publicised,
    they raise them. Awareness moves each month toward (publicity ramp) × (the month's
    satisfaction rate) at ``awareness_learning``; the issue and consultation rates are
    multiplied by 1 + ``latent_demand`` × awareness. *Folded hotlines*: other
    government hotlines merged into 12345 bring their calls, a ramp of
    ``folded_calls`` over ``folding_months`` from ``folding_start_month``: no citable
    source for the timing or the size was found in the project's data and seeds, so
    both are assumed. Both off by default (Community Y unchanged).
    """

    latent_enabled: bool = Field(
        False, description="latent demand that answers responsiveness and publicity on/off"
    )
    latent_demand: float = assumed(
        1.2,
        (0.3, 2.5),
        "latent problems per problem already raised, raised at full awareness (the issue "
        "and consultation rates grow by 1 + this × awareness; assumed)",
        ge=0,
        le=20,
    )
    publicity_months: int = assumed(
        12,
        (3, 24),
        "months over which publicity makes the hotline known to every resident (a linear "
        "ramp of the awareness target; assumed)",
        ge=1,
        le=600,
    )
    awareness_learning: Share = assumed(
        0.15,
        (0.05, 0.4),
        "share of the gap to the awareness target closed each month (assumed: word of "
        "mouth and the published rates take months to spread)",
    )
    folding_enabled: bool = Field(
        False, description="other hotlines folded into 12345 on/off (beijing_reform)"
    )
    folded_calls: float = assumed(
        0.3,
        (0.1, 0.8),
        "calls the folded hotlines bring, relative to 12345's own (requests and "
        "consultations alike; assumed: no citable size found)",
        ge=0,
        le=20,
    )
    folding_start_month: int = assumed(
        9,
        (0, 24),
        "reform month in which the first hotlines are folded in (assumed: no citable date found)",
        ge=0,
        le=600,
    )
    folding_months: int = assumed(
        12, (3, 24), "months over which the folded hotlines' calls arrive (assumed)", ge=1, le=600
    )


class OutOfHours(_Section):
    """Responders outside office hours (issue 29 item 2; docs/ODD.md §7.5): an evening and
    weekend rota of department staff, and a duty officer who answers urgent categories at
    any hour. Both levers are off by default, so a scenario without them runs as before.

    Why they exist: departments work office hours on working days only, so a report made
    on Friday evening or at the weekend waits until Monday's opening, past 24 hours, however
    many staff work on weekdays (docs/ODD.md §7.5, "why the 24-hour share did not move").
    """

    rota_staff: float = Field(
        0.0,
        ge=0,
        le=10_000,
        description="lever: department staff on duty outside office hours, shared across "
        "the departments as their working-day staff-hours are; on working days from "
        "`responders.office_close_hour` to `rota_end_hour`, on the other days (with "
        "`rota_weekends`) from `responders.office_open_hour` to `rota_end_hour`; 0 = no rota "
        "(the default; a street decides it, costed by `costs.rota_*_pay_factor`)",
    )
    rota_end_hour: float = assumed(
        21.0,
        (20.0, 22.0),
        "hour the evening and weekend rota ends (assumed 21:00: street service halls that "
        "keep evening hours close at 20:00-22:00)",
        ge=0,
        le=24,
    )
    rota_weekends: bool = Field(
        True,
        description="the rota also works Saturday and Sunday (the days departments rest), "
        "from office opening to `rota_end_hour`; false = evenings of working days only",
    )
    duty_officer: bool = Field(
        False,
        description="lever: a duty officer (值班) answers every case of `duty_categories` "
        "within `duty_response_hours` of its dispatch, at any hour and on any day (a first "
        "response: the case's work is still done by its responder); costed by "
        "`costs.duty_officer_yuan_per_year`",
    )
    duty_categories: list[
        Literal["repairs", "sanitation", "safety", "dispute", "elderly_care", "property"]
    ] = Field(
        default_factory=lambda: ["safety"],
        description="categories the duty officer answers (urgent ones; default safety)",
    )
    duty_response_hours: float = assumed(
        1.0,
        (0.5, 2.0),
        "hours from dispatch until the duty officer's first response (a call back or a "
        "visit; assumed; one officer answers every urgent case: Community Y has about four "
        "safety reports a day)",
        ge=0,
        le=72,
    )


class Staffing(_Section):
    """Staffing that answers load and the ranking (simulation/reform.py; issue 28 item 2e).

    Each month the staff factor (multiplying every department's staff-hours and the
    contact desk's) moves by ``adjust`` toward a target: 1 + ``load_following`` × (this
    month's requests ÷ month 0's − 1) + ``ranking_staff`` × the ranking's pressure,
    between 1 and ``max_factor``. The extra hours are paid at
    ``costs.department_staff_hour_yuan`` (they are in `cost_staff_hours`). Off by
    default.
    """

    enabled: bool = Field(False, description="staffing that answers load and ranking on/off")
    load_following: Share = assumed(
        0.7,
        (0.3, 1.0),
        "share of a rise in requests (relative to month 0) the street matches with staff (assumed)",
    )
    ranking_staff: float = assumed(
        0.3,
        (0.0, 1.0),
        "extra staff factor per unit of the ranking's pressure (assumed)",
        ge=0,
        le=10,
    )
    adjust: Share = assumed(
        0.25,
        (0.1, 0.6),
        "share of the gap to the target staff factor closed each month (assumed: hiring "
        "and moving staff take months)",
    )
    max_factor: float = assumed(
        3.0, (1.5, 5.0), "highest staff factor the street can reach (assumed)", ge=1, le=100
    )


class Trust(_Section):
    government_mean: Share = Field(0.6, description="mean initial trust in government")
    platform_mean: Share = Field(0.55, description="mean initial trust in the platform")
    concentration: float = Field(8.0, gt=0, le=200, description="Beta concentration of trust")


class Incentives(_Section):
    time_bank_credit: float = Field(
        0.0, ge=0, le=10, description="time-bank hours credited per hour of volunteering"
    )
    participation_points: float = Field(0.0, ge=0, le=10, description="points per activity")
    report_points: float = Field(0.0, ge=0, le=10, description="points per report")
    social_group_subsidy: float = Field(
        0.2,
        ge=0,
        le=10,
        description="subsidy per case taken by a social group (relative to its cost)",
    )
    evaluation_pressure: Share = Field(0.3, description="evaluation pressure on departments 0–1")


class Ranking(_Section):
    """A hotline reform's monthly evaluation and public ranking (simulation/ranking.py; S3).

    From ``start_day`` on, every ``month_days`` days the street's three rates (response,
    resolution, satisfaction) are scored and ranked; the shortfall from a full score,
    relative to the first month's, is the ranking's pressure. Pressure makes the
    street's responders learn better handling (outcome quality toward a ceiling) and
    work harder (effort toward a ceiling); without pressure the gains decay. Party-led
    "whistle-blowing" coordination of departments rises linearly to
    ``whistle_coordination`` over ``whistle_months``. All rates are assumed (no data
    after January 2019 were used: docs/forecast.md).
    """

    enabled: bool = Field(
        False,
        description="monthly evaluation and public ranking of the "
        "three rates on/off (beijing_reform)",
    )
    start_day: int = Field(
        30,
        ge=0,
        le=36_500,
        description="first day of month 0 (January "
        "2019 in beijing_reform; the days before are warm-up)",
    )
    month_days: int = Field(30, ge=1, le=366, description="days in an evaluated month")
    pressure: Share = assumed(
        0.5,
        (0.2, 0.8),
        "pressure of the ranking on a street at its "
        "first month's shortfall (S3: evaluation pressure moves effort; "
        "level assumed)",
    )
    quality_learning: Share = assumed(
        0.08,
        (0.03, 0.15),
        "share of the gap to the quality ceiling a street closes in a month at pressure 1",
    )
    quality_ceiling: Share = assumed(
        0.85, (0.75, 0.95), "highest mean outcome quality the street's responders can reach"
    )
    effort_learning: Share = assumed(
        0.08,
        (0.03, 0.15),
        "share of the gap to the effort ceiling a street closes in a month at pressure 1",
    )
    effort_ceiling: float = assumed(
        1.6, (1.3, 2.0), "highest effort gain (staff-hours per case divided by this)", ge=1, le=10
    )
    decay: Share = assumed(
        0.02,
        (0.005, 0.05),
        "share of the quality and effort gains lost "
        "each month (attention not held without pressure)",
    )
    whistle_coordination: Share = Field(
        1.0,
        description="party coordination of every grid "
        "once whistle-blowing reaches the street (beijing "
        "data file: piloted 2018, then citywide)",
    )
    whistle_months: int = assumed(
        12, (6, 24), "months until whistle-blowing coordination is fully in place", ge=1, le=600
    )
    relative: bool = Field(
        False,
        description="rank the street against its peers (issue 28 item 2c: Beijing ranks "
        "streets against each other every month): pressure = `pressure` × 2 × the share of "
        "peers scoring above the street, so it fades only when the street outpaces peers "
        "that themselves improve; off: pressure ∝ the street's own shortfall (forecast 1)",
    )
    peer_ceiling: Share = assumed(
        0.93,
        (0.85, 0.97),
        "mean score (mean of the three rates) the peer streets approach (assumed)",
    )
    peer_months: float = assumed(
        12.0,
        (4.0, 36.0),
        "months for the peers' mean score to close 63 % of its gap from month 0 (where a "
        "mean street stands) to `peer_ceiling` (assumed)",
        gt=0,
        le=600,
    )
    peer_sd: float = assumed(
        0.05,
        (0.02, 0.1),
        "spread (standard deviation) of the peer streets' monthly scores (assumed)",
        gt=0,
        le=1,
    )


class Organisation(_Section):
    grid_workers: int = Field(10, ge=0, description="full-time grid workers")
    visits_per_worker_day: int = Field(
        20, ge=0, le=1000, description="households a grid worker visits per day"
    )
    patrol_detection: Share = assumed(
        0.8, (0.6, 0.95), "chance a visit finds a household's unreported issue"
    )
    party_coordination: Share = Field(
        0.5,
        description="how far party-led coordination lowers "
        "the organisational barrier, 0–1; in effort: the share of "
        "`costs.coordination_hours_per_grid_week` staff-hours a "
        "grid's party branch gives to coordination (1 = all of "
        "them)",
    )
    organisational_barrier: Share = Field(
        0.4, description="daily chance a cross-department case stays blocked without coordination"
    )
    coordination_strength: Share = Field(
        0.3, description="share of the barrier that full party coordination removes"
    )
    social_groups: int = Field(4, ge=0, description="social groups taking cases")


class ActivityMix(_Section):
    """Kinds of activity organisers hold (S0, S1, S3); weights need not sum to 1."""

    deliberation: float = Field(0.25, ge=0, le=100, description="deliberation meetings (weight)")
    volunteer: float = Field(0.30, ge=0, le=100, description="volunteer service (weight)")
    cultural: float = Field(
        0.25, ge=0, le=100, description="cultural events in public space (weight)"
    )
    online: float = Field(
        0.20, ge=0, le=100, description="online activities, need the platform (weight)"
    )

    def as_tuple(self) -> tuple[float, ...]:
        return (self.deliberation, self.volunteer, self.cultural, self.online)


# Costs (issue 22): what a run uses, in yuan. Public anchors: the National Bureau of
# Statistics' average annual wage of urban non-private units, 120,698 yuan in 2023, and of
# urban private units, 68,340 yuan (NBS communiqué on average wages, May 2024); 2,000
# working hours a year (250 days × 8 h). None of these keys changes what a run does, only
# the cost metrics (govsim.evidence.robustness leaves them out of its samples).
class Costs(_Section):
    """Yuan per unit of what a run uses; the cost metrics annualise them (docs/kpis.md)."""

    grid_worker_yuan_per_year: float = assumed(
        80_000.0,
        (60_000.0, 120_000.0),
        "yearly cost of one full-time grid worker, wage and "
        "employer contributions (assumed: between the NBS 2023 urban private-unit average wage, "
        "68,340 yuan, and the non-private average, 120,698 yuan; grid workers are contract "
        "staff)",
        ge=0,
        le=10_000_000,
    )
    department_staff_hour_yuan: float = assumed(
        60.0,
        (45.0, 90.0),
        "cost of one government department staff-hour on duty (NBS 2023 "
        "urban non-private average wage 120,698 yuan ÷ 2,000 h = 60 yuan; assumed: "
        "contributions and overheads could add half)",
        ge=0,
        le=100_000,
    )
    office_staff_hour_yuan: float = assumed(
        40.0,
        (30.0, 60.0),
        "cost of one community-office staff-hour on duty (community "
        "workers; assumed: two thirds of the department rate)",
        ge=0,
        le=100_000,
    )
    social_group_staff_hour_yuan: float = assumed(
        20.0,
        (0.0, 40.0),
        "cost of one social-group staff-hour on duty (the hours it gives to "
        "cases each day; assumed: volunteers cost nothing, property staff near the "
        "private-unit wage, 68,340 yuan ÷ 2,000 h ≈ 34 yuan)",
        ge=0,
        le=100_000,
    )
    training_seat_yuan: float = assumed(
        200.0,
        (100.0, 500.0),
        "cost of one digital-literacy training seat taken (assumed: a "
        "session's trainer and room shared by a class)",
        ge=0,
        le=1_000_000,
    )
    time_bank_credit_hour_yuan: float = assumed(
        20.0,
        (0.0, 40.0),
        "cost of one time-bank hour credited, the service it can later buy "
        "(assumed: near a social-group staff-hour)",
        ge=0,
        le=100_000,
    )
    subsidy_unit_yuan: float = assumed(
        100.0,
        (50.0, 200.0),
        "yuan per unit of the social-group subsidy, paid for each case a social group takes "
        "(assumed: `incentives.social_group_subsidy` 0.2 is then 20 yuan a case)",
        ge=0,
        le=1_000_000,
    )
    platform_yuan_per_year: float = assumed(
        200_000.0,
        (50_000.0, 500_000.0),
        "yearly cost of running the platform for the "
        "community: hosting, maintenance, operators (assumed)",
        ge=0,
        le=1_000_000_000,
    )
    rota_evening_pay_factor: float = Field(
        1.5,
        ge=0,
        le=10,
        description="pay of a rota staff-hour on a working-day evening as a multiple of "
        "`department_staff_hour_yuan` (source: Labour Law of the PRC, 1994, Art. 44 (1): "
        "extended working hours paid at no less than 150 %)",
    )
    rota_rest_day_pay_factor: float = Field(
        2.0,
        ge=0,
        le=10,
        description="pay of a rota staff-hour on a rest day (Saturday, Sunday) as a multiple "
        "of `department_staff_hour_yuan` (source: Labour Law of the PRC, 1994, Art. 44 (2): "
        "work on rest days without compensatory time off paid at no less than 200 %)",
    )
    duty_officer_yuan_per_year: float = assumed(
        150_000.0,
        (60_000.0, 530_000.0),
        "yearly cost of the duty officer post answering urgent categories at any hour "
        "(assumed: between an on-call allowance for cadres who take turns, ~60,000 yuan, and "
        "a post staffed around the clock, 8,760 h × 60 yuan ≈ 530,000 yuan)",
        ge=0,
        le=100_000_000,
    )
    coordination_hours_per_grid_week: float = assumed(
        8.0,
        (4.0, 16.0),
        "community-office staff-hours a grid's party branch spends on "
        "coordination per week at `organisation.party_coordination` = 1 (assumed: a day a "
        "week of a branch secretary's time)",
        ge=0,
        le=168,
    )


class Participation(_Section):
    """Step 7: activities and who joins them (S0, S1, S3)."""

    activities_per_branch_month: float = Field(
        4.0, ge=0, le=300, description="activities a grid's party branch holds per month"
    )
    activities_per_group_month: float = Field(
        3.0, ge=0, le=300, description="activities a social group holds per month"
    )
    activity_mix: ActivityMix = ActivityMix()
    seats_per_activity: int = Field(80, ge=1, le=100_000, description="most residents per activity")
    hours_per_activity: float = Field(2.0, gt=0, le=24, description="hours one activity takes")
    base_logit: float = assumed(
        -6.0,
        (-6.5, -5.5),
        "log-odds of joining an activity one is invited to, before the terms below",
        ge=-20,
        le=20,
    )
    propensity_weight: float = assumed(
        4.0, (2.5, 5.5), "log-odds per unit of civic propensity", ge=0, le=50
    )
    trust_weight: float = assumed(
        1.0, (0.3, 2.0), "log-odds per unit of trust in government", ge=0, le=50
    )
    time_bank_weight: float = assumed(
        2.0,
        (1.0, 3.0),
        "log-odds per time-bank hour credited per hour (volunteer activities)",
        ge=0,
        le=50,
    )
    points_weight: float = assumed(0.6, (0.2, 1.2), "log-odds per participation point", ge=0, le=50)
    party_mobilisation: Share = Field(
        0.5, description="how strongly party branches mobilise their members, 0–1"
    )
    mobilisation_weight: float = assumed(
        2.0, (1.0, 3.0), "log-odds for a fully mobilised party member", ge=0, le=50
    )
    contagion_threshold: Share = assumed(
        0.25,
        (0.15, 0.4),
        "share of ties who took part in the "
        "last contagion_memory_days from which the social pull "
        "applies (complex contagion, Centola)",
    )
    contagion_weight: float = assumed(1.8, (0.9, 2.7), "log-odds of the social pull", ge=0, le=50)
    contagion_memory_days: int = assumed(
        30, (14, 60), "days a tie's taking part counts toward the social pull", ge=1, le=3650
    )
    propensity_decay_per_day: Share = assumed(
        0.008,
        (0.004, 0.015),
        "daily relative loss of civic propensity without taking part (S3 persistence)",
    )
    propensity_gain: Share = assumed(
        0.08, (0.04, 0.15), "relative gain of propensity per activity (toward 1)"
    )
    trust_gain: Share = assumed(
        0.03,
        (0.01, 0.06),
        "relative gain of trust in government per activity (S1 emotional production)",
    )
    new_ties_per_participant: float = assumed(
        0.3,
        (0.1, 0.6),
        "new ties formed per participant of an offline activity (S1 relationship production)",
        ge=0,
        le=20,
    )
    tie_rebuild_days: int = Field(
        30, ge=1, le=365, description="days between folding new ties into the network"
    )
    launch_campaign_days: int = Field(
        60, ge=0, le=36_500, description="days of the launch campaign at the start of the run"
    )
    launch_campaign_boost: float = assumed(
        1.0, (0.5, 1.5), "log-odds added to joining while the launch campaign lasts", ge=0, le=20
    )
    initial_propensity_a_elderly: float = assumed(
        2.5,
        (1.75, 3.25),
        "first parameter of the Beta distribution of a 60+ resident's civic propensity on day 0",
        gt=0,
        le=100,
    )
    initial_propensity_b_elderly: float = assumed(
        4.0,
        (2.8, 5.2),
        "second parameter of the Beta distribution of a 60+ resident's civic propensity on day 0",
        gt=0,
        le=100,
    )
    initial_propensity_a_under_60: float = assumed(
        2.0,
        (1.4, 2.6),
        "first parameter of the "
        "Beta distribution of the civic propensity "
        "of a resident under 60 on day 0",
        gt=0,
        le=100,
    )
    initial_propensity_b_under_60: float = assumed(
        5.0,
        (3.5, 6.5),
        "second parameter of the "
        "Beta distribution of the civic propensity "
        "of a resident under 60 on day 0",
        gt=0,
        le=100,
    )
    help_hours: float = Field(
        2.0, gt=0, le=100, description="time-bank hours spent to get help with one case"
    )


class Adoption(_Section):
    """Step 8: literacy gates adoption; adoption diffuses and drops out (S4)."""

    external_push: Share = assumed(
        0.0003, (0.0001, 0.0008), "daily adoption chance from campaigns, for a literate non-adopter"
    )
    peer_weight: Share = assumed(
        0.002, (0.0005, 0.005), "daily adoption chance per unit share of adopting ties"
    )
    coaching_push: Share = assumed(
        0.01,
        (0.003, 0.03),
        "adoption chance of a literate non-adopter coached on a grid worker's visit",
    )
    literacy_threshold: Share = assumed(0.4, (0.3, 0.5), "literacy at which the gate is half open")
    literacy_slope: float = assumed(0.06, (0.03, 0.12), "width of the literacy gate", gt=0, le=1)
    several_apps_factor: Share = assumed(
        0.6,
        (0.4, 0.85),
        "adoption multiplier when the "
        "platform is several apps (level assumed; S4 Table 5: "
        "22.6 % worry about many apps)",
    )
    privacy_weight: Share = assumed(
        0.5,
        (0.2, 0.8),
        "adoption lost per unit privacy shortfall "
        "(level assumed; S4 Table 5: 15.1 % worry about information "
        "security)",
    )
    dropout_base: Share = assumed(0.0002, (0.00005, 0.0005), "daily drop-out chance of an adopter")
    outage_dropout: Share = assumed(0.003, (0.001, 0.008), "extra drop-out chance on an outage day")
    unanswered_days: int = assumed(
        14, (7, 30), "days an online case may wait before its reporter may drop out", ge=1, le=3650
    )
    unanswered_dropout: Share = assumed(
        0.01, (0.003, 0.03), "daily drop-out chance while an online case waits past unanswered_days"
    )


class Attitudes(_Section):
    """Attitudes, S4 Tables 4 and 5 ; see govsim/world/attitudes.py.

    Channel preference: score = intercept + literacy_weight × literacy + adoption_weight ×
    adopted − elderly_weight × (60+) + noise_sd × z (z drawn once) + experience; the four
    `channel_*_from` thresholds cut it into offline … online. Main concern: a multinomial
    logit of literacy, the platform and bad experiences.
    """

    channel_intercept: float = Field(
        0.0,
        ge=-20,
        le=20,
        description="channel score of a "
        "non-adopter under 60 at literacy 0, before experience "
        "(fitted to S4 Table 4 with channel_noise_sd)",
    )
    channel_literacy_weight: float = assumed(
        2.8,
        (1.8, 3.8),
        "channel score per unit of "
        "literacy (assumed; plausible: literacy spans two "
        "to five of the 0.8-wide preference bands)",
        ge=0,
        le=50,
    )
    channel_elderly_weight: float = assumed(
        0.3,
        (0.1, 0.6),
        "channel score taken from a "
        "resident aged 60+ (assumed: S4 says the elderly "
        "rely on offline service, so above 0)",
        ge=0,
        le=50,
    )
    channel_adoption_weight: float = assumed(
        0.9, (0.45, 1.35), "channel score added for a platform adopter (assumed)", ge=0, le=50
    )
    channel_noise_sd: float = Field(
        0.45,
        ge=0.01,
        le=10,
        description="standard deviation of the "
        "channel score's personal term, drawn once at day 0 (fitted "
        "to S4 Table 4 with channel_intercept)",
    )
    channel_lean_offline_from: float = assumed(
        0.6,
        (0.3, 0.9),
        "channel score from which a "
        "resident leans offline (below: offline; assumed: "
        "four cuts 0.8 apart; plausible ± 0.3, so the four "
        "ranges never overlap and the cuts stay in order)",
        ge=-20,
        le=20,
    )
    channel_both_from: float = assumed(
        1.4, (1.1, 1.7), "channel score from which both channels are fine (assumed)", ge=-20, le=20
    )
    channel_lean_online_from: float = assumed(
        2.2, (1.9, 2.5), "channel score from which a resident leans online (assumed)", ge=-20, le=20
    )
    channel_online_from: float = assumed(
        3.0,
        (2.7, 3.3),
        "channel score from which a resident chooses online (assumed)",
        ge=-20,
        le=20,
    )
    complicated_intercept: float = assumed(
        1.2,
        (0.7, 1.7),
        "log-odds of the concern "
        "'complicated to operate' at literacy 0 (assumed; "
        "Table 5 is held out; plausible: intercepts ± 0.5 "
        "log-odds)",
        ge=-20,
        le=20,
    )
    complicated_literacy: float = assumed(
        -3.5, (-5.0, -2.0), "its log-odds per unit of literacy (assumed)", ge=-50, le=50
    )
    security_intercept: float = assumed(
        -0.6,
        (-1.1, -0.1),
        "log-odds of the concern "
        "'information security' at literacy 0, full privacy "
        "(assumed; Table 5 is held out)",
        ge=-20,
        le=20,
    )
    security_privacy_weight: float = assumed(
        1.5,
        (0.75, 2.25),
        "its log-odds per unit of privacy shortfall (1 − platform.privacy) (assumed)",
        ge=0,
        le=50,
    )
    security_literacy: float = assumed(
        0.8, (0.4, 1.2), "its log-odds per unit of literacy (assumed)", ge=-50, le=50
    )
    many_apps_intercept: float = assumed(
        0.1,
        (-0.4, 0.6),
        "log-odds of the concern 'many "
        "applications' at literacy 0, integrated platform "
        "(assumed; Table 5 is held out)",
        ge=-20,
        le=20,
    )
    many_apps_not_integrated: float = assumed(
        0.9,
        (0.45, 1.35),
        "its extra log-odds when the platform is several apps (assumed)",
        ge=0,
        le=50,
    )
    many_apps_literacy: float = assumed(
        0.4, (0.2, 0.6), "its log-odds per unit of literacy (assumed)", ge=-50, le=50
    )
    no_worries_intercept: float = assumed(
        -0.6,
        (-1.1, -0.1),
        "log-odds of 'no worries' at literacy 0 (assumed; Table 5 is held out)",
        ge=-20,
        le=20,
    )
    no_worries_literacy: float = assumed(
        1.8, (0.9, 2.7), "its log-odds per unit of literacy (assumed)", ge=-50, le=50
    )
    other_intercept: float = assumed(
        -0.3, (-0.8, 0.2), "log-odds of 'other' (no literacy term; assumed)", ge=-20, le=20
    )
    no_worries_bad_experience: float = assumed(
        0.3,
        (0.1, 0.6),
        "log-odds of 'no worries' lost "
        "per unit of log(1 + outage days and unanswered "
        "online cases lived through) (assumed)",
        ge=0,
        le=50,
    )

    @model_validator(mode="after")
    def _thresholds_increase(self) -> Attitudes:
        cuts = (
            self.channel_lean_offline_from,
            self.channel_both_from,
            self.channel_lean_online_from,
            self.channel_online_from,
        )
        if any(b < a for a, b in zip(cuts, cuts[1:], strict=False)):
            raise ValueError(
                "channel_lean_offline_from ≤ channel_both_from ≤ "
                "channel_lean_online_from ≤ channel_online_from must hold"
            )
        return self


class Experience(_Section):
    """How a year of experience moves channel preference and concerns; govsim/rules/experience.py.

    Each resident counts what they live through (cases answered online or offline,
    online cases left unanswered, outage days as an adopter, coaching visits, training
    seats). A count n enters the channel score as weight × log(1 + n): the first
    experiences count most (assumed). All weights are assumed; 0 switches a pathway off.
    """

    channel_answered_online: float = assumed(
        0.15,
        (0.05, 0.3),
        "channel score gained per "
        "log(1 + online cases answered) (assumed; "
        "plausible: a third to twice the default, each "
        "pathway below alike)",
        ge=0,
        le=10,
    )
    channel_answered_offline: float = assumed(
        0.15,
        (0.05, 0.3),
        "channel score lost per "
        "log(1 + offline or patrol cases answered): a good "
        "offline experience pulls offline (assumed)",
        ge=0,
        le=10,
    )
    channel_unanswered: float = assumed(
        0.3,
        (0.1, 0.6),
        "channel score lost per log(1 + online cases left past adoption.unanswered_days) (assumed)",
        ge=0,
        le=10,
    )
    channel_outage: float = assumed(
        0.2,
        (0.05, 0.4),
        "channel score lost per log(1 + outage "
        "days lived through as an adopter; S3 'instability') "
        "(assumed)",
        ge=0,
        le=10,
    )
    channel_coaching: float = assumed(
        0.15,
        (0.05, 0.3),
        "channel score gained per log(1 + "
        "grid-worker coaching visits; S4 grid members 'guide "
        "residents to use online applications') (assumed)",
        ge=0,
        le=10,
    )
    elderly_factor: Share = assumed(
        0.5,
        (0.25, 0.75),
        "share of the experience terms that "
        "moves a resident aged 60+ (assumed: habits of the elderly "
        "change more slowly)",
    )


class Survey(_Section):
    """The questionnaire of S4 §4.2 ; see govsim/evidence/survey.py.

    Taken on `day`. `distributed` questionnaires go to adults: `online_share` of them
    through the platform to adopters, the rest door to door by grid workers (ages 41-59
    weighted by door_to_door_middle_aged_weight). A recipient returns a valid one with
    log-odds response_base + response_literacy × literacy + response_adopted × adopted +
    response_elderly × (60+). Understanding of digital governance (Table 3) is a score
    from literacy, adoption, instruction, participation and cases, cut by the four
    `understanding_*_from` thresholds.
    """

    day: int = assumed(
        365,
        (300, 365),
        "day the questionnaire is taken: the model runs this "
        "many days first (S4 surveyed about a year after the 2020 launch of the "
        "integrated platform, day 0; assumed 365; plausible: two months earlier, "
        "never past the one-year horizon)",
        ge=0,
        le=36_500,
    )
    distributed: int = Field(
        500, ge=1, le=1_000_000, description="questionnaires distributed (S4 §4.2: 500)"
    )
    online_share: Share = Field(
        0.8,
        description="share of questionnaires sent through the "
        "platform to adopters (the rest: grid workers, door to door)"
        " (fitted to S4 Table 2)",
    )
    online_literacy_exponent: float = Field(
        2.0,
        ge=0,
        le=20,
        description="an adopter's chance "
        "to be reached online ∝ literacy to this power "
        "(active users see the questionnaire; 0 = uniform; "
        "fitted to S4 Table 2)",
    )
    door_to_door_middle_aged_weight: float = Field(
        1.0,
        ge=0.01,
        le=100,
        description="relative "
        "chance of an adult aged 41-59 to get a "
        "questionnaire door to door (S4: the survey "
        "'focuses on middle-aged' people; fitted to "
        "S4 Table 2)",
    )
    response_base: float = Field(
        2.0,
        ge=-20,
        le=20,
        description="log-odds of a valid return "
        "at literacy 0, non-adopter, under 60"
        " (fitted to the S4 valid rate 469/500)",
    )
    response_literacy: float = assumed(
        1.0, (0.5, 1.5), "log-odds of a valid return per unit of literacy (assumed)", ge=-20, le=20
    )
    response_adopted: float = assumed(
        0.5,
        (0.25, 1.0),
        "log-odds of a valid return added for a platform adopter (assumed)",
        ge=-20,
        le=20,
    )
    response_elderly: float = assumed(
        -0.5,
        (-1.0, -0.25),
        "log-odds of a valid return added for a resident aged 60+ (assumed)",
        ge=-20,
        le=20,
    )
    understanding_literacy_weight: float = Field(
        0.4,
        ge=0,
        le=5,
        description="understanding "
        "score per unit of digital literacy: knowledge "
        "of digital governance is not literacy (S4: "
        "'more than 63 %' have a knowledge blind spot); "
        "fitted to S4 Table 3 on a coarse grid "
        "(docs/calibration.md); was 1",
    )
    understanding_personal_sd: float = Field(
        0.3,
        ge=0,
        le=5,
        description="standard deviation "
        "of a respondent's own knowledge of digital "
        "governance around the score, drawn when asked; "
        "fitted to S4 Table 3 on a coarse grid "
        "(docs/calibration.md); was 0",
    )
    understanding_adoption_weight: float = assumed(
        0.2, (0.1, 0.3), "understanding score added for a platform adopter (assumed)", ge=0, le=5
    )
    understanding_instruction_weight: float = assumed(
        0.05,
        (0.02, 0.1),
        "understanding score per log(1 + training seats and coaching visits received) (assumed)",
        ge=0,
        le=5,
    )
    understanding_participation_weight: float = assumed(
        0.05,
        (0.02, 0.1),
        "understanding score for having taken part in an activity this year (assumed)",
        ge=0,
        le=5,
    )
    understanding_cases_weight: float = assumed(
        0.05,
        (0.02, 0.1),
        "understanding score per log(1 + online cases answered) (assumed)",
        ge=0,
        le=5,
    )
    understanding_know_little_from: float = assumed(
        0.2,
        (0.12, 0.3),
        "understanding score from "
        "which a respondent knows a little (below: "
        "none) (assumed; Table 3 is held out; "
        "plausible: each cut's range holds the "
        "default and Community Y's equal fifths, "
        "and the four never overlap)",
        ge=-5,
        le=5,
    )
    understanding_ordinary_from: float = assumed(
        0.4, (0.32, 0.52), "score from which understanding is ordinary (assumed)", ge=-5, le=5
    )
    understanding_know_quite_well_from: float = assumed(
        0.6, (0.54, 0.76), "score from which a respondent knows quite well (assumed)", ge=-5, le=5
    )
    understanding_understand_from: float = assumed(
        0.8, (0.78, 1.0), "score from which a respondent understands (assumed)", ge=-5, le=5
    )

    @model_validator(mode="after")
    def _thresholds_increase(self) -> Survey:
        cuts = (
            self.understanding_know_little_from,
            self.understanding_ordinary_from,
            self.understanding_know_quite_well_from,
            self.understanding_understand_from,
        )
        if any(b < a for a, b in zip(cuts, cuts[1:], strict=False)):
            raise ValueError(
                "the understanding_*_from thresholds must increase from know_little to understand"
            )
        return self


WARMUP_DAYS = 28
WARMUP_TEXT = (
    "days at the start of a run that summaries leave out: queues and the households' "
    "unreported issues start empty, so the first weeks resolve cases faster than the model "
    "does later. Measured at Community Y (8 seeds, weekly means by day of resolution, "
    "docs/kpis.md): days from report to resolution reach their level in week 3, the backlog "
    "in week 3, days from an issue arising to its resolution in week 4 (5.7 against 5.6–6.1 "
    "in weeks 5–17, 1.8 in week 1); assumed 28 (four whole weeks; plausible 21–35). A run "
    "shorter than twice this leaves out its first half instead, so a summary always covers "
    "at least half the run; 0 summarises every day. Level metrics (adoption, trust, "
    "backlog…) are values at the end and do not depend on it"
)


class Scenario(_Section):
    """A whole scenario: what `govsim run` needs besides the seed."""

    name: str = Field("unnamed", description="scenario name")
    description: str = Field("", description="one line shown by `govsim list`")
    days: int = Field(365, ge=1, le=36_500, description="horizon in days")
    seed: int = Field(
        1,
        ge=0,
        le=2**32 - 1,
        description="default seed when --seed is not given "
        "(a whole number from 0 to 4,294,967,295)",
    )
    warmup_days: int = assumed(WARMUP_DAYS, (21, 35), WARMUP_TEXT, ge=0, le=36_500)
    population: Population = Population()
    literacy: Literacy = Literacy()
    platform: Platform = Platform()
    needs: Needs = Needs()
    reporting: Reporting = Reporting()
    responders: Responders = Responders()
    demand: Demand = Demand()
    events: list[Event] = Field(
        default_factory=list,
        description="dated shocks: a list of {kind, day, days, factor, categories}",
    )
    feedback: Feedback = Feedback()
    trust: Trust = Trust()
    incentives: Incentives = Incentives()
    organisation: Organisation = Organisation()
    participation: Participation = Participation()
    adoption: Adoption = Adoption()
    attitudes: Attitudes = Attitudes()
    experience: Experience = Experience()
    survey: Survey = Survey()
    costs: Costs = Costs()

    def summary_start(self, days_simulated: int | None = None) -> int:
        """First day a summary counts: `warmup_days`, at most half the days simulated."""
        days = self.days if days_simulated is None else days_simulated
        return min(self.warmup_days, days // 2)

    kpi: Kpi = Kpi()
    ranking: Ranking = Ranking()
    hotline: Hotline = Hotline()
    uptake: Uptake = Uptake()
    staffing: Staffing = Staffing()
    out_of_hours: OutOfHours = OutOfHours()

    @model_validator(mode="after")
    def _representable(self) -> Scenario:
        """Cross-field rules (govsim/scenario/validation.py): one sentence per broken rule."""
        from govsim.scenario.validation import problems

        if found := problems(self):
            raise ValueError("; ".join(found))
        return self


def _is_section(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def iter_fields(
    section: type[BaseModel] = Scenario, prefix: str = "", sections: bool = False
) -> Iterator[tuple[str, FieldInfo]]:
    """(dotted key, FieldInfo) of every leaf key of `section`, depth first in declaration
    order, e.g. ``("population.age_shares.ge_60", …)``; sub-sections are walked, and with
    `sections` also yielded before their keys. A list (``events``) is a leaf.

    The one walk over the schema's dotted keys: plausible ranges, the ODD's and the
    tests' key lists, and :func:`lookup` are built on it."""
    for name, field in section.model_fields.items():
        if _is_section(field.annotation):
            if sections:
                yield f"{prefix}{name}", field
            yield from iter_fields(field.annotation, f"{prefix}{name}.", sections)
        else:
            yield f"{prefix}{name}", field


def lookup(
    key: str | Sequence[Any], section: Any = Scenario
) -> tuple[FieldInfo | None, type[BaseModel] | None]:
    """The field a dotted key (or a pydantic error location) names: ``(field, holder)``,
    holder the section whose key the last part is. ``(None, holder)`` when a part is not a
    key of `holder` (the walk stops there), ``(None, None)`` when the walk reaches a value
    that has no keys.

    Parts may be field names or aliases; inside a mapping of sections (an experiment's
    ``factors``) a part is the mapping's key, and a list of sections (``events``) is
    entered through its items' keys."""
    parts = key.split(".") if isinstance(key, str) else list(key)
    current: Any = section
    field: FieldInfo | None = None
    for i, part in enumerate(parts):
        if get_origin(current) is dict:  # the part is a key of the mapping: its value's model
            current = get_args(current)[1]
            continue
        if not _is_section(current) and get_args(current):
            current = get_args(current)[0]  # list[Event]: the model of its items
        if not _is_section(current):
            return None, None
        by_name = {f.alias or n: f for n, f in current.model_fields.items()}
        field = current.model_fields.get(part) or by_name.get(part)
        if field is None:
            return None, current
        if i < len(parts) - 1:
            current = field.annotation
    return field, current


def value_at(scenario: BaseModel, key: str | Sequence[Any]) -> Any:
    """The value a dotted key names in a validated scenario (or any section): the one walk
    over values, as :func:`lookup` is over fields. An integer part indexes a list
    (``events.2.factor``). KeyError naming the key when a part is missing."""
    value: Any = scenario
    for part in key.split(".") if isinstance(key, str) else key:
        if isinstance(value, list | tuple) and str(part).isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, BaseModel) and part in type(value).model_fields:
            value = getattr(value, part)
        else:
            raise KeyError(key)
    return value


def field_bounds(field: FieldInfo) -> dict[str, float]:
    """The validation bounds of a field, e.g. ``{"ge": 0, "le": 1}``."""
    return {
        attr: getattr(m, attr)
        for m in field.metadata
        for attr in ("ge", "gt", "le", "lt")
        if getattr(m, attr, None) is not None
    }


def plausible_ranges(section: type[BaseModel] = Scenario, prefix: str = "") -> dict[str, tuple]:
    """Every assumed key with a declared plausible range, as {dotted key: (lo, hi)}."""
    return {
        key: tuple(field.json_schema_extra["plausible"])
        for key, field in iter_fields(section, prefix)
        if isinstance(field.json_schema_extra, dict) and "plausible" in field.json_schema_extra
    }
