"""Writing run outputs atomically: summary.json, timeseries.parquet, scenario.resolved.yaml."""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from govsim.running.runner import RunResult
from govsim.scenario.config import scenario_to_dict


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, then rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_png(fig: Any, path: Path, dpi: int = 110, tight: bool = False) -> None:
    """Write a matplotlib figure as PNG atomically and close it (`tight`: crop to what is
    drawn, so long tick labels are never cut)."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
    plt.close(fig)
    atomic_write_bytes(path, buffer.getvalue())


def json_safe(value: Any) -> Any:
    """NaN and infinities become null; numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def summary_record(result: RunResult) -> dict[str, Any]:
    return {
        "scenario": result.scenario.name,
        "seed": result.seed,
        "days": result.scenario.days,
        **json_safe(result.summary),
    }


def write_run(result: RunResult, out_dir: str | Path) -> list[Path]:
    """The three files of docs/contract.md; same scenario + seed → identical bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = out / "summary.json"
    atomic_write_bytes(summary, (json.dumps(summary_record(result), indent=2) + "\n").encode())
    resolved = out / "scenario.resolved.yaml"
    header = (
        f"# resolved scenario {result.scenario.name!r}: every key, so that "
        "`govsim run scenario.resolved.yaml` reproduces the run\n"
    )
    body = yaml.safe_dump(scenario_to_dict(result.scenario), sort_keys=False, allow_unicode=True)
    atomic_write_bytes(resolved, (header + body).encode())
    series = out / "timeseries.parquet"
    table = pa.Table.from_pandas(result.timeseries, preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    atomic_write_bytes(series, sink.getvalue().to_pybytes())
    return [summary, series, resolved]
