"""`govsim` command line, every command: thin; parses, calls, prints.

This package is the only command-line code. Each command's parser (``<command>_parser``)
sits beside the command's code: ``catalogue`` (list, validate), ``run``, ``survey``,
``batch`` (sweep, merge), ``analysis`` (report, sensitivity, discover) and ``search``
(optimise), as govsim.experiments is split, ``evidence`` (robustness, calibrate,
forecast) and ``dashboard``. ``__init__`` only puts them together in the order of
``COMMANDS`` and runs the one asked for. May import every layer below it; nothing
imports it.

Bad input exits with code 2 and one paragraph naming the file, key and what
is allowed; never a traceback (docs/contract.md). Every command imports what it
uses when it runs (``govsim --help`` imports nothing but argparse; ``run``
no experiments, dashboard or pyarrow unless ``--out``), so start-up stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from govsim.cli import analysis, batch, catalogue, dashboard, evidence, run, search, survey

EXIT_BAD_INPUT = 2
COMMANDS = (
    (catalogue, "list"),
    (catalogue, "validate"),
    (run, "run"),
    (survey, "survey"),
    (batch, "sweep"),
    (batch, "merge"),
    (analysis, "report"),
    (analysis, "sensitivity"),
    (evidence, "robustness"),
    (evidence, "calibrate"),
    (evidence, "forecast"),
    (analysis, "discover"),
    (search, "optimise"),
    (dashboard, "dashboard"),
)
"""Every command, in the order `govsim --help` lists them, and the module holding it."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govsim", description="Agent-based simulation of polycentric community governance."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module, command in COMMANDS:
        module.PARSERS[command](sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "force", False):
        from govsim.scenario.resources import FORCE_ENV

        os.environ[FORCE_ENV] = "1"  # inherited by sweep workers
    # pydantic looks up plugins in every installed package's entry points when the first
    # model class is made (30 ms a start); govsim uses none. PYDANTIC_DISABLE_PLUGINS=
    # (set, empty) turns the lookup back on.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # after parsing: `govsim --help` loads no pydantic
    from govsim.running.interrupt import terminate_as_interrupt
    from govsim.scenario.config import ConfigError

    terminate_as_interrupt()  # `kill`, a CI runner or a scheduler stops govsim as Ctrl-C does

    try:
        return int(args.func(args) or 0)
    except ConfigError as err:
        print(f"govsim {args.command}: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as stop:
        how = "terminated (SIGTERM)" if str(stop) == "SIGTERM" else "interrupted"
        print(f"govsim {args.command}: {how}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `govsim list | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0
