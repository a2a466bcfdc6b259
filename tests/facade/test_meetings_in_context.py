"""Meetings in context, sync and async, against the emulator: meetings logged with the records
they concern, the meetings of a record (one or many at once), searches by linked record, and
typed meetings (`Meeting`, `MeetingOutcome`, `MeetingProperties`, `create_meeting`)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from facade_support import emulated

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import (
    AssociationType,
    AsyncHubSpotMeetings,
    HubSpotMeetings,
    Meeting,
    MeetingOutcome,
    MeetingProperties,
    RequestValidationError,
    ResponseValidationError,
)

UTC = datetime.UTC
MONDAY = datetime.datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
READ = "/crm/v3/objects/meetings/batch/read"


# An account's own meeting outcome and a custom property, as an account may have them.
ACCOUNT = {
    "meetings": {
        "acme_room_code": {},
        "hs_meeting_outcome": {
            "type": "enumeration",
            "options": [*MeetingOutcome, "LEFT_VOICEMAIL"],
        },
    }
}


@pytest.fixture
def emu() -> Emulator:
    return Emulator(EmulatorConfig(ten_second_limit=100_000, custom_properties=ACCOUNT))


def _paths(emu: Emulator, since: int = 0) -> list[str]:
    return [r.path.split("?")[0] for r in emu.requests[since:]]


def _seeded(emu: Emulator, object_type: str, n: int) -> list[str]:
    props = {
        "contacts": lambda i: {"email": f"c{i}@example.com"},
        "deals": lambda i: {"dealname": f"Deal {i}"},
    }[object_type]
    return emu.seed(object_type, [props(i) for i in range(n)])


def test_meetings_logged_with_a_deal_are_the_deals_meetings(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    [contact], [deal, other] = _seeded(emu, "contacts", 1), _seeded(emu, "deals", 2)
    logged = client.create_meeting(
        title="Discovery call",
        start=MONDAY,
        end=MONDAY + datetime.timedelta(minutes=30),
        outcome=MeetingOutcome.COMPLETED,
        owner_id=42,
        associate={"contacts": [contact], "deals": [deal]},
    )
    follow_ups = client.batch_create(
        {
            "properties": {"hs_timestamp": MONDAY + datetime.timedelta(days=d)},
            "associate": {"deal": [deal], AssociationType.MEETING_TO_CONTACT: [contact]},
        }
        for d in (1, 2)
    )
    assert follow_ups.ok
    elsewhere = client.create({"hs_timestamp": MONDAY}, associate={"deals": [other]})

    since = len(emu.requests)
    meetings = client.meetings_for("deals", deal)
    assert len(emu.requests) == since  # lazy: nothing read yet
    found = list(meetings)
    assert [m.id for m in found] == [logged.id, *(m.id for m in follow_ups.results)]
    assert elsewhere.id not in {m.id for m in found}
    # One page of links, then one batch read of those meetings.
    assert _paths(emu, since) == [f"/crm/v4/objects/deals/{deal}/associations/meetings", READ]
    first = found[0]
    assert isinstance(first, Meeting) and first.title == "Discovery call"
    assert first.outcome is MeetingOutcome.COMPLETED and first.owner_id == "42"
    assert first.end_time == MONDAY + datetime.timedelta(minutes=30)
    assert [m.id for m in client.meetings_for("contact", contact)] == [m.id for m in found]


@pytest.mark.anyio
async def test_meetings_of_a_deal_async(emu: Emulator, aclient: AsyncHubSpotMeetings) -> None:
    [deal] = _seeded(emu, "deals", 1)
    logged = await aclient.create_meeting(
        title="Kickoff", start=MONDAY, associate={"deals": [deal]}
    )
    found = [m async for m in aclient.meetings_for("0-3", deal, properties=["hs_meeting_title"])]
    assert [(m.id, m.title, m.start_time) for m in found] == [(logged.id, "Kickoff", None)]
    many = await aclient.meetings_for_many("deals", [deal, deal])
    assert {k: [(m.id, m.start_time) for m in v] for k, v in many.items()} == {
        deal: [(logged.id, MONDAY)]
    }


def test_every_meeting_of_a_busy_deal_page_after_page(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    [deal] = _seeded(emu, "deals", 1)
    made = client.batch_create(
        {"properties": {"hs_timestamp": MONDAY}, "associate": {"deals": [deal]}}
        for _ in range(1_100)
    )
    assert made.ok
    since = len(emu.requests)
    found = [m.id for m in client.meetings_for("deals", deal, properties=["hs_timestamp"])]
    assert sorted(found) == sorted(m.id for m in made.results)
    # Three pages of links (500 a page), each followed by batch reads of 100.
    paths = _paths(emu, since)
    assert paths.count(f"/crm/v4/objects/deals/{deal}/associations/meetings") == 3
    assert paths.count(READ) == 11


def test_meetings_of_many_records_keep_whose_they_are(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    deals = _seeded(emu, "deals", 1_003)
    shared = client.create({"hs_timestamp": MONDAY}, associate={"deals": deals[:2]})
    own = client.create({"hs_timestamp": MONDAY}, associate={"deals": [deals[1_002]]})
    since = len(emu.requests)
    found = client.meetings_for_many("deals", [deals[1_002], *deals[:1_002]])
    # Every id given, in the order given; an empty list for a deal without meetings.
    assert list(found) == [deals[1_002], *deals[:1_002]]
    assert [m.id for m in found[deals[0]]] == [shared.id]
    assert [m.id for m in found[deals[1]]] == [shared.id]
    assert [m.id for m in found[deals[1_002]]] == [own.id]
    assert found[deals[2]] == [] and found[deals[0]][0] is found[deals[1]][0]
    # Links of 1,000 records per request; each meeting read once.
    batch_links = "/crm/v4/associations/deals/meetings/batch/read"
    assert _paths(emu, since) == [batch_links, batch_links, READ]


def test_a_meeting_archived_after_its_link_was_read_is_left_out(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    [deal] = _seeded(emu, "deals", 1)
    kept, gone = (
        client.create({"hs_timestamp": MONDAY}, associate={"deals": [deal]}) for _ in "ab"
    )
    meetings = client.meetings_for("deals", deal)
    client.archive(gone.id)
    assert [m.id for m in meetings] == [kept.id]


@pytest.mark.parametrize("operator", ["EQ", "IN"])
def test_search_by_linked_record(emu: Emulator, client: HubSpotMeetings, operator: str) -> None:
    contacts = _seeded(emu, "contacts", 2)
    mine = client.create({"hs_timestamp": MONDAY}, associate={"contacts": contacts[:1]})
    client.create({"hs_timestamp": MONDAY}, associate={"contacts": contacts[1:]})
    value: dict[str, Any] = {"value": contacts[0]} if operator == "EQ" else {"values": contacts[:1]}
    linked = [
        {"filters": [{"propertyName": "associations.contact", "operator": operator, **value}]}
    ]
    assert [m.id for m in client.search(filter_groups=linked).results] == [mine.id]
    assert [m.id for m in client.search_all(filter_groups=linked)] == [mine.id]


@pytest.mark.anyio
async def test_search_by_linked_record_async(emu: Emulator, aclient: AsyncHubSpotMeetings) -> None:
    [deal] = _seeded(emu, "deals", 1)
    mine = await aclient.create({"hs_timestamp": MONDAY}, associate={"deals": [deal]})
    await aclient.create({"hs_timestamp": MONDAY})
    unlinked = [
        {"filters": [{"propertyName": "associations.deal", "operator": "NOT_HAS_PROPERTY"}]}
    ]
    linked = [{"filters": [{"propertyName": "associations.deal", "operator": "HAS_PROPERTY"}]}]
    assert [m.id async for m in aclient.search_all(filter_groups=linked)] == [mine.id]
    assert len((await aclient.search(filter_groups=unlinked)).results) == 1


@pytest.mark.parametrize(
    ("flt", "field"),
    [
        ({"propertyName": "associations.contacts", "operator": "EQ", "value": "1"}, "propertyName"),
        ({"propertyName": "associations.widget", "operator": "EQ", "value": "1"}, "propertyName"),
        ({"propertyName": "associations.contact", "operator": "GT", "value": "1"}, "operator"),
        ({"propertyName": "associations.contact", "operator": "EQ", "value": "ada"}, "value"),
        (
            {"propertyName": "associations.deal", "operator": "IN", "values": ["1", "x"]},
            "values[1]",
        ),
    ],
)
def test_association_filters_are_checked_before_sending(
    emu: Emulator, client: HubSpotMeetings, flt: dict[str, Any], field: str
) -> None:
    for search in (
        lambda: client.search(filter_groups=[{"filters": [flt]}]),
        lambda: next(client.search_all(filter_groups=[{"filters": [flt]}])),
    ):
        with pytest.raises(RequestValidationError) as refused:
            search()
        assert refused.value.field == f"filter_groups[0].filters[0].{field}"
    assert emu.requests == []


# --- typed meetings -------------------------------------------------------------------------


def test_typed_accessors_read_hubspots_values(emu: Emulator, client: HubSpotMeetings) -> None:
    props: MeetingProperties = {
        "hs_timestamp": MONDAY,
        "hs_meeting_title": "Review",
        "hs_meeting_body": "<p>Agenda</p>",
        "hs_internal_meeting_notes": "bring numbers",
        "hs_meeting_location": "Room A",
        "hs_meeting_external_url": "https://calendar.example/1",
        "hs_meeting_start_time": "1773651600000",  # epoch ms, as a property may be written
        "hs_meeting_end_time": datetime.datetime(2026, 3, 16, 11, 0, tzinfo=UTC),
        "hs_meeting_outcome": "RESCHEDULED",
        "hubspot_owner_id": "7",
    }
    made = client.create({**props, "acme_room_code": "R-1"})
    [read] = client.batch_read([made.id], properties=[*props, "acme_room_code"]).results
    for meeting in (made, read):
        assert isinstance(meeting, Meeting)
        assert (meeting.title, meeting.body, meeting.internal_notes) == (
            "Review",
            "<p>Agenda</p>",
            "bring numbers",
        )
        assert (meeting.location, meeting.external_url, meeting.owner_id) == (
            "Room A",
            "https://calendar.example/1",
            "7",
        )
        assert meeting.timestamp == MONDAY and meeting.timestamp.tzinfo is not None
        assert meeting.start_time == datetime.datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
        assert meeting.end_time == datetime.datetime(2026, 3, 16, 11, 0, tzinfo=UTC)
        assert meeting.outcome is MeetingOutcome.RESCHEDULED
        assert meeting.properties["acme_room_code"] == "R-1"
        assert meeting.created_at is not None and meeting.updated_at is not None
    # Datetimes were sent in HubSpot's own form (stored as HubSpot prints instants: no
    # fraction when the milliseconds are zero).
    stored = emu.store("meetings").all()[0]["properties"]
    assert stored["hs_timestamp"] == "2026-03-16T09:00:00Z"
    assert stored["hs_meeting_end_time"] == "2026-03-16T11:00:00Z"


def test_an_accounts_own_outcome_reads_as_its_string_and_bad_times_are_named(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    made = client.create({"hs_timestamp": MONDAY, "hs_meeting_outcome": "LEFT_VOICEMAIL"})
    assert made.outcome == "LEFT_VOICEMAIL" and not isinstance(made.outcome, MeetingOutcome)
    assert made.title is None and made.end_time is None and made.owner_id is None
    garbled = Meeting(id="1", properties={"hs_meeting_start_time": "next tuesday"})
    with pytest.raises(ResponseValidationError) as info:
        garbled.start_time  # noqa: B018
    assert info.value.field == "properties.hs_meeting_start_time"
    assert garbled.properties["hs_meeting_start_time"] == "next tuesday"


def test_dates_are_sent_in_hubspots_form_when_requests_are_not_validated(emu: Emulator) -> None:
    with HubSpotMeetings(**emulated(emu, validation=False)) as lax:
        made = lax.create({"hs_timestamp": MONDAY, "hs_meeting_title": "Lax"})
        lax.batch_create([{"properties": {"hs_timestamp": MONDAY.date()}}])
    assert made.timestamp == MONDAY
    assert sorted(r["properties"]["hs_timestamp"] for r in emu.store("meetings").all()) == [
        "2026-03-16T00:00:00Z",
        "2026-03-16T09:00:00Z",
    ]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "", "start": MONDAY}, "title"),
        ({"title": "x", "start": datetime.datetime(2026, 3, 16, 9, 0)}, "start"),
        ({"title": "x", "start": MONDAY, "end": MONDAY - datetime.timedelta(hours=1)}, "end"),
        (
            {"title": "x", "start": MONDAY, "associate": {"contacts": ["ada"]}},
            "associate['contacts'][0]",
        ),
    ],
)
def test_create_meeting_names_a_wrong_argument(
    emu: Emulator, client: HubSpotMeetings, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(RequestValidationError) as refused:
        client.create_meeting(**kwargs)
    assert refused.value.field == field
    assert emu.requests == []
