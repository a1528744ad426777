"""govsim's browser dashboard: `govsim dashboard` serves this file with Solara.

Run by hand: ``solara run dashboards/app.py``. The page lives in
:mod:`govsim.dashboard.page` so that it is importable and testable; ``Layout`` puts
the controls in a side drawer that is closed on a phone.
"""

from govsim.dashboard import charts
from govsim.dashboard.page import Page
from govsim.dashboard.screen import Layout

# the process that draws the charts (charts.draw_apart) starts with the server: starting
# it takes ~1 s of CPU, which would otherwise slow the first page's first clicks
charts.drawing_process()

__all__ = ["Layout", "Page"]
