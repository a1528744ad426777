"""The fit to months 0-34 beside the revealed data (issue 28 item 4: allowed, those
months were fitted): docs/forecast2.json's bands for months 0-34 and the published
points of govsim/data/beijing_12345_2019_2021.json (nothing after November 2021).

    .venv/bin/python scripts/plot_beijing_fit.py   # -> docs/figures/beijing_fit_m0_34.png
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "govsim" / "data" / "beijing_12345_2019_2021.json"  # months 0-34 only
RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    forecast = json.loads((ROOT / "docs" / "forecast2.json").read_text())["months"][:35]
    data = json.loads(DATA.read_text())
    fig, axes = plt.subplots(1, 4, figsize=(17, 4))
    months = [r["month"] for r in forecast]
    for ax, k in zip(axes, (*RATES, "calls_per_resident_year"), strict=True):
        ax.fill_between(
            months, [r[k]["lo"] for r in forecast], [r[k]["hi"] for r in forecast], alpha=0.25
        )
        ax.plot(months, [r[k]["median"] for r in forecast], label="forecast 2, median, 90 % band")
        if k in RATES:
            pts = [(p["month"], p[k] / 100) for p in data["rates_percent"] if k in p]
            ax.plot(*zip(*pts, strict=True), "k*", ms=10, label="published")
            ax.set_ylim(0.4, 1.02)
        else:
            for c in data["calls"]:
                m0 = 12 * (c["year"] - 2019)
                ax.plot([m0, m0 + 11], [c["calls_per_resident_year"]] * 2, "k-", lw=3)
        ax.set_title(k, fontsize=10)
        ax.set_xlabel("months after January 2019")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, loc="lower right")
    fig.suptitle("Months 0-34: the fitted months, forecast 2's bands beside the data")
    out = ROOT / "docs" / "figures" / "beijing_fit_m0_34.png"
    fig.savefig(out, dpi=100, bbox_inches="tight")
    print(out)


if __name__ == "__main__":
    main()
