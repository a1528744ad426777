"""Move modules of govsim/experiments/ into batch/, analysis/ and search/ (issue 30, item 2).

Usage (from the repository root, with the project's Python)::

    python scripts/move_modules.py --git-mv   # once: `git mv` every old file to its new path
    python scripts/move_modules.py            # rewrite imports and paths in every tracked text file
    python scripts/move_modules.py --check    # list files still naming an old path (exit 1)

The rewrite is idempotent: run it again after merging a branch that still imports the old
paths (``govsim.experiments.sweep``, ``govsim/experiments/store.py``,
``from govsim.experiments import worker`` ...) and only those lines change. MOVES is the
whole map; docs/DEVELOPING.md ("experiments: three jobs") says why each module sits where.
The rewritten Python files get ruff's import sort and format; a docstring line that grew
past 100 characters is left for `ruff check` to name (ruff does not wrap docstrings).
A file added at an old path after the move (as compact.py was): add it to PACKAGES, then
``--git-mv`` moves it. The command line's govsim/cli/experiments.py is gone too (its
commands are in cli/batch.py, cli/analysis.py, cli/search.py): a branch that edits it
conflicts (modify/delete) and is ported by hand.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD = "govsim.experiments"

PACKAGES = {
    "batch": [
        "spec", "designs", "seeds", "plan", "engines", "worker", "store", "sweep",
        "progress", "merge", "paired", "compact",
    ],
    "analysis": ["report", "figures", "survival", "sensitivity", "discover"],
    "search": [
        "optimise", "optimise_spec", "optimise_results", "optimise_plots", "optimise_stress",
        "futures", "ema", "analytic",
    ],
}  # fmt: skip
MOVES = {name: job for job, names in PACKAGES.items() for name in names}
"""Old module (or package) under govsim.experiments → the subpackage it moves into."""

SUFFIXES = {".py", ".md", ".toml", ".yaml", ".yml", ".cfg", ".ini", ".txt", ".sh", ".rst", ".in"}
SKIP = ("scripts/move_modules.py",)
NAMES = "|".join(sorted(MOVES, key=len, reverse=True))
DOTTED = re.compile(rf"\bgovsim\.experiments\.({NAMES})\b")
SLASHED = re.compile(rf"\bgovsim/experiments/({NAMES})\b")
BARE = re.compile(rf"(?<![\w/.])experiments/({NAMES})(?=\.py\b|/)")
FROM = re.compile(r"^(?P<indent>[ \t]*)from govsim\.experiments import (?P<names>[^\n(]+)$", re.M)


def _from_line(match: re.Match) -> str:
    """``from govsim.experiments import a, b as c`` → one line per destination package."""
    items = [item.strip() for item in match["names"].split("#")[0].split(",") if item.strip()]
    comment = match["names"][len(match["names"].split("#")[0]) :]
    by_job: dict[str, list[str]] = {}
    for item in items:
        job = MOVES.get(item.split()[0])
        if job is None:
            return match[0]  # names something that stays at the root (catalogue): leave it
        by_job.setdefault(job, []).append(item)
    lines = [
        f"{match['indent']}from {OLD}.{job} import {', '.join(names)}"
        for job, names in by_job.items()
    ]
    return "\n".join(lines) + (comment if comment.strip() else "")


def rewrite(text: str) -> str:
    text = DOTTED.sub(lambda m: f"{OLD}.{MOVES[m[1]]}.{m[1]}", text)
    text = SLASHED.sub(lambda m: f"govsim/experiments/{MOVES[m[1]]}/{m[1]}", text)
    text = BARE.sub(lambda m: f"experiments/{MOVES[m[1]]}/{m[1]}", text)
    return FROM.sub(_from_line, text)


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [
        ROOT / line
        for line in out.stdout.splitlines()
        if Path(line).suffix in SUFFIXES and line not in SKIP and (ROOT / line).is_file()
    ]


def git_mv() -> None:
    base = ROOT / "govsim" / "experiments"
    for job in PACKAGES:
        (base / job).mkdir(exist_ok=True)
    for name, job in MOVES.items():
        old = base / name if (base / name).is_dir() else base / f"{name}.py"
        if old.exists():
            new = base / job / old.name
            subprocess.run(["git", "mv", str(old), str(new)], cwd=ROOT, check=True)


def tidy(paths: list[Path]) -> None:
    """Sort the rewritten imports and re-wrap long lines with ruff (when it is installed)."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    py = [str(p) for p in paths if p.suffix == ".py"]
    if ruff is None or not py:
        return
    subprocess.run([ruff, "check", "--select", "I001", "--fix", "--quiet", *py], cwd=ROOT)
    subprocess.run([ruff, "format", "--quiet", *py], cwd=ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-mv", action="store_true", help="move the files (git mv) only")
    parser.add_argument("--check", action="store_true", help="list files naming old paths")
    args = parser.parse_args(argv)
    if args.git_mv:
        git_mv()
        return 0
    stale = []
    for path in tracked_files():
        text = path.read_text(encoding="utf-8")
        new = rewrite(text)
        if new != text:
            stale.append(path.relative_to(ROOT))
            if not args.check:
                path.write_text(new, encoding="utf-8")
    if not args.check:
        tidy([ROOT / p for p in stale])
    for path in stale:
        print(("still names an old path: " if args.check else "rewrote ") + str(path))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
