"""The series chart's layers beside its lines (:mod:`govsim.dashboard.series_spec`): the
column per day that a hover or a tap reads (every line's value that day, in the panel's
unit and the page's language) and the scenario's events, shaded and named."""

from __future__ import annotations

import json

from govsim.dashboard.charts import EVENT_COLOURS


def value_text(unit: str, words: dict[str, str]) -> str:
    """A Vega expression of the hover text of `datum.v` in `unit`, as
    :func:`govsim.dashboard.indicators.format_unit` writes it in the page's language."""
    v = "datum.v"
    if unit == "share":
        text = f"format({v} * 100, '.1f') + ' %'"
    elif unit in ("days", "hours"):
        text = f"format({v}, '.1f') + ' ' + {json.dumps(words[unit])}"
    elif unit == "count":
        text = f"format({v}, ',.0f')"
    else:
        text = f"format({v}, '.2f')"
    # no "−0.0": a value that rounds to zero reads without a sign
    sign = "regexp('^\u2212(?=[0.,]*( |%|$))')"
    return (
        f"isValid({v}) && isFinite({v}) ? replace({text}, {sign}, '') : {json.dumps(words['na'])}"
    )


def _field(name: str) -> str:
    """A data field named by a label (Vega-Lite reads ".", "[" and quotes in a field as a
    path)."""
    for c in "\\.[]'\"":  # the backslash first
        name = name.replace(c, "\\" + c)
    return name


def hover_layer(
    k: int, unit: str, words: dict, day_label: str, names: list[str], x, main: str
) -> dict:
    """One invisible column per day; hovering or tapping it shades it and shows that
    day's value of every line in the panel, in the panel's unit."""
    return {
        "transform": [
            {
                "calculate": f"datum.metric + (datum.run === {json.dumps(main)} ? '' : "
                "' · ' + datum.run)",
                "as": "line",
            },
            {"calculate": value_text(unit, words), "as": "text"},
            {"pivot": "line", "value": "text", "groupby": ["day"], "op": "min"},
            {"calculate": "datum.day - 0.5", "as": "x0"},
            {"calculate": "datum.day + 0.5", "as": "x1"},
        ],
        "params": [
            {
                "name": f"tip{k}",
                "select": {
                    "type": "point",
                    "fields": ["day"],
                    "on": "rect:mouseover",  # a day column, not a legend entry
                    "clear": "rect:mouseout",
                },
            }
        ],
        "mark": {"type": "rect", "color": "#000", "clip": True},
        "encoding": {
            "x": {**x, "field": "x0"},
            "x2": {"field": "x1"},
            "opacity": {
                "condition": {"param": f"tip{k}", "empty": False, "value": 0.08},
                "value": 0.001,
            },
            "tooltip": [{"field": "day", "type": "quantitative", "title": day_label}]
            + [{"field": _field(n), "type": "nominal", "title": n} for n in names],
        },
    }


def events_layers(events, top: bool) -> list[dict]:
    """The scenario's events shaded (and, on the top panel, named; stacked, since events
    may overlap in time)."""
    if not events:
        return []
    rows = [
        {
            "a": first + 1,
            "b": first + 1 + max(length, 1),
            "kind": kind,
            "name": name,
            "colour": EVENT_COLOURS.get(kind, "#e0e0e0"),
        }
        for first, length, kind, name in events
    ]
    out = [  # a layer per event: a colour encoding would share the metrics' legend
        {
            "data": {"values": [row]},
            "mark": {"type": "rect", "opacity": 0.7, "clip": True, "color": row["colour"]},
            "encoding": {"x": {"field": "a", "type": "quantitative"}, "x2": {"field": "b"}},
        }
        for row in rows
    ]
    if top:
        out += [
            {
                "data": {"values": [row]},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "baseline": "bottom",
                    "fontSize": 10,
                    "color": "#7f2704",
                    "dy": -4 - 11 * j,
                    "clip": False,
                },
                "encoding": {
                    "x": {"field": "a", "type": "quantitative"},
                    "y": {"value": 0},
                    "text": {"field": "name"},
                },
            }
            for j, row in enumerate(rows)
        ]
    return out
