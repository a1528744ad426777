"""The second-round Beijing inference (issue 28 item 3): bank, fit, coverage, predictive.

    nice -n 10 .venv/bin/python scripts/infer_beijing.py bank --bank results/beijing_budget
    .venv/bin/python scripts/infer_beijing.py fit --bank results/beijing_budget --out DIR
    .venv/bin/python scripts/infer_beijing.py report --out DIR

The bank (govsim/evidence/bank.py) is resumable: rerun the same command after a kill. Its
default size, 1024 rows on 2 workers, and the fit took 72 minutes from a cold start
(docs/calibration/beijing_reform_1024/); docs/calibration/beijing_reform/ is a 2048-row
bank's (`bank --rows 2048`, then `fit` with the default folders). `fit` writes its
folder (default docs/calibration/beijing_reform/: posterior, inference.json, the bank it
read, two figures); it never writes govsim/data/calibration/beijing_reform_posterior
.parquet, forecast 2's input (a 280-row bank of 2fbc990, kept as it was made).
`fit --bank docs/calibration/beijing_reform/bank.parquet` refits the kept bank.
"""

from __future__ import annotations

import argparse
from pathlib import Path

BANK = Path("results/beijing_bank3")
OUT = Path("docs/calibration/beijing_reform")
LAST_DAY = 30 + 30 * 35  # warm-up + months 0-34
# the bank's default size: bank and fit from a cold start took 72 minutes on 2 cores, within
# issue 28's 2 hours (docs/calibration.md, "A bank that fits the budget")
ROWS = 1024


def main() -> None:
    from govsim.evidence import bank
    from govsim.scenario.config import load_scenario, override

    p = argparse.ArgumentParser()
    p.add_argument("step", choices=["bank", "fit", "report"])
    p.add_argument(
        "--rows",
        type=int,
        default=None,
        help=f"bank: rows to make (default {ROWS}); fit: read the bank's first ROWS (default all)",
    )
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--engine", default="local")
    p.add_argument("--seed", type=int, default=2021)
    p.add_argument(
        "--streets", type=int, default=bank.STREETS, help="month 0 read over this many streets"
    )
    p.add_argument(
        "--later",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="the later rates read over bank.LATER_STREETS streets",
    )
    p.add_argument("--bank", type=Path, default=BANK, help="bank folder (or a bank.parquet)")
    p.add_argument(
        "--out",
        type=Path,
        default=OUT,
        help="where fit writes, report reads (or an inference .json)",
    )
    a = p.parse_args()
    scenario = override(load_scenario("beijing_reform"), {"days": LAST_DAY})
    if a.step == "report":
        print(markdown(a.out if a.out.suffix == ".json" else a.out / "inference.json"))
        return
    if a.step == "bank":
        bank.build(
            scenario, a.bank, a.rows or ROWS, a.seed, a.workers, 8, a.engine,
            streets=a.streets, later=a.later,
        )  # fmt: skip
    else:
        from govsim.evidence.infer_report import fit

        fit(scenario, a.bank, a.out, workers=a.workers, rows=a.rows)


def markdown(path: Path) -> str:
    """The tables docs/calibration.md quotes, from an inference.json."""
    import json

    from govsim.evidence import bank

    r = json.loads(path.read_text())
    out = [f"bank rows {r['bank_rows']}, accepted {r['accepted']}, method {r['method']}"]
    later = r.get("later_streets", 1)  # {last month: streets} or 1
    out += [
        f"month 0 read over {r.get('month0_streets', 1)} streets; the later rates over "
        + (", ".join(f"{n} to month {m}" for m, n in later.items()) if later != 1 else "1"),
        "",
    ]
    out += ["| candidate | 50 % | 80 % | 90 % | 90 % width |", "|---|---:|---:|---:|---:|"]
    for name, c in r["coverage_by_method"].items():
        width = f"{c['width90']:.3f}" if "width90" in c else "-"
        out.append(f"| {name} | {c['0.5']:.3f} | {c['0.8']:.3f} | {c['0.9']:.3f} | {width} |")
    rows = r.get("seed_noise_rows")
    more = f" {rows['rows']} more rows' median / max sd |" if rows else ""
    out += ["", f"| statistic | data | 90 % predictive | inside | seed sd | target sd |{more}"]
    out += ["|---|---:|---|---|---:|---:|" + ("---:|" if rows else "")]
    for n, p in r["predictive"].items():
        s = r["seed_noise"][n]
        extra = f" {s['rows_median_sd']:.3f} / {s['rows_max_sd']:.3f} |" if rows else ""
        out.append(
            f"| {n} | {p['data']:.3f} | [{p['lo']:.3f}, {p['hi']:.3f}] | {p['inside']} "
            f"| {s['sd']:.3f} | {s['target_sd']:.3f} |{extra}"
        )
    out += [
        "",
        "| key | prior sd | posterior sd | ratio | 90 % coverage |",
        "|---|---:|---:|---:|---:|",
    ]
    for k, c in r["contraction"].items():
        ratio = c["posterior_sd"] / c["prior_sd"]
        cov = r["coverage"]["0.9"][k]
        out.append(
            f"| {k} | {c['prior_sd']:.3g} | {c['posterior_sd']:.3g} | {ratio:.2f} | {cov:.2f} |"
        )
    if r.get("screen"):
        designed = {*bank.REFORM_KEYS, *bank.BASELINE_KEYS}
        seen = r["screen"]["influential"]
        out += ["", "| key | designed | seen by (S1 ± 95 %) |", "|---|---|---|"]
        for k, by in seen.items():
            cells = ", ".join(f"{s} {v:.3f} ± {c:.3f}" for s, (v, c) in by.items())
            out.append(f"| {k} | {'yes' if k in designed else '**no: added**'} | {cells} |")
        unseen = [k for k in r["contraction"] if k in designed and k not in seen]
        out += ["", f"designed keys no statistic sees ({len(unseen)}): " + ", ".join(unseen)]
        floors = r["screen"]["floor"].values()
        out += [f"floor (largest noise key's S1): {min(floors):.4f}-{max(floors):.4f}"]
        check = r["screen"].get("cross_check")
        if check:
            floors = check["floor"].values()
            out += [
                f"binned floor: {min(floors):.4f}-{max(floors):.4f}",
                "",
                "| key | RBD-FAST saw, the binned cross-check did not (S1: RBD-FAST / binned) |",
                "|---|---|",
            ]
            for k, by in check["dropped"].items():
                cells = ", ".join(f"{s} {a:.3f} / {b:.3f}" for s, (a, b) in by.items())
                out.append(f"| {k} | {cells} |")
    return "\n".join(out)


if __name__ == "__main__":
    main()
