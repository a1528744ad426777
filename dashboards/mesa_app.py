"""A plain Mesa SolaraViz page for the model (the full dashboard is ``govsim dashboard``).

Run it with ``solara run dashboards/mesa_app.py`` (or show ``page`` in a notebook).
It is the standard Mesa way: ``SolaraViz`` with model parameters that Mesa
passes to ``GovernanceModel(**params)`` on reset (dotted scenario keys are
fine) and line plots of the model's DataCollector.
"""

from __future__ import annotations

from typing import Any

from mesa.visualization import SolaraViz, make_plot_component

from govsim.api import scenarios
from govsim.simulation.model import GovernanceModel

PLOTS = (
    ("adoption_rate", "digital_divide"),
    ("participation_rate", "report_rate"),
    ("backlog",),
    ("trust_government", "trust_platform"),
)


def model_params() -> dict[str, Any]:
    """The controls: a scenario, the horizon, the seed and two levers."""
    return {
        "scenario": {
            "type": "Select",
            "value": "community_y",
            "values": scenarios(),
            "label": "Scenario",
        },
        "days": {
            "type": "SliderInt",
            "value": 180,
            "min": 10,
            "max": 730,
            "step": 10,
            "label": "Days",
        },
        "rng": {"type": "SliderInt", "value": 1, "min": 1, "max": 100, "step": 1, "label": "Seed"},
        "organisation.grid_workers": {
            "type": "SliderInt",
            "value": 8,
            "min": 0,
            "max": 40,
            "step": 1,
            "label": "Grid workers",
        },
        "platform.integrated": {
            "type": "Checkbox",
            "value": True,
            "label": "One integrated platform",
        },
    }


def make_page(model: GovernanceModel | None = None) -> Any:
    """The SolaraViz component for `model` (a new Community Y model if None)."""
    params = model_params()
    if model is None:
        model = GovernanceModel(**{k: v["value"] for k, v in params.items()})
    components = [make_plot_component(list(measures)) for measures in PLOTS]
    return SolaraViz(
        model, components=components, model_params=params, name="govsim (plain Mesa view)"
    )


page = make_page()
