#!/usr/bin/env bash
# Set up (if needed) and run the Community Y baseline: prints its metrics and
# writes summary.json, timeseries.parquet and scenario.resolved.yaml to out/community_y.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
# Python writes the .pyc of each module it imports, once (scripts/bootstrap.sh says why).
unset PYTHONDONTWRITEBYTECODE
exec .venv/bin/govsim run community_y --out "${1:-out/community_y}"
