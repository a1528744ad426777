"""Institutional actors as Mesa agents: grid workers, party organisations,
government departments and social groups.

They are few (tens), so each is a Mesa ``Agent`` with readable state; the
many residents live in arrays (:mod:`govsim.world.state`). The rules in
:mod:`govsim.rules` read and update these agents once per day.
"""

from __future__ import annotations

import numpy as np

from govsim.core.mesa_base import Agent, Model
from govsim.core.stats import logistic
from govsim.scenario.schema import CATEGORIES, Scenario

# Which government department leads each category (docs/ODD.md §2, S2/S4; names assumed).
DEPARTMENT_NAMES = {
    "repairs": "housing and construction",
    "sanitation": "urban management",
    "safety": "public security",
    "dispute": "justice and mediation",
    "elderly_care": "civil affairs",
    "property": "street office (property supervision)",
}

# Kinds of social group and the categories they serve (S3/S4: social organisations,
# volunteer teams, the property company; the category lists are assumed).
SOCIAL_GROUP_KINDS = (
    ("property company", ("property", "repairs", "sanitation")),
    ("volunteer team", ("elderly_care", "sanitation", "repairs")),
    ("social organisation", ("elderly_care", "dispute")),
)


class GridWorker(Agent):
    """A full-time grid worker (S4): patrols one grid, finds issues, coaches, collects feedback."""

    def __init__(self, model: Model, grid: int, visits_per_day: int) -> None:
        super().__init__(model)
        self.grid = grid
        self.visits_per_day = visits_per_day
        self.issues_found = 0
        self.feedback_collected = 0
        self.residents_coached = 0


class PartyOrganisation(Agent):
    """The community party committee (grid = -1) or a grid's party branch (S2, S3)."""

    def __init__(self, model: Model, grid: int, coordination: float, members: int) -> None:
        super().__init__(model)
        self.grid = grid
        self.coordination = coordination
        self.members = members


class Responder(Agent):
    """Anything that handles cases: a department or a social group."""

    is_government = True

    def __init__(self, model: Model, name: str, categories: tuple[str, ...], rating: float) -> None:
        super().__init__(model)
        self.name = name
        self.categories = categories
        self.rating = rating  # 0–1, feedback.initial_rating on day 0
        self.cases_taken = 0  # cases taken off the platform (a social group's subsidy: costs)

    def effort(self, scenario: Scenario) -> float:
        """Effort ≥ 1: public ratings (S2 "platform authority") and evaluation pressure (S3)."""
        r = scenario.responders
        extra = r.public_ratings_effort if scenario.platform.public_ratings else 0.0
        if self.is_government:
            extra += r.evaluation_pressure_effort * scenario.incentives.evaluation_pressure
        return 1.0 + extra

    def record_ratings(self, mean_satisfaction: float, memory: float) -> None:
        """Fold one day's mean rating into the moving rating (S2 public evaluation)."""
        self.rating = memory * self.rating + (1 - memory) * float(mean_satisfaction)


class Department(Responder):
    """A functional department of the street office (S2, S4)."""


class SocialGroup(Responder):
    """A social organisation, volunteer team or the property company (S3, S4).

    Takes a case when subsidy and reputation outweigh its cost (S3's
    cooperative game; "weak willingness to share horizontal responsibilities").
    """

    is_government = False
    kind = "social organisation"

    def willingness(self, scenario: Scenario) -> float:
        r = scenario.responders
        utility = (
            scenario.incentives.social_group_subsidy
            + r.reputation_weight * self.rating
            - r.social_group_cost
        )
        return float(logistic(r.willingness_slope * utility))


def make_institutions(model: Model) -> None:
    """Create the Mesa agents of a scenario on `model` (lists kept in model.state)."""
    sc = model.config
    org = sc.organisation
    state = model.state
    grids = sc.population.grids
    visits = org.visits_per_worker_day
    state.grid_workers = [
        GridWorker(model, grid=i % grids, visits_per_day=visits) for i in range(org.grid_workers)
    ]
    members = np.bincount(state.residents.grid[state.residents.is_party_member], minlength=grids)
    state.party_organisations = [
        PartyOrganisation(model, -1, org.party_coordination, int(members.sum()))
    ]
    state.party_organisations += [
        PartyOrganisation(model, g, org.party_coordination, int(members[g])) for g in range(grids)
    ]
    rating = sc.feedback.initial_rating
    state.responders = [Department(model, DEPARTMENT_NAMES[c], (c,), rating) for c in CATEGORIES]
    for j in range(org.social_groups):
        kind, categories = SOCIAL_GROUP_KINDS[j % len(SOCIAL_GROUP_KINDS)]
        group = SocialGroup(model, f"{kind} {j + 1}", categories, rating)
        group.kind = kind
        state.responders.append(group)
