"""The dashboard's charts, drawn with matplotlib (its object API, no pyplot) as PNG bytes.

Drawing costs far more than a model day (~2 ms): the daily series chart with its hover
layer 150–250 ms, the case-flow chart ~50 ms (``benchmarks/dashboard_step.py``, 2
CPUs). So the page draws charts off the path from a click to the KPI cards: a background
thread hands the drawing to a process of its own (:func:`draw_apart`), one chart at a
time (:data:`DRAW_LOCK`); a drawing that a newer day has made stale is skipped. In a
thread of the server's process a drawing held the interpreter lock for most of that
time, and clicks landing meanwhile waited (docs/dashboard.md, "How fast a day shows").
Nothing is fetched from the network: the PNG is sent through the widget's websocket.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import os
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from html import escape

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from govsim.dashboard.indicators import minus
from govsim.experiments.analysis.figures import cjk_fallback

DRAW_LOCK = threading.Lock()
WIDTH_IN, DPI = 6.4, 90
COLOURS = (
    "#3182bd",
    "#e6550d",
    "#31a354",
    "#756bb1",
    "#636363",
    "#d62728",
    "#8c564b",
    "#17becf",
    "#bcbd22",
    "#e377c2",
)
DESTINATION_COLOURS = {
    "government": "#3182bd",
    "social_group": "#31a354",
    "awaiting": "#fdae6b",
    "waiting": "#bdbdbd",
    "lapsed": "#de2d26",
}
EVENT_COLOURS = {
    "demand_surge": "#fdd49e",
    "outage": "#fcbba1",
    "staff_cut": "#d9d9d9",
    "staffing": "#c7e9c0",
}
cjk_fallback()  # 中文 labels: a CJK font after DejaVu Sans (per-glyph fallback)


def to_png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, pil_kwargs={"compress_level": 1})  # fast zlib
    return buf.getvalue()


def to_svg(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="svg")
    return buf.getvalue()


def picture(
    draw: Callable[[], Figure], hover: Callable[[Figure], str] | None = None
) -> tuple[bytes, str]:
    """The figure `draw` makes as PNG bytes, and `hover(figure)`: its layer of tooltips
    (an SVG text; "" without `hover`)."""
    fig = draw()
    return to_png(fig), (hover(fig) if hover is not None else "")


_POOL: ProcessPoolExecutor | None = None
_POOL_LOCK = threading.Lock()
DRAWN_APART = [0]
"""How many pictures the drawing process has drawn (this server's; read by the tests)."""
_NEVER_STARTED = [False]


def drawing_process() -> ProcessPoolExecutor | None:
    """The process that draws the dashboard's charts, started on first use (spawned: a
    fork of the server's threads is unsafe); None when it could not start (then the
    charts are drawn in the server's process). Calling it early starts it in the
    background, so the first chart does not wait for it."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None and not _NEVER_STARTED[0]:
            _POOL = ProcessPoolExecutor(
                1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_leave_with,
                initargs=(os.getpid(),),
            )
            _POOL.submit(int)  # a pool starts its process on the first task: start it now
        return _POOL


def _leave_with(server: int) -> None:
    """In the drawing process: exit when the server's process (`server`, its parent) is
    gone, also when it went while this process was still starting. A server stopped by a
    signal does not shut its pool down, and the drawing process would be left behind."""

    def watch() -> None:
        while os.getppid() == server:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


PARENT_CHECK_SECONDS = 0.5
"""How often the drawing process checks that the server is still there."""


def draw_apart(
    draw: Callable[[], Figure], hover: Callable[[Figure], str] | None = None
) -> tuple[bytes, str]:
    """:func:`picture` drawn in the drawing process, so that the server's process stays
    free for clicks. `draw` and `hover` are sent there, so they must pickle: module-level
    functions or ``functools.partial`` of them, with plain data (no lambdas, no model).

    If the drawing process died after drawing (killed from outside), this picture is drawn
    here and the next starts a new one. If it never started (a spawned process imports the
    main script again, and a script without an ``if __name__ == "__main__":`` guard fails
    there), every chart is drawn here from then on, and stderr says so once."""
    global _POOL
    pool = drawing_process()
    if pool is None:
        return picture(draw, hover)
    try:
        out = pool.submit(picture, draw, hover).result()
    except RuntimeError as err:  # a broken pool, or one shut down as the interpreter exits
        if not isinstance(err, BrokenProcessPool):
            return picture(draw, hover)
        with _POOL_LOCK:
            _POOL = None
            if not DRAWN_APART[0] and not _NEVER_STARTED[0]:
                _NEVER_STARTED[0] = True
                print(
                    "govsim dashboard: the drawing process did not start; charts are drawn "
                    "in the server's process (slower clicks while a chart is drawn)",
                    file=sys.stderr,
                )
        return picture(draw, hover)
    DRAWN_APART[0] += 1
    return out


def _tick(text: str) -> str:
    """A tick label without a minus on zero ("−0", "-0.00" read as 0), with the page's one
    minus sign (U+2212, :func:`~govsim.dashboard.indicators.minus`)."""
    return text.lstrip("-−") if text.lstrip("-−").strip("0.,% ") == "" else minus(text)


def _axis_format(ax, unit: str) -> None:
    """Ticks in the panel's unit: shares in %, counts and yuan whole with thousands
    separators (a yearly cost reads 3,000,000, never 3e+06)."""
    if unit == "share":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tick(f"{v * 100:.0f}%")))
    elif unit == "points":
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tick(f"{v * 100:.0f}")))
    elif unit in ("count", "yuan_per_year", "yuan_per_event"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _tick(f"{v:,.0f}")))
    else:
        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _: _tick(f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"))
        )


def _no_day_yet(ax) -> None:
    """A panel with no value yet (day 0): an empty 0–1 frame, not matplotlib's ±0.05."""
    ax.set_ylim(0, 1)
    ax.set_yticks([])


def _line(entry) -> tuple[str, np.ndarray, int | None, bool, tuple | None]:
    """A line of a panel: (label, values[, colour index[, dashed[, (low, high) band]]])."""
    name, values, *rest = entry
    rest = list(rest) + [None, False, None][len(rest) :]
    return name, values, rest[0], bool(rest[1]), rest[2]


def series_figure(
    panels: Sequence[tuple[str, str, Sequence[tuple[str, np.ndarray]]]],
    days: int,
    events: Sequence[tuple[int, int, str, str]] = (),
    day_label: str = "day",
    first_day: int = 0,
    last_day: int | None = None,
) -> Figure:
    """Daily series, one panel per unit: `panels` = (unit, axis label, [(line label, values
    for days 1…d[, colour index, dashed, (low, high) band])]); `events` = (first day, days,
    kind, label) shaded on every panel (the scenario's 0-based day k is day k + 1, as
    "Day N", the CSV and the command count days). A comparison run is drawn dashed in its
    metric's colour; replicates as a band from the lowest to the highest seed. The x axis shows
    days `first_day` to `last_day` (default: :func:`shown_days`), the page's zoom."""
    n = max(len(panels), 1)
    columns = [1 if len(lines) <= 10 else 2 for _, _, lines in panels]
    heights = [
        max(1.8, 0.16 * math.ceil(len(lines) / c) + 0.4)
        for (_, _, lines), c in zip(panels, columns, strict=True)
    ] or [1.8]
    # a second legend column gets its own 2.8 in, so the panels keep their width
    width = WIDTH_IN + 2.8 * (max(columns, default=1) - 1)
    height = 0.75 + 0.12 * len(events) + sum(heights)
    fig = Figure(figsize=(width, height), dpi=DPI)  # fixed margins: constrained layout
    wide = any(unit.startswith("yuan") for unit, _, _ in panels)  # "3,000,000" needs room
    fig.subplots_adjust(
        left=(1.1 if wide else 0.75) / width,
        right=1 - 2.8 * max(columns, default=1) / width,
        bottom=0.5 / height,
        top=1 - (0.25 + 0.12 * len(events)) / height,
        hspace=0.12 * n,
    )
    axes = fig.subplots(n, 1, sharex=True, squeeze=False, height_ratios=heights)[:, 0]
    for ax, (unit, axis_label, lines), ncol in zip(axes, panels, columns, strict=False):
        for k, entry in enumerate(lines):
            name, values, c, dashed, band = _line(entry)
            colour = COLOURS[(k if c is None else c) % len(COLOURS)]
            x = np.arange(1, len(values) + 1)  # day N: the value at the end of the N-th day
            if band is not None:
                ax.fill_between(x, band[0], band[1], color=colour, alpha=0.18, lw=0)
            # a comparison line shares its metric's legend entry (the help text says dashed)
            ax.plot(
                x,
                values,
                lw=1.4 if dashed else 1.6,
                color=colour,
                label="_" + name if dashed else name,
                ls="--" if dashed else "-",
            )
        _axis_format(ax, unit)
        if not any(np.isfinite(v).any() for _, v, *_ in lines):
            _no_day_yet(ax)
        elif unit == "share":
            low = min([float(np.nanmin(v)) for _, v, *_ in lines if np.isfinite(v).any()] + [0.0])
            ax.set_ylim(min(low * 1.1, 0.0), 1.02)  # a line at 100 % stays visible
        ax.set_ylabel(axis_label, fontsize=9)
        ax.grid(axis="y", color="#e5e5e5")
        ax.tick_params(labelsize=8)
        ax.legend(
            fontsize=7,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            ncol=ncol,
            handlelength=1.2,
        )
        for first, length, kind, _ in events:  # the scenario's day k is the (k+1)-th day
            ax.axvspan(
                first + 1,
                first + 1 + max(length, 1),
                color=EVENT_COLOURS.get(kind, "#e0e0e0"),
                alpha=0.7,
                lw=0,
                zorder=0,
            )
    for k, (first, _, _, text) in enumerate(events):  # stacked: events may overlap in time
        axes[0].annotate(
            text,
            (first + 1, 1.0),
            xycoords=("data", "axes fraction"),
            fontsize=7,
            va="bottom",
            ha="left",
            color="#7f2704",
            xytext=(0, 8 * k),
            textcoords="offset points",
        )
    last = shown_days(days, panels, events) if last_day is None else last_day
    axes[-1].set_xlim(first_day, max(last, first_day + 1))
    axes[-1].set_xlabel(day_label, fontsize=9)
    return fig


def hover_svg(fig: Figure, panels, day_label: str, fmt) -> str:
    """An invisible layer over a series chart's PNG: one column per day with a tooltip
    naming that day's value of every line (`fmt(unit, value)` formats it). Same pixel
    size as the PNG, so it lines up at any width."""
    width, height = fig.get_size_inches() * DPI
    axes = fig.axes
    if not axes:
        return ""
    x0, x1 = axes[0].get_xlim()
    boxes = [ax.get_position() for ax in axes]
    left, right = boxes[0].x0 * width, boxes[0].x1 * width
    top, bottom = (1 - boxes[0].y1) * height, (1 - boxes[-1].y0) * height
    n = max([len(v) for _, _, lines in panels for _, v, *_ in lines] + [0])
    first = max(int(math.ceil(x0)), 1)
    per_day = (right - left) / max(x1 - x0, 1e-9)
    parts = [
        f'<svg class="chart-hover" viewBox="0 0 {width:.0f} {height:.0f}" '
        'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">'
    ]
    for d in range(first, min(n, int(x1)) + 1):  # day d: values[d - 1]
        rows = [f"{day_label} {d}"]
        for unit, _, lines in panels:
            for entry in lines:
                name, values, *_ = entry
                if d <= len(values):
                    rows.append(f"{name}: {fmt(unit, float(values[d - 1]))}")
        x = left + (d - x0 - 0.5) * per_day
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{per_day:.2f}" '
            f'height="{bottom - top:.1f}" fill="transparent" data-day="{d}">'
            f"<title>{escape(chr(10).join(rows))}</title></rect>"
        )
    parts.append("</svg>")
    return "".join(parts)


def shown_days(days: int, panels, events) -> int:
    """The x axis grows with the run (30 days at least) and covers every event."""
    today = max([len(v) for _, _, lines in panels for _, v, *_ in lines] + [0])
    last_event = max([first + 1 + length for first, length, _, _ in events] + [0])
    return max(min(days, max(30, math.ceil(today * 1.15), last_event + 2)), 1)


def flow_figure(
    flow: dict[str, dict[str, int]], row_labels: dict[str, str], dest_labels: dict[str, str]
) -> Figure:
    """Stacked horizontal bars: one per way in (channel), coloured by where cases went."""
    fig = Figure(figsize=(WIDTH_IN, 2.6), dpi=DPI)  # (constrained layout draws twice)
    fig.subplots_adjust(left=0.2, right=0.93, bottom=0.1, top=0.8)
    ax = fig.subplots()
    rows = list(flow)[::-1]  # first row on top
    left = np.zeros(len(rows))
    for dest, colour in DESTINATION_COLOURS.items():
        widths = np.array([flow[r][dest] for r in rows], dtype=float)
        ax.barh(
            [row_labels[r] for r in rows],
            widths,
            left=left,
            color=colour,
            label=dest_labels[dest],
            height=0.7,
        )
        left += widths
    for y, total in enumerate(left):
        ax.annotate(
            f"{total:,.0f}",
            (total, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color="#555",
        )
    ax.set_xlim(0, max(float(left.max()) * 1.15, 1.0))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # no case: 0 and 1, not 0 0 0 1
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7.5, ncol=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return fig


def survival_figure(
    curves: Sequence[tuple[str, np.ndarray, np.ndarray]], x_label: str, y_label: str
) -> Figure:
    """Share of cases still open t days after their report, one step line per run."""
    fig = Figure(figsize=(WIDTH_IN, 2.6), dpi=DPI)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.18, top=0.95)
    ax = fig.subplots()
    for k, (name, t_days, share) in enumerate(curves):
        ax.step(t_days, share, where="post", lw=1.8, color=COLOURS[k % len(COLOURS)], label=name)
    ax.set_ylim(0, 1.02)
    # show t up to where every curve is (almost) zero, at least 2 days
    ends = [
        float(t_days[np.argmax(share <= 0.01)]) if (share <= 0.01).any() else float(t_days[-1])
        for _, t_days, share in curves
    ]
    if ends:
        ax.set_xlim(0, min(float(curves[0][1][-1]), max(2.0, 1.2 * max(ends))))
    _axis_format(ax, "share")
    ax.set_xlabel(x_label, fontsize=9)
    ax.set_ylabel(y_label, fontsize=9)
    ax.grid(color="#e5e5e5")
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7.5, frameon=False)
    return fig


def _number_axis(axis, unit: str) -> None:
    """An axis of a value in `unit`: shares in %, large numbers with thousands separators
    (a yearly cost reads 2,500,000, not 2.5e+06)."""

    def text(v: float, _pos) -> str:
        if unit in ("share", "points"):
            return _tick(f"{v * 100:.0f}%")
        return _tick(f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}")

    axis.set_major_formatter(FuncFormatter(text))


def pareto_figure(data: dict, picked: int = -1) -> Figure:
    """A saved Pareto set (:func:`govsim.dashboard.pareto.plot_data`): every policy a
    numbered point (filled: meets the constraints; hollow: misses one), the other evaluated
    candidates grey, a third objective as colour, the picked policy ringed."""
    fig = Figure(figsize=(WIDTH_IN, 4.2), dpi=DPI)
    fig.subplots_adjust(left=0.16, right=0.8 if data["colour"] else 0.97, bottom=0.15, top=0.82)
    ax = fig.subplots()
    if data["others"] is not None:
        ax.scatter(*data["others"], s=10, color="#c8c8c8", label=data["legend"]["others"])
    x, y, ok = data["x"], data["y"], data["feasible"]
    colour = data["colour"]
    style = {"c": colour[0], "cmap": "viridis"} if colour else {"color": COLOURS[0]}
    points = None
    for mask, key, filled in ((ok, "meets", True), (~ok, "misses", False)):
        if not mask.any():
            continue
        kw = {k: (v[mask] if k == "c" else v) for k, v in style.items()}
        if colour:
            kw.update(vmin=np.nanmin(colour[0]), vmax=np.nanmax(colour[0]))
        shown = ax.scatter(
            x[mask],
            y[mask],
            s=46,
            marker="o" if filled else "s",
            edgecolors="black",
            linewidths=0.6 if filled else 1.4,
            label=data["legend"][key],
            zorder=3,
            **kw,
        )
        points = points or shown
    for i, (px, py) in enumerate(zip(x, y, strict=True)):
        ax.annotate(
            str(i + 1), (px, py), xytext=(4, 4), textcoords="offset points", fontsize=8, zorder=4
        )
    if 0 <= picked < len(x):
        ax.scatter(
            [x[picked]],
            [y[picked]],
            s=220,
            facecolors="none",
            edgecolors="#d62728",
            linewidths=2,
            label=data["legend"]["picked"],
            zorder=5,
        )
    if colour and points is not None:
        bar = fig.colorbar(points, ax=ax, fraction=0.05, pad=0.03)
        bar.set_label(textwrap.fill(colour[1], 38), fontsize=8)
        bar.ax.tick_params(labelsize=7)
        _number_axis(bar.ax.yaxis, colour[2])
    ax.margins(0.08)
    _number_axis(ax.xaxis, data["x_unit"])
    _number_axis(ax.yaxis, data["y_unit"])
    ax.set_xlabel(textwrap.fill(data["x_label"], 70), fontsize=9)
    ax.set_ylabel(textwrap.fill(data["y_label"], 38), fontsize=9)
    ax.grid(color="#e5e5e5")
    ax.tick_params(labelsize=8)
    ax.legend(fontsize=7.5, ncol=2, loc="lower left", bbox_to_anchor=(0.0, 1.02), frameon=False)
    ax.set_title(data["title"], fontsize=9, loc="right", pad=30)
    return fig
