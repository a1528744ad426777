"""Mesa's core classes, imported as Mesa ships them (issue 30 item 5).

An earlier version registered ``mesa``, ``mesa.experimental`` and pandas in ``sys.modules``
with their ``__init__`` deferred, to save start-up time; a session that imported govsim
before pandas then got a pandas that was not what pandas ships. Other packages are now
imported plainly; what start-up costs is in docs/scale.md.
"""

from __future__ import annotations

import mesa

Model = mesa.Model
Agent = mesa.Agent


def data_collector() -> type:
    """Mesa's DataCollector class."""
    return mesa.DataCollector


__all__ = ["Agent", "Model", "data_collector"]
