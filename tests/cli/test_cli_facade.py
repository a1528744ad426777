"""The command line and the Python API are one façade (issue 30 item 4): each command
whose name is a function of ``govsim`` calls that very function, so nothing is computed
differently from the command. Each API function is replaced by one that raises; the
command must reach it (before running anything). The function underneath is replaced
too, by one raising something else: a command going round the API fails at once."""

from __future__ import annotations

import importlib

import pytest

from govsim import api
from govsim.cli import main


class Reached(Exception):
    """Raised by a stand-in for a govsim.api function: the command called it."""


class WentRound(Exception):
    """Raised by a stand-in for what the API calls: the command bypassed the API."""


UNDERNEATH = {
    "run": "govsim.running.runner:run",
    "survey": "govsim.evidence.survey:survey_scenario",
    "sweep": "govsim.experiments.batch.sweep:sweep",
    "discover": "govsim.experiments.analysis.discover:discover",
    "optimise": "govsim.experiments.search.optimise:optimise",
    "calibrate": "govsim.evidence.calibrate:calibrate",
    "forecast": "govsim.evidence.forecast:forecast",
}


@pytest.mark.parametrize(
    ("name", "argv"),
    [
        ("run", ["run", "community_y", "--days", "2"]),
        ("survey", ["survey", "community_y"]),
        ("sweep", ["sweep", "smoke", "--out", "{tmp}/sweep"]),
        ("discover", ["discover", "{tmp}/none", "--outcome", "x > 0"]),
        ("optimise", ["optimise", "storm_policy", "--out", "{tmp}/optimise"]),
        ("calibrate", ["calibrate", "community_y", "--out", "{tmp}/calibrate"]),
        ("forecast", ["forecast", "beijing_reform", "--out", "{tmp}/forecast"]),
    ],
)
def test_each_command_calls_the_function_govsim_exports(monkeypatch, tmp_path, name, argv):
    def stand_in(*args, **kwargs):
        raise Reached(name)

    def went_round(*args, **kwargs):
        raise WentRound(name)

    monkeypatch.setattr(api, name, stand_in)
    module, function = UNDERNEATH[name].split(":")
    monkeypatch.setattr(importlib.import_module(module), function, went_round)
    with pytest.raises(Reached, match=name):
        main([a.format(tmp=tmp_path) for a in argv])
