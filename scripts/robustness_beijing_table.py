"""docs/robustness.md's table "Over the Beijing reform posterior": runs nothing.

Each directional prediction's share of samples in which it holds over the Beijing reform
posterior's rows (docs/robustness_beijing_posterior.json, scripts/robustness_beijing_posterior.py)
beside the prior box's (docs/robustness.json), with their 95 % Wilson intervals where the
files hold them, and whether the prior share falls inside the posterior's interval (the
expectation written before the run). From the repository root:
``.venv/bin/python scripts/robustness_beijing_table.py``.
"""

from __future__ import annotations

import json
from pathlib import Path


def comparison_table(posterior: dict, prior: dict) -> str:
    """The Markdown table of the two reports' directional predictions."""

    def key(p: dict) -> tuple:
        return p["scenario"], p["metric"]

    before = {key(p): p for p in prior["predictions"] if p["direction"] != "none"}
    o, b = posterior["options"], prior["options"]
    lines = [
        f"| scenario | prediction | direction | prior box, {b['samples']} × {b['seeds']} "
        f"| Beijing joint posterior, {o['samples']} × {o['seeds']} (95 % Wilson) "
        "| prior share inside the posterior's interval |",
        "|---|---|---|---:|---:|---|",
    ]
    for p in posterior["predictions"]:
        if p["direction"] == "none":
            continue
        q = before[key(p)]
        lo, hi = p["share_holds_95"]
        inside = lo - 1e-9 <= q["share_holds"] <= hi + 1e-9
        lines.append(
            f"| {p['scenario']} | `{p['metric']}` | {p['direction']} | {share(q)} | {share(p)} "
            f"| {'yes' if inside else '**no**'} |"
        )
    return "\n".join(lines)


def share(p: dict) -> str:
    """The share, with its interval where the file holds one (runs before 306acac: none)."""
    if "share_holds_95" not in p:
        return f"{p['share_holds']:.2f}"
    lo, hi = p["share_holds_95"]
    return f"{p['share_holds']:.2f} ({lo:.2f}–{hi:.2f})"


def main() -> None:
    import sys

    def read(name: str) -> dict:
        return json.loads(Path(f"docs/{name}.json").read_text(encoding="utf-8"))

    # which posterior's report (default the 280-row one; robustness_beijing_posterior_2048)
    name = sys.argv[1] if len(sys.argv) > 1 else "robustness_beijing_posterior"
    print(comparison_table(read(name), read("robustness")))


if __name__ == "__main__":
    main()
