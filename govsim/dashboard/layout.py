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

from govsim.metrics import WINDOW_DAYS
from govsim.state import Residents

SIZE = 520  # px, the square canvas
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")  # share 0 → 1 (YlGnBu)
RING_MAX = 16  # more grids than this are laid out in rows
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
        room = grid_radius * 0.36 if len(members) <= 1 else min(
            grid_radius * 0.36, np.pi * ring / len(members) * 0.95)
        building_radius[members] = room * np.sqrt(counts[members] / biggest)
    return Layout(grid_xy=grid_xy, grid_radius=float(grid_radius), grid_community=grid_community,
                  building_xy=building_xy, building_grid=building_grid,
                  building_residents=counts, building_radius=building_radius)


def building_shares(residents: Residents, day: int, colour_by: str) -> np.ndarray:
    """Per building: share of adults who adopted ("adoption") or took part in the last 30
    days ("participation"); NaN for a building without adults."""
    n_buildings = int(residents.building.max()) + 1
    adults = residents.is_adult
    if colour_by == "adoption":
        yes = adults & residents.has_adopted
    elif colour_by == "participation":
        since = max(day - WINDOW_DAYS, 0)
        yes = adults & (residents.last_participation_day >= since)
    else:
        raise ValueError(f"colour_by must be 'adoption' or 'participation', not {colour_by!r}")
    total = np.bincount(residents.building, weights=adults, minlength=n_buildings)
    hits = np.bincount(residents.building, weights=yes, minlength=n_buildings)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, hits / total, np.nan)


def colour(share: float) -> str:
    """The palette colour of a share in 0–1 (linear between stops); grey for NaN."""
    if share != share:
        return "#d9d9d9"
    x = min(max(share, 0.0), 1.0) * (len(PALETTE) - 1)
    i = min(int(x), len(PALETTE) - 2)
    a, b = PALETTE[i], PALETTE[i + 1]
    mix = [round(int(a[k:k + 2], 16) * (1 - (x - i)) + int(b[k:k + 2], 16) * (x - i))
           for k in (1, 3, 5)]
    return "#" + "".join(f"{v:02x}" for v in mix)


def neighbourhood_svg(layout: Layout, shares: np.ndarray, labels: dict[str, str]) -> str:
    """The map as an SVG string. `labels`: "grid", "building", "residents", "legend"."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE + 40}" '
             f'width="100%" style="max-width:{SIZE}px" role="img" class="neighbourhood">']
    r = layout.grid_radius
    for g, (x, y) in enumerate(layout.grid_xy):
        stroke = COMMUNITY_STROKES[layout.grid_community[g] % len(COMMUNITY_STROKES)]
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#f7f7f7" '
                     f'stroke="{stroke}" stroke-width="{2 if r > 12 else 1}"/>')
        if r >= 25:  # room for a label inside the ring of buildings
            parts.append(f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" '
                         f'text-anchor="middle" fill="#555">'
                         f'{escape(labels["grid"])} {g + 1}</text>')
    for b, (x, y) in enumerate(layout.building_xy):
        if layout.building_residents[b] == 0:
            continue
        share = float(shares[b])
        shown = "–" if share != share else f"{share:.0%}"
        tip = (f'{labels["building"]} {b + 1} ({labels["grid"]} {layout.building_grid[b] + 1}): '
               f'{layout.building_residents[b]} {labels["residents"]}, {shown}')
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{layout.building_radius[b]:.1f}" '
                     f'fill="{colour(share)}" stroke="#444" stroke-width="0.5">'
                     f'<title>{escape(tip)}</title></circle>')
    parts.append(_legend(labels["legend"]))
    parts.append("</svg>")
    return "".join(parts)


def _legend(title: str) -> str:
    y = SIZE + 8
    stops = "".join(f'<stop offset="{i / (len(PALETTE) - 1):.2f}" stop-color="{c}"/>'
                    for i, c in enumerate(PALETTE))
    return (f'<defs><linearGradient id="share-scale">{stops}</linearGradient></defs>'
            f'<rect x="120" y="{y}" width="280" height="12" fill="url(#share-scale)" '
            f'stroke="#888" stroke-width="0.5"/>'
            f'<text x="114" y="{y + 10}" font-size="11" text-anchor="end">0%</text>'
            f'<text x="406" y="{y + 10}" font-size="11">100%</text>'
            f'<text x="260" y="{y + 28}" font-size="12" text-anchor="middle">'
            f'{escape(title)}</text>')
