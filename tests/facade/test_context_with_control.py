"""Meetings in context under the per-request controls: `associate` with `dedupe_on` (refused,
naming both), typed `Meeting`s through `with_options` and `with_raw_response`, the link
planning following a copy's `validation`, and per-item batch errors placed on inputs that
share a key (one error for them all, or one each)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from facade_support import emulated

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    HubSpotMeetings,
    Meeting,
    RequestValidationError,
)
from hubspot_meetings._plan.chunks import Chunk, ChunkAnswer, merge

TS = "2024-11-20T20:12:03.054Z"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(
        EmulatorConfig(
            rate_limits_enabled=False,
            custom_properties={"meetings": {"ext_id": {"unique": True}}},
        )
    )


@pytest.fixture
def contact(emu: Emulator) -> str:
    return emu.seed("contacts", [{"email": "ada@example.com"}])[0]


def _refusals(contact: str) -> list[tuple[Callable[[Any], Any], str]]:
    return [
        (
            lambda c: c.create(
                {"hs_timestamp": TS, "ext_id": "x"},
                associate={"contacts": [contact]},
                dedupe_on="ext_id",
            ),
            "associate",
        ),
        (
            lambda c: c.batch_create(
                [
                    {"properties": {"hs_timestamp": TS, "ext_id": "a"}},
                    {
                        "properties": {"hs_timestamp": TS, "ext_id": "b"},
                        "associate": {"contacts": [contact]},
                    },
                ],
                dedupe_on="ext_id",
            ),
            "inputs[1].associate",
        ),
    ]


@pytest.mark.parametrize("validation", [True, False])
@pytest.mark.parametrize("case", [0, 1])
def test_dedupe_on_with_associate_is_refused_naming_both(
    emu: Emulator, contact: str, validation: bool, case: int
) -> None:
    call, field = _refusals(contact)[case]
    with (
        HubSpotMeetings(**emulated(emu, validation=validation)) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        call(client)
    assert info.value.field == field
    assert "dedupe_on" in str(info.value) and "associate" in str(info.value)
    assert emu.requests == []


@pytest.mark.anyio
async def test_async_dedupe_on_with_associate_is_refused(emu: Emulator, contact: str) -> None:
    async with AsyncHubSpotMeetings(**emulated(emu)) as client:
        with pytest.raises(RequestValidationError) as info:
            await client.create(
                {"hs_timestamp": TS, "ext_id": "x"},
                associate={"contacts": [contact]},
                dedupe_on="ext_id",
            )
    assert info.value.field == "associate"
    assert emu.requests == []


def test_associate_without_dedupe_on_still_links_and_dedupe_on_alone_still_upserts(
    emu: Emulator, contact: str, client: HubSpotMeetings
) -> None:
    linked = client.create({"hs_timestamp": TS}, associate={"contacts": [contact]})
    assert [m.id for m in client.meetings_for("contacts", contact)] == [linked.id]
    once = client.create({"hs_timestamp": TS, "ext_id": "k"}, dedupe_on="ext_id")
    again = client.create({"hs_timestamp": TS, "ext_id": "k"}, dedupe_on="ext_id")
    assert isinstance(once, Meeting) and isinstance(again, Meeting)
    assert once.id == again.id and once.new is True and again.new is False


def test_typed_meetings_flow_through_with_options_and_the_raw_view(
    emu: Emulator, contact: str, client: HubSpotMeetings
) -> None:
    made = client.with_options(timeout=9.0).create_meeting(
        title="Kickoff", start=datetime.datetime(2026, 3, 16, 9, tzinfo=datetime.UTC)
    )
    assert isinstance(made, Meeting) and made.title == "Kickoff"
    tuned = client.with_options(headers={"X-Job": "sync"})
    assert isinstance(tuned.get(made.id), Meeting)
    assert all(isinstance(m, Meeting) for m in tuned.list_all())
    raw = tuned.with_raw_response.create({"hs_timestamp": TS}, associate={"contacts": [contact]})
    assert isinstance(raw.parse(), Meeting) and raw.status_code == 201
    batch = tuned.with_raw_response.batch_read([made.id]).parse()
    assert [type(m) for m in batch.results] == [Meeting]
    many = tuned.with_raw_response.meetings_for_many("contacts", [contact]).parse()
    assert [type(m) for m in many[contact]] == [Meeting]


def test_a_copy_with_other_validation_plans_its_links_that_way(
    emu: Emulator, contact: str, client: HubSpotMeetings
) -> None:
    [meeting] = emu.seed("meetings", [{"hs_timestamp": TS}])
    client.associate(meeting, "contacts", contact)  # builds the strict link planning
    lax = client.with_options(validation=False)
    assert lax._links().validation is False and client._links().validation is True
    assert lax.associate(meeting, "contacts", contact).to_id == contact


def _chunk(keys: list[str]) -> Chunk:
    return Chunk(0, list(keys), [{} for _ in keys], [(k,) for k in keys])


def test_one_error_for_inputs_sharing_a_key_fails_each_of_them() -> None:
    chunk = _chunk(["a", "gone", "gone"])
    answer: ChunkAnswer[str] = ChunkAnswer(
        ["a"], [{"category": "OBJECT_NOT_FOUND", "context": {"ids": ["gone"]}}]
    )
    result = merge([chunk], [answer], writes=False, result_key=lambda r: r)
    assert result.failed_indexes == [1, 2] and len(result.errors) == 1


def test_one_error_each_for_inputs_sharing_a_key_fails_one_each() -> None:
    chunk = _chunk(["m>", "m>", "m>"])
    errors = [{"category": "VALIDATION_ERROR", "context": {"ids": ["m>"]}}] * 3
    result = merge([chunk], [ChunkAnswer([], list(errors))], writes=True)
    assert [e.input_indexes for e in result.errors] == [[0], [1], [2]]
