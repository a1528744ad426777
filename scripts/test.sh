#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, as CI does (.ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Python writes the .pyc of each module it imports, once (scripts/bootstrap.sh says why).
unset PYTHONDONTWRITEBYTECODE
if [ -f scripts/install_browser.sh ]; then
  bash scripts/install_browser.sh   # Chromium + CJK font for the dashboard's browser tests
fi
# Two pytest-xdist workers by default (PYTEST_WORKERS=0 runs one process). --dist loadfile
# keeps each test file on one worker (the browser module: one server, one Chromium; the wheel
# build in build/): --dist loadgroup would honour the xdist_group marks instead, but with
# pytest 9.2 and pytest-xdist 3.8 it silently spreads a group over both workers
# (pytest-dev/pytest-xdist#1386, open). Under xdist each worker counts one CPU
# (tests/conftest.py), so the tests' sweeps run in the worker's own process instead of
# oversubscribing two cores; the tests of minutes run nightly (slow marker,
# .github/workflows/sweep.yml), each with a cheaper sibling here. Measured: docs/DEVELOPING.md.
# --no-loadscope-reorder: files in collection order, the longest first (tests/conftest.py
# LONGEST_FIRST), so the two workers end together.
# The slowest 25 tests are listed at the end (--durations in pyproject).
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile --no-loadscope-reorder "$@"
