"""Fake time for tests of code that talks to HubSpot.

`FakeClock` is one object for reading and waiting on time. Give the same instance to the
emulator (`Emulator(clock=clock)`) and to a client (its private `_clock` hook), and every wait
the client makes (retry backoff, pacing, a Retry-After) moves the time both of them read,
instantly: a test of a rate-limited bulk job runs in milliseconds and never sleeps.

The `hubspot_emulator` pytest fixture lives in `pytest_plugin`.
"""

from __future__ import annotations

import asyncio
import threading

__all__ = ["FakeClock"]

# 2026-01-01T00:00:00Z: a fixed start so dates in tests are repeatable.
_START = 1_767_225_600.0


class FakeClock:
    """Seconds since the epoch that move only when told to or when someone sleeps.

    Calling the clock reads the time; `sleep` and `async_sleep` record the wait and jump
    ahead by it; `advance` moves time without a recorded sleep. Thread-safe.
    """

    def __init__(self, now: float = _START) -> None:
        self.now = now
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

    @property
    def slept(self) -> float:
        """Total seconds waited through `sleep` / `async_sleep`."""
        return sum(self.sleeps)
