"""Helpers shared by the facade tests (imported by name; fixtures live in conftest.py)."""

from __future__ import annotations

from typing import Any

from hubspot_emulator import Emulator
from hubspot_meetings import BearerToken, RetryConfig


def emulated(emu: Emulator, **settings: Any) -> dict[str, Any]:
    """The settings of a client of `emu`: retries without waiting, pacing off (the emulator's
    limits are the test's); any of them overridden by `settings`."""
    return {
        "auth": BearerToken(emu.token),
        "transport": emu.transport(),
        "retry": RetryConfig(interval=0.0, jitter=0.0),
        "pacing": None,
        **settings,
    }
