"""Figures for a talk or a paper (issue 31 item 2): the dashboard's charts exported titled,
captioned and at print resolution.

The page draws its charts small and fast (charts.py, 90 dpi, no title). An export is
drawn once, when asked for, so it can afford what a slide needs: a title that names the
metric, the scenario, the seed (or the replicates) and the days; the comparison run in
the same panel (dashed, same colour; its legend entry says which run); the legend
outside the plot; a caption with the model's version and the ``govsim run`` command
that reproduces it; PNG at twice the page's pixel density (:data:`EXPORT_DPI`), SVG
and PDF. English and 中文 (figures.cjk_fallback). The series and the case-flow chart
reuse the page's drawings; the map is drawn here, one panel per run.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import metadata

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from govsim.dashboard import charts
from govsim.dashboard.layout import PALETTE, building_shares
from govsim.experiments.batch.sweep import git_commit

EXPORT_DPI = 2 * charts.DPI
"""Pixels per inch of an exported PNG: twice the page's (a 6.4 in chart is 1,152 px wide)."""
SERIES_WIDTH_IN = 9.6
"""An exported series chart's width without its legend columns (the page's: 6.4 in)."""
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DOWNLOADS = (("series", "png"), ("series", "svg"), ("series", "pdf"), ("flow", "png"),
             ("map", "png"))  # fmt: skip
"""The page's figure downloads (label keys ``take.<kind>_<format>`` in i18n)."""

TEXT = {
    "seed": {"en": "seed {}", "zh": "随机种子 {}"},
    "seeds": {"en": "{} seeds (band: lowest–highest)", "zh": "{} 个随机种子（带：最低–最高）"},
    "days": {"en": "days 0–{}", "zh": "第 0–{} 天"},
    "versus": {"en": "dashed: {}", "zh": "虚线：{}"},
    "solid": {"en": "solid: {}", "zh": "实线：{}"},
    "version": {"en": "govsim {}", "zh": "govsim {}"},
    "reproduce": {"en": "Reproduce: {}", "zh": "复现命令：{}"},
}


def say(key: str, lang: str, *args: object) -> str:
    return TEXT[key][lang].format(*args)


@cache
def model_version() -> str:
    """The package version and, in a checkout, the commit (``+dirty`` with local changes)."""
    try:
        version = metadata.version("govsim")
    except metadata.PackageNotFoundError:
        version = "unknown"
    git = git_commit()
    if git.get("commit"):
        version += f" ({git['commit'][:10]}{'+dirty' if git['dirty'] else ''})"
    return version


def title(what: str, scenario: str, seed: int, replicates: int, day: int, lang: str) -> str:
    """The title, e.g. "Participation — Community Y, seed 3, days 0–30" ("5 seeds" …)."""
    runs = say("seeds", lang, replicates) if replicates > 1 else say("seed", lang, seed)
    return f"{what} — {scenario}, {runs}, {say('days', lang, day)}"


def caption(command: str, lang: str) -> str:
    """The model's version and the command that reproduces the run, for under a figure."""
    return f"{say('version', lang, model_version())} · {say('reproduce', lang, command)}"


def dress(fig: Figure, heading: str, note: str, runs: tuple[str, ...] = ()) -> Figure:
    """Title above, caption beneath; with two runs a key of the line styles beneath the
    plot (which run is solid, which dashed)."""
    # above the drawing (saved with bbox_inches="tight", so nothing outside is cut)
    fig.suptitle(heading, fontsize=10, fontweight="bold", x=0.02, y=1.0, ha="left", va="bottom")
    if len(runs) == 2:
        fig.legend(
            handles=[
                Line2D([], [], color="#333", lw=1.6, ls="-", label=runs[0]),
                Line2D([], [], color="#333", lw=1.4, ls="--", label=runs[1]),
            ],
            loc="upper left",
            bbox_to_anchor=(0.02, 0.0),
            ncol=2,
            fontsize=8,
            frameon=False,
        )
    fig.text(0.02, -0.06 if len(runs) == 2 else 0.0, note, fontsize=6.5, color="#555", va="top")
    return fig


def series(
    panels, days: int, events, day_label: str, heading: str, note: str, runs, last_day: int
) -> Figure:
    """The page's series chart (one panel per unit, comparison dashed in the same panel),
    titled and captioned, days 0 to `last_day`; `runs` = the labels of the shown run and of
    the comparison."""
    fig = charts.series_figure(panels, days, events, day_label, last_day=last_day)
    # wider than on the page, the legend's room kept: the plots get the width a slide has
    width, height = fig.get_size_inches()
    legend = width - charts.WIDTH_IN + 2.8  # the legend columns' inches (series_figure)
    fig.set_size_inches(SERIES_WIDTH_IN + legend - 2.8, height)
    fig.subplots_adjust(left=0.75 / fig.get_figwidth(), right=1 - legend / fig.get_figwidth())
    return dress(fig, heading, note, tuple(runs))


def flow(flows, row_labels: dict, dest_labels: dict, heading: str, note: str) -> Figure:
    """Where cases go, one bar per way in and run: `flows` = [(run label, flow)] (the first
    the shown run); with a comparison each way in has its two runs' bars next to each other."""
    merged, labels = {}, {}
    for channel in next(iter(flows))[1]:
        for k, (run, run_flow) in enumerate(flows):
            merged[f"{channel}|{k}"] = run_flow[channel]
            labels[f"{channel}|{k}"] = (
                f"{row_labels[channel]} · {run}" if len(flows) > 1 else row_labels[channel]
            )
    fig = charts.flow_figure(merged, labels, dest_labels)
    fig.set_size_inches(charts.WIDTH_IN, 1.0 + 0.32 * len(merged))
    return dress(fig, heading, note)


def neighbourhood(runs, colour_by: str, legend: str, heading: str, note: str) -> Figure:
    """The map, one panel per run: `runs` = [(label, layout, residents, day)]; every
    building (or grid) coloured by its share of adults who adopted or took part in the
    last 30 days, the page's palette (a comparison may have other buildings: own layout)."""
    fig = Figure(figsize=(4.2 * len(runs) + 0.8, 4.6))
    axes = fig.subplots(1, len(runs), squeeze=False)[0]
    cmap = LinearSegmentedColormap.from_list("govsim", PALETTE)
    dots = None
    for ax, (label, layout, residents, day) in zip(axes, runs, strict=True):
        unit = "building" if layout.draws_buildings else "grid"
        xy = layout.building_xy if unit == "building" else layout.grid_xy
        size = (
            layout.building_radius if unit == "building" else np.full(len(xy), layout.grid_radius)
        )
        shares = building_shares(residents, day, colour_by, unit)
        dots = ax.scatter(
            xy[:, 0], xy[:, 1], s=(np.asarray(size) * 0.9) ** 2, c=shares, cmap=cmap,
            vmin=0, vmax=1, edgecolors="#777", linewidths=0.3, plotnonfinite=True,
        )  # fmt: skip
        ax.set_title(label, fontsize=9)
        ax.set_aspect("equal")
        ax.invert_yaxis()  # the page's SVG counts y downwards
        ax.set_axis_off()
    bar = fig.colorbar(dots, ax=list(axes), shrink=0.8, format=lambda v, _: f"{v:.0%}")
    bar.set_label(legend, fontsize=8)
    return dress(fig, heading, note)


def save(fig: Figure, fmt: str) -> bytes:
    """`fig` as PNG (at :data:`EXPORT_DPI`), SVG or PDF, cropped to what is drawn (title,
    legends and caption included)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=EXPORT_DPI, bbox_inches="tight", pad_inches=0.15)
    return buf.getvalue()


def run_names(sim, other, lang: str) -> list[str]:
    """The display names of the shown run and, with a comparison, of the comparison."""
    from govsim.dashboard.i18n import scenario_label, t

    def name(run) -> str:
        return scenario_label(run.scenario.name, lang, run.scenario.description or "")

    if other is None:
        return [name(sim)]
    return [name(sim), f"{name(other)} ({t('view.run_other', lang)})"]


def figure_of(
    kind: str, sim, other, setup, lang: str, reps=None, section=None, colour_by="adoption"
):
    """The export of a page's chart: `kind` "series" (a section's panels), "flow" or "map",
    of the shown run `sim` at its day, with the comparison `other` (or None) in the same
    figure; `reps` the page's replicates; `setup` the page's setup (for the command)."""
    from govsim.dashboard import indicators, views
    from govsim.dashboard.i18n import t
    from govsim.dashboard.layout import compute_layout
    from govsim.dashboard.settings import command
    from govsim.dashboard.widgets import section_panels

    section = section or indicators.default_section()
    names = run_names(sim, other, lang)
    what = {
        "series": indicators.section_label(section, lang),
        "flow": t("view.flow", lang),
        "map": t("ctl.colour_" + colour_by, lang),
    }[kind]
    k = int((reps or {}).get("k", 1) or 1)
    heading = title(what, names[0], setup.seed, k, sim.day, lang)
    note = caption(command(setup, sim.day), lang)
    if kind == "series":
        panels = section_panels(sim, section, lang, other, reps)
        runs = [say("solid", lang, names[0])] + [say("versus", lang, n) for n in names[1:]]
        events = views.events(sim.scenario, lang)
        day_axis = t("view.day_axis", lang)
        return series(panels, sim.days, events, day_axis, heading, note, runs, max(sim.day, 1))
    pairs = list(zip([sim, other][: len(names)], names, strict=True))
    if kind == "flow":
        flows = [(name, views.case_flow(run.model.state)) for run, name in pairs]
        rows = {c: t("flow." + c, lang) for c in views.CHANNELS}
        dests = {d: t("flow." + d, lang) for d in views.DESTINATIONS}
        return flow(flows, rows, dests, heading, note)
    maps = [
        (name, compute_layout(run.model.state.residents), run.model.state.residents, sim.day)
        for run, name in pairs
    ]
    return neighbourhood(maps, colour_by, what, heading, note)
