"""The export/import command line (``python -m hubspot_meetings``); see ``main``."""

from .main import main

__all__ = ["main"]
