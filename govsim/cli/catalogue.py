"""`govsim list` and `govsim validate`: what ships, and whether a file is valid."""

from __future__ import annotations

import argparse
from pathlib import Path


def cmd_list(args: argparse.Namespace) -> int:
    from govsim.experiments.catalogue import catalogue

    for kind, rows in catalogue().items():
        print(f"{kind}:")
        width = max((len(name) for name, _ in rows), default=0)
        for name, description in rows:
            print(f"  {name:<{width}}  {description}")
    return 0


def list_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim list`: its arguments and help."""
    p = sub.add_parser("list", help="shipped scenarios and experiments, one line each")
    p.set_defaults(func=cmd_list)


def cmd_validate(args: argparse.Namespace) -> int:
    from govsim.experiments.catalogue import validate_file

    for path in args.files:
        print(validate_file(Path(path)))
    return 0


def validate_parser(sub: argparse._SubParsersAction) -> None:
    """`govsim validate`: its arguments and help."""
    p = sub.add_parser("validate", help="check scenario or experiment files")
    p.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="scenario or experiment YAML files (each checked on its own)",
    )
    p.set_defaults(func=cmd_validate)


PARSERS = {
    "list": list_parser,
    "validate": validate_parser,
}
"""Each command of this module and the function that adds its parser (govsim.cli)."""
