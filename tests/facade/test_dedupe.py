"""create / batch_create with dedupe_on: sent as an upsert on the caller's unique property, so a
create is safe to resend. The fault matrix (tests/resilience) runs both under every fault; here:
what is refused before sending, what comes back, and what a second send of the same input does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BadRequestError,
    BearerToken,
    HubSpotMeetings,
    RequestValidationError,
    RetryConfig,
    UnknownOutcomeError,
)

TS = "2024-11-20T20:12:03.054Z"
UPSERT = FaultMatch(method="POST", path="/batch/upsert")
ASSOC = [
    {
        "to": {"id": "101"},
        "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
    }
]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emu(clock: FakeClock) -> Emulator:
    return Emulator(
        EmulatorConfig(
            rate_limits_enabled=False, custom_properties={"meetings": {"ext_id": {"unique": True}}}
        ),
        clock=clock,
    )


@pytest.fixture
def client(emu: Emulator, clock: FakeClock) -> Iterator[HubSpotMeetings]:
    # The retry waits move the shared clock, as real time moves between two sends.
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        pacing=None,
        retry=RetryConfig(interval=0.5, jitter=0.0),
        _clock=clock,
    ) as c:
        yield c


def test_a_deduped_create_sent_twice_makes_one_record(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    first = client.create({"hs_timestamp": TS, "ext_id": "crm-1"}, dedupe_on="ext_id")
    again = client.create({"hs_timestamp": TS, "ext_id": "crm-1"}, dedupe_on="ext_id")
    assert first.new is True and again.new is False and again.id == first.id
    assert emu.store("meetings").count() == 1
    assert [r.path for r in emu.requests] == ["/crm/v3/objects/meetings/batch/upsert"] * 2


@pytest.mark.parametrize(
    "fault", [Fault.ambiguous(), Fault.malformed_json(), Fault.truncated_json()], ids=str
)
def test_a_lost_answer_is_resent_and_reported_as_the_create_it_was(
    emu: Emulator, client: HubSpotMeetings, fault: Fault, clock: FakeClock
) -> None:
    emu.faults.script(fault, UPSERT, times=1)
    made = client.create({"hs_timestamp": TS, "ext_id": "crm-2"}, dedupe_on="ext_id")
    # Applied by the first send, found by the resend: one record, and it was this call's.
    assert emu.store("meetings").count() == 1 and made.new is True
    result = client.batch_create(
        [{"properties": {"hs_timestamp": TS, "ext_id": f"b-{i}"}} for i in range(3)],
        dedupe_on="ext_id",
    )
    assert result.ok and [r.new for r in result.results] == [True, True, True]
    clock.advance(60.0)  # a later run
    emu.faults.script(fault, UPSERT, times=1)
    redo = client.batch_create(
        [
            {"properties": {"hs_timestamp": TS, "ext_id": f"b-{i}", "hs_meeting_title": "v2"}}
            for i in range(3)
        ],
        dedupe_on="ext_id",
    )
    # Records that existed before the call and were changed by it are updates, resend or not.
    assert redo.ok and [r.new for r in redo.results] == [False, False, False]
    assert emu.store("meetings").count() == 4


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.create({"hs_timestamp": TS}, dedupe_on="ext_id"), "properties.ext_id"),
        (
            lambda c: c.create({"hs_timestamp": TS, "ext_id": "  "}, dedupe_on="ext_id"),
            "properties.ext_id",
        ),
        (lambda c: c.create({"hs_timestamp": TS, "ext_id": "x"}, dedupe_on=""), "dedupe_on"),
        (lambda c: c.create({"hs_timestamp": TS, "ext_id": "x"}, dedupe_on=7), "dedupe_on"),
        (
            lambda c: c.create(
                {"hs_timestamp": TS, "ext_id": "x"}, associations=ASSOC, dedupe_on="ext_id"
            ),
            "associations",
        ),
        (
            lambda c: c.batch_create(
                [
                    {"properties": {"hs_timestamp": TS, "ext_id": "a"}},
                    {"properties": {"hs_timestamp": TS}},
                ],
                dedupe_on="ext_id",
            ),
            "inputs[1].properties.ext_id",
        ),
        (
            lambda c: c.batch_create(
                [{"properties": {"hs_timestamp": TS, "ext_id": "a"}, "associations": ASSOC}],
                dedupe_on="ext_id",
            ),
            "inputs[0].associations",
        ),
    ],
)
def test_a_deduped_create_without_its_key_is_refused_before_sending(
    emu: Emulator, client: HubSpotMeetings, call: object, field: str
) -> None:
    with pytest.raises(RequestValidationError) as info:
        call(client)  # type: ignore[operator]
    assert info.value.field == field
    assert emu.requests == []


def test_a_property_that_is_not_unique_is_refused_by_hubspot_typed(
    client: HubSpotMeetings,
) -> None:
    with pytest.raises(BadRequestError):
        client.create({"hs_timestamp": TS, "hs_meeting_title": "t"}, dedupe_on="hs_meeting_title")


@pytest.mark.anyio
async def test_async_deduped_create_is_resent_after_a_lost_answer(
    emu: Emulator, clock: FakeClock
) -> None:
    emu.faults.script(Fault.ambiguous(), UPSERT, times=1)
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        pacing=None,
        retry=RetryConfig(interval=0.5, jitter=0.0),
        _clock=clock,
    ) as client:
        made = await client.create({"hs_timestamp": TS, "ext_id": "a-1"}, dedupe_on="ext_id")
        result = await client.batch_create(
            [{"properties": {"hs_timestamp": TS, "ext_id": "a-2"}}], dedupe_on="ext_id"
        )
    assert made.new is True and result.ok and result.results[0].new is True
    assert emu.store("meetings").count() == 2


@pytest.mark.parametrize(
    "last", [Fault.status(500), Fault.status(503), Fault.rate_limit("DAILY"), Fault.drop()], ids=str
)
def test_a_write_whose_retries_ran_out_after_an_applied_attempt_is_unknown_not_failed(
    emu: Emulator, client: HubSpotMeetings, last: Fault
) -> None:
    # The first send is applied and its answer lost; every resend then fails until the retries
    # run out. "Failed" would say nothing was written: the record exists.
    emu.faults.script(Fault.ambiguous(), UPSERT, times=1)
    emu.faults.script(last, UPSERT, times=None)
    with pytest.raises(UnknownOutcomeError, match="safe to send again") as info:
        client.create({"hs_timestamp": TS, "ext_id": "r-1"}, dedupe_on="ext_id")
    assert info.value.inputs == {"properties": {"hs_timestamp": TS, "ext_id": "r-1"}}
    emu.faults.clear()
    emu.faults.script(Fault.ambiguous(), UPSERT, times=1)
    emu.faults.script(last, UPSERT, times=None)
    result = client.batch_create(
        [{"properties": {"hs_timestamp": TS, "ext_id": "r-2"}}], dedupe_on="ext_id"
    )
    assert result.errors == [] and result.unknown_indexes == [0]
    assert emu.store("meetings").count() == 2
    emu.faults.clear()
    # Resending what was in doubt is safe: nothing is duplicated.
    again = client.create({"hs_timestamp": TS, "ext_id": "r-1"}, dedupe_on="ext_id")
    assert again.new is False and emu.store("meetings").count() == 2


def test_an_update_whose_retries_ran_out_after_an_applied_attempt_is_unknown(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    made = client.create({"hs_timestamp": TS})
    emu.faults.script(Fault.ambiguous(), FaultMatch(path="/batch/update"), times=1)
    emu.faults.script(Fault.status(502), FaultMatch(path="/batch/update"), times=None)
    result = client.batch_update([{"id": made.id, "properties": {"hs_meeting_title": "new"}}])
    assert result.errors == [] and result.unknown_indexes == [0]
    stored = emu.store("meetings").get(made.id)
    assert stored is not None and stored["properties"]["hs_meeting_title"] == "new"


def test_a_resend_after_a_refusal_that_applied_nothing_keeps_hubspots_new(
    emu: Emulator, client: HubSpotMeetings, clock: FakeClock
) -> None:
    first = client.create({"hs_timestamp": TS, "ext_id": "p-1"}, dedupe_on="ext_id")
    clock.advance(60.0)
    # A 429 is a refusal: the resend is the only attempt that reached the store, so HubSpot's
    # "not new" for the unchanged record stands.
    emu.faults.script(Fault.rate_limit("TEN_SECONDLY_ROLLING"), UPSERT, times=1)
    again = client.create({"hs_timestamp": TS, "ext_id": "p-1"}, dedupe_on="ext_id")
    assert again.id == first.id and again.new is False
