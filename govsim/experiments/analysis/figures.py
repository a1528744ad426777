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
LANGUAGES = ("en", "zh")
CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
"""CJK fonts tried for 中文 labels, in order (scripts/install_browser.sh installs the first)."""

WORDS = {
    "en": {
        "interval": INTERVAL_NAME,
        "diff_interval": DIFF_INTERVAL_NAME,
        "runs": "{n} runs",
        "bars": "bars: {what}",
        "reference": "reference {ref}",
        "minus_reference": "minus reference",
        "km_median": "Kaplan–Meier median",
        "median_interval": "median, 95 % interval",
        "upper_open": "upper limit not determined",
        "not_reached": "median not reached (> longest time observed)",
        "censored_of": "{c}/{n} censored",
        "censored_title": "censored runs (not recovered by their end) counted, not dropped; "
        "{c} of {n} runs censored",
        "day": "Day of the run",
        "window30": "trailing 30-day window",
        "daily_mean": "daily mean; band: {band}",
        "range": "range (min–max) of the runs",
        "all_runs": "all runs",
        "point": "point {p}",
        "scenario": "Scenario",
        "event": "Event {n}: {field}",
        "event_kind": "Event {n} ({kind}): {field}",
    },
    "zh": {
        "interval": "均值的 95 % 置信区间（t）",
        "diff_interval": "配对差均值的 95 % 置信区间（t）",
        "runs": "{n} 次运行",
        "bars": "误差线：{what}",
        "reference": "参照 {ref}",
        "minus_reference": "减去参照点",
        "km_median": "Kaplan–Meier 中位数",
        "median_interval": "中位数及 95 % 置信区间",
        "upper_open": "上限无法确定",
        "not_reached": "未达到中位数（> 最长观测时间）",
        "censored_of": "{c}/{n} 次删失",
        "censored_title": "未在结束前恢复的运行按删失计入而非剔除；{n} 次运行中 {c} 次删失",
        "day": "运行天数",
        "window30": "近 30 天滚动窗口",
        "daily_mean": "每日均值；带：{band}",
        "range": "各次运行的范围（最小–最大）",
        "all_runs": "全部运行",
        "point": "设计点 {p}",
        "scenario": "情景",
        "event": "事件 {n}：{field}",
        "event_kind": "事件 {n}（{kind}）：{field}",
    },
}
"""Every fixed phrase a report figure writes, in each language of :data:`LANGUAGES`."""


def words(lang: str) -> dict[str, str]:
    """The figure phrases in `lang` (a ValueError names the languages there are)."""
    if lang not in WORDS:
        raise ValueError(f"figure language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return WORDS[lang]


def cjk_fallback() -> str | None:
    """Put a CJK font after DejaVu Sans in matplotlib's ``font.family`` (matplotlib falls back
    per glyph: Latin text keeps DejaVu Sans, 中文 takes the CJK font), for report figures
    and the dashboard's charts alike; the font's name, or None when none is installed.
    Added by file, so a matplotlib font cache older than the font does not matter."""
    import matplotlib
    from matplotlib import font_manager

    for path in CJK_FONT_FILES:
        if Path(path).exists():
            font_manager.fontManager.addfont(path)
            name = font_manager.FontProperties(fname=path).get_name()
            matplotlib.rcParams["font.family"] = ["DejaVu Sans", name]
            return name
    return None


def use_fonts(lang: str) -> None:
    """Fonts for a figure in `lang`: 中文 needs the CJK fallback (an error names the font
    package when there is none); English figures draw the same with or without it."""
    import matplotlib

    matplotlib.use("Agg")
    if cjk_fallback() is None and lang == "zh":
        raise ValueError(
            "中文 figures need a CJK font (one of " + ", ".join(CJK_FONT_FILES) + "); "
            "install fonts-wqy-microhei (scripts/install_browser.sh)"
        )


def factor_label(key: str, lang: str = "en", scenario: Any = None) -> str:
    """A factor's axis label: the schema description's first clause, else the key's last
    word; `scenario` (a factor of whole scenarios) reads "Scenario". An event's field
    (``events.2.factor``) reads "Event 3 (staffing): factor": counted from 1, as the
    dashboard counts them, with its kind when the base `scenario` is given. The schema's
    descriptions are English, so a 中文 figure names a lever in English (decision: one
    wording of each assumption, the schema's; the dashboard translates its levers)."""
    from govsim.scenario.schema import lookup

    parts = key.split(".")
    if len(parts) == 3 and parts[0] == "events" and parts[1].isdigit():
        index = int(parts[1])
        events = list(getattr(scenario, "events", None) or [])
        if index < len(events):
            kind = str(events[index].kind).replace("_", " ")
            return words(lang)["event_kind"].format(n=index + 1, kind=kind, field=parts[2])
        return words(lang)["event"].format(n=index + 1, field=parts[2])
    if key == "scenario":
        return words(lang)["scenario"]
    field, _ = lookup(key)
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


def runs_note(n_runs: int, per_point: str = "", lang: str = "en") -> str:
    """The line that puts the number of runs on a figure."""
    return words(lang)["runs"].format(n=f"{n_runs:,}") + (f" ({per_point})" if per_point else "")


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
