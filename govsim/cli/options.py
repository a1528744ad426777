"""Options several commands share, with one help text each (imports nothing but argparse)."""

from __future__ import annotations

import argparse

FORCE_HELP = "build even when the memory estimate exceeds the memory available (docs/validation.md)"


def add_force(p: argparse.ArgumentParser) -> None:
    """`--force`: for the commands that build models on this machine (the memory check)."""
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
