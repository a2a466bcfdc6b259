"""Deprecated alias of `hubspot_emulator`, kept importable for one release.

The emulator is its own package: `from hubspot_emulator import Emulator`. The client package
never imports it; importing this module is the caller's explicit choice.
"""

from __future__ import annotations

import warnings

from hubspot_emulator import *  # noqa: F403
from hubspot_emulator import __all__ as __all__

warnings.warn(
    "hubspot_meetings.emulator is deprecated; import hubspot_emulator instead",
    DeprecationWarning,
    stacklevel=2,
)
