"""The neighbourhood drawn as grids and buildings (not 7,500 residents).

Grids sit on a circle (a district's many grids in rows), each building on a
ring around its grid: positions depend only on the structure (which building
belongs to which grid), so the layout is computed once per run and is the
same for the same scenario. A
building's dot area is its resident count; its colour is the share of its
adult residents who adopted the platform, or who took part in an activity
in the last 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np

from govsim.simulation.metrics import WINDOW_DAYS
from govsim.world.state import Residents

SIZE = 520  # px, the square canvas
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")  # share 0 → 1 (YlGnBu)
RING_MAX = 16  # more grids than this are laid out in rows
MAX_BUILDING_DOTS = 2_000  # above this (a city district), one dot per grid: a page stays light
COMMUNITY_STROKES = ("#8c6bb1", "#e6550d", "#31a354", "#3182bd", "#de2d26", "#636363")


@dataclass(frozen=True)
class Layout:
    """Positions (px) and sizes of grids and buildings; index = grid or building id."""

    grid_xy: np.ndarray  # (grids, 2)
    grid_radius: float
    grid_community: np.ndarray  # (grids,)
    building_xy: np.ndarray  # (buildings, 2)
    building_grid: np.ndarray  # (buildings,)
    building_residents: np.ndarray  # (buildings,)
    building_radius: np.ndarray  # (buildings,), area proportional to residents
    grid_residents: np.ndarray  # (grids,)

    @property
    def draws_buildings(self) -> bool:
        """One dot per building, or (a large district) one dot per grid."""
        return len(self.building_xy) <= MAX_BUILDING_DOTS


def _ring(n: int, radius: float, centre: np.ndarray) -> np.ndarray:
    if n == 1:
        return centre[None, :].copy()
    angle = 2 * np.pi * np.arange(n) / n - np.pi / 2  # first one at 12 o'clock
    return centre + radius * np.column_stack((np.cos(angle), np.sin(angle)))


def _grid_positions(n_grids: int) -> tuple[np.ndarray, float]:
    """Up to RING_MAX grids on a circle; more (a district) in rows, in grid-id order,
    so a community's grids (consecutive ids) stay together."""
    centre = np.array([SIZE / 2, SIZE / 2])
    if n_grids == 1:
        return centre[None, :].copy(), SIZE * 0.15
    if n_grids <= RING_MAX:
        outer = SIZE * 0.34
        return _ring(n_grids, outer, centre), min(np.pi * outer / n_grids * 0.92, SIZE * 0.15)
    columns = int(np.ceil(np.sqrt(n_grids)))
    cell = SIZE / columns
    ids = np.arange(n_grids)
    xy = np.column_stack(((ids % columns + 0.5) * cell, (ids // columns + 0.5) * cell))
    return xy, cell / 2 * 0.92


def compute_layout(residents: Residents) -> Layout:
    """Grids on a circle, buildings around their grid; deterministic (no randomness)."""
    n_buildings = int(residents.building.max()) + 1
    n_grids = int(residents.grid.max()) + 1
    building_grid = np.full(n_buildings, -1, dtype=np.int64)
    building_grid[residents.building] = residents.grid
    grid_community = np.zeros(n_grids, dtype=np.int64)
    grid_community[residents.grid] = residents.community
    counts = np.bincount(residents.building, minlength=n_buildings)

    grid_xy, grid_radius = _grid_positions(n_grids)
    building_xy = np.zeros((n_buildings, 2))
    biggest = max(int(counts.max()), 1)
    building_radius = np.zeros(n_buildings)
    for g in range(n_grids):
        members = np.flatnonzero(building_grid == g)  # in id order: deterministic
        ring = grid_radius * 0.62
        building_xy[members] = _ring(len(members), ring, grid_xy[g])
        room = (
            grid_radius * 0.36
            if len(members) <= 1
            else min(grid_radius * 0.36, np.pi * ring / len(members) * 0.95)
        )
        building_radius[members] = room * np.sqrt(counts[members] / biggest)
    return Layout(
        grid_xy=grid_xy,
        grid_radius=float(grid_radius),
        grid_community=grid_community,
        building_xy=building_xy,
        building_grid=building_grid,
        building_residents=counts,
        building_radius=building_radius,
        grid_residents=np.bincount(residents.grid, minlength=n_grids),
    )


def building_shares(
    residents: Residents, day: int, colour_by: str, unit: str = "building"
) -> np.ndarray:
    """Per building (or grid): share of adults who adopted ("adoption") or took part in the
    last 30 days ("participation"); NaN where there are no adults."""
    ids = residents.building if unit == "building" else residents.grid
    n_units = int(ids.max()) + 1
    adults = residents.is_adult
    if colour_by == "adoption":
        yes = adults & residents.has_adopted
    elif colour_by == "participation":
        since = max(day - WINDOW_DAYS, 0)
        yes = adults & (residents.last_participation_day >= since)
    else:
        raise ValueError(f"colour_by must be 'adoption' or 'participation', not {colour_by!r}")
    total = np.bincount(ids, weights=adults, minlength=n_units)
    hits = np.bincount(ids, weights=yes, minlength=n_units)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, hits / total, np.nan)


def colour(share: float) -> str:
    """The palette colour of a share in 0–1 (linear between stops); grey for NaN."""
    if share != share:
        return "#d9d9d9"
    x = min(max(share, 0.0), 1.0) * (len(PALETTE) - 1)
    i = min(int(x), len(PALETTE) - 2)
    a, b = PALETTE[i], PALETTE[i + 1]
    mix = [
        round(int(a[k : k + 2], 16) * (1 - (x - i)) + int(b[k : k + 2], 16) * (x - i))
        for k in (1, 3, 5)
    ]
    return "#" + "".join(f"{v:02x}" for v in mix)


def workers_per_grid(worker_grids, n_grids: int) -> np.ndarray:
    """How many grid workers the model assigned to each grid (from the workers' ``grid``)."""
    grids = np.asarray(list(worker_grids), dtype=np.int64)
    return (
        np.bincount(grids, minlength=n_grids)[:n_grids]
        if grids.size
        else np.zeros(n_grids, dtype=np.int64)
    )


def map_svg(
    layout: Layout,
    residents: Residents,
    day: int,
    colour_by: str,
    labels: dict[str, str],
    workers: np.ndarray | None = None,
    worker_grids: list[int] | None = None,
    picked: tuple[str, int] | None = None,
) -> str:
    """The map for the current day: buildings, or grids when there are too many buildings;
    `workers` = grid workers per grid (:func:`workers_per_grid` of the model's workers),
    `worker_grids` = each worker's grid (so each square names its worker), `picked` = what
    the inspector shows ("grid", "building" or "worker", and its id), outlined."""
    unit = "building" if layout.draws_buildings else "grid"
    shares = building_shares(residents, day, colour_by, unit)
    return neighbourhood_svg(layout, shares, labels, workers, worker_grids, picked)


def _worker_marks(
    x: float, y: float, r: float, count: int, ids: list[int] | None = None, picked: int = -1
) -> str:
    """`count` small squares in a row at the top of a grid's circle (at most 8, then
    a number); `ids`: the workers' indices (``data-worker``, what a click inspects);
    `picked`: the one picked on the map, outlined."""
    size = max(min(r * 0.16, 9.0), 2.5)
    shown = min(count, 8)
    x0 = x - (shown * size * 1.3) / 2
    ids = ids if ids is not None else []
    marks = []
    for i in range(shown):
        mark_x, mark_y = x0 + i * size * 1.3, y - r * 0.93
        worker = ids[i] if i < len(ids) else None
        if worker is not None and worker == picked:
            marks.append(_ring_around(mark_x + size / 2, mark_y + size / 2, size * 0.9))
        data = f'data-worker="{worker}" class="worker" ' if worker is not None else ""
        marks.append(
            f'<rect {data}x="{mark_x:.1f}" y="{mark_y:.1f}" '
            f'width="{size:.1f}" height="{size:.1f}" fill="#222"/>'
        )
    if count > shown:
        marks.append(
            f'<text x="{x0 + shown * size * 1.3 + 2:.1f}" y="{y - r * 0.93 + size:.1f}" '
            f'font-size="{size * 1.3:.0f}" fill="#222" pointer-events="none">'
            f"+{count - shown}</text>"
        )
    return "".join(marks)


PICKED = "#d62728"
"""The outline of what is picked on the map (the inspector's grid, building or worker)."""


def _ring_around(x: float, y: float, radius: float) -> str:
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius + 3:.1f}" fill="none" '
        f'stroke="{PICKED}" stroke-width="3" class="picked" pointer-events="none"/>'
    )


def neighbourhood_svg(
    layout: Layout,
    shares: np.ndarray,
    labels: dict[str, str],
    workers: np.ndarray | None = None,
    worker_grids: list[int] | None = None,
    picked: tuple[str, int] | None = None,
) -> str:
    """The map as an SVG string; `shares` per building, or per grid when the layout draws
    grids; `workers` per grid drawn as small squares (none drawn when None). `labels`:
    "grid", "building", "residents", "legend" and "workers". Each grid, building and
    worker carries its id (``data-grid``, ``data-building``, ``data-worker``: what a click
    inspects); `picked` is outlined."""
    kind, ident = picked if picked is not None else ("", -1)
    ids: dict[int, list[int]] = {}
    for i, g in enumerate(worker_grids or ()):
        ids.setdefault(int(g), []).append(i)
    rings = []
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE + 40}" '
        f'width="100%" style="max-width:{SIZE}px" role="img" class="neighbourhood">'
    ]
    r = layout.grid_radius
    by_grid = not layout.draws_buildings
    biggest = max(int(layout.grid_residents.max()), 1)
    for g, (x, y) in enumerate(layout.grid_xy):
        stroke = COMMUNITY_STROKES[layout.grid_community[g] % len(COMMUNITY_STROKES)]
        count = int(workers[g]) if workers is not None else None
        staff = f", {count} {labels.get('workers', 'workers')}" if count is not None else ""
        parts.append(
            f'<circle data-grid="{g}" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#f7f7f7" '
            f'stroke="{stroke}" stroke-width="{2 if r > 12 else 1}" class="grid" '
            f'data-workers="{count if count is not None else ""}">'
            f"<title>{escape(labels['grid'])} {g + 1}{escape(staff)}</title>"
            "</circle>"
        )
        if kind == "grid" and ident == g:
            rings.append(_ring_around(x, y, r))
        if count and r >= 6:
            mine = ids.get(g, [])
            parts.append(_worker_marks(x, y, r, count, mine, ident if kind == "worker" else -1))
        if by_grid:
            tip = _tip(f"{labels['grid']} {g + 1}", layout.grid_residents[g], shares[g], labels)
            radius = r * 0.9 * np.sqrt(layout.grid_residents[g] / biggest)
            parts.append(_dot(x, y, radius, shares[g], tip, f'data-grid="{g}" '))
        elif r >= 25:  # room for a label inside the ring of buildings
            parts.append(
                f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" pointer-events="none" '
                f'text-anchor="middle" fill="#555">'
                f"{escape(labels['grid'])} {g + 1}</text>"
            )
    for b, (x, y) in enumerate(layout.building_xy if not by_grid else ()):
        if layout.building_residents[b] == 0:
            continue
        where = f"{labels['building']} {b + 1} ({labels['grid']} {layout.building_grid[b] + 1})"
        tip = _tip(where, layout.building_residents[b], shares[b], labels)
        radius = layout.building_radius[b]
        parts.append(_dot(x, y, radius, shares[b], tip, f'data-building="{b}" '))
        if kind == "building" and ident == b:
            rings.append(_ring_around(x, y, radius))
    parts.extend(rings)
    parts.append(_legend(labels["legend"]))
    parts.append("</svg>")
    return "".join(parts)


def _tip(where: str, residents: int, share: float, labels: dict[str, str]) -> str:
    shown = "–" if share != share else f"{share:.0%}"
    return f"{where}: {residents} {labels['residents']}, {shown}"


def _dot(x: float, y: float, radius: float, share: float, tip: str, data: str = "") -> str:
    return (
        f'<circle {data}cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{colour(float(share))}" '
        f'stroke="#444" stroke-width="0.5"><title>{escape(tip)}</title></circle>'
    )


def _legend(title: str) -> str:
    y = SIZE + 8
    stops = "".join(
        f'<stop offset="{i / (len(PALETTE) - 1):.2f}" stop-color="{c}"/>'
        for i, c in enumerate(PALETTE)
    )
    return (
        f'<defs><linearGradient id="share-scale">{stops}</linearGradient></defs>'
        f'<rect x="120" y="{y}" width="280" height="12" fill="url(#share-scale)" '
        f'stroke="#888" stroke-width="0.5"/>'
        f'<text x="114" y="{y + 10}" font-size="11" text-anchor="end">0%</text>'
        f'<text x="406" y="{y + 10}" font-size="11">100%</text>'
        f'<text x="260" y="{y + 28}" font-size="12" text-anchor="middle">'
        f"{escape(title)}</text>"
    )
