"""The pytest plugin (registered on install): a `hubspot_emulator` fixture, a fresh in-process
HubSpot per test, so testing your own code against it takes two lines:

    def test_logs_a_meeting(hubspot_emulator):
        client = HubSpotMeetings(auth=BearerToken(hubspot_emulator.token),
                                 transport=hubspot_emulator.transport())
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .app import Emulator

__all__ = ["hubspot_emulator"]


@pytest.fixture
def hubspot_emulator() -> Iterator[Emulator]:
    """A fresh in-process HubSpot: `.transport()` for a client, `.token` to authenticate,
    `.seed(...)` to preload records, `.requests` to see what was sent."""
    yield Emulator()
