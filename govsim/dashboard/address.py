"""The page's address: everything that makes the screen, so that a link restores it.

:func:`govsim.dashboard.settings.query` writes what a run is built from (scenario, seed,
horizon, search, levers); a :class:`View` adds what the screen shows of it: the day, the
comparison, the replicates, the language, the chart's zoom, the section, the chart and
map shown, the folded indicator table, the Pareto policy watched, the search view and
what the map's inspector shows (the grid, building or worker picked and the case
followed, numbered as the page numbers them: from 1).
Only values other than the defaults are written (a bare address is the default screen,
and links made before these keys existed still open). Each key a link carries is
checked; a wrong one is named in the link's language and ignored, the rest is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from govsim.dashboard import indicators
from govsim.dashboard.i18n import LANGUAGES, scenario_label, t
from govsim.dashboard.inspector import KINDS as PICKS
from govsim.dashboard.settings import MAX_REPLICATES, Setup, from_query, query

ZOOMS = ("all", "last90", "last30")
CHARTS = ("series", "flow")
COLOURS = ("adoption", "participation")
MAIN_VIEWS = ("simulation", "search")
RANGE = re.compile(r"(\d+)-(\d+)")


@dataclass(frozen=True)
class View:
    """What the screen shows of a run: `picked` is the watched policy's index (-1: none),
    `main` the view of a page with a saved search ("" = its default), `inspect` what the
    map's inspector shows ("grid-2": kind and 0-based index; "" = nothing) and `case` the
    case it follows (0-based, -1: none)."""

    day: int = 0
    compare: str = ""
    replicates: int = 1
    lang: str = "en"
    zoom: str | tuple[int, int] = "all"
    section: str = ""
    chart: str = "series"
    colour: str = "adoption"
    all: bool = False
    picked: int = -1
    main: str = ""
    inspect: str = ""
    case: int = -1


def view_pairs(view: View) -> list[tuple[str, str]]:
    """The address keys of `view` that differ from a bare address's."""
    zoom = view.zoom if isinstance(view.zoom, str) else f"{view.zoom[0]}-{view.zoom[1]}"
    pairs = [
        ("day", str(view.day), view.day != 0),
        ("compare", view.compare, bool(view.compare)),
        ("replicates", str(view.replicates), view.replicates != 1),
        ("lang", view.lang, view.lang != "en"),
        ("zoom", zoom, zoom != "all"),
        ("section", view.section, bool(view.section)),
        ("chart", view.chart, view.chart != "series"),
        ("map", view.colour, view.colour != "adoption"),
        ("all", "1", view.all),
        ("policy", str(view.picked + 1), view.picked >= 0),
        ("view", view.main, bool(view.main)),
        ("inspect", _shown_pick(view.inspect), bool(view.inspect)),
        ("case", str(view.case + 1), view.case >= 0),
    ]
    return [(key, value) for key, value, written in pairs if written]


def encode(setup: Setup, view: View) -> str:
    """The query string of the whole screen."""
    extra = urlencode(view_pairs(view))
    return query(setup) + ("&" + extra if extra else "")


def decode(
    search: str | None, names: list[str], default: Setup, load, pareto=None
) -> tuple[Setup, View, list[str]]:
    """The setup and the view a link asks for, and one message (in the link's language) per
    part of it that was ignored."""
    values = dict(parse_qsl(search or "", keep_blank_values=True))
    lang = values.pop("lang", "en")
    problems: list[str] = []
    if lang not in LANGUAGES:
        allowed = t("ctl.one_of", "en", ", ".join(LANGUAGES))
        problems.append(t("ctl.link_error", "en", "lang", lang, allowed))
        lang = "en"
    asked = {key: values.pop(key) for key in [k for k, _ in view_pairs(_EVERY)] if key in values}
    rest = urlencode(list(values.items()))
    setup, setup_problems = from_query(rest, names, default, load, lang, pareto)
    checks = _checks(setup, names, pareto, lang)
    view: dict = {"lang": lang}
    for key, raw in asked.items():
        field, parse, allowed = checks[key]
        value = parse(raw)
        if value is None:
            problems.append(t("ctl.link_error", lang, key, raw, t("ctl.one_of", lang, allowed)))
        else:
            view[field] = value
    return setup, View(**view), setup_problems + problems


_EVERY = View(
    1, "x", 2, "zh", "last30", "x", "flow", "participation", True, 0, "search", "grid-0", 0
)
"""A view with every key written (the list of the address's view keys)."""


def split_pick(pick: str) -> tuple[str, int]:
    """`View.inspect` "grid-2" → ("grid", 2)."""
    kind, index = pick.rsplit("-", 1)
    return kind, int(index)


def _shown_pick(pick: str) -> str:
    """ "grid-2" (0-based, as the controller keeps it) → "grid-3" (as the page numbers it);
    "" (nothing picked) stays ""."""
    if not pick:
        return ""
    kind, index = split_pick(pick)
    return f"{kind}-{index + 1}"


def _pick(raw: str) -> str | None:
    """ "grid-3" in a link → "grid-2"; its number is checked against the run once built
    (:meth:`govsim.dashboard.controller.Dashboard`)."""
    kind, _, number = raw.partition("-")
    if kind in PICKS and number.isdigit() and int(number) >= 1:
        return f"{kind}-{int(number) - 1}"
    return None


def _whole(raw: str, low: int, high: int) -> int | None:
    return int(raw) if raw.isdigit() and low <= int(raw) <= high else None


def _zoom(raw: str, days: int) -> str | tuple[int, int] | None:
    if raw in ZOOMS:
        return raw
    found = RANGE.fullmatch(raw)
    if found and int(found[1]) < int(found[2]) <= days:
        return int(found[1]), int(found[2])
    return None


def _checks(setup: Setup, names: list[str], pareto, lang: str) -> dict:
    """Address key → (View field, parse(raw) → value or None, what is allowed)."""
    sections = indicators.sections()
    policies = len(pareto) if pareto is not None else 0
    one_of = ", ".join

    def choice(options):
        return lambda raw: raw if raw in options else None

    def policy(raw: str):
        number = _whole(raw, 1, policies)
        return None if number is None else number - 1

    return {
        "day": ("day", lambda raw: _whole(raw, 0, setup.days), f"0–{setup.days}"),
        "compare": ("compare", choice(names), one_of(scenario_label(n, lang) for n in names)),
        "replicates": (
            "replicates",
            lambda raw: _whole(raw, 1, MAX_REPLICATES),
            f"1–{MAX_REPLICATES}",
        ),
        "zoom": ("zoom", lambda raw: _zoom(raw, setup.days), one_of(ZOOMS) + ", A-B"),
        "section": ("section", choice(sections), one_of(sections)),
        "chart": ("chart", choice(CHARTS), one_of(CHARTS)),
        "map": ("colour", choice(COLOURS), one_of(COLOURS)),
        "all": ("all", lambda raw: True if raw == "1" else None, "1"),
        "policy": ("picked", policy, f"1–{policies}" if policies else "-"),
        "view": ("main", choice(MAIN_VIEWS if pareto else ()), one_of(MAIN_VIEWS)),
        "inspect": ("inspect", _pick, one_of(f"{kind}-N" for kind in PICKS)),
        "case": (
            "case",
            lambda raw: None if not raw.isdigit() or raw == "0" else int(raw) - 1,
            "N ≥ 1",
        ),
    }
