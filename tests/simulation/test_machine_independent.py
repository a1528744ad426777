"""A run's numbers do not depend on the CPU's BLAS kernel (same seed → same numbers, on any
machine a Dask worker may run on).

OpenBLAS picks its kernel by the CPU it finds; ``OPENBLAS_CORETYPE`` forces one, so two
processes on this machine stand for two machines. While the level metrics summed with
``np.dot`` (float32 trust and literacy summed by BLAS's ``sdot``), Community Y's 45-day
summary had a different hash under each of the Prescott, Haswell and SkylakeX kernels;
with `metrics.context.dot` (numpy's own summation) the three are equal. Seen red with
``mean_over`` back on ``np.dot``.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SUMMARY = (
    "import json; from govsim.running.runner import run; "
    "from govsim.scenario.config import load_scenario; "
    "r = run(load_scenario('community_y', days=45), seed=1); "
    "print(json.dumps({k: repr(v) for k, v in r.summary.items()}))"
)


def summary_with_kernel(kernel: str | None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("OPENBLAS_CORETYPE", None)
    if kernel:
        env["OPENBLAS_CORETYPE"] = kernel
    done = subprocess.run(
        [sys.executable, "-c", SUMMARY], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86 kernels")
def test_summary_is_the_same_under_two_blas_kernels():
    oldest = summary_with_kernel("Prescott")  # SSE3: runs on every x86-64 CPU
    found = summary_with_kernel(None)  # the kernel this CPU gets (Haswell, SkylakeX, Zen...)
    differing = {k: (oldest[k], found[k]) for k in oldest if oldest[k] != found[k]}
    assert not differing
