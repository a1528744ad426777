#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, as CI does (.ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ -f scripts/install_browser.sh ]; then
  bash scripts/install_browser.sh   # Chromium + CJK font for the dashboard's browser tests
fi
# One process by default; PYTEST_WORKERS=2 runs two xdist workers, --dist loadgroup keeping
# each xdist_group (the browser module: one server, one Chromium) on one worker. Two workers
# are not the default yet: on a clean clone (2026-12-05) they took 16 min of tests against
# ~7 min serial the session before, since the slowest tests start 2-process pools of their
# own (4 processes on 2 cores), and the browser replicates test timed out once beside them.
# The slowest 25 tests are listed at the end (--durations in pyproject).
exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-0}" --dist loadgroup "$@"
