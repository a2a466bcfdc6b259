"""One setting moves the whole facade to HubSpot's dated API paths (/crm/objects/2026-03/...),
and the 2026-03 spec is the v3 API under new paths, so nothing else has to change."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pipeline_support import CURRENT, DATED_2026_03, load
from sanitize_spec import HTTP_METHODS, sanitize
from spec_diff import diff_specs, is_breaking

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings._auth import BearerToken
from hubspot_meetings._exceptions import ConfigurationError, NotFoundError
from hubspot_meetings._meetings import AsyncHubSpotMeetings, HubSpotMeetings
from hubspot_meetings._transports.versioning import (
    DatedVersionTransport,
    check_api_version,
    versioned_url,
)

TOKEN = "pat-emulator-token"
UNIQUE = "external_meeting_id"
OPERATIONS = {
    "list",
    "create",
    "get",
    "update",
    "archive",
    "batch_create",
    "batch_read",
    "batch_update",
    "batch_upsert",
    "batch_archive",
    "search",
}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://h/crm/v3/objects/meetings", "https://h/crm/objects/2026-03/meetings"),
        (
            "https://h/crm/v3/objects/meetings?limit=5&after=abc",
            "https://h/crm/objects/2026-03/meetings?limit=5&after=abc",
        ),
        (
            "https://h/crm/v3/objects/calls/batch/upsert",
            "https://h/crm/objects/2026-03/calls/batch/upsert",
        ),
        # Record ids keep their exact encoding.
        ("https://h/crm/v3/objects/meetings/a%2Fb", "https://h/crm/objects/2026-03/meetings/a%2Fb"),
        # Not CRM object paths: untouched.
        ("https://h/oauth/v1/token", "https://h/oauth/v1/token"),
        ("https://h/crm/v3/properties/meetings", "https://h/crm/v3/properties/meetings"),
        ("https://h/crm/v4/objects/meetings/1", "https://h/crm/v4/objects/meetings/1"),
        ("https://h/crm/v3/objects/", "https://h/crm/v3/objects/"),
        # A base_url path prefix (a gateway) is kept, and the object path after it moved.
        ("https://h/x/crm/v3/objects/meetings", "https://h/x/crm/objects/2026-03/meetings"),
    ],
)
def test_versioned_url(url: str, expected: str) -> None:
    assert str(versioned_url(httpx.URL(url), "2026-03")) == expected


@pytest.mark.parametrize("bad", ["v3", "2026-3", "2026-13", "2026-03-01", "", None, 202603])
def test_bad_api_version_is_a_configuration_error(bad: object) -> None:
    with pytest.raises(ConfigurationError) as caught:
        DatedVersionTransport(httpx.MockTransport(lambda r: httpx.Response(200)), bad)  # type: ignore[arg-type]
    assert caught.value.setting == "api_version"
    assert "YYYY-MM" in str(caught.value) and repr(bad) in str(caught.value)


def test_good_api_versions() -> None:
    assert check_api_version("2026-03") == "2026-03"
    assert check_api_version("2026-09-beta") == "2026-09-beta"


def _emulator() -> Emulator:
    return Emulator(EmulatorConfig(custom_properties={"meetings": {UNIQUE: {"unique": True}}}))


def _paths(emu: Emulator) -> set[str]:
    return {r.path for r in emu.requests}


def test_every_operation_works_on_the_dated_paths() -> None:
    emu = _emulator()
    done: set[str] = set()
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), api_version="2026-03"
    ) as client:
        ts = "2026-03-15T08:00:00.000Z"
        made = client.create({"hs_timestamp": ts, "hs_meeting_title": "kickoff"})
        done.add("create")
        got = client.get(made.id, properties=["hs_meeting_title"])
        assert got.properties["hs_meeting_title"] == "kickoff"
        done.add("get")
        client.update(made.id, {"hs_meeting_title": "kick-off"})
        done.add("update")
        page = client.list(limit=10, properties=["hs_meeting_title"])
        assert [o.properties["hs_meeting_title"] for o in page.results] == ["kick-off"]
        done.add("list")
        batch = client.batch_create([{"properties": {"hs_timestamp": ts}} for _ in range(3)])
        assert batch.status == "COMPLETE" and len(batch.results) == 3
        done.add("batch_create")
        ids = [o.id for o in batch.results]
        assert {o.id for o in client.batch_read(ids).results} == set(ids)
        done.add("batch_read")
        updated = client.batch_update(
            [{"id": i, "properties": {"hs_meeting_title": "b"}} for i in ids]
        )
        assert {o.properties["hs_meeting_title"] for o in updated.results} == {"b"}
        done.add("batch_update")
        upserted = client.batch_upsert(
            [{"id": "ext-1", "properties": {"hs_timestamp": ts}}], id_property=UNIQUE
        )
        assert len(upserted.results) == 1
        done.add("batch_upsert")
        found = client.search(
            filter_groups=[
                {"filters": [{"propertyName": "hs_meeting_title", "operator": "EQ", "value": "b"}]}
            ]
        )
        assert found.total == 3
        done.add("search")
        assert client.batch_archive(ids).status == "COMPLETE"
        done.add("batch_archive")
        client.archive(made.id)
        done.add("archive")
        with pytest.raises(NotFoundError):
            client.get(made.id)
    assert done == OPERATIONS
    paths = _paths(emu)
    assert paths and all(p.startswith("/crm/objects/2026-03/meetings") for p in paths), paths
    assert "/crm/objects/2026-03/meetings/batch/upsert" in paths


@pytest.mark.anyio
async def test_async_client_uses_the_dated_paths_too() -> None:
    emu = _emulator()
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), api_version="2026-03"
    ) as client:
        made = await client.create({"hs_timestamp": "2026-03-15T08:00:00.000Z"})
        assert (await client.get(made.id)).id == made.id
        assert (await client.search()).total == 1
    assert _paths(emu) == {
        "/crm/objects/2026-03/meetings",
        f"/crm/objects/2026-03/meetings/{made.id}",
        "/crm/objects/2026-03/meetings/search",
    }


def test_without_the_switch_the_same_calls_use_v3() -> None:
    emu = _emulator()
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport()) as client:
        client.create({"hs_timestamp": "2026-03-15T08:00:00.000Z"})
    assert _paths(emu) == {"/crm/v3/objects/meetings"}


def _contract(spec: dict[str, Any]) -> dict[str, Any]:
    """(operation name) -> parameters, request body and responses, as the generator sees them."""
    result: dict[str, Any] = {}
    for path, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item and "/meetings" in path:
                op = item[method]
                result[f"{op['tags'][0]}.{op['operationId']}"] = {
                    "parameters": sorted(
                        (p["in"], p["name"], p.get("required", False), str(p.get("schema")))
                        for p in op.get("parameters", [])
                    ),
                    "body": op.get("requestBody", {}).get("content"),
                    "responses": {
                        code: r.get("content") for code, r in op.get("responses", {}).items()
                    },
                }
    return result


def test_2026_03_sanitizes_to_the_v3_operations_and_schemas() -> None:
    v3, dated = sanitize(load(CURRENT)), sanitize(load(DATED_2026_03))
    assert _contract(dated) == _contract(v3)
    assert len(_contract(v3)) == 11
    assert set(v3["components"]["schemas"]) <= set(dated["components"]["schemas"])
    changes = diff_specs(load(CURRENT), load(DATED_2026_03))
    assert not is_breaking(changes)
    # Field by field, no v3 model changed type, lost a field or an enum value.
    assert not [c for c in changes if "removed" in c.what or "type changed" in c.what]
