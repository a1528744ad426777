#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, as CI does (.ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ -f scripts/install_browser.sh ]; then
  bash scripts/install_browser.sh   # Chromium + CJK font for the dashboard's browser tests
fi
# Two workers (the 2-core machine the README targets; PYTEST_WORKERS overrides, 0 = serial).
# --dist loadgroup keeps each xdist_group (the browser module: one server, one Chromium)
# on one worker. The slowest 25 tests are listed at the end (--durations in pyproject).
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" --dist loadgroup "$@"
