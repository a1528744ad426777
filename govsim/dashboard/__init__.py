"""The browser dashboard's logic, kept apart from Solara so it can be tested without a browser.

* :mod:`~govsim.dashboard.i18n` — every label in English and 简体中文;
* :mod:`~govsim.dashboard.levers` — the MODEL.md §9 levers shown as controls;
* :mod:`~govsim.dashboard.session` — one steerable run (build, step, KPIs);
* :mod:`~govsim.dashboard.layout` — the neighbourhood drawn as grids and buildings;
* :mod:`~govsim.dashboard.views` — KPI text, series charts, where cases go, comparisons.

The Solara page itself is ``dashboards/app.py``; ``govsim dashboard`` serves it.
Views are SVG strings built here (no matplotlib: one small chart costs 50–90 ms to
draw, a day of the model ~2 ms).
"""
