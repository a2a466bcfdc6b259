"""AsyncHubSpotMeetings against the in-process emulator: every operation as a coroutine."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    ConfigurationError,
    NotFoundError,
    RequestValidationError,
    RetryConfig,
    ServerError,
    UnknownOutcomeError,
)

pytestmark = pytest.mark.anyio

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"


@pytest.fixture
def emu() -> Emulator:
    return Emulator(EmulatorConfig(custom_properties={"meetings": {"ext_id": {"unique": True}}}))


@pytest.fixture
async def client(emu: Emulator) -> AsyncIterator[AsyncHubSpotMeetings]:
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), retry=RetryConfig.disabled()
    ) as c:
        yield c


async def test_crud_round_trip(client: AsyncHubSpotMeetings, emu: Emulator) -> None:
    [contact] = emu.seed("contacts", [{"email": "ada@example.com"}])
    created = await client.create(
        {"hs_timestamp": TS, "hs_meeting_title": "Kickoff", "ext_id": "k-1"},
        associations=[
            {
                "to": {"id": contact},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
            }
        ],
    )
    got = await client.get(created.id, properties=["hs_meeting_title"], associations=["contacts"])
    assert got.properties["hs_meeting_title"] == "Kickoff"
    assert [a["id"] for a in got.associations["contacts"]] == [contact]
    by_unique = await client.get("k-1", id_property="ext_id")
    assert by_unique.id == created.id
    updated = await client.update("k-1", {"hs_meeting_location": "Zoom"}, id_property="ext_id")
    assert updated.properties["hs_meeting_location"] == "Zoom"
    history = await client.get(created.id, properties_with_history=["hs_meeting_location"])
    assert history.properties_with_history["hs_meeting_location"][0]["value"] == "Zoom"
    await client.archive(created.id)
    with pytest.raises(NotFoundError):
        await client.get(created.id)
    assert (await client.get(created.id, archived=True)).archived is True


async def test_list_and_search(client: AsyncHubSpotMeetings) -> None:
    for i in range(3):
        await client.create({"hs_timestamp": TS, "hs_meeting_title": f"Kickoff {i}"})
    page = await client.list(limit=2, properties=["hs_meeting_title"])
    assert len(page.results) == 2 and page.next_after is not None
    last = await client.list(limit=2, after=page.next_after)
    assert len(last.results) == 1 and last.next_after is None
    found = await client.search(
        filter_groups=[
            {
                "filters": [
                    {
                        "propertyName": "hs_meeting_title",
                        "operator": "CONTAINS_TOKEN",
                        "value": "Kickoff",
                    }
                ]
            }
        ],
        properties=["hs_meeting_title"],
        limit=5,
    )
    assert found.total == 3 and len(found.results) == 3


async def test_batches(client: AsyncHubSpotMeetings, emu: Emulator) -> None:
    created = await client.batch_create(
        {"properties": {"hs_timestamp": TS, "hs_meeting_title": f"b{i}"}} for i in range(150)
    )
    assert created.ok and created.requests == 2 and len(created.results) == 150
    ids = [o.id for o in created.results]
    read = await client.batch_read([*ids[:3], "424242"], properties=["hs_meeting_title"])
    assert read.failed_inputs == ["424242"] and len(read.results) == 3
    updated = await client.batch_update(
        [{"id": i, "properties": {"hs_meeting_title": "changed"}} for i in ids[:2]]
    )
    assert updated.ok and {o.properties["hs_meeting_title"] for o in updated.results} == {"changed"}
    upserted = await client.batch_upsert(
        [{"id": "x-1", "properties": {"hs_timestamp": TS}}], id_property="ext_id"
    )
    assert upserted.ok and upserted.results[0].new is True
    archived = await client.batch_archive(ids)
    assert archived.ok and len(archived.results) == 150
    assert emu.store("meetings").count() == 1


async def test_errors_and_unknown_outcome(client: AsyncHubSpotMeetings, emu: Emulator) -> None:
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"))
    with pytest.raises(ServerError):
        await client.list()
    emu.faults.script(Fault.status(500), FaultMatch(method="POST"))
    with pytest.raises(UnknownOutcomeError) as info:
        await client.create({"hs_timestamp": TS})
    assert info.value.inputs == {"properties": {"hs_timestamp": TS}}
    with pytest.raises(RequestValidationError) as bad:
        await client.create({"hs_meeting_title": "no timestamp"})
    assert bad.value.field == "properties.hs_timestamp"


async def test_own_async_client(emu: Emulator) -> None:
    own = httpx.AsyncClient(
        transport=emu.transport(),
        base_url="https://api.hubapi.com",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with pytest.raises(ConfigurationError):
        AsyncHubSpotMeetings(http_client=own, proxy="http://127.0.0.1:1")
    async with AsyncHubSpotMeetings(http_client=own) as c:
        assert (await c.create({"hs_timestamp": TS})).id
    assert not own.is_closed
    await own.aclose()


async def test_from_env_async(emu: Emulator) -> None:
    async with AsyncHubSpotMeetings.from_env(
        {"HUBSPOT_ACCESS_TOKEN": TOKEN}, transport=emu.transport()
    ) as c:
        assert (await c.list()).results == []
