"""govsim's browser dashboard: `govsim dashboard` serves this file with Solara.

Run by hand: ``solara run dashboards/app.py``. The page lives in
:mod:`govsim.dashboard.page` so that it is importable and testable.
"""

from govsim.dashboard.page import Page

__all__ = ["Page"]
