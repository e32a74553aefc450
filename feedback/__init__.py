"""Speak Safely: anonymous feedback and complaints for mental health services.

The package owns the database, the workflow (actions) and the public API.
"""

__version__ = "0.1.0"
