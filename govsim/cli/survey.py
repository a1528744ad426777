"""`govsim survey`: print the simulated questionnaire beside S4 and write survey.json."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from govsim.cli.options import add_force

if TYPE_CHECKING:
    from govsim.evidence.survey import SurveyResult


def largest_deviation(cells: dict[str, dict[str, float]]) -> tuple[str, float]:
    """The category with the largest |simulated − paper| and that deviation (points)."""
    name = max(cells, key=lambda c: abs(cells[c]["simulated"] - cells[c]["paper"]))
    return name, abs(cells[name]["simulated"] - cells[name]["paper"])


def format_comparison(comparison: dict[str, dict[str, dict[str, float]]], title: str) -> str:
    from govsim.evidence.survey import STATUS, TABLES

    lines = [title, "=" * len(title)]
    for table, (_, heading) in TABLES.items():
        cells = comparison[table]
        status = "fitted" if STATUS[table] == "fitted" else "held out (predicted)"
        lines += [
            "",
            f"{heading} [{status}]",
            f"  {'category':<26}{'simulated %':>12}{'paper %':>10}{'diff':>8}",
        ]
        for name, c in cells.items():
            lines.append(
                f"  {name:<26}{c['simulated']:>12.1f}{c['paper']:>10.1f}"
                f"{c['simulated'] - c['paper']:>+8.1f}"
            )
        worst, dev = largest_deviation(cells)
        lines.append(f"  largest absolute deviation: {dev:.1f} points ({worst})")
    return "\n".join(lines)


def survey_command(args: argparse.Namespace) -> int:
    """`govsim survey SCENARIO [--seed S] [--days N] [--set k=v]… [--out DIR]`."""
    from govsim.api import survey
    from govsim.evidence.survey import paper
    from govsim.running.output import atomic_write_bytes
    from govsim.scenario.config import ConfigError, load_scenario

    overrides = list(args.set or [])
    if args.days is not None:
        if args.days < 0:
            raise ConfigError(f"--days {args.days}: the survey day must be ≥ 0.")
        overrides.append(f"survey.day={args.days}")
    if args.seed is not None:
        overrides.append(f"seed={args.seed}")
    scenario = load_scenario(args.scenario, overrides)
    result = survey(scenario)  # its seed and survey day as set above
    comparison = result.comparison()
    data = paper()
    title = (
        f"govsim survey {scenario.name}: seed {scenario.seed}, day {result.day}; "
        f"{len(result.recipients)} distributed, {len(result.respondents)} valid "
        f"({100 * result.response_rate:.2f} %); S4: {data['distributed']} distributed, "
        f"{data['valid']} valid ({comparison['response']['valid']['paper']:.2f} %)"
    )
    print(format_comparison(comparison, title))
    print("\n" + format_population(result))
    if args.out:
        path = Path(args.out) / "survey.json"
        atomic_write_bytes(path, (json.dumps(result.to_json(), indent=2) + "\n").encode())
        print(f"\nwrote {path}")
    return 0


def survey_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim survey`: its arguments and help."""
    p = sub.add_parser("survey", help="the simulated questionnaire beside S4 Tables 2-5")
    p.add_argument("scenario", help="scenario name (scenarios/NAME.yaml) or path")
    p.add_argument(
        "--seed",
        type=int,
        help="seed of the run's random generator (default: the scenario's `seed`)",
    )
    p.add_argument("--days", type=int, help="survey day (default: survey.day)")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="override a dotted scenario key, e.g. --set platform.reliability=0.9",
    )
    p.add_argument("--out", metavar="DIR", help="write survey.json here")
    add_force(p)
    p.set_defaults(func=survey_command)


def format_population(result: SurveyResult) -> str:
    data = result.to_json()
    lines = [f"  {'age':<10}{'residents %':>12}{'respondents %':>15}"]
    lines += [
        f"  {b:<10}{p:>12.1f}{data['respondent_shares'][b]:>15.1f}"
        for b, p in data["population_shares"].items()
    ]
    extra = ", ".join(f"{k} {v:.2f}" for k, v in result.not_in_s4.items())
    return "\n".join(
        ["Who answered (Table 2 brackets)", *lines, f"Not in S4 (respondents' means): {extra}"]
    )


PARSERS = {
    "survey": survey_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
