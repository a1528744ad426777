"""The world a run builds: columnar state of residents, households and cases, the
population and neighbourhood network, the institutions (Mesa agents) and attitudes.

May import: govsim.scenario, govsim.core.
"""
