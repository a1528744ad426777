"""Foundation: numerical helpers (`stats`) and Mesa's base classes (`mesa_base`).

Owns nothing about governance. May import: numpy, scipy, mesa; no other govsim package.
"""
