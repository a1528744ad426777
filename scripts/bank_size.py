"""How big a Beijing bank must be: coverage, width and screen against rows (issue 28 budget).

    PYTHONPATH=$PWD .venv/bin/python scripts/bank_size.py [--sizes 256,512,768,1024,1536,2048]

Fits the first n rows of the kept bank (docs/calibration/beijing_reform/bank.parquet) for
each n, as ``infer_report.fit`` fits a bank but without new runs: the screen, every
candidate's coverage check on 500 left-out rows, the candidate chosen, its posterior for
the published statistics. The first n rows are the bank ``infer_beijing.py bank --rows n``
makes (``bank.first``): a smaller bank, not a resample. Each size's bank-and-streets
minutes on 2 cores are its rows at the rate of benchmarks/bank_rate_streets.json (a
machine's speed; an estimate, said so in the file). Writes docs/calibration/bank_size.json
and docs/calibration/bank_size.png; the expectations were written before it existed
(docs/expectations_issue28_bank_size.json).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from infer_beijing import LAST_DAY  # noqa: E402  (a sibling script, not a package)

ROOT = Path(__file__).resolve().parents[1]
BANK = ROOT / "docs" / "calibration" / "beijing_reform" / "bank.parquet"
RATE = ROOT / "benchmarks" / "bank_rate_streets.json"
OUT = ROOT / "docs" / "calibration" / "bank_size"


def study(sizes: list[int]) -> dict:
    from govsim.evidence import bank, infer_report
    from govsim.scenario.config import load_scenario, override

    scenario = override(load_scenario("beijing_reform"), {"days": LAST_DAY})
    ranges = bank.design_ranges(scenario)
    frame = bank.load(BANK)
    rate = json.loads(RATE.read_text())
    designed = [*bank.REFORM_KEYS, *bank.BASELINE_KEYS]
    out = []
    for n in sizes:
        started = time.perf_counter()
        inf = infer_report.infer(bank.first(frame, n, BANK), ranges)
        chosen = inf.checks[inf.method]
        seen = set(inf.seen.influential()) if inf.seen is not None else set()
        contraction = inf.contraction()
        lo, hi = inf.post.interval(0.9)
        out.append(
            {
                "rows": n,
                "added_by_screen": inf.added,
                "designed_keys_seen": sum(k in seen for k in designed),
                "method": {"accept_share": inf.method[0], "regression_adjustment": inf.method[1]},
                "accepted": len(inf.post.rows),
                "coverage": {str(lv): float(s.mean()) for lv, s in chosen.coverage.items()},
                "miss": chosen.miss(),
                "width90": float(chosen.width.mean()),
                "coverage_by_method": inf.coverage_by_method(),
                "beijing_width90": float(np.mean((hi - lo) / (inf.hi - inf.lo))),
                "contraction_mean": float(np.mean([c["ratio"] for c in contraction.values()])),
                "contraction_best": min(
                    ({"key": k, "ratio": c["ratio"]} for k, c in contraction.items()),
                    key=lambda c: c["ratio"],
                ),
                "bank_minutes_at_rate": round(n / rate["runs_per_minute"], 1),
                "infer_seconds": round(time.perf_counter() - started, 1),
            }
        )
        print(json.dumps(out[-1] | {"coverage_by_method": "..."}), flush=True)
    return {
        "bank": str(BANK.relative_to(ROOT)),
        "truths": 500,
        "rate": {
            "file": str(RATE.relative_to(ROOT)),
            "runs_per_minute": rate["runs_per_minute"],
            "measured_at": rate["measured_at"],
            "note": "bank_minutes_at_rate is rows ÷ this rate: an estimate on this machine, "
            "which ran 22 % faster or slower within hours; the fit's predictive check "
            "(new runs) is not in it",
        },
        "sizes": out,
    }


def plot(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = result["sizes"]
    rows = [s["rows"] for s in sizes]
    fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
    for level, colour in (("0.5", "C0"), ("0.8", "C1"), ("0.9", "C2")):
        nominal = float(level)
        a.axhspan(nominal - 0.05, nominal + 0.05, color=colour, alpha=0.12)
        a.plot(rows, [s["coverage"][level] for s in sizes], "o-", color=colour,
               label=f"{int(nominal * 100)} % interval")  # fmt: skip
    a.set(xlabel="bank rows", ylabel="coverage of 500 left-out rows",
          title="Coverage (bands: nominal ± 5 points)")  # fmt: skip
    a.set_xticks(rows, [str(r) for r in rows], minor=False)
    a.minorticks_off()
    a.legend(loc="center", bbox_to_anchor=(0.5, 0.42), ncol=3, fontsize=8)
    b.plot(rows, [s["width90"] for s in sizes], "o-", label="90 % width, left-out rows")
    b.plot(rows, [s["beijing_width90"] for s in sizes], "s-", label="90 % width, Beijing's data")
    b.plot(rows, [s["contraction_mean"] for s in sizes], "^-", label="posterior sd ÷ prior sd")
    b.set(xlabel="bank rows (bank and streets, minutes at the measured rate)",
          ylabel="mean over inferred keys (1 = prior)",
          title="How much the statistics narrow the keys")  # fmt: skip
    minutes = [s["bank_minutes_at_rate"] for s in sizes]
    b.set_xticks(
        rows, [f"{r}\n{m:.0f} min" for r, m in zip(rows, minutes, strict=True)], fontsize=8
    )
    b.minorticks_off()
    b.set_ylim(0.7, 1.02)
    b.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="256,512,768,1024,1536,2048")
    p.add_argument("--plot-only", action="store_true", help="redraw the figure from the json")
    a = p.parse_args(argv)
    if a.plot_only:
        result = json.loads(OUT.with_suffix(".json").read_text())
    else:
        result = study([int(s) for s in a.sizes.split(",")])
        OUT.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n")
    plot(result, OUT.with_suffix(".png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
