"""The dashboard's exports for a talk, as docs/img shows them (issue 31 item 2).

Community Y (seed 3) at day 90 with Digital only as the comparison run: the series chart
(PNG at 2x, SVG, PDF), the case flow and the map, in English and 中文. Rerun:
    .venv/bin/python scripts/talk_figures.py
"""

from __future__ import annotations

from govsim.dashboard import export
from govsim.dashboard.session import Simulation
from govsim.dashboard.settings import Setup
from govsim.scenario.config import REPO_ROOT

DAY, SEED = 90, 3


def main() -> None:
    sim, other = Simulation("community_y", seed=SEED), Simulation("digital_only", seed=SEED)
    sim.step(DAY)
    other.step(DAY)
    setup = Setup("community_y", SEED, sim.days)
    out = REPO_ROOT / "docs" / "img"
    for lang in ("en", "zh"):
        for kind in ("series", "flow", "map"):
            fig = export.figure_of(kind, sim, other, setup, lang)
            formats = ("png", "svg", "pdf") if (kind, lang) == ("series", "en") else ("png",)
            for fmt in formats:
                path = out / f"talk_{kind}_{lang}.{fmt}"
                path.write_bytes(export.save(fig, fmt))
                print(path.relative_to(REPO_ROOT))


if __name__ == "__main__":
    main()
