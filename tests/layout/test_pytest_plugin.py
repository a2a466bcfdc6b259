"""The `hubspot_emulator` pytest fixture, as a user of the package gets it on install."""

from __future__ import annotations

from hubspot_emulator import Emulator
from hubspot_meetings import BearerToken, HubSpotMeetings


def test_the_fixture_tests_user_code_in_two_lines(hubspot_emulator: Emulator) -> None:
    client = HubSpotMeetings(
        auth=BearerToken(hubspot_emulator.token), transport=hubspot_emulator.transport()
    )
    with client:
        made = client.create({"hs_timestamp": "2026-05-04T09:00:00Z", "hs_meeting_title": "Demo"})
        read = client.get(made.id, properties=["hs_meeting_title"])
        assert read.properties["hs_meeting_title"] == "Demo"
    assert [r.operation for r in hubspot_emulator.requests] == ["create", "get"]


def test_each_test_gets_a_fresh_emulator(hubspot_emulator: Emulator) -> None:
    assert hubspot_emulator.requests == []
    assert hubspot_emulator.store("meetings").count() == 0
