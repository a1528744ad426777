#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, as CI does (.ci/run calls this).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ -f scripts/install_browser.sh ]; then
  bash scripts/install_browser.sh   # Chromium + CJK font for the dashboard's browser tests
fi
exec .venv/bin/python -m pytest "$@"
