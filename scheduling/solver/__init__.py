"""The scheduling engine: a pure-Python library, no Django. A `Problem` in, a `Solution` out.

Times are whole minutes from the problem's origin (the production's start, a UTC instant).
"""
