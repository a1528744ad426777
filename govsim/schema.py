"""The scenario schema: every lever, uncertainty and setting a scenario may name.

One frozen pydantic model per section of MODEL.md §9. Every field has a
default, a unit or range, and a description that error messages quote as
"what is allowed". Numbers here are *defaults*; the shipped scenario files
set them again with a comment naming their source (seed file and table) or
saying ``# assumed``.

Loading YAML, ``extends:`` and ``--set`` live in :mod:`govsim.config`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

Share = Annotated[float, Field(ge=0.0, le=1.0)]
"""A share or probability in 0–1."""

CATEGORIES = ("repairs", "sanitation", "safety", "dispute", "elderly_care", "property")
"""Issue categories of MODEL.md §3 step 1 (assumed list)."""

AGE_BRACKETS = ("le_20", "age_21_30", "age_31_40", "age_41_50", "age_51_60", "ge_60")
"""Age brackets of S4 Table 2 (004_3da5043afcfd9873.txt)."""


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
        return (self.le_20, self.age_21_30, self.age_31_40, self.age_41_50, self.age_51_60,
                self.ge_60)


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
    residents: int = Field(7500, ge=20, le=5_000_000, description="residents (integer ≥ 20)")
    households: int = Field(2630, ge=5, le=2_500_000, description="households (integer ≥ 5)")
    communities: int = Field(4, ge=1, le=500, description="communities (integer ≥ 1)")
    grids: int = Field(10, ge=1, le=20_000, description="grids, one per grid worker in S4")
    buildings_per_grid: int = Field(12, ge=1, le=500, description="residential buildings per grid")
    age_shares: AgeShares = AgeShares(le_20=0.16, age_21_30=0.12, age_31_40=0.16, age_41_50=0.15,
                                      age_51_60=0.17, ge_60=0.24)
    adult_age: int = Field(16, ge=0, le=30, description="age from which residents raise issues, "
                           "adopt and take part (years)")
    ties_within_building: int = Field(4, ge=0, le=40, description="even mean degree of the "
                                      "small-world ring inside a building")
    rewire_within_building: Share = Field(0.1, description="small-world rewiring probability")
    ties_across_buildings: float = Field(0.6, ge=0, le=20, description="mean ties per resident to "
                                         "other buildings of the same grid")
    ties_across_grids: float = Field(0.1, ge=0, le=20, description="mean ties per resident to "
                                     "other grids")
    randomise_ties: bool = Field(False, description="rewire all ties at random keeping degrees "
                                 "(the control condition of Centola's experiment)")
    party_member_share: Share = Field(0.07, description="share of adults in the party")
    social_group_member_share: Share = Field(0.12, description="share of adults in a social group")


class Literacy(_Section):
    mean_by_age: LiteracyByAge = LiteracyByAge(le_20=0.62, age_21_30=0.78, age_31_40=0.72,
                                               age_41_50=0.60, age_51_60=0.45, ge_60=0.22)
    concentration: float = Field(6.0, gt=0, le=200, description="Beta concentration of literacy")
    training_seats_per_month: int = Field(0, ge=0, le=100_000, description="training seats/month")
    target_elderly: bool = Field(False, description="training seats go to residents 60+ first")
    coaching: bool = Field(True, description="grid workers coach non-adopters on patrol")
    training_gain: Share = Field(0.25, description="literacy gained by one training seat")
    coaching_gain: Share = Field(0.01, description="literacy gained per coaching visit")
    neighbour_help_gain: Share = Field(0.0005, description="daily literacy gain x share of "
                                       "adopting ties")


class Platform(_Section):
    initial_adoption: Share = Field(0.6, description="share of adults using the platform on day 0")
    integrated: bool = Field(True, description="one integrated app (true) or several (false)")
    reliability: Share = Field(0.98, description="daily probability the platform is up")
    closed_loop: bool = Field(True, description="S2 closed-loop case tracking on/off")
    public_ratings: bool = Field(True, description="S2 public ratings of responders on/off")
    offline_channel: bool = Field(True, description="false = digital only")
    privacy: Share = Field(0.7, description="privacy/security level 0–1")
    online_activities: bool = Field(True, description="online activities (S3 smart party building)")


class Needs(_Section):
    issues_per_adult_year: float = Field(2.0, ge=0, le=100, description="issues raised per adult "
                                         "per year")
    elderly_multiplier: float = Field(1.3, ge=0, le=10, description="issue rate of 60+ relative "
                                      "to under 60")
    category_shares: CategoryShares = CategoryShares()
    elderly_care_share_60plus: Share = Field(0.3, description="share of a 60+ resident's issues "
                                             "that are elderly care")
    cross_department_share: Share = Field(0.2, description="share of cases spanning departments")
    days_until_lapse: int = Field(45, ge=1, le=3650, description="an unreported issue lapses "
                                  "after this many days")


class Reporting(_Section):
    online_base: Share = Field(0.12, description="daily chance an adopter with a neutral "
                               "preference reports online")
    offline_base: Share = Field(0.05, description="daily chance of an offline report, neutral "
                                "preference")
    elderly_offline_bonus: float = Field(1.5, ge=0, le=10, description="offline multiplier for 60+")
    several_apps_factor: Share = Field(0.75, description="online multiplier when not integrated")
    trust_erosion_per_waiting_day: Share = Field(0.002, description="trust lost per day an issue "
                                                 "waits unreported")
    outage_trust_loss: Share = Field(0.01, description="platform trust an adopter loses per "
                                     "outage day with a pending issue")
    points_effect: float = Field(0.3, ge=0, le=10, description="relative rise of the report "
                                 "chance per report point (incentives.report_points)")


class Responders(_Section):
    department_capacity_per_day: int = Field(12, ge=0, le=100_000, description="cases a "
                                             "department can finish per day")
    social_group_capacity_per_day: int = Field(4, ge=0, le=100_000, description="cases a social "
                                               "group can finish per day")
    resolve_probability: Share = Field(0.2, description="daily chance a queued case is finished "
                                       "at effort 1")
    manual_dispatch_probability: Share = Field(0.2, description="daily chance a case is "
                                               "dispatched by hand when the platform is down")
    public_ratings_effort: float = Field(0.35, ge=0, le=5, description="extra effort when ratings "
                                         "are public")
    evaluation_pressure_effort: float = Field(0.5, ge=0, le=5, description="extra effort per unit "
                                              "of evaluation pressure")
    quality_mean: Share = Field(0.7, description="mean outcome quality at effort 1")
    quality_effort_gain: Share = Field(0.15, description="outcome quality gained per unit of "
                                       "extra effort")
    social_group_cost: float = Field(0.5, ge=0, le=10, description="cost of taking a case, in "
                                     "subsidy units")
    reputation_weight: float = Field(0.5, ge=0, le=10, description="weight of a group's rating in "
                                     "its decision to take a case")
    willingness_slope: float = Field(6.0, ge=0, le=100, description="slope of the logistic "
                                     "take-a-case decision")
    queue_days_limit: float = Field(3.0, ge=0, le=365, description="a social group takes no new "
                                    "case while its queue exceeds this many days of capacity")
    unlinked_offer_share: Share = Field(0.4, description="chance a social group is offered a "
                                        "case when the platform is not integrated")


class Feedback(_Section):
    online_feedback_probability: Share = Field(0.8, description="daily chance an adopter rates "
                                               "a resolved case online (closed loop)")
    voluntary_feedback_probability: Share = Field(0.01, description="daily chance of feedback "
                                                  "without closed loop")
    feedback_window_days: int = Field(30, ge=1, le=3650, description="days after resolution in "
                                      "which feedback can close a case")
    wait_penalty_per_30_days: Share = Field(0.35, description="satisfaction lost per 30 days "
                                            "from report to resolution")
    trust_learning_rate: Share = Field(0.15, description="weight of one experience in trust")
    word_of_mouth: Share = Field(0.2, description="weight of a neighbour's experience relative "
                                 "to one's own")
    rating_memory: Share = Field(0.9, description="weight of the old rating in a responder's "
                                 "moving rating")


class Trust(_Section):
    government_mean: Share = Field(0.6, description="mean initial trust in government")
    platform_mean: Share = Field(0.55, description="mean initial trust in the platform")
    concentration: float = Field(8.0, gt=0, le=200, description="Beta concentration of trust")


class Incentives(_Section):
    time_bank_credit: float = Field(0.0, ge=0, le=10, description="time-bank hours credited per "
                                    "hour of volunteering")
    participation_points: float = Field(0.0, ge=0, le=10, description="points per activity")
    report_points: float = Field(0.0, ge=0, le=10, description="points per report")
    social_group_subsidy: float = Field(0.2, ge=0, le=10, description="subsidy per case taken by a "
                                        "social group (relative to its cost)")
    evaluation_pressure: Share = Field(0.3, description="evaluation pressure on departments 0–1")


class Organisation(_Section):
    grid_workers: int = Field(10, ge=0, le=100_000, description="full-time grid workers")
    visits_per_worker_day: int = Field(20, ge=0, le=1000, description="households a grid worker "
                                       "visits per day")
    patrol_detection: Share = Field(0.8, description="chance a visit finds a household's "
                                    "unreported issue")
    party_coordination: Share = Field(0.5, description="how far party-led coordination lowers "
                                      "the organisational barrier, 0–1")
    organisational_barrier: Share = Field(0.4, description="daily chance a cross-department case "
                                          "stays blocked without coordination")
    coordination_strength: Share = Field(0.3, description="share of the barrier that full party "
                                         "coordination removes")
    social_groups: int = Field(4, ge=0, le=10_000, description="social groups taking cases")


class ActivityMix(_Section):
    """Kinds of activity organisers hold (S0, S1, S3); weights need not sum to 1."""

    deliberation: float = Field(0.25, ge=0, le=100, description="deliberation meetings (weight)")
    volunteer: float = Field(0.30, ge=0, le=100, description="volunteer service (weight)")
    cultural: float = Field(0.25, ge=0, le=100, description="cultural events in public space "
                            "(weight)")
    online: float = Field(0.20, ge=0, le=100, description="online activities, need the platform "
                          "(weight)")

    def as_tuple(self) -> tuple[float, ...]:
        return (self.deliberation, self.volunteer, self.cultural, self.online)


class Participation(_Section):
    """Step 7: activities and who joins them (S0, S1, S3)."""

    activities_per_branch_month: float = Field(4.0, ge=0, le=300, description="activities a grid's "
                                               "party branch holds per month")
    activities_per_group_month: float = Field(3.0, ge=0, le=300, description="activities a social "
                                              "group holds per month")
    activity_mix: ActivityMix = ActivityMix()
    seats_per_activity: int = Field(80, ge=1, le=100_000, description="most residents per "
                                    "activity")
    hours_per_activity: float = Field(2.0, gt=0, le=24, description="hours one activity takes")
    base_logit: float = Field(-6.0, ge=-20, le=20, description="log-odds of joining an activity "
                              "one is invited to, before the terms below")
    propensity_weight: float = Field(4.0, ge=0, le=50, description="log-odds per unit of civic "
                                     "propensity")
    trust_weight: float = Field(1.0, ge=0, le=50, description="log-odds per unit of trust in "
                                "government")
    time_bank_weight: float = Field(2.0, ge=0, le=50, description="log-odds per time-bank hour "
                                    "credited per hour (volunteer activities)")
    points_weight: float = Field(0.6, ge=0, le=50, description="log-odds per participation point")
    party_mobilisation: Share = Field(0.5, description="how strongly party branches mobilise "
                                      "their members, 0–1")
    mobilisation_weight: float = Field(2.0, ge=0, le=50, description="log-odds for a fully "
                                       "mobilised party member")
    contagion_threshold: Share = Field(0.25, description="share of ties who took part in the last "
                                       "30 days from which the social pull applies (complex "
                                       "contagion, Centola)")
    contagion_weight: float = Field(1.8, ge=0, le=50, description="log-odds of the social pull")
    propensity_decay_per_day: Share = Field(0.008, description="daily relative loss of civic "
                                            "propensity without taking part (S3 persistence)")
    propensity_gain: Share = Field(0.08, description="relative gain of propensity per activity "
                                   "(toward 1)")
    trust_gain: Share = Field(0.03, description="relative gain of trust in government per "
                              "activity (S1 emotional production)")
    new_ties_per_participant: float = Field(0.3, ge=0, le=20, description="new ties formed per "
                                            "participant of an offline activity (S1 relationship "
                                            "production)")
    tie_rebuild_days: int = Field(30, ge=1, le=365, description="days between folding new ties "
                                  "into the network")
    launch_campaign_days: int = Field(60, ge=0, le=36_500, description="days of the launch "
                                      "campaign at the start of the run")
    launch_campaign_boost: float = Field(1.0, ge=0, le=20, description="log-odds added to "
                                         "joining while the launch campaign lasts")
    help_hours: float = Field(2.0, gt=0, le=100, description="time-bank hours spent to get help "
                              "with one case")


class Adoption(_Section):
    """Step 8: literacy gates adoption; adoption diffuses and drops out (S4)."""

    external_push: Share = Field(0.0003, description="daily adoption chance from campaigns, for a "
                                 "literate non-adopter")
    peer_weight: Share = Field(0.002, description="daily adoption chance per unit share of "
                               "adopting ties")
    coaching_push: Share = Field(0.01, description="adoption chance of a literate non-adopter "
                                 "coached on a grid worker's visit")
    literacy_threshold: Share = Field(0.4, description="literacy at which the gate is half open")
    literacy_slope: float = Field(0.06, gt=0, le=1, description="width of the literacy gate")
    several_apps_factor: Share = Field(0.6, description="adoption multiplier when the platform "
                                       "is several apps (S4 Table 5: 22.6 % worry about many apps)")
    privacy_weight: Share = Field(0.5, description="adoption lost per unit privacy shortfall "
                                  "(S4 Table 5: 15.1 % worry about information security)")
    dropout_base: Share = Field(0.0002, description="daily drop-out chance of an adopter")
    outage_dropout: Share = Field(0.003, description="extra drop-out chance on an outage day")
    unanswered_days: int = Field(14, ge=1, le=3650, description="days an online case may wait "
                                 "before its reporter may drop out")
    unanswered_dropout: Share = Field(0.01, description="daily drop-out chance while an online "
                                      "case waits past unanswered_days")


class Attitudes(_Section):
    """Attitudes, S4 Tables 4 and 5 (004_3da5043afcfd9873.txt); see govsim/attitudes.py.

    Channel preference: score = intercept + literacy_weight × literacy + adoption_weight ×
    adopted − elderly_weight × (60+) + noise_sd × z (z drawn once) + experience; the four
    `channel_*_from` thresholds cut it into offline … online. Main concern: a multinomial
    logit of literacy, the platform and bad experiences.
    """

    channel_intercept: float = Field(0.0, ge=-20, le=20, description="channel score of a "
                                     "non-adopter under 60 at literacy 0, before experience "
                                     "(fitted to S4 Table 4 with channel_noise_sd)")
    channel_literacy_weight: float = Field(2.8, ge=0, le=50, description="channel score per "
                                           "unit of literacy (assumed)")
    channel_elderly_weight: float = Field(0.3, ge=0, le=50, description="channel score taken "
                                          "from a resident aged 60+ (assumed: S4 says the "
                                          "elderly rely on offline service)")
    channel_adoption_weight: float = Field(0.9, ge=0, le=50, description="channel score added "
                                           "for a platform adopter (assumed)")
    channel_noise_sd: float = Field(0.45, ge=0.01, le=10, description="standard deviation of the "
                                    "channel score's personal term, drawn once at day 0 (fitted "
                                    "to S4 Table 4 with channel_intercept)")
    channel_lean_offline_from: float = Field(0.6, ge=-20, le=20, description="channel score from "
                                             "which a resident leans offline (below: offline; "
                                             "assumed: four cuts 0.8 apart)")
    channel_both_from: float = Field(1.4, ge=-20, le=20, description="channel score from which "
                                     "both channels are fine (assumed)")
    channel_lean_online_from: float = Field(2.2, ge=-20, le=20, description="channel score from "
                                            "which a resident leans online (assumed)")
    channel_online_from: float = Field(3.0, ge=-20, le=20, description="channel score from which "
                                       "a resident chooses online (assumed)")
    complicated_intercept: float = Field(1.2, ge=-20, le=20, description="log-odds of the concern "
                                         "'complicated to operate' at literacy 0"
                                         " (assumed; Table 5 is held out)")
    complicated_literacy: float = Field(-3.5, ge=-50, le=50, description="its log-odds per unit "
                                        "of literacy (assumed)")
    security_intercept: float = Field(-0.6, ge=-20, le=20, description="log-odds of the concern "
                                      "'information security' at literacy 0, full privacy"
                                      " (assumed; Table 5 is held out)")
    security_privacy_weight: float = Field(1.5, ge=0, le=50, description="its log-odds per unit "
                                           "of privacy shortfall (1 − platform.privacy) (assumed)")
    security_literacy: float = Field(0.8, ge=-50, le=50, description="its log-odds per unit of "
                                     "literacy (assumed)")
    many_apps_intercept: float = Field(0.1, ge=-20, le=20, description="log-odds of the concern "
                                       "'many applications' at literacy 0, integrated platform"
                                       " (assumed; Table 5 is held out)")
    many_apps_not_integrated: float = Field(0.9, ge=0, le=50, description="its extra log-odds "
                                            "when the platform is several apps (assumed)")
    many_apps_literacy: float = Field(0.4, ge=-50, le=50, description="its log-odds per unit of "
                                      "literacy (assumed)")
    no_worries_intercept: float = Field(-0.6, ge=-20, le=20, description="log-odds of 'no "
                                        "worries' at literacy 0 (assumed; Table 5 is held out)")
    no_worries_literacy: float = Field(1.8, ge=-50, le=50, description="its log-odds per unit of "
                                       "literacy (assumed)")
    other_intercept: float = Field(-0.3, ge=-20, le=20, description="log-odds of 'other' (no "
                                   "literacy term; assumed)")
    no_worries_bad_experience: float = Field(0.3, ge=0, le=50, description="log-odds of 'no "
                                             "worries' lost per unit of log(1 + outage days and "
                                             "unanswered online cases lived through) (assumed)")

    @model_validator(mode="after")
    def _thresholds_increase(self) -> Attitudes:
        cuts = (self.channel_lean_offline_from, self.channel_both_from,
                self.channel_lean_online_from, self.channel_online_from)
        if any(b < a for a, b in zip(cuts, cuts[1:], strict=False)):
            raise ValueError("channel_lean_offline_from ≤ channel_both_from ≤ "
                             "channel_lean_online_from ≤ channel_online_from must hold")
        return self


class Experience(_Section):
    """How a year of experience moves channel preference and concerns; govsim/rules/experience.py.

    Each resident counts what they live through (cases answered online or offline,
    online cases left unanswered, outage days as an adopter, coaching visits, training
    seats). A count n enters the channel score as weight × log(1 + n): the first
    experiences count most (assumed). All weights are assumed; 0 switches a pathway off.
    """

    channel_answered_online: float = Field(0.15, ge=0, le=10, description="channel score gained "
                                           "per log(1 + online cases answered) (assumed)")
    channel_answered_offline: float = Field(0.15, ge=0, le=10, description="channel score lost "
                                            "per log(1 + offline or patrol cases answered): "
                                            "a good offline experience pulls offline (assumed)")
    channel_unanswered: float = Field(0.3, ge=0, le=10, description="channel score lost per "
                                      "log(1 + online cases left past adoption.unanswered_days) "
                                      "(assumed)")
    channel_outage: float = Field(0.2, ge=0, le=10, description="channel score lost per "
                                  "log(1 + outage days lived through as an adopter; S3 "
                                  "'instability') (assumed)")
    channel_coaching: float = Field(0.15, ge=0, le=10, description="channel score gained per "
                                    "log(1 + grid-worker coaching visits; S4 grid members "
                                    "'guide residents to use online applications') (assumed)")
    elderly_factor: Share = Field(0.5, description="share of the experience terms that moves a "
                                  "resident aged 60+ (assumed: habits of the elderly change "
                                  "more slowly)")


class Survey(_Section):
    """The questionnaire of S4 §4.2 (004_3da5043afcfd9873.txt); see govsim/survey.py.

    Taken on `day`. `distributed` questionnaires go to adults: `online_share` of them
    through the platform to adopters, the rest door to door by grid workers (ages 41-59
    weighted by door_to_door_middle_aged_weight). A recipient returns a valid one with
    log-odds response_base + response_literacy × literacy + response_adopted × adopted +
    response_elderly × (60+). Understanding of digital governance (Table 3) is a score
    from literacy, adoption, instruction, participation and cases, cut by the four
    `understanding_*_from` thresholds.
    """

    day: int = Field(365, ge=0, le=36_500, description="day the questionnaire is taken: the "
                     "model runs this many days first (S4 surveyed about a year after the 2020 "
                     "launch of the integrated platform, day 0; assumed 365)")
    distributed: int = Field(500, ge=1, le=1_000_000, description="questionnaires distributed"
                                                                  " (S4 §4.2: 500)")
    online_share: Share = Field(0.8, description="share of questionnaires sent through the "
                                "platform to adopters (the rest: grid workers, door to door)"
                                " (fitted to S4 Table 2)")
    online_literacy_exponent: float = Field(2.0, ge=0, le=20, description="an adopter's chance "
                                            "to be reached online ∝ literacy to this power "
                                            "(active users see the questionnaire; 0 = uniform; "
                                            "fitted to S4 Table 2)")
    door_to_door_middle_aged_weight: float = Field(1.0, ge=0.01, le=100, description="relative "
                                                   "chance of an adult aged 41-59 to get a "
                                                   "questionnaire door to door (S4: the survey "
                                                   "'focuses on middle-aged' people; fitted to "
                                                   "S4 Table 2)")
    response_base: float = Field(2.0, ge=-20, le=20, description="log-odds of a valid return "
                                 "at literacy 0, non-adopter, under 60"
                                 " (fitted to the S4 valid rate 469/500)")
    response_literacy: float = Field(1.0, ge=-20, le=20, description="log-odds of a valid return "
                                     "per unit of literacy (assumed)")
    response_adopted: float = Field(0.5, ge=-20, le=20, description="log-odds of a valid return "
                                    "added for a platform adopter (assumed)")
    response_elderly: float = Field(-0.5, ge=-20, le=20, description="log-odds of a valid return "
                                    "added for a resident aged 60+ (assumed)")
    understanding_adoption_weight: float = Field(0.2, ge=0, le=5, description="understanding "
                                                 "score added for a platform adopter (assumed)")
    understanding_instruction_weight: float = Field(0.05, ge=0, le=5, description="understanding "
                                                    "score per log(1 + training seats and "
                                                    "coaching visits received) (assumed)")
    understanding_participation_weight: float = Field(0.05, ge=0, le=5, description="understanding"
                                                      " score for having taken part in an "
                                                      "activity this year (assumed)")
    understanding_cases_weight: float = Field(0.05, ge=0, le=5, description="understanding score "
                                              "per log(1 + online cases answered) (assumed)")
    understanding_know_little_from: float = Field(0.2, ge=-5, le=5, description="understanding "
                                                  "score from which a respondent knows a little "
                                                  "(below: none) (assumed; Table 3 is held out)")
    understanding_ordinary_from: float = Field(0.4, ge=-5, le=5, description="score from which "
                                               "understanding is ordinary (assumed)")
    understanding_know_quite_well_from: float = Field(0.6, ge=-5, le=5, description="score "
                                                      "from which a respondent knows quite well"
                                                      " (assumed)")
    understanding_understand_from: float = Field(0.8, ge=-5, le=5, description="score from "
                                                 "which a respondent understands (assumed)")

    @model_validator(mode="after")
    def _thresholds_increase(self) -> Survey:
        cuts = (self.understanding_know_little_from, self.understanding_ordinary_from,
                self.understanding_know_quite_well_from, self.understanding_understand_from)
        if any(b < a for a, b in zip(cuts, cuts[1:], strict=False)):
            raise ValueError("the understanding_*_from thresholds must increase from "
                             "know_little to understand")
        return self


class Scenario(_Section):
    """A whole scenario: what `govsim run` needs besides the seed."""

    name: str = Field("unnamed", description="scenario name")
    description: str = Field("", description="one line shown by `govsim list`")
    days: int = Field(365, ge=1, le=36_500, description="horizon in days")
    seed: int = Field(1, ge=0, description="default seed when --seed is not given")
    population: Population = Population()
    literacy: Literacy = Literacy()
    platform: Platform = Platform()
    needs: Needs = Needs()
    reporting: Reporting = Reporting()
    responders: Responders = Responders()
    feedback: Feedback = Feedback()
    trust: Trust = Trust()
    incentives: Incentives = Incentives()
    organisation: Organisation = Organisation()
    participation: Participation = Participation()
    adoption: Adoption = Adoption()
    attitudes: Attitudes = Attitudes()
    experience: Experience = Experience()
    survey: Survey = Survey()

    @model_validator(mode="after")
    def _consistent_sizes(self) -> Scenario:
        p = self.population
        if p.households > p.residents:
            raise ValueError("population.households must not exceed population.residents")
        if p.grids * p.buildings_per_grid > p.households:
            raise ValueError("population.grids × population.buildings_per_grid must not exceed "
                             "population.households")
        if p.communities > p.grids:
            raise ValueError("population.communities must not exceed population.grids")
        return self
