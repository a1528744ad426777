"""What the dashboard's inspector shows of one grid, building or case (issue 31 item 5),
after NetLogo's agent inspector and Mesa's agent portrayal: the state of one thing, read
from the run's records at the day shown. Plain data (dicts and lists), then the card's
words (:func:`card_html`, :func:`trail_html`) in English and 中文; the page's panel
(:mod:`govsim.dashboard.inspector_view`) only lays them out beside the map.

Days are shown as the page counts them: a thing done on the run's day index k (0-based,
``state.day`` while that day runs) shows as day k + 1, the day label after k + 1 days.

A case's trail follows the closed loop of S2 (raised → reported → dispatched →
resolved → closed by the resident's rating, or lapsed unreported), with the hours of
docs/ODD.md §3 step 5 where the case book keeps them.
"""

from __future__ import annotations

from html import escape

import numpy as np

from govsim.dashboard.i18n import t
from govsim.scenario.schema import CATEGORIES
from govsim.world.state import Channel, SimState, Status

OPEN = (Status.RAISED, Status.REPORTED, Status.DISPATCHED)
"""A case is open until a responder resolves it or it lapses (as ``Residents.open_issues``)."""
KINDS = ("grid", "building", "worker")
"""What a click on the map inspects."""
LISTED_OPEN, LISTED_RATED = 5, 3
"""The card lists the oldest open cases and the latest rated ones, to follow."""


def _listed(state: SimState, mine: np.ndarray) -> dict[str, list[int]]:
    """A few cases of `mine` (a mask of the case book) to follow: the oldest still open
    and the last rated."""
    cases = state.cases
    waiting = np.flatnonzero(mine & np.isin(cases.status, OPEN))[:LISTED_OPEN]
    rated = np.flatnonzero(mine & (cases.status == Status.CLOSED))
    rated = rated[np.argsort(-cases.day_closed[rated], kind="stable")][:LISTED_RATED]
    return {"listed_open": waiting.tolist(), "listed_rated": rated.tolist()}


def last_day(state: SimState, grid: int) -> dict[str, int]:
    """The grid's last day run (the workers' day, together: the agents keep no visit of
    their own): households visited, issues found on patrol, cases of the grid resolved
    that day (by any responder). `day` is the page's day number (0: nothing run)."""
    day = state.day - 1  # the last day's index
    hh, cases = state.households, state.cases
    if day < 0:
        return {"day": 0, "households_visited": 0, "issues_found": 0, "cases_resolved": 0}
    mine = cases.grid == grid
    patrol = mine & (cases.channel == Channel.PATROL) & (cases.day_reported == day)
    return {
        "day": state.day,
        "households_visited": int(((hh.grid == grid) & (hh.last_visit_day == day)).sum()),
        "issues_found": int(patrol.sum()),
        "cases_resolved": int((mine & (cases.day_resolved == day)).sum()),
    }


def _queue(state: SimState, rows: np.ndarray) -> dict[str, int]:
    """Open cases by where they wait: unreported, awaiting dispatch, in a responder's queue."""
    status = state.cases.status[rows]
    return {
        "unreported": int((status == Status.RAISED).sum()),
        "awaiting_dispatch": int((status == Status.REPORTED).sum()),
        "with_responder": int((status == Status.DISPATCHED).sum()),
    }


def _residents(state: SimState, members: np.ndarray) -> dict[str, float]:
    residents = state.residents
    adults = members & residents.is_adult
    return {
        "residents": int(members.sum()),
        "adults": int(adults.sum()),
        "adopters": int((adults & residents.has_adopted).sum()),
        "elderly": int((members & residents.is_elderly).sum()),
    }


def grid_card(state: SimState, grid: int) -> dict:
    """One grid: its residents, its grid workers and what each has done so far (issues
    found on patrol, feedback collected, residents coached: counts over the run, the
    agents keep no per-day record), its open cases and where they wait."""
    cases = state.cases
    rows = np.flatnonzero((cases.grid == grid) & np.isin(cases.status, OPEN))
    workers = [
        {
            "worker": int(w.unique_id),
            "index": i,
            "visits_per_day": int(w.visits_per_day),
            "issues_found": int(w.issues_found),
            "feedback_collected": int(w.feedback_collected),
            "residents_coached": int(w.residents_coached),
        }
        for i, w in enumerate(state.grid_workers)
        if w.grid == grid
    ]
    return {
        "kind": "grid",
        "grid": int(grid),
        "day": int(state.day),
        **_residents(state, state.residents.grid == grid),
        "workers": workers,
        "last_day": last_day(state, grid),
        "open_cases": rows.tolist(),
        "queue": _queue(state, rows),
        **_listed(state, cases.grid == grid),
    }


def building_card(state: SimState, building: int) -> dict:
    """One building: its residents and their open cases (by reporter's building)."""
    members = state.residents.building == building
    cases = state.cases
    mine = members[cases.reporter] if cases.n else np.zeros(0, bool)
    rows = np.flatnonzero(mine & np.isin(cases.status, OPEN))
    home = state.residents.grid[np.flatnonzero(members)[:1]]
    return {
        "kind": "building",
        "building": int(building),
        "grid": int(home[0]) if home.size else -1,
        "day": int(state.day),
        **_residents(state, members),
        "open_cases": rows.tolist(),
        "queue": _queue(state, rows),
        **_listed(state, mine),
    }


def card(state: SimState, kind: str, ident: int) -> dict:
    """The card of what a click picked: a grid, a building, or a worker (its grid's card,
    with ``picked_worker`` = the worker's index in ``state.grid_workers``)."""
    if kind == "grid":
        return grid_card(state, ident)
    if kind == "building":
        return building_card(state, ident)
    if kind == "worker":
        return {**grid_card(state, state.grid_workers[ident].grid), "picked_worker": ident}
    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def count(state: SimState, kind: str) -> int:
    """How many of `kind` the run has (ids are 0 to count − 1)."""
    if kind == "grid":
        return int(state.residents.grid.max()) + 1
    if kind == "building":
        return int(state.residents.building.max()) + 1
    if kind == "worker":
        return len(state.grid_workers)
    raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")


def case_trail(state: SimState, case: int) -> list[tuple[str, int | None, dict]]:
    """The steps case `case` has taken: (step, day, details), in order (day None: not
    recorded)."""
    c = state.cases
    if not 0 <= case < c.n:
        raise ValueError(f"case must be in 0–{c.n - 1}, not {case}")
    trail = [("raised", int(c.day_raised[case]), {"category": int(c.category[case])})]
    if c.day_reported[case] >= 0 and c.status[case] != Status.LAPSED:
        channel = Channel(int(c.channel[case])).name.lower()
        trail.append(("reported", int(c.day_reported[case]), {"channel": channel}))
    if c.day_dispatched[case] >= 0:
        trail.append(
            ("dispatched", int(c.day_dispatched[case]), {"responder": int(c.responder[case])})
        )
    if c.day_resolved[case] >= 0:
        trail.append(("resolved", int(c.day_resolved[case]), {"quality": float(c.quality[case])}))
    if c.status[case] == Status.CLOSED:
        details = {"satisfaction": float(c.satisfaction[case])}
        trail.append(("rated", int(c.day_closed[case]), details))
    if c.status[case] == Status.LAPSED:
        trail.append(("lapsed", None, {}))  # the case book keeps no day of lapsing
    return trail


# --- the card's words ----------------------------------------------------------------------


def shown_day(day: int) -> int:
    """The page's day number of a day index (the day label after that day has run)."""
    return day + 1


def category_label(category: int, lang: str) -> str:
    return t(f"inspect.cat_{CATEGORIES[category]}", lang)


def responder_label(state: SimState, responder: int, lang: str) -> str:
    """A department by the category it leads; a social group by its kind and number."""
    agent = state.responders[responder]
    if agent.is_government:
        return t(f"inspect.dept_{agent.categories[0]}", lang)
    number = agent.name.rsplit(" ", 1)[-1]
    return t(f"inspect.group_{agent.kind.replace(' ', '_')}", lang, number)


def case_label(state: SimState, case: int, lang: str) -> str:
    """A case's button: its number, category and where it is now."""
    c = state.cases
    status = t(f"inspect.status_{int(c.status[case])}", lang)
    return t("inspect.case", lang, case + 1, category_label(int(c.category[case]), lang), status)


def _attrs(**values: object) -> str:
    return " ".join(f'data-{k.replace("_", "-")}="{escape(str(v))}"' for k, v in values.items())


def card_html(state: SimState, card: dict, lang: str) -> str:
    """The card of :func:`card` in `lang`: residents, the workers and their day (a grid),
    the open cases and where they wait. Its numbers are also in ``data-`` attributes (the
    browser test reads them)."""
    L, kind = lang, card["kind"]
    if kind == "grid":
        title = t("inspect.title_grid", L, card["grid"] + 1, card["day"])
    else:
        title = t("inspect.title_building", L, card["building"] + 1, card["grid"] + 1, card["day"])
    who = (card["residents"], card["adults"], card["adopters"], card["elderly"])
    parts = [
        f'<div class="inspect-title"><b>{escape(title)}</b></div>',
        f'<div class="inspect-residents" {_attrs(residents=who[0], adults=who[1])}>'
        f"{escape(t('inspect.residents', L, *who))}</div>",
    ]
    if kind == "grid":
        parts.append(_workers_html(card, L))
    q = card["queue"]
    waits = (q["unreported"], q["awaiting_dispatch"], q["with_responder"])
    numbers = _attrs(open=len(card["open_cases"]), **q)
    parts.append(
        f'<div class="inspect-queue" {numbers}>'
        f"{escape(t('inspect.queue', L, len(card['open_cases']), *waits))}</div>"
    )
    ident = card["grid"] if kind == "grid" else card["building"]
    head = _attrs(kind=kind, id=ident, day=card["day"])
    return f'<div class="inspector-card-text" {head}>{"".join(parts)}</div>'


def _workers_html(card: dict, L: str) -> str:
    workers = card["workers"]
    if not workers:
        return f'<div class="inspect-workers" data-workers="0">{t("inspect.no_workers", L)}</div>'
    picked = card.get("picked_worker", -1)
    rows = "".join(
        f'<li class="inspect-worker{" picked" if w["index"] == picked else ""}" '
        f"{_attrs(worker=w['index'])}>"
        + escape(
            t(
                "inspect.worker",
                L,
                w["index"] + 1,
                w["visits_per_day"],
                w["issues_found"],
                w["feedback_collected"],
                w["residents_coached"],
            )
        )
        + "</li>"
        for w in workers
    )
    day = card["last_day"]
    if day["day"]:
        numbers = (day["households_visited"], day["issues_found"], day["cases_resolved"])
        last = t("inspect.last_day", L, day["day"], *numbers)
    else:
        last = t("inspect.nothing_run", L)
    return (
        f'<div class="inspect-workers" data-workers="{len(workers)}">'
        f"{escape(t('inspect.workers', L, len(workers)))}<ul>{rows}</ul>"
        f'<div class="inspect-last-day">{escape(last)}</div></div>'
    )


def trail_html(state: SimState, case: int, lang: str) -> str:
    """Case `case` from arising to rating (or as far as it got by the day shown)."""
    L, c = lang, state.cases
    steps = case_trail(state, case)
    lines = []
    for step, day, details in steps:
        shown = shown_day(day) if day is not None else None
        if step == "raised":
            text = t("inspect.step_raised", L, shown)
        elif step == "reported":
            text = t(
                "inspect.step_reported", L, shown, t(f"inspect.channel_{details['channel']}", L)
            )
        elif step == "dispatched":
            who = responder_label(state, details["responder"], L)
            text = t("inspect.step_dispatched", L, shown, who)
        elif step == "resolved":
            text = t("inspect.step_resolved", L, shown, f"{details['quality']:.2f}")
        elif step == "rated":
            text = t("inspect.step_rated", L, shown, f"{details['satisfaction']:.2f}")
        else:
            text = t("inspect.step_lapsed", L)
        lines.append(f'<li data-step="{step}">{escape(text)}</li>')
    status = int(c.status[case])
    if status not in (Status.CLOSED, Status.LAPSED):
        now = t("inspect.step_now", L, state.day, t(f"inspect.status_{status}", L))
        lines.append(f'<li data-step="now">{escape(now)}</li>')
    title = t("inspect.trail_title", L, case + 1, category_label(int(c.category[case]), L))
    return (
        f'<div class="case-trail" {_attrs(case=case, steps=" ".join(s for s, _, _ in steps))}>'
        f"<b>{escape(title)}</b><ol>{''.join(lines)}</ol></div>"
    )
