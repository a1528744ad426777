"""The code is as ruff formats and lints it (issue 21 item 8): CI fails on a file that is not."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def ruff(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("ruff (extra `test`) is not installed")
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_every_file_is_ruff_formatted_and_lint_clean():
    formatted = ruff("format", "--check", ".")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    linted = ruff("check", ".")
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_an_unformatted_file_is_caught(tmp_path):
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    (tmp_path / "bad.py").write_text("x = {  'a':1 }\n")
    assert ruff("format", "--check", ".", cwd=tmp_path).returncode != 0
