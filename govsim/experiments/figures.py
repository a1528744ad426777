"""What every experiment figure shares: axis labels from the registries, PNG + SVG, no clipping.

Metric axes read ``govsim.simulation.metrics.label`` (name and unit); factor axes read the
scenario schema's description of the key (its first clause), never the raw
dotted key. Figures are written with ``bbox_inches="tight"`` as PNG and SVG.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from govsim.running.output import atomic_write_bytes

MAX_FACTOR_LABEL = 60
INTERVAL_NAME = "95 % interval of the mean (t)"
DIFF_INTERVAL_NAME = "95 % interval of the mean paired difference (t)"


def factor_label(key: str) -> str:
    """A factor's axis label: the schema description's first clause, else the key's last
    word; `scenario` (a factor of whole scenarios) reads "Scenario"."""
    from govsim.scenario.schema import Scenario

    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "events" and parts[1].isdigit():
        return f"Event {parts[1]}: {parts[2]}"
    current: Any = Scenario
    field = None
    for part in key.split("."):
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            field = None
            break
        field = fields[part]
        current = field.annotation
    text = (field.description or "") if field is not None else ""
    text = re.split(r"[;(]| — ", text)[0].strip().rstrip(",")
    if len(text) > MAX_FACTOR_LABEL:
        text = text.split(",")[0]
    if not text or len(text) > MAX_FACTOR_LABEL:
        text = (
            text[:MAX_FACTOR_LABEL].rsplit(" ", 1)[0] + " …"
            if text
            else key.split(".")[-1].replace("_", " ")
        )
    return text[0].upper() + text[1:]


def runs_note(n_runs: int, per_point: str = "") -> str:
    """The line that puts the number of runs on a figure."""
    return f"{n_runs:,} runs" + (f" ({per_point})" if per_point else "")


def save_figure(fig: Any, png_path: Path, dpi: int = 130) -> list[Path]:
    """Write `fig` as PNG and SVG next to each other (cropped to what is drawn) and close it."""
    import matplotlib.pyplot as plt

    paths = []
    for suffix in (".png", ".svg"):
        path = png_path.with_suffix(suffix)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=suffix[1:], dpi=dpi, bbox_inches="tight")
        atomic_write_bytes(path, buffer.getvalue())
        paths.append(path)
    plt.close(fig)
    return paths
