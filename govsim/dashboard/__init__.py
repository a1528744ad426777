"""The browser dashboard's logic, kept apart from Solara so it can be tested without a browser.

* :mod:`~govsim.dashboard.i18n` — every label in English and 简体中文;
* :mod:`~govsim.dashboard.levers` — the scenario levers shown as controls;
* :mod:`~govsim.dashboard.session` — one steerable run (build, step, KPIs);
* :mod:`~govsim.dashboard.layout` — the neighbourhood drawn as grids and buildings;
* :mod:`~govsim.dashboard.views` — KPI text, series charts, where cases go, comparisons.

The Solara page itself is ``dashboards/app.py``; ``govsim dashboard`` serves it.
Views are HTML/SVG strings and matplotlib figures built here.

May import: every layer below the API (govsim.experiments, govsim.running, ...), never
govsim.cli.
"""
