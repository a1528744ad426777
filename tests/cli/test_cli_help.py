"""Every option and argument of every `govsim` command has a help line."""

from __future__ import annotations

import argparse

from govsim.cli import build_parser


def without_help(parser: argparse.ArgumentParser, prefix: str = "govsim") -> list[str]:
    """`command option` for every argument without help text, walking into subcommands."""
    missing = []
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if isinstance(action, argparse._SubParsersAction):
            helped = {a.dest for a in action._choices_actions if a.help}
            for name, sub in action.choices.items():
                if name not in helped:
                    missing.append(f"{prefix} {name} (the command)")
                missing += without_help(sub, f"{prefix} {name}")
            continue
        if not (action.help or "").strip() or action.help == argparse.SUPPRESS:
            missing.append(f"{prefix} {'/'.join(action.option_strings) or action.dest}")
    return missing


def test_every_option_of_every_command_has_a_help_line():
    assert without_help(build_parser()) == []


def test_the_walk_finds_an_option_without_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    sub.choices["report"].add_argument("--colour")
    assert without_help(parser) == ["govsim report --colour"]
