"""The client's checks never refuse what HubSpot documents as valid.

Each input below is one of HubSpot's own examples (meetings guide, search guide), adapted to
meeting properties where the example names another object's; the client must send it and the
emulator must accept it. docs/hubspot-behaviour.md lists every client rule checked this way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import BearerToken, HubSpotMeetings, RequestValidationError

TOKEN = "pat-emulator-token"
MEETINGS_GUIDE = (
    "https://developers.hubspot.com/docs/api-reference/latest/crm/activities/meetings/guide"
)
SEARCH_GUIDE = "https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(EmulatorConfig(rate_limits_enabled=False))


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None) as c:
        yield c


def test_hs_timestamp_may_be_left_to_default_to_the_start_time(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    """ "When the property value is missing, the value will default to hs_meeting_start_time"
    (MEETINGS_GUIDE, hs_timestamp): a create without hs_timestamp but with a start time is
    valid, singly and in a batch, and HubSpot fills hs_timestamp in."""
    start = "2026-03-20T10:00:00Z"
    made = client.create({"hs_meeting_start_time": start, "hs_meeting_title": "Kickoff"})
    assert made.properties["hs_timestamp"] == start
    batch = client.batch_create([{"properties": {"hs_meeting_start_time": start}}] * 2)
    assert batch.status == "COMPLETE" and len(batch.results) == 2
    assert emu.store().count() == 3


def test_a_create_with_neither_is_still_refused_before_sending(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    with pytest.raises(RequestValidationError) as info:
        client.create({"hs_meeting_title": "No time"})
    assert info.value.field == "properties.hs_timestamp"
    assert "hs_meeting_start_time" in info.value.reason
    assert emu.requests == []


# The meetings guide's create and update bodies (associations to two contacts, type 200).
GUIDE_CREATE: dict[str, Any] = {
    "hs_timestamp": "2021-03-23T01:02:44.872Z",
    "hubspot_owner_id": "11349275740",
    "hs_meeting_title": "Intro meeting",
    "hs_meeting_body": "The first meeting to discuss options",
    "hs_internal_meeting_notes": "These are the meeting notes",
    "hs_meeting_external_url": "https://Zoom.com/0000",
    "hs_meeting_location": "Remote",
    "hs_meeting_start_time": "2021-03-23T01:02:44.872Z",
    "hs_meeting_end_time": "2021-03-23T01:52:44.872Z",
    "hs_meeting_outcome": "SCHEDULED",
}
GUIDE_ASSOCIATIONS = [
    {
        "to": {"id": 101},
        "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
    },
    {
        "to": {"id": 102},
        "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
    },
]


def test_the_guides_create_and_update_examples_pass() -> None:
    # The guide links contacts 101 and 102, which this emulator does not hold: like HubSpot,
    # it refuses links to missing records unless told to accept any id.
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False, require_association_records=False))
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None) as c:
        _guide_examples(c)


def _guide_examples(client: HubSpotMeetings) -> None:
    made = client.create(GUIDE_CREATE, associations=GUIDE_ASSOCIATIONS)
    updated = client.update(made.id, {**GUIDE_CREATE, "hs_timestamp": "2019-10-30T03:30:17.883Z"})
    assert updated.properties["hs_timestamp"] == "2019-10-30T03:30:17.883Z"
    # "You can use either a Unix timestamp in milliseconds or UTC format."
    epoch = client.create({"hs_timestamp": "1732133523054"})
    assert epoch.properties["hs_timestamp"] == "2024-11-20T20:12:03.054Z"
    # "To clear a property value, pass an empty string."
    cleared = client.update(made.id, {"hs_meeting_location": ""})
    assert cleared.properties["hs_meeting_location"] == ""


# The search guide's request bodies, with meeting properties for the contact/company ones.
SEARCHES: list[dict[str, Any]] = [
    {
        "filter_groups": [
            {
                "filters": [
                    {
                        "propertyName": "hs_meeting_location",
                        "operator": "CONTAINS_TOKEN",
                        "value": "*@hubspot.com",
                    }
                ]
            }
        ]
    },
    {
        "filter_groups": [
            {
                "filters": [
                    {"propertyName": "hs_meeting_title", "operator": "GT", "value": "10000000"}
                ]
            }
        ],
        "properties": ["hs_meeting_title", "hs_meeting_outcome"],
    },
    {"query": "x"},
    {
        "filter_groups": [
            {
                "filters": [
                    {"propertyName": "hs_meeting_title", "operator": "EQ", "value": "Alice"},
                    {"propertyName": "hs_meeting_location", "operator": "NEQ", "value": "Smith"},
                ]
            },
            {"filters": [{"propertyName": "hs_meeting_body", "operator": "NOT_HAS_PROPERTY"}]},
        ]
    },
    {
        "filter_groups": [
            {
                "filters": [
                    {
                        "propertyName": "hs_lastmodifieddate",
                        "operator": "BETWEEN",
                        "highValue": "1642672800000",
                        "value": "1579514400000",
                    }
                ]
            }
        ]
    },
    {
        "filter_groups": [
            {
                "filters": [
                    {
                        "propertyName": "hs_meeting_outcome",
                        "operator": "IN",
                        "values": ["SCHEDULED", "COMPLETED"],
                    }
                ]
            }
        ],
        "properties": ["hs_meeting_outcome"],
    },
    {"sorts": [{"propertyName": "hs_createdate", "direction": "DESCENDING"}]},
    {"limit": 20},
    {"after": "20"},
]


@pytest.mark.parametrize("search", SEARCHES)
def test_the_search_guides_examples_pass(client: HubSpotMeetings, search: dict[str, Any]) -> None:
    """Every request body of the search guide (SEARCH_GUIDE): filters, sorts, query, limit,
    after. Its one top-level "filters" example has no filterGroups, which the client does not
    offer (nor HubSpot's spec)."""
    client.create(GUIDE_CREATE)
    page = client.search(**search)
    # Sent and answered: the one meeting matches or not, but nothing was refused.
    assert page.total in (0, 1)
