"""Helpers for the resilience tests: fake time, and settings wired to an emulator."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from hubspot_emulator import Emulator
from hubspot_meetings._auth import BearerToken
from hubspot_meetings._config import RetryConfig
from hubspot_meetings._transports.stack import HttpSettings

MEETINGS = "/crm/v3/objects/meetings"
CREATE_BODY = {"properties": {"hs_timestamp": "2024-01-01T00:00:00Z", "hs_meeting_title": "t"}}


class FakeClock:
    """Seconds since the epoch (the emulator reads it too); `sleep` records and jumps ahead."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)
        await asyncio.sleep(0)  # a checkpoint so other tasks run, as a real sleep would allow


def settings_for(emu: Emulator, clock: FakeClock, **overrides: Any) -> HttpSettings:
    base: dict[str, Any] = {
        "transport": emu.transport(),
        "auth": BearerToken("pat-emulator-token"),
        "retry": RetryConfig(jitter=0.0),
        "clock": clock,
        "sleep": clock.sleep,
        "async_sleep": clock.async_sleep,
    }
    base.update(overrides)
    return HttpSettings(**base)
