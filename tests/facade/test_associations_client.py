"""Links between records through the clients (HubSpot's associations v4 API), sync and async,
against the emulator: link and unlink one pair or thousands, list a record's links page by
page, every pair accounted for, refusals before anything is sent, retries that cannot
duplicate a link."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from facade_support import emulated

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_meetings import (
    Association,
    AssociationSpec,
    AssociationType,
    AsyncHubSpotMeetings,
    BadRequestError,
    BearerToken,
    HubSpotMeetings,
    NotFoundError,
    RequestValidationError,
    ResponseValidationError,
)

TS = "2026-03-16T09:00:00.000Z"
V4 = "/crm/v4/"


@pytest.fixture
def emu() -> Emulator:
    # Limits out of the way: some tests send a few hundred requests.
    return Emulator(EmulatorConfig(ten_second_limit=100_000))


def _meetings(emu: Emulator, n: int) -> list[str]:
    return emu.seed(
        "meetings", [{"hs_timestamp": TS, "hs_meeting_title": f"m{i}"} for i in range(n)]
    )


def _contacts(emu: Emulator, n: int) -> list[str]:
    return emu.seed("contacts", [{"email": f"c{i}@example.com"} for i in range(n)])


def _v4_requests(emu: Emulator) -> list[str]:
    return [f"{r.method} {r.path}" for r in emu.requests if r.path.startswith(V4)]


def _linked(emu: Emulator, meeting: str) -> dict[str, list[int]]:
    """What the emulator stores for `meeting`'s contacts: toObjectId -> type ids."""
    with HubSpotMeetings(**emulated(emu)) as reader:
        return {
            a.to_id: sorted(t.type_id for t in a.types)
            for a in reader.associations(meeting, "contacts")
        }


def test_link_label_and_unlink_one_pair(emu: Emulator, client: HubSpotMeetings) -> None:
    [meeting], [contact] = _meetings(emu, 1), _contacts(emu, 1)
    made = client.associate(meeting, "contact", contact)  # any spelling HubSpot takes
    assert made == Association("meetings", meeting, "contacts", contact, (AssociationSpec(200),))
    assert client.associate(meeting, "contacts", contact).to_id == contact  # twice is once
    assert _linked(emu, meeting) == {contact: [200]}
    [listed] = client.associations(meeting, "0-1")
    assert listed.types == (AssociationType.MEETING_TO_CONTACT,)
    assert listed.types[0].from_type == "meetings" and listed.labels == []
    # The contact sees the link from its side, with the inverse type.
    [back] = client.meetings_for("contacts", contact)
    assert back.id == meeting

    client.unassociate(meeting, "contacts", contact)
    assert _linked(emu, meeting) == {}
    # Unlinking what is not linked does nothing, as HubSpot's 204 says.
    assert client.unassociate(meeting, "contacts", contact).to_id == contact


@pytest.mark.anyio
async def test_link_and_unlink_async(emu: Emulator, aclient: AsyncHubSpotMeetings) -> None:
    [meeting], [contact] = _meetings(emu, 1), _contacts(emu, 1)
    labelled = await aclient.associate(
        meeting, "contacts", contact, label=AssociationType.MEETING_TO_CONTACT
    )
    assert labelled.types == (AssociationType.MEETING_TO_CONTACT,)
    assert [a.to_id async for a in aclient.associations(meeting, "contacts")] == [contact]
    await aclient.unassociate(meeting, "contacts", contact, label=200)
    assert [a async for a in aclient.associations(meeting, "contacts")] == []


def test_a_record_that_does_not_exist_is_a_typed_error(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    [meeting] = _meetings(emu, 1)
    with pytest.raises(BadRequestError) as refused:
        client.associate(meeting, "contacts", "999999")
    assert refused.value.context["INVALID_OBJECT_IDS"] == ["CONTACT=999999 is not valid"]
    links = client.associations("424242", "contacts")  # lazy: nothing sent yet
    assert _v4_requests(emu) == [
        f"PUT {V4}objects/meetings/{meeting}/associations/default/contacts/999999"
    ]
    with pytest.raises(NotFoundError):
        next(links)


def test_associations_reads_every_page_lazily(emu: Emulator, client: HubSpotMeetings) -> None:
    [meeting], contacts = _meetings(emu, 1), _contacts(emu, 1_050)
    result = client.batch_associate((meeting, "contacts", c) for c in contacts)
    assert result.ok and len(result.results) == 1_050 and result.requests == 1
    before = len(emu.requests)
    links = client.associations(meeting, "contacts")
    assert len(emu.requests) == before  # nothing read until asked
    first = next(links)
    assert len(emu.requests) == before + 1
    found = [first.to_id, *(a.to_id for a in links)]
    assert sorted(found) == sorted(contacts) and len(found) == 1_050
    pages = _v4_requests(emu)[-3:]
    assert all(
        p.startswith(f"GET {V4}objects/meetings/{meeting}/associations/contacts") for p in pages
    )


def test_batches_chunk_to_hubspots_limits_and_account_for_every_pair(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    meetings, contacts = _meetings(emu, 5), _contacts(emu, 500)
    pairs: list[Any] = [(m, "contacts", c) for m in meetings for c in contacts]  # 2,500
    pairs[7] = (meetings[0], "contacts", "999999")  # no such contact
    pairs[2_100] = {"from_id": meetings[4], "to_type": "contacts", "to_id": "888888"}
    result = client.batch_associate(pairs)
    # 2,000 pairs per request; HubSpot answers 207 for the two that name no record.
    assert result.requests == 2 and result.total == 2_500
    assert result.failed_indexes == [7, 2_100]
    assert [e.category for e in result.errors] == ["VALIDATION_ERROR", "VALIDATION_ERROR"]
    assert result.failed_inputs == [pairs[7], pairs[2_100]]
    assert len(result.results) == 2_498 and not result.unknown and result.status == "PARTIAL"
    assert {a.from_type for a in result.results} == {"meetings"}

    # Unlink what `associations` lists: the pairs come back as given.
    listed = list(client.associations(meetings[0], "contacts"))
    assert len(listed) == 499
    gone = client.batch_unassociate(listed)
    assert gone.ok and len(gone.results) == 499
    assert _linked(emu, meetings[0]) == {}
    assert len(_linked(emu, meetings[1])) == 500


@pytest.mark.anyio
async def test_batches_async(emu: Emulator, aclient: AsyncHubSpotMeetings) -> None:
    meetings, contacts = _meetings(emu, 2), _contacts(emu, 3)
    [deal] = emu.seed("deals", [{"dealname": "Engine"}])
    # Runs of one target type, labelled or not, go to their own requests, in order.
    pairs = [
        (meetings[0], "contacts", contacts[0]),
        (meetings[0], "contacts", contacts[1]),
        (meetings[0], "deals", deal),
        (meetings[1], "contacts", contacts[2], AssociationType.MEETING_TO_CONTACT),
    ]
    result = await aclient.batch_associate(pairs)
    assert result.ok and result.requests == 3
    assert [a.to_type for a in result.results] == ["contacts", "contacts", "deals", "contacts"]
    posts = [p for p in _v4_requests(emu) if p.startswith("POST")]
    assert posts == [
        f"POST {V4}associations/meetings/contacts/batch/associate/default",
        f"POST {V4}associations/meetings/deals/batch/associate/default",
        f"POST {V4}associations/meetings/contacts/batch/create",
    ]
    gone = await aclient.batch_unassociate(pairs[:3])
    assert gone.ok and gone.requests == 2
    assert [a.to_id async for a in aclient.associations(meetings[0], "contacts")] == []


def test_a_lost_answer_to_a_link_is_sent_again_and_links_once(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    [meeting], contacts = _meetings(emu, 1), _contacts(emu, 2)
    # The link is stored, then the connection drops before the answer: linking again can
    # only leave the same link, so the client resends instead of reporting an unknown outcome.
    emu.faults.script(Fault.ambiguous(), match=FaultMatch(method="POST", path="/batch/"), times=1)
    result = client.batch_associate([(meeting, "contacts", c) for c in contacts])
    assert result.ok and not result.unknown
    emu.faults.script(Fault.status(503), match=FaultMatch(method="PUT"), times=1)
    client.associate(meeting, "contacts", contacts[0], label=AssociationType.MEETING_TO_CONTACT)
    assert _linked(emu, meeting) == {contacts[0]: [200], contacts[1]: [200]}
    sent = [r.status for r in emu.requests if r.path.startswith(V4) and r.method != "GET"]
    assert sent == [None, 200, 503, 201]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c, m: c.associate(m, "contacts", ""), "to_object_id"),
        (lambda c, m: c.associate(m, "", "1"), "to_object_type"),
        (
            lambda c, m: c.associate(m, "contacts", "1", label=AssociationType.CONTACT_TO_MEETING),
            "label",
        ),
        (
            lambda c, m: c.associate(m, "deals", "1", label=AssociationType.MEETING_TO_CONTACT),
            "label",
        ),
        (
            lambda c, m: c.associate(m, "contacts", "1", label={"associationTypeId": 200}),
            "label.associationCategory",
        ),
        (lambda c, m: c.batch_associate([(m, "contacts")]), "pairs[0]"),
        (
            lambda c, m: c.batch_associate([{"from_id": m, "to": "contacts", "to_id": "1"}]),
            "pairs[0].to",
        ),
        (lambda c, m: c.batch_unassociate([(m, "contacts", "1")], chunk_size=2_001), "chunk_size"),
        (
            lambda c, m: c.create({"hs_timestamp": TS}, associate={"leads": "1"}),
            "associate['leads']",
        ),
        (
            lambda c, m: c.create({"hs_timestamp": TS}, associate={"widgets": ["1"]}),
            "associate['widgets']",
        ),
        (
            lambda c, m: c.create(
                {"hs_timestamp": TS}, associate={AssociationType.DEAL_TO_MEETING: ["1"]}
            ),
            "associate[211]",
        ),
    ],
)
def test_malformed_links_are_refused_before_sending(
    emu: Emulator, client: HubSpotMeetings, call: Any, field: str
) -> None:
    [meeting] = _meetings(emu, 1)
    with pytest.raises(RequestValidationError) as refused:
        call(client, meeting)
    assert refused.value.field == field
    assert emu.requests == []


def test_a_misshapen_answer_is_named_strictly_and_skipped_leniently() -> None:
    page = {"results": [{"toObjectId": None, "associationTypes": []}, {"toObjectId": 7}]}

    def answer(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=page)

    for validation in (True, False):
        with HubSpotMeetings(
            auth=BearerToken("pat-x"), transport=httpx.MockTransport(answer), validation=validation
        ) as c:
            links = c.associations("1", "contacts")
            if validation:
                with pytest.raises(ResponseValidationError) as info:
                    list(links)
                assert info.value.field == "results[0].toObjectId"
            else:
                # What can be read is: the record 7, its (missing) types left out.
                assert [(a.to_id, a.types) for a in links] == [("7", ())]
