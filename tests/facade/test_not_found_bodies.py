"""A 404 is a NotFoundError whatever its body: HubSpot's JSON, Jetty's HTML page, or nothing.

HubSpot has answered a missing record with an HTML error page (HubSpot/hubspot-api-nodejs#240,
#159, #194: the official Node client failed with "The mediaType text/html is not supported"),
and users report empty 404 bodies; the emulator serves both (EmulatorConfig.not_found_body).
"""

from __future__ import annotations

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import AsyncHubSpotMeetings, BearerToken, HubSpotMeetings, NotFoundError

TOKEN = "pat-emulator-token"


@pytest.mark.parametrize("shape", ["html", "empty"])
def test_missing_meeting_is_not_found_error(shape: str) -> None:
    emu = Emulator(EmulatorConfig(not_found_body=shape))  # type: ignore[arg-type]
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None) as c:
        with pytest.raises(NotFoundError) as got:
            c.get("404404")
        with pytest.raises(NotFoundError):
            c.update("404404", {"hs_meeting_title": "x"})
    assert got.value.status == 404
    if shape == "html":
        assert "non-JSON body" in got.value.message and "HTTP ERROR 404" in got.value.message
    else:
        assert got.value.message == "Not Found"
    # The body really was what the shape says, not HubSpot's JSON.
    assert got.value.body != {} and not isinstance(got.value.body, dict)


@pytest.mark.anyio
@pytest.mark.parametrize("shape", ["html", "empty"])
async def test_async_client_maps_them_alike(shape: str) -> None:
    emu = Emulator(EmulatorConfig(not_found_body=shape))  # type: ignore[arg-type]
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None
    ) as c:
        with pytest.raises(NotFoundError):
            await c.get("404404")
