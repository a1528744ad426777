"""docs/kpis.md warm-up: weekly means, by day of resolution, of days raised/reported to resolved
and of the backlog, Community Y, 120 days, seeds 1-8.
Run: `PYTHONPATH=$PWD python scripts/warmup_settling.py`.
"""

import numpy as np

import govsim
from govsim.running.runner import run

sc = govsim.load("community_y")
D = 120
per = {k: np.zeros(D) for k in ("rr", "rep", "backlog", "open_unreported")}
n = 8
for seed in range(1, n + 1):
    r = run(govsim.load("community_y", {"days": D}), seed)
    c = r.model.state.cases
    done = c.status >= 3
    done &= c.status <= 4
    d = c.day_resolved[done]
    rr = (c.time_resolved[done] - c.time_raised[done]) / 24
    rep = (c.time_resolved[done] - c.time_reported[done]) / 24
    for day in range(D):
        m = d == day
        per["rr"][day] += rr[m].mean() / n if m.any() else 0
        per["rep"][day] += rep[m].mean() / n if m.any() else 0
    per["backlog"] += r.model.state.log.backlog[:D] / n
    # raised-to-resolved by day raised (cases raised on day x)
for k, v in per.items():
    if k == "open_unreported":
        continue
    wk = v[: D - D % 7].reshape(-1, 7).mean(1)
    print(k, np.round(wk, 2))
