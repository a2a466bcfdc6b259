"""Helpers for the resilience tests: fake time, and settings wired to an emulator."""

from __future__ import annotations

from typing import Any

from hubspot_emulator import Emulator
from hubspot_emulator.testing import FakeClock
from hubspot_meetings._auth import BearerToken
from hubspot_meetings._config import RetryConfig
from hubspot_meetings._transports.stack import HttpSettings

MEETINGS = "/crm/v3/objects/meetings"
CREATE_BODY = {"properties": {"hs_timestamp": "2024-01-01T00:00:00Z", "hs_meeting_title": "t"}}


def settings_for(emu: Emulator, clock: FakeClock, **overrides: Any) -> HttpSettings:
    base: dict[str, Any] = {
        "transport": emu.transport(),
        "auth": BearerToken("pat-emulator-token"),
        "retry": RetryConfig(jitter=0.0),
        "clock": clock,
    }
    base.update(overrides)
    return HttpSettings(**base)
