"""Batch create/read/update/archive/upsert: limits, 207 partial failures, atomic 400s."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from emulator_support import MEETINGS, make_client, meeting

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock

BATCH = f"{MEETINGS}/batch"


def _create(client: httpx.Client, n: int) -> list[str]:
    r = client.post(
        f"{BATCH}/create", json={"inputs": [meeting(hs_meeting_body=str(i)) for i in range(n)]}
    )
    assert r.status_code == 201
    return [x["id"] for x in r.json()["results"]]


@pytest.fixture
def unique_emu(clock: FakeClock) -> Emulator:
    cfg = EmulatorConfig(custom_properties={"meetings": {"ext_id": {"unique": True}}})
    return Emulator(cfg, clock=clock)


def test_batch_create_returns_201_complete_envelope(emu: Emulator, client: httpx.Client) -> None:
    r = client.post(f"{BATCH}/create", json={"inputs": [meeting(), meeting()]})
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "COMPLETE"
    assert len(body["results"]) == 2
    assert body["startedAt"] and body["completedAt"]
    assert "errors" not in body
    assert emu.store().count() == 2


def test_batch_create_failure_without_trace_ids_fails_whole_request(
    emu: Emulator, client: httpx.Client
) -> None:
    inputs = [meeting(), {"properties": {"hs_timestamp": "0", "bogus": "x"}}, meeting()]
    r = client.post(f"{BATCH}/create", json={"inputs": inputs})
    assert r.status_code == 400
    assert r.json()["errors"][0]["code"] == "PROPERTY_DOESNT_EXIST"
    assert emu.store().count() == 0


def test_batch_create_with_trace_ids_reports_failures_in_207(
    emu: Emulator, client: httpx.Client
) -> None:
    inputs: list[dict[str, Any]] = [
        {**meeting(), "objectWriteTraceId": "ok-1"},
        {"properties": {"hs_timestamp": "0", "bogus": "x"}, "objectWriteTraceId": "bad-1"},
        {**meeting(), "objectWriteTraceId": "ok-2"},
    ]
    r = client.post(f"{BATCH}/create", json={"inputs": inputs})
    assert r.status_code == 207
    body = r.json()
    assert body["numErrors"] == 1
    err = body["errors"][0]
    assert err["status"] == "error"
    assert err["category"] == "VALIDATION_ERROR"
    assert err["context"]["objectWriteTraceId"] == ["bad-1"]
    assert err["message"].startswith("Property values were not valid")
    assert len(body["results"]) == 2
    assert emu.store().count() == 2


def test_batch_create_duplicate_unique_value_is_409_for_the_whole_batch(
    unique_emu: Emulator,
) -> None:
    with make_client(unique_emu) as c:
        c.post(MEETINGS, json=meeting(ext_id="X"))
        r = c.post(f"{BATCH}/create", json={"inputs": [meeting(ext_id="Y"), meeting(ext_id="X")]})
        assert r.status_code == 409
        assert r.json()["category"] == "CONFLICT"
        assert unique_emu.store().count() == 1


@pytest.mark.parametrize(("count", "status"), [(0, 400), (100, 201), (101, 400)])
def test_batch_input_limits(client: httpx.Client, count: int, status: int) -> None:
    r = client.post(f"{BATCH}/create", json={"inputs": [meeting()] * count})
    assert r.status_code == status
    if status == 400:
        assert r.json()["category"] == "VALIDATION_ERROR"


def test_batch_read_reports_unknown_ids_in_207(client: httpx.Client) -> None:
    ids = _create(client, 2)
    r = client.post(
        f"{BATCH}/read",
        json={
            "inputs": [{"id": ids[0]}, {"id": "404404"}, {"id": ids[1]}],
            "properties": ["hs_meeting_body"],
        },
    )
    assert r.status_code == 207
    body = r.json()
    assert [x["id"] for x in body["results"]] == [ids[0], ids[1]]
    assert body["results"][0]["properties"]["hs_meeting_body"] == "0"
    assert body["errors"][0]["category"] == "OBJECT_NOT_FOUND"
    assert body["errors"][0]["context"]["ids"] == ["404404"]


def test_batch_read_all_found_is_200(client: httpx.Client) -> None:
    ids = _create(client, 3)
    r = client.post(f"{BATCH}/read", json={"inputs": [{"id": i} for i in ids]})
    assert r.status_code == 200
    assert len(r.json()["results"]) == 3


def test_batch_read_with_history_is_capped_at_50(client: httpx.Client) -> None:
    ids = _create(client, 51)
    body = {"inputs": [{"id": i} for i in ids], "propertiesWithHistory": ["hs_meeting_body"]}
    r = client.post(f"{BATCH}/read", json=body)
    assert r.status_code == 400
    assert r.json()["message"] == (
        "The maximum number of inputs supported in a batch request for property histories is 50. "
        "Please reduce the number of items and try again"
    )
    ok = client.post(f"{BATCH}/read", json={**body, "inputs": body["inputs"][:50]})
    assert ok.status_code == 200
    assert ok.json()["results"][0]["propertiesWithHistory"]["hs_meeting_body"][0]["value"] == "0"


def test_batch_read_archived_returns_only_archived(client: httpx.Client) -> None:
    ids = _create(client, 2)
    client.delete(f"{MEETINGS}/{ids[0]}")
    inputs = {"inputs": [{"id": i} for i in ids]}
    r = client.post(f"{BATCH}/read", params={"archived": "true"}, json=inputs)
    assert [x["id"] for x in r.json()["results"]] == [ids[0]]
    live = client.post(f"{BATCH}/read", json=inputs)
    assert [x["id"] for x in live.json()["results"]] == [ids[1]]


def test_batch_read_by_unique_id_property(unique_emu: Emulator) -> None:
    with make_client(unique_emu) as c:
        mid = c.post(MEETINGS, json=meeting(ext_id="K")).json()["id"]
        r = c.post(f"{BATCH}/read", json={"inputs": [{"id": "K"}], "idProperty": "ext_id"})
        assert r.status_code == 200
        assert r.json()["results"][0]["id"] == mid


def test_batch_update_200_and_207_for_unknown_ids(emu: Emulator, client: httpx.Client) -> None:
    ids = _create(client, 2)
    upd = [{"id": i, "properties": {"hs_meeting_body": "new"}} for i in ids]
    r = client.post(f"{BATCH}/update", json={"inputs": upd})
    assert r.status_code == 200
    assert all(x["properties"]["hs_meeting_body"] == "new" for x in r.json()["results"])
    r2 = client.post(
        f"{BATCH}/update",
        json={"inputs": [*upd[:1], {"id": "999", "properties": {"hs_meeting_body": "z"}}]},
    )
    assert r2.status_code == 207
    assert r2.json()["errors"][0]["context"]["ids"] == ["999"]
    assert len(r2.json()["results"]) == 1


def test_batch_update_invalid_input_without_trace_changes_nothing(
    emu: Emulator, client: httpx.Client
) -> None:
    ids = _create(client, 2)
    inputs = [
        {"id": ids[0], "properties": {"hs_meeting_body": "changed"}},
        {"id": ids[1], "properties": {"hs_meeting_outcome": "NOPE"}},
    ]
    r = client.post(f"{BATCH}/update", json={"inputs": inputs})
    assert r.status_code == 400
    rec = emu.store().get(ids[0])
    assert rec is not None and rec["properties"]["hs_meeting_body"] == "0"


def test_batch_archive_is_204_and_soft(emu: Emulator, client: httpx.Client) -> None:
    ids = _create(client, 3)
    r = client.post(
        f"{BATCH}/archive", json={"inputs": [{"id": ids[0]}, {"id": ids[1]}, {"id": "1"}]}
    )
    assert r.status_code == 204
    assert r.content == b""
    assert emu.store().count() == 1
    assert emu.store().count(include_archived=True) == 3


def test_batch_upsert_creates_then_updates_with_new_flag(unique_emu: Emulator) -> None:
    with make_client(unique_emu) as c:
        inputs = [
            {
                "idProperty": "ext_id",
                "id": "E1",
                "properties": {"hs_timestamp": "0", "hs_meeting_title": "a"},
            },
        ]
        first = c.post(f"{BATCH}/upsert", json={"inputs": inputs})
        assert first.status_code == 200
        res = first.json()["results"][0]
        assert res["new"] is True
        assert res["properties"]["ext_id"] == "E1"
        inputs[0]["properties"] = {"hs_meeting_title": "b"}
        second = c.post(f"{BATCH}/upsert", json={"inputs": inputs})
        res2 = second.json()["results"][0]
        assert res2["new"] is False
        assert res2["id"] == res["id"]
        assert res2["properties"]["hs_meeting_title"] == "b"
        assert unique_emu.store().count() == 1


def test_batch_upsert_needs_a_unique_id_property(unique_emu: Emulator) -> None:
    with make_client(unique_emu) as c:
        bad = {"idProperty": "hs_meeting_title", "id": "x", "properties": {"hs_timestamp": "0"}}
        r = c.post(f"{BATCH}/upsert", json={"inputs": [bad]})
        assert r.status_code == 400
        r207 = c.post(
            f"{BATCH}/upsert",
            json={
                "inputs": [
                    {**bad, "objectWriteTraceId": "t1"},
                    {"idProperty": "ext_id", "id": "ok", "properties": {"hs_timestamp": "0"}},
                ]
            },
        )
        assert r207.status_code == 207
        assert r207.json()["errors"][0]["context"]["objectWriteTraceId"] == ["t1"]
        assert r207.json()["results"][0]["new"] is True


def test_dated_2025_09_batch_create_answers_200(client: httpx.Client) -> None:
    r = client.post("/crm/objects/2025-09/meetings/batch/create", json={"inputs": [meeting()]})
    assert r.status_code == 200
    r3 = client.post("/crm/objects/2026-03/meetings/batch/create", json={"inputs": [meeting()]})
    assert r3.status_code == 201
