"""govsim: agent-based simulation of polycentric community governance.

The public Python API (``govsim.load``, ``govsim.run``, ...) is added here lazily,
so that ``import govsim`` stays cheap.
"""
