"""Clients of a test module's `emu` fixture, for the modules that do not build their own:
sync and async (settings: `facade_support.emulated`)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from facade_support import emulated

from hubspot_emulator import Emulator
from hubspot_meetings import AsyncHubSpotMeetings, HubSpotMeetings


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    with HubSpotMeetings(**emulated(emu)) as c:
        yield c


@pytest.fixture
async def aclient(emu: Emulator) -> AsyncIterator[AsyncHubSpotMeetings]:
    async with AsyncHubSpotMeetings(**emulated(emu)) as c:
        yield c
