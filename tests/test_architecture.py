"""The layers point one way: import-linter's layers contract (pyproject.toml) holds.

A back-edge (say, the model importing the API, or a rule importing the metrics) makes
`lint-imports` fail, and with it this test and CI.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("lint-imports (import-linter, extra `test`) is not installed")
    return subprocess.run([exe, "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_layers_contract_is_kept():
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_a_back_edge_breaks_the_contract(tmp_path):
    """The contract can fail: the same package with the model importing the API is refused."""
    copy = tmp_path / "repo"
    shutil.copytree(
        ROOT / "govsim", copy / "govsim", ignore=shutil.ignore_patterns("__pycache__", "_shipped")
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    model = copy / "govsim" / "simulation" / "model.py"
    model.write_text(model.read_text() + "\nfrom govsim import api  # noqa: E402, F401\n")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.insert(0, '.'); "
            "from importlinter.cli import lint_imports_command; "
            "lint_imports_command(['--no-cache'])",
        ],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "govsim.simulation is not allowed to import govsim.api" in done.stdout
