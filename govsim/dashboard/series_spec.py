"""The daily series chart as a Vega-Lite 5.2 spec, drawn in the browser by
:class:`govsim.dashboard.vega.VegaView`: hover (or tap, on a phone) a day for every
line's value in the panel's unit, click a legend entry to hide or show a metric, drag
to pan and scroll to zoom, on a phone pinch and a sideways drag (double-click: back to
the days chosen on the page).

The same data as the PNG/SVG/PDF downloads (:func:`govsim.dashboard.charts.series_figure`,
which stays matplotlib for them): one panel per unit, each metric a line in its colour,
the comparison run dashed in the same colour, replicates a band from the lowest to the
highest seed, a scenario's events shaded (its 0-based day k is day k + 1, as "Day N",
the CSV and the command count days).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from govsim.dashboard import series_layers
from govsim.dashboard.charts import COLOURS

PANEL_HEIGHT = 150
"""Pixels of a panel's plot (the legend beneath it adds its own)."""
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.2.0.json"


def _plain(values) -> list:
    """Floats for JSON: NaN (no value that day) as null, which JSON and Vega accept."""
    values = np.asarray(values, dtype=float)
    return [None if not math.isfinite(x) else x for x in values.tolist()]


def panel_lines(lines, runs: tuple[str, str]) -> list[dict]:
    """A panel's lines as the widget's columns: metric (its label; a comparison line is
    named after the metric it compares), run (`runs[0]` solid or `runs[1]` dashed), the
    values of days 1…d and the replicates' band."""
    metric_of = {}
    for name, _values, *rest in lines:
        c, dashed = (rest + [None, False])[:2]
        if not dashed:
            metric_of.setdefault(c, name)
    out = []
    for name, values, *rest in lines:
        c, dashed, band = (list(rest) + [None, False, None][len(rest) :])[:3]
        line = {
            "metric": metric_of.get(c, name) if dashed else name,
            "run": runs[1] if dashed else runs[0],
            "first": 1,  # day N: the value after N days
            "values": _plain(values),
        }
        if band is not None:
            line["low"], line["high"] = _plain(band[0]), _plain(band[1])
        out.append(line)
    return out


def series_data(panels, runs: tuple[str, str], day: int, shown: tuple[int, int]) -> dict:
    """The widget's data: a dataset ``p0``, ``p1``… per panel; `shown`: the first and last
    day on the x axis (the page's zoom, as the run grows)."""
    return {
        "day": day,
        "x": [shown[0], max(shown[1], shown[0] + 1)],
        "sets": {f"p{k}": panel_lines(lines, runs) for k, (_, _, lines) in enumerate(panels)},
    }


def _axis_labels(unit: str) -> str:
    """Tick labels in the panel's unit (d3's minus sign is U+2212, the page's one minus)."""
    if unit == "share":
        return "format(datum.value * 100, '.0f') + '%'"
    if unit == "points":
        return "format(datum.value * 100, '.0f')"
    if unit in ("count", "yuan_per_year", "yuan_per_event"):
        return "format(datum.value, ',.0f')"
    return "abs(datum.value) >= 1000 ? format(datum.value, ',.0f') : format(datum.value, '~g')"


def _y_scale(unit: str, lines) -> dict:
    values = [np.asarray(v, dtype=float) for _, v, *_ in lines]
    if not any(np.isfinite(v).any() for v in values):
        return {"domain": [0, 1]}  # day 0: an empty 0–1 frame
    if unit == "share":
        low = min([float(np.nanmin(v)) for v in values if np.isfinite(v).any()] + [0.0])
        return {"domain": [min(low * 1.1, 0.0), 1.02]}  # a line at 100 % stays visible
    return {"zero": False, "nice": True}


def _legend_toggle(k: int) -> list[dict]:
    """A click (tap) on a legend entry fades the panel's other metrics (shift-click:
    several; a click on the plot shows them all again). Only in the panel whose legend
    was clicked: each panel names its own metrics beneath it, and a reader comparing,
    say, adoption with the cases' waiting time expects the other panels to stay as they
    were (decided 2026-12-06, docs/dashboard.md). So each panel's legend reads a field
    of its own, ``metric<k>``: Vega-Lite names a legend's marks after its field, and a
    shared name would bind every panel's selection to every legend."""
    return [
        {"name": f"pick{k}", "select": {"type": "point", "fields": [_metric(k)]}, "bind": "legend"},
        {"name": ZOOM, "select": {"type": "interval", "encodings": ["x"]}, "bind": "scales"},
    ]


def _metric(k: int) -> str:
    """Panel `k`'s copy of the metric field, which its legend and its selection read."""
    return f"metric{k}"


ZOOM = "zoom"
"""The days zoomed and panned in the browser: an interval bound to the shared x scale,
declared in every panel under this one name, so that Vega-Lite makes one signal of it
(``zoom_day``): a drag or the wheel over any panel moves them all, and a pinch or a
two-finger drag sets it (vega.py). With a name per panel, as first built, the axis
followed only the last panel's, and the wheel over the others did nothing; a top-level
parameter with ``views`` fails in Vega-Lite 5.2 ("Unrecognized signal name: pick0")."""


def _colour(k: int, lines) -> dict:
    """Each metric its colour (as in the downloads), named in a legend beneath the panel."""
    solid = [(j, line) for j, line in enumerate(lines) if not _dashed(line)]
    return {
        "field": _metric(k),
        "type": "nominal",
        "scale": {
            "domain": list(dict.fromkeys(line[0] for _, line in solid)),
            "range": [_colour_of(line, j) for j, line in solid],
        },
        "legend": {
            "title": None,
            "orient": "bottom",
            "direction": "vertical",
            "symbolType": "stroke",
            "symbolStrokeWidth": 2.5,
            "symbolOpacity": 1,
        },
    }


def _band_layer(k: int, x: dict, colour: dict) -> dict:
    """The replicates' band: lowest to highest seed, each day, in the metric's colour."""
    return {
        "transform": [{"filter": "isValid(datum.lo) && isValid(datum.hi)"}],
        "mark": {"type": "area", "opacity": 0.18, "clip": True},
        "encoding": {
            "x": x,
            "y": {"field": "lo", "type": "quantitative"},
            "y2": {"field": "hi"},
            "color": colour,
            "detail": {"field": "run"},
            "opacity": {"condition": {"param": f"pick{k}", "value": 0.18}, "value": 0.03},
        },
    }


def _lines_layer(k: int, unit: str, axis_label: str, lines, x: dict, runs) -> list[dict]:
    """A panel's lines (the comparison dashed, with a key beneath) and bands, y in its unit."""
    colour = _colour(k, lines)
    y = {"field": "v", "type": "quantitative", "scale": _y_scale(unit, lines)}
    y["axis"] = {"title": axis_label, "labelExpr": _axis_labels(unit), "grid": True}
    key = {"title": None, "orient": "bottom", "symbolType": "stroke"}
    line = {
        "mark": {"type": "line", "strokeWidth": 1.6, "clip": True},
        "params": _legend_toggle(k),
        "encoding": {
            "x": x,
            "y": y,
            "color": colour,
            "strokeDash": {
                "field": "run",
                "type": "nominal",
                "scale": {"domain": list(runs), "range": [[1, 0], [5, 3]]},
                "legend": key if any(_dashed(entry) for entry in lines) else None,
            },
            "opacity": {"condition": {"param": f"pick{k}", "value": 1}, "value": 0.12},
        },
    }
    bands = any(len(entry) > 4 and entry[4] is not None for entry in lines)
    return [_band_layer(k, x, colour)] * bands + [line]


def _dashed(line) -> bool:
    return len(line) > 3 and bool(line[3])


def _colour_of(line, j: int) -> str:
    c = line[2] if len(line) > 2 and line[2] is not None else j
    return COLOURS[c % len(COLOURS)]


def series_spec(
    panels: Sequence,
    events: Sequence[tuple[int, int, str, str]],
    labels: dict,
    first_day: int,
    last_day: int,
) -> dict:
    """The chart of `panels` (as :func:`govsim.dashboard.widgets.section_panels` builds
    them) for days `first_day`–`last_day` (the page's zoom; the browser's zoom and pan
    start there); `labels`: "day" (the x axis), "runs" (the shown run's and the
    comparison's names), "words" (the units "days" and "hours" and "na" in the page's
    language). Its data come apart, from :func:`series_data`."""
    day_axis = {
        "field": "day",
        "type": "quantitative",
        "title": labels["day"],
        # the days shown follow the run through two parameters the data set (`series_data`),
        # so a new day does not rebuild the chart (nor undo the reader's zoom)
        "scale": {"domain": {"expr": "[x_from, x_to]"}, "nice": False},
        "axis": {"format": "d", "tickMinStep": 1},
    }
    hidden = {**day_axis, "axis": {**day_axis["axis"], "title": None, "labels": False}}
    views = []
    for k, (unit, axis_label, lines) in enumerate(panels):
        x = day_axis if k == len(panels) - 1 else hidden  # labelled under the last panel
        names = [
            line["metric"] + ("" if line["run"] == labels["runs"][0] else " · " + line["run"])
            for line in panel_lines(lines, labels["runs"])
        ]
        layers = series_layers.events_layers(events, top=k == 0) + _lines_layer(
            k, unit, axis_label, lines, x, labels["runs"]
        )
        layers.append(
            series_layers.hover_layer(
                k, unit, labels["words"], labels["day"], names, x, labels["runs"][0]
            )
        )
        views.append(
            {
                "data": {"name": f"p{k}"},
                "transform": [{"calculate": "datum.metric", "as": _metric(k)}],
                "height": PANEL_HEIGHT,
                "layer": layers,
            }
        )
    spec = {
        "$schema": SCHEMA,
        "params": [
            {"name": "x_from", "value": first_day},
            {"name": "x_to", "value": max(last_day, first_day + 1)},
        ],
        "usermeta": {"touchZoom": f"{ZOOM}_day"},  # the signal a pinch sets (vega.py)
        "vconcat": views,
        "spacing": 14,
        "autosize": {"type": "pad", "resize": True},  # the legends' height counted too
        "resolve": {
            "scale": {"color": "independent", "x": "shared"},
            "legend": {"color": "independent"},
        },
        "config": {
            "view": {"stroke": None},
            "axis": {"labelFontSize": 11, "titleFontSize": 12},
            "legend": {"labelFontSize": 12},
        },
        "datasets": {f"p{k}": [] for k in range(len(panels))},
    }
    return spec
