"""Storage: the only place in the project that knows SQL.

``interface.py`` is the contract the rest of ``feedback`` uses; ``sqlite.py`` is
the embedded implementation. A PostgreSQL implementation would add a sibling
module satisfying the same protocols.
"""
