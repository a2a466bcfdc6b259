"""Single-object operations: create, get, update, archive, associations, property rules."""

from __future__ import annotations

import httpx
import pytest
from emulator_support import MEETINGS, meeting

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock

DEFAULTS = {"hs_createdate", "hs_lastmodifieddate", "hs_object_id"}


def test_create_returns_201_with_set_properties_defaults_and_iso_timestamps(
    client: httpx.Client, clock: FakeClock
) -> None:
    r = client.post(MEETINGS, json=meeting(hs_meeting_body="Agenda"))
    assert r.status_code == 201
    assert r.headers["content-type"] == "application/json;charset=utf-8"
    body = r.json()
    assert body["id"].isdigit() and int(body["id"]) > 10**9
    props = body["properties"]
    assert props["hs_meeting_title"] == "Kickoff"
    assert props["hs_meeting_body"] == "Agenda"
    assert props["hs_object_id"] == body["id"]
    # The fake clock stands on a whole second, which HubSpot prints without a fraction.
    assert props["hs_createdate"] == props["hs_lastmodifieddate"] == "2026-01-01T00:00:00Z"
    assert body["createdAt"] == body["updatedAt"] == "2026-01-01T00:00:00Z"
    assert body["archived"] is False


def test_ids_are_increasing_decimal_strings_shared_across_engagement_types(
    client: httpx.Client,
) -> None:
    a = client.post(MEETINGS, json=meeting()).json()["id"]
    b = client.post(
        "/crm/v3/objects/notes", json={"properties": {"hs_timestamp": "0", "hs_note_body": "n"}}
    ).json()["id"]
    c = client.post(MEETINGS, json=meeting()).json()["id"]
    assert int(a) < int(b) < int(c)


def test_get_without_properties_returns_only_defaults(client: httpx.Client) -> None:
    mid = client.post(MEETINGS, json=meeting()).json()["id"]
    r = client.get(f"{MEETINGS}/{mid}")
    assert r.status_code == 200
    assert set(r.json()["properties"]) == DEFAULTS


def test_get_with_properties_adds_requested_and_null_for_unset(client: httpx.Client) -> None:
    mid = client.post(MEETINGS, json=meeting()).json()["id"]
    r = client.get(f"{MEETINGS}/{mid}", params={"properties": "hs_meeting_title,hs_meeting_body"})
    props = r.json()["properties"]
    assert props["hs_meeting_title"] == "Kickoff"
    assert props["hs_meeting_body"] is None
    assert set(props) == DEFAULTS | {"hs_meeting_title", "hs_meeting_body"}


def test_unset_requested_properties_can_be_omitted_by_config(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(unset_requested_properties="omit"), clock=clock)
    with httpx.Client(
        transport=emu.transport(),
        base_url="https://api.hubapi.com",
        headers={"Authorization": "Bearer pat-emulator-token"},
    ) as c:
        mid = c.post(MEETINGS, json=meeting()).json()["id"]
        props = c.get(f"{MEETINGS}/{mid}", params={"properties": "hs_meeting_body"}).json()[
            "properties"
        ]
    assert "hs_meeting_body" not in props


def test_repeated_properties_query_params_are_accepted(client: httpx.Client) -> None:
    mid = client.post(MEETINGS, json=meeting(hs_meeting_body="b")).json()["id"]
    r = client.get(
        f"{MEETINGS}/{mid}",
        params=[("properties", "hs_meeting_title"), ("properties", "hs_meeting_body")],
    )
    assert r.json()["properties"]["hs_meeting_body"] == "b"
    assert r.json()["properties"]["hs_meeting_title"] == "Kickoff"


def test_timestamp_defaults_to_meeting_start_time(client: httpx.Client) -> None:
    body = {"properties": {"hs_meeting_start_time": "1732133523054"}}
    r = client.post(MEETINGS, json=body)
    assert r.status_code == 201
    assert r.json()["properties"]["hs_timestamp"] == "2024-11-20T20:12:03.054Z"
    assert r.json()["properties"]["hs_meeting_start_time"] == "2024-11-20T20:12:03.054Z"


@pytest.mark.parametrize("path", ["/crm/v3/objects/meetings", "/crm/v3/objects/calls"])
def test_missing_hs_timestamp_is_a_validation_error_naming_it(
    client: httpx.Client, path: str
) -> None:
    r = client.post(path, json={"properties": {}})
    assert r.status_code == 400
    body = r.json()
    assert body["category"] == "VALIDATION_ERROR"
    assert body["errors"][0]["context"]["propertyName"] == ["hs_timestamp"]
    assert "hs_timestamp" in body["message"]


def test_scalar_values_are_coerced_to_strings(client: httpx.Client) -> None:
    r = client.post(
        "/crm/v3/objects/calls",
        json={"properties": {"hs_timestamp": 1732133523054, "hs_call_duration": 3000}},
    )
    assert r.status_code == 201
    assert r.json()["properties"]["hs_call_duration"] == "3000"
    assert r.json()["properties"]["hs_timestamp"] == "2024-11-20T20:12:03.054Z"


def test_object_values_are_rejected(client: httpx.Client) -> None:
    r = client.post(MEETINGS, json=meeting(hs_meeting_body={"x": 1}))
    assert r.status_code == 400
    assert r.json()["category"] == "VALIDATION_ERROR"
    assert "hs_meeting_body" in r.json()["message"]


@pytest.mark.parametrize(
    ("prop", "value", "code"),
    [
        ("hs_timestamp", "next tuesday", "INVALID_DATE"),
        ("hs_meeting_end_time", "2026-13-45", "INVALID_DATE"),
        ("hs_meeting_outcome", "MAYBE", "INVALID_OPTION"),
        ("hs_object_id", "1", "READ_ONLY_VALUE"),
    ],
)
def test_typed_values_are_checked(client: httpx.Client, prop: str, value: str, code: str) -> None:
    r = client.post(MEETINGS, json=meeting(**{prop: value}))
    assert r.status_code == 400
    err = r.json()["errors"][0]
    assert err["code"] == code
    assert err["context"]["propertyName"] == [prop]


def test_outcome_enum_accepts_documented_values(client: httpx.Client) -> None:
    for outcome in ("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"):
        assert client.post(MEETINGS, json=meeting(hs_meeting_outcome=outcome)).status_code == 201


def test_update_changes_values_and_bumps_modified_date(
    client: httpx.Client, clock: FakeClock
) -> None:
    mid = client.post(MEETINGS, json=meeting(hs_meeting_body="old")).json()["id"]
    clock.advance(60)
    r = client.patch(f"{MEETINGS}/{mid}", json={"properties": {"hs_meeting_body": "new"}})
    assert r.status_code == 200
    body = r.json()
    assert body["properties"]["hs_meeting_body"] == "new"
    assert body["updatedAt"] == "2026-01-01T00:01:00Z"
    assert body["createdAt"] == "2026-01-01T00:00:00Z"
    assert body["properties"]["hs_lastmodifieddate"] == "2026-01-01T00:01:00Z"


def test_update_with_empty_string_clears_a_value(client: httpx.Client) -> None:
    mid = client.post(MEETINGS, json=meeting(hs_meeting_body="x")).json()["id"]
    client.patch(f"{MEETINGS}/{mid}", json={"properties": {"hs_meeting_body": ""}})
    got = client.get(f"{MEETINGS}/{mid}", params={"properties": "hs_meeting_body"}).json()
    assert got["properties"]["hs_meeting_body"] == ""


def test_update_unknown_id_is_404(client: httpx.Client) -> None:
    r = client.patch(f"{MEETINGS}/999", json={"properties": {"hs_meeting_body": "x"}})
    assert r.status_code == 404
    assert r.json()["category"] == "OBJECT_NOT_FOUND"


def test_properties_with_history_are_newest_first(client: httpx.Client, clock: FakeClock) -> None:
    mid = client.post(MEETINGS, json=meeting(hs_meeting_body="v1")).json()["id"]
    clock.advance(1)
    client.patch(f"{MEETINGS}/{mid}", json={"properties": {"hs_meeting_body": "v2"}})
    r = client.get(f"{MEETINGS}/{mid}", params={"propertiesWithHistory": "hs_meeting_body"})
    history = r.json()["propertiesWithHistory"]["hs_meeting_body"]
    assert [h["value"] for h in history] == ["v2", "v1"]
    # An app's write, as HubSpot records its source (tests/fidelity: email batch read).
    assert history[0] == {
        "sourceId": "4242424",
        "sourceType": "INTEGRATION",
        "value": "v2",
        "timestamp": "2026-01-01T00:00:01Z",
    }


def test_archive_is_soft_and_204_even_for_unknown_ids(emu: Emulator, client: httpx.Client) -> None:
    mid = client.post(MEETINGS, json=meeting()).json()["id"]
    assert client.delete(f"{MEETINGS}/{mid}").status_code == 204
    assert client.delete(f"{MEETINGS}/{mid}").status_code == 204
    assert client.delete(f"{MEETINGS}/123").status_code == 204
    r = client.get(f"{MEETINGS}/{mid}")
    assert r.status_code == 404
    assert r.json()["category"] == "OBJECT_NOT_FOUND"
    archived = client.get(f"{MEETINGS}/{mid}", params={"archived": "true"})
    assert archived.status_code == 200
    assert archived.json()["archived"] is True
    assert "archivedAt" in archived.json()
    assert emu.store("meetings").count() == 0
    assert emu.store("meetings").count(include_archived=True) == 1


def test_associations_given_at_create_are_returned_on_request(
    emu: Emulator, client: httpx.Client
) -> None:
    [contact] = emu.seed("contacts", [{"email": "ada@example.com"}])
    [deal] = emu.seed("deals", [{"dealname": "Engine No. 2"}])
    body = meeting()
    body["associations"] = [
        {
            "to": {"id": contact},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
        },
        {
            "to": {"id": int(deal)},  # HubSpot takes a numeric id too
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 212}],
        },
    ]
    mid = client.post(MEETINGS, json=body).json()["id"]
    got = client.get(f"{MEETINGS}/{mid}", params={"associations": "contacts,deals,companies"})
    assoc = got.json()["associations"]
    assert assoc["contacts"] == {"results": [{"id": contact, "type": "meeting_to_contact"}]}
    assert assoc["deals"] == {"results": [{"id": deal, "type": "meeting_to_deal"}]}
    assert "companies" not in assoc
    assert "associations" not in client.get(f"{MEETINGS}/{mid}").json()


@pytest.mark.parametrize(("path", "type_id"), [(MEETINGS, 194), ("/crm/v3/objects/notes", 200)])
def test_association_type_of_another_object_is_rejected(
    client: httpx.Client, path: str, type_id: int
) -> None:
    body = {
        "properties": {"hs_timestamp": "0"},
        "associations": [
            {
                "to": {"id": "1"},
                "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}],
            }
        ],
    }
    r = client.post(path, json=body)
    assert r.status_code == 400
    assert str(type_id) in r.json()["message"]


def test_custom_unique_property_conflict_and_id_property(clock: FakeClock) -> None:
    cfg = EmulatorConfig(custom_properties={"meetings": {"ext_id": {"unique": True}}})
    emu = Emulator(cfg, clock=clock)
    with httpx.Client(
        transport=emu.transport(),
        base_url="https://api.hubapi.com",
        headers={"Authorization": "Bearer pat-emulator-token"},
    ) as c:
        first = c.post(MEETINGS, json=meeting(ext_id="A-1")).json()["id"]
        dup = c.post(MEETINGS, json=meeting(ext_id="A-1"))
        assert dup.status_code == 409
        assert dup.json()["category"] == "CONFLICT"
        assert f"Existing ID: {first}" in dup.json()["message"]
        got = c.get(f"{MEETINGS}/A-1", params={"idProperty": "ext_id"})
        assert got.status_code == 200 and got.json()["id"] == first
        upd = c.patch(
            f"{MEETINGS}/A-1",
            params={"idProperty": "ext_id"},
            json={"properties": {"hs_meeting_body": "b"}},
        )
        assert upd.status_code == 200 and upd.json()["properties"]["hs_meeting_body"] == "b"
        not_unique = c.get(f"{MEETINGS}/A-1", params={"idProperty": "hs_meeting_title"})
        assert not_unique.status_code == 400
        assert "unique" in not_unique.json()["message"]


@pytest.mark.parametrize(
    "object_path",
    ["/crm/v3/objects/0-47", "/crm/objects/2026-03/meetings", "/crm/objects/2026-09/0-47"],
)
def test_object_type_ids_and_dated_paths_reach_the_same_store(
    emu: Emulator, client: httpx.Client, object_path: str
) -> None:
    mid = client.post(object_path, json=meeting()).json()["id"]
    assert client.get(f"{MEETINGS}/{mid}").status_code == 200
    assert emu.store("meetings").get(mid) is not None


@pytest.mark.parametrize(
    ("path", "store", "props"),
    [
        ("/crm/v3/objects/calls", "calls", {"hs_call_title": "c", "hs_call_direction": "INBOUND"}),
        ("/crm/v3/objects/0-46", "notes", {"hs_note_body": "n"}),
        ("/crm/v3/objects/tasks", "tasks", {"hs_task_subject": "t", "hs_task_status": "WAITING"}),
        (
            "/crm/v3/objects/emails",
            "emails",
            {"hs_email_subject": "e", "hs_email_direction": "EMAIL"},
        ),
    ],
)
def test_other_engagement_types_have_their_own_store(
    emu: Emulator, client: httpx.Client, path: str, store: str, props: dict[str, str]
) -> None:
    r = client.post(path, json={"properties": {"hs_timestamp": "0", **props}})
    assert r.status_code == 201
    assert emu.store(store).count() == 1
    assert emu.store("meetings").count() == 0
    assert (
        client.post(
            path, json={"properties": {"hs_timestamp": "0", "hs_meeting_title": "x"}}
        ).status_code
        == 400
    )


@pytest.mark.anyio
async def test_async_client_round_trip(aclient: httpx.AsyncClient) -> None:
    created = await aclient.post(MEETINGS, json=meeting())
    assert created.status_code == 201
    got = await aclient.get(
        f"{MEETINGS}/{created.json()['id']}", params={"properties": "hs_meeting_title"}
    )
    assert got.json()["properties"]["hs_meeting_title"] == "Kickoff"


def test_seed_creates_records_without_http(emu: Emulator) -> None:
    ids = emu.seed("meetings", [{"hs_meeting_title": f"m{i}"} for i in range(500)])
    assert len(ids) == 500 == emu.store("meetings").count()
    rec = emu.store("meetings").get(ids[10])
    assert rec is not None and rec["properties"]["hs_meeting_title"] == "m10"
    assert emu.requests == []
    with pytest.raises(ValueError, match="nope"):
        emu.seed("meetings", [{"nope": "x"}])
    emu.store("meetings").reset()
    assert emu.store("meetings").count() == 0
