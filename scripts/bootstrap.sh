#!/usr/bin/env bash
# Create .venv with Python ≥ 3.12 and install govsim with every extra.
# Safe to run again: reinstalls only when pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for cand in python3.12 python3.13 python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
       "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY=$(find_python) || { echo "bootstrap: Python 3.12 or newer is needed (Mesa 3.5 requires it); none found on PATH" >&2; exit 1; }
  echo "bootstrap: creating .venv with $($PY --version)"
  # --without-pip: the venv needs pip only to fetch uv, which the interpreter's own pip
  # does (`pip --python`, pip >= 22.3); ensurepip cost 5 of the venv's 6 s.
  "$PY" -m venv --without-pip .venv
fi

# uv into the venv: from the interpreter's pip, else from a pip of the venv's own.
get_uv() {
  .venv/bin/python -m uv --version >/dev/null 2>&1 && return 0
  { PY=${PY:-$(find_python)} && "$PY" -m pip --python .venv/bin/python install -q uv; } ||
    { .venv/bin/python -m ensurepip -q && .venv/bin/python -m pip install -q uv; }
}

stamp=.venv/.govsim-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "bootstrap: installing govsim and its dependencies into .venv"
  log=.venv/install.log
  # uv (Astral's installer, from PyPI) installs the same versions as pip in a seventh of
  # the CPU time (measured on a fresh venv without a cache: 27 s of CPU against 217 s; it
  # downloads in parallel and skips compiling every package's bytecode). pip does it when
  # uv cannot be had or fails: uv does not read pip's configuration (pip.conf's extra
  # indexes and constraints), so an index that only pip knows is still reached that way.
  # No --compile-bytecode: compiling every installed package's .pyc (uv's flag, pip's
  # default) cost 61 s of a fresh clone's bootstrap for 12,265 files, of which the suite
  # imports about 3,000. scripts/test.sh and scripts/baseline.sh instead let Python write
  # the .pyc of what is imported, once, on first import (they unset
  # PYTHONDONTWRITEBYTECODE, which this project's machines set and under which no .pyc is
  # ever written, so every `govsim` child and sweep worker would compile pandas, numpy and
  # the rest from source again).
  # --offline first: where uv's cache already holds every package (a second clone on the
  # same machine, a CI runner with a kept cache) it installs from the cache without asking
  # the index again; asked again, the index's answers also made uv rebuild solara-assets
  # from its source archive each time (3.3 s against 18.8 s for the whole install,
  # measured on a fresh venv, 2026-12-06). The versions are then the newest the cache
  # holds that pyproject.toml allows; a cache that lacks one fails at once (nothing is
  # installed) and the install goes to the index as before.
  uv_install() { .venv/bin/python -m uv pip install --python .venv/bin/python "$@" -e ".[all]"; }
  if ! { { get_uv && { uv_install --offline || uv_install; }; } ||
         { echo "bootstrap: uv failed (above); installing with pip instead" &&
           { .venv/bin/python -m pip --version || .venv/bin/python -m ensurepip; } &&
           .venv/bin/python -m pip install --upgrade pip &&
           .venv/bin/python -m pip install -e ".[all]"; }; } > "$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "bootstrap: installation failed; full log in $log" >&2
    exit 1
  fi
  echo "$want" > "$stamp"
fi
