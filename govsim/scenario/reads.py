"""Which assumed keys a scenario's rules read: the uncertainties of that scenario (issue 29
item 6).

Many assumed keys belong to a mechanism that a switch turns on: the hotline reform's
monthly ranking (S3's evaluation pressure) and its KPI readings, rating management, the
contact desk, latent demand and folding, staffing that answers load. With the switch off,
no rule reads them, so sampling them (``govsim robustness``, ``govsim optimise``'s futures)
only adds chance correlations to "most often flipped by" (Community Y sampled ``kpi.*`` and
``ranking.*``, which only the Beijing reform reads).

``READ_ONLY_WHEN`` declares, per key prefix, the switches of which at least one must be on
for any rule to read the key (a bool, or a number that is on when not 0; ``not KEY``: a
switch that enables the group when off, e.g. the keys of apps that are not integrated).
A key no prefix names is read by every scenario. The declaration cannot drift from the
code unnoticed: ``tests/scenario/test_scenario_reads.py`` runs every shipped scenario with every
read of a schema field recorded, and fails when a rule reads a key this table says is
not read (a rule that reads an undeclared key), when a scenario samples a key its run
never read (a switched-off group not declared here; ``CONDITIONAL`` lists the keys read
only on some days), and when Community Y's design samples a ``kpi.*`` or ``ranking.*`` key.

Read by a *metric* only is not read: ``kpi.solved_quality_from`` is how a hotline KPI
reads a case, and enters the dynamics only where the ranking acts on the KPIs. A
prediction on such a metric in a scenario without the ranking is compared at the
schema's reading, the same in scenario and base.
"""

from __future__ import annotations

from collections.abc import Iterable

from govsim.scenario.schema import Scenario

READ_ONLY_WHEN: dict[str, tuple[str, ...]] = {
    # the monthly evaluation and ranking (simulation/ranking.py)
    "ranking.": ("ranking.enabled",),
    # how the three rates read a case: in the dynamics through the ranking and staffing
    # (reform.month_end), rating management (rules/feedback.py) and the contact desk
    "kpi.": (
        "ranking.enabled",
        "staffing.enabled",
        "hotline.rating_management",
        "hotline.contact_desk",
    ),
    "staffing.": ("staffing.enabled",),
    "hotline.contact_": ("hotline.contact_desk",),
    "hotline.recontact_": ("hotline.rating_management",),
    "hotline.unreasonable_share": ("hotline.rating_management",),
    "hotline.management_months": ("hotline.rating_management",),
    "uptake.latent_demand": ("uptake.latent_enabled",),
    "uptake.publicity_months": ("uptake.latent_enabled",),
    "uptake.awareness_learning": ("uptake.latent_enabled",),
    "uptake.folded_calls": ("uptake.folding_enabled",),
    "uptake.folding_": ("uptake.folding_enabled",),
    # several apps that are not integrated (rules/reporting.py, adoption.py, dispatch.py)
    "reporting.several_apps_factor": ("not platform.integrated",),
    "adoption.several_apps_factor": ("not platform.integrated",),
    "responders.unlinked_offer_share": ("not platform.integrated",),
    # feedback without the closed loop is voluntary (rules/feedback.py)
    "feedback.voluntary_feedback_probability": ("not platform.closed_loop",),
    # digital-literacy training (rules/adoption.py): only with seats to fill
    "literacy.trainable_below": ("literacy.training_seats_per_month",),
    "literacy.training_gain": ("literacy.training_seats_per_month",),
    # outside office hours (rules/handling.py, dispatch.py): a rota, a duty officer
    "out_of_hours.rota_end_hour": ("out_of_hours.rota_staff",),
    "out_of_hours.duty_response_hours": ("out_of_hours.duty_officer",),
}
CONDITIONAL = {
    "adoption.outage_dropout": "read on a day the platform is down (an outage event or "
    "`platform.reliability`'s chance)",
    "reporting.outage_trust_loss": "read on a day the platform is down",
    "responders.intake_hours_per_case": "read when an offline report or a case while the "
    "platform is down is entered by hand",
    "hotline.contact_hours_per_request": "read when the contact desk has a request to reach",
    "uptake.awareness_learning": "read at the reform's month ends once publicity has begun",
    "uptake.publicity_months": "read at the reform's month ends once publicity has begun",
}
"""Keys read only on days a run may not reach (a chance outage, an offline report): no
switch turns them off, so they stay sampled; tests/scenario/test_scenario_reads.py allows them
among the keys a short run did not read, and fails on any other sampled key no rule
read (a switched-off group not declared above)."""


def switch_on(scenario: Scenario, switch: str) -> bool:
    """The value of a switch (a dotted bool key; ``not KEY`` negated) in `scenario`."""
    negate = switch.startswith("not ")
    value: object = scenario
    for part in switch.removeprefix("not ").split("."):
        value = getattr(value, part)
    return bool(value) != negate


def switches(key: str) -> tuple[str, ...]:
    """The switches of `key`'s group (the longest prefix declared), () for every scenario."""
    prefixes = [p for p in READ_ONLY_WHEN if key.startswith(p)]
    return READ_ONLY_WHEN[max(prefixes, key=len)] if prefixes else ()


def is_read(key: str, scenario: Scenario) -> bool:
    """Whether `scenario`'s rules read the assumed `key` (its group switched on)."""
    group = switches(key)
    return not group or any(switch_on(scenario, s) for s in group)


def read_by_any(keys: Iterable[str], scenarios: Iterable[Scenario]) -> list[str]:
    """The `keys` that the rules of at least one of `scenarios` read, in order."""
    scenarios = list(scenarios)
    return [k for k in keys if any(is_read(k, s) for s in scenarios)]
