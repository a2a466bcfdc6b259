"""The emulator answers as HubSpot does, one HubSpot behaviour per test, each with its evidence.

Sources are cited by URL or by public repository and path (commit in tests/fidelity/README.md);
docs/hubspot-behaviour.md ("Response shapes (emulator fidelity)") collects them.
"""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from emulator_support import BASE_URL, MEETINGS, TOKEN, make_client, meeting

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock

BATCH = f"{MEETINGS}/batch"
SOURCE = {"hs_object_source", "hs_object_source_id", "hs_object_source_label"}
OWNER = {"hs_all_owner_ids", "hs_user_ids_of_all_owners", "hubspot_owner_assigneddate"}
PREVIEW = {"hs_body_preview", "hs_body_preview_html", "hs_body_preview_is_truncated"}
DEFAULTS = {"hs_createdate", "hs_lastmodifieddate", "hs_object_id"}


@pytest.fixture
def unique_emu(clock: FakeClock) -> Emulator:
    cfg = EmulatorConfig(custom_properties={"meetings": {"ext_id": {"unique": True}}})
    return Emulator(cfg, clock=clock)


@pytest.fixture
def unique_client(unique_emu: Emulator) -> Iterator[httpx.Client]:
    with make_client(unique_emu) as c:
        yield c


# ---------------------------------------------------------------- 1. update echoes


def test_patch_answers_with_written_and_computed_properties_only(client: httpx.Client) -> None:
    """An update's answer holds the properties written, the defaults and the ones HubSpot
    computes, never untouched ones: a PATCH of hs_email_subject alone came back without the
    email's text, direction or timestamp (ballerina-platform/module-ballerinax-hubspot.crm.
    engagements.email, ballerina/tests/mock_service.bal, a recorded PATCH)."""
    created = client.post(
        MEETINGS, json=meeting(hs_meeting_body="Agenda", hs_meeting_location="Room 4")
    )
    mid = created.json()["id"]
    r = client.patch(f"{MEETINGS}/{mid}", json={"properties": {"hs_meeting_title": "Renamed"}})
    assert r.status_code == 200
    props = r.json()["properties"]
    assert props["hs_meeting_title"] == "Renamed"
    assert set(props) == {"hs_meeting_title"} | DEFAULTS | SOURCE
    for untouched in ("hs_meeting_body", "hs_meeting_location", "hs_timestamp"):
        assert untouched not in props


def test_batch_update_answers_with_written_and_computed_properties_only(
    client: httpx.Client,
) -> None:
    """Batch update results follow the same rule (recorded batch/update of hs_email_direction:
    ballerina-platform/module-ballerinax-hubspot.crm.engagements.email, mock_service.bal)."""
    mid = client.post(MEETINGS, json=meeting(hs_meeting_body="Agenda")).json()["id"]
    r = client.post(
        f"{BATCH}/update",
        json={"inputs": [{"id": mid, "properties": {"hs_meeting_outcome": "COMPLETED"}}]},
    )
    assert r.status_code == 200
    props = r.json()["results"][0]["properties"]
    assert set(props) == {"hs_meeting_outcome"} | DEFAULTS | SOURCE


# ---------------------------------------------------------------- 2. datetimes as sent


@pytest.mark.parametrize(
    ("sent", "echoed"),
    [
        ("2022-11-12T15:48:22Z", "2022-11-12T15:48:22Z"),
        ("2025-10-30T03:30:17.883Z", "2025-10-30T03:30:17.883Z"),
        ("2026-03-20T10:00:00.000Z", "2026-03-20T10:00:00Z"),
        ("1668268102000", "2022-11-12T15:48:22Z"),
    ],
)
def test_datetimes_print_whole_seconds_without_a_fraction(
    client: httpx.Client, sent: str, echoed: str
) -> None:
    """HubSpot prints instants like Java's Instant.toString: hs_timestamp sent as
    2022-11-12T15:48:22Z came back unchanged, one with .883Z kept its milliseconds
    (ballerina-platform/module-ballerinax-hubspot.crm.engagements.communications and
    ...engagements.email, ballerina/tests/mock_service.bal)."""
    r = client.post(MEETINGS, json={"properties": {"hs_timestamp": sent}})
    assert r.json()["properties"]["hs_timestamp"] == echoed
    got = client.get(f"{MEETINGS}/{r.json()['id']}", params={"properties": "hs_timestamp"})
    assert got.json()["properties"]["hs_timestamp"] == echoed


# ---------------------------------------------------------------- 3. computed properties


def test_create_echo_carries_source_owner_and_preview_properties_and_a_url(
    emu: Emulator, client: httpx.Client, clock: FakeClock
) -> None:
    """A create's answer includes what HubSpot computes: the hs_object_source family (the app
    id as source id), the owner bookkeeping when an owner is set, the body previews, and the
    record's url (NangoHQ/integration-templates integrations/hubspot/mocks/nango/post/proxy/
    crm/v3/objects/notes/create-note.json; amp-labs/connectors providers/hubspot/test/batch/
    update/contacts/success.json for url)."""
    r = client.post(
        MEETINGS, json=meeting(hs_meeting_body="<p>Agenda &amp; goals</p>", hubspot_owner_id="77")
    )
    body = r.json()
    props = body["properties"]
    assert props["hs_object_source"] == "INTEGRATION"
    assert props["hs_object_source_label"] == "INTEGRATION"
    assert props["hs_object_source_id"] == str(emu.config.app_id)
    assert props["hs_all_owner_ids"] == props["hs_user_ids_of_all_owners"] == "77"
    assert props["hubspot_owner_assigneddate"] == props["hs_createdate"]
    assert props["hs_body_preview"] == "Agenda & goals"
    assert props["hs_body_preview_html"] == (
        "<html>\n <head></head>\n <body>\n <p>Agenda &amp; goals</p>\n </body>\n</html>"
    )
    assert props["hs_body_preview_is_truncated"] == "false"
    assert body["url"] == (
        f"https://app.hubspot.com/contacts/{emu.config.hub_id}/record/0-47/{body['id']}"
    )
    # Computed, so read-only like HubSpot's other system properties.
    bad = client.post(MEETINGS, json=meeting(hs_object_source="MINE"))
    assert bad.json()["errors"][0]["code"] == "READ_ONLY_VALUE"


def test_update_echo_recomputes_owner_and_previews_when_their_source_is_written(
    client: httpx.Client, clock: FakeClock
) -> None:
    """Writing the owner or the body brings their computed properties into the answer (a
    recorded PATCH of a task's body and owner: NangoHQ/integration-templates integrations/
    hubspot/mocks/nango/patch/proxy/crm/v3/objects/tasks/61710019858/update-task.json)."""
    mid = client.post(MEETINGS, json=meeting()).json()["id"]
    clock.advance(5)
    r = client.patch(
        f"{MEETINGS}/{mid}",
        json={"properties": {"hs_meeting_body": "Notes", "hubspot_owner_id": "900"}},
    )
    props = r.json()["properties"]
    assert set(props) == {"hs_meeting_body", "hubspot_owner_id"} | DEFAULTS | SOURCE | OWNER | (
        PREVIEW
    )
    assert props["hubspot_owner_assigneddate"] == "2026-01-01T00:00:05Z"
    assert props["hs_body_preview"] == "Notes"


def test_object_source_and_urls_follow_the_settings(clock: FakeClock) -> None:
    """HubSpot's error-handling docs show a record written as API / INTERNAL_PROCESSING with no
    url (https://developers.hubspot.com/docs/api-reference/error-handling, multi-status
    example); the settings reproduce that shape."""
    cfg = EmulatorConfig(object_source="API", record_url_base=None)
    with make_client(Emulator(cfg, clock=clock)) as c:
        body = c.post(MEETINGS, json=meeting()).json()
    assert body["properties"]["hs_object_source"] == "API"
    assert body["properties"]["hs_object_source_label"] == "INTERNAL_PROCESSING"
    assert "hs_object_source_id" not in body["properties"]
    assert "url" not in body


# ---------------------------------------------------------------- 4. 207 entries and 409s


def test_207_entries_carry_no_errors_array(client: httpx.Client) -> None:
    """A multi-status entry is status, category, message and context only
    (https://developers.hubspot.com/docs/api-reference/error-handling#multi-status-errors)."""
    inputs: list[dict[str, Any]] = [
        {**meeting(), "objectWriteTraceId": "ok"},
        {"properties": {"hs_timestamp": "0", "missing": "1"}, "objectWriteTraceId": "bad"},
    ]
    r = client.post(f"{BATCH}/create", json={"inputs": inputs})
    assert r.status_code == 207
    (entry,) = r.json()["errors"]
    assert set(entry) == {"status", "category", "message", "context"}
    assert entry["context"] == {"objectWriteTraceId": ["bad"]}


def test_unique_value_conflict_entry_names_the_existing_record(
    unique_client: httpx.Client,
) -> None:
    """A conflicting input in a 207 says which record holds the value, in
    context.existingId (amp-labs/connectors providers/hubspot/test/batch/create/contacts/
    err-partial-success.json)."""
    first = unique_client.post(MEETINGS, json=meeting(ext_id="X")).json()["id"]
    r = unique_client.post(
        f"{BATCH}/create",
        json={"inputs": [{**meeting(ext_id="X"), "objectWriteTraceId": "0"}, meeting()]},
    )
    assert r.status_code == 207
    (entry,) = r.json()["errors"]
    assert entry == {
        "status": "error",
        "category": "CONFLICT",
        "message": f"Meeting already exists. Existing ID: {first}",
        "context": {"objectWriteTraceId": ["0"], "existingId": [first]},
    }


def test_409_body_is_message_and_category_only(unique_client: httpx.Client) -> None:
    """{"status","message":"Contact already exists. Existing ID: 37765128953","correlationId",
    "category":"CONFLICT"}: no errors array, no context (HubSpot/hubspot-api-nodejs#545,
    HubSpot/hubspot-api-python#51)."""
    first = unique_client.post(MEETINGS, json=meeting(ext_id="X")).json()["id"]
    r = unique_client.post(MEETINGS, json=meeting(ext_id="X"))
    assert r.status_code == 409
    body = r.json()
    assert set(body) == {"status", "message", "correlationId", "category"}
    assert body["message"] == f"Meeting already exists. Existing ID: {first}"


# ---------------------------------------------------------------- 5. duplicate ids


@pytest.mark.parametrize("op", ["update", "upsert"])
def test_duplicate_ids_in_a_batch_are_named_in_context(
    unique_client: httpx.Client, op: str
) -> None:
    """{"status":"error","message":"Duplicate IDs found in batch input: [123456]. IDs must be
    unique","correlationId",...,"context":{"ids":["123456"]},"category":"VALIDATION_ERROR"} for
    batch update, trace ids or not (amp-labs/connectors providers/hubspot/test/batch/update/
    contacts/err-duplicate-ids.json; rudderlabs/rudder-transformer test/integrations/
    destinations/hs/dataDelivery/business.ts). Upsert answering alike is a community probe
    note only, so the emulator treats both alike (docs/hubspot-behaviour.md)."""
    extra = {"idProperty": "ext_id"} if op == "upsert" else {}
    item = {"id": "123456", "properties": {"hs_meeting_title": "x"}, **extra}
    traced = [{**item, "objectWriteTraceId": str(i)} for i in range(2)]
    r = unique_client.post(f"{BATCH}/{op}", json={"inputs": traced})
    assert r.status_code == 400
    body = r.json()
    assert body["message"] == "Duplicate IDs found in batch input: [123456]. IDs must be unique"
    assert body["context"] == {"ids": ["123456"]}
    assert body["category"] == "VALIDATION_ERROR"
    assert "errors" not in body


# ---------------------------------------------------------------- 6. every input's problems


@pytest.mark.parametrize("op", ["create", "update"])
def test_invalid_properties_of_every_input_are_listed_together(
    client: httpx.Client, op: str
) -> None:
    """Without trace ids, one 400 lists the invalid properties of all inputs, in input order
    (amp-labs/connectors providers/hubspot/test/batch/update/contacts/
    err-many-invalid-properties.json)."""
    ids = [client.post(MEETINGS, json=meeting()).json()["id"] for _ in range(2)]
    props = [{"first000name": "a", "last000name": "b"}, {"first000name": "c"}]
    inputs = [
        {"properties": {"hs_timestamp": "0", **p}} if op == "create" else {"id": i, "properties": p}
        for i, p in zip(ids, props, strict=True)
    ]
    r = client.post(f"{BATCH}/{op}", json={"inputs": inputs})
    assert r.status_code == 400
    body = r.json()
    named = [e["context"]["propertyName"][0] for e in body["errors"]]
    assert named == ["first000name", "last000name", "first000name"]
    listed = json.loads(body["message"].removeprefix("Property values were not valid: "))
    assert [p["name"] for p in listed] == named


# ---------------------------------------------------------------- 7. unknown types, 429s


@pytest.mark.parametrize("name", ["line_items", "0-8", "products", "p123_cars", "2-123", "Contact"])
def test_associations_of_types_the_emulator_does_not_serve_are_left_out(
    client: httpx.Client, name: str
) -> None:
    """The spec: "If any of the specified associations do not exist, they will be ignored"."""
    r = client.get(f"/crm/v3/objects/meetings?associations={name}")
    assert r.status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "message"),
    [
        ("GET", "/crm/v3/objects/widgets", "Unable to infer object type from: widgets"),
        ("POST", "/crm/v3/objects/widgets/search", "Unable to infer object type from: widgets"),
        ("POST", "/crm/objects/2026-03/pets/batch/read", "Unable to infer object type from: pets"),
        ("GET", "/crm/v3/objects/0-9999/1", "Invalid object or event type id: 0-9999"),
        # A literal in `associations=` cannot name a type either, checked before reading.
        (
            "GET",
            "/crm/v3/objects/meetings?associations=false",
            "Unable to infer object type from: false",
        ),
        (
            "GET",
            "/crm/v3/objects/meetings/1?associations=contacts,true",
            "Unable to infer object type from: true",
        ),
    ],
)
def test_unknown_object_type_is_400_without_category(
    client: httpx.Client, method: str, path: str, message: str
) -> None:
    """{"status":"error","message":"Unable to infer object type from: false","correlationId":..}
    with 400 Bad Request (HubSpot/hubspot-api-php#128); an unknown type id answers "Invalid
    object or event type id" (measured against api.hubapi.com, quoted in a public test of a
    HubSpot mock)."""
    r = client.request(method, path, json={"inputs": []})
    assert r.status_code == 400
    body = r.json()
    assert body == {"status": "error", "message": message, "correlationId": body["correlationId"]}
    assert body["correlationId"] == r.headers["X-HubSpot-Correlation-Id"]


def test_unknown_types_and_paths_answer_alike_over_the_socket(emu: Emulator) -> None:
    """Every front end shares one answer: the in-process transport and the socket server give
    HubSpot's shapes for unknown types (400) and unknown paths (404), never an exception or a
    500."""
    paths = ["/crm/v3/objects/widgets/1", "/crm/v3/objects/meetings/1/x/y", "/nothing/here"]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with (
        emu.serve() as server,
        make_client(emu) as local,
        httpx.Client(base_url=server.url, headers=auth) as remote,
    ):
        for path in paths:
            a, b = local.get(path), remote.get(path)
            assert a.status_code == b.status_code == (400 if "widgets" in path else 404)
            assert {**a.json(), "correlationId": ""} == {**b.json(), "correlationId": ""}


def test_daily_429_body_is_the_documented_one(clock: FakeClock) -> None:
    """The usage guidelines document {"status","message":"You have reached your daily limit.",
    "errorType":"RATE_LIMIT","correlationId","policyName":"DAILY","requestId"}
    (https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines); the
    ten-secondly body recorded in HubSpot/hubspot-api-python#117 has a groupName instead."""
    emu = Emulator(EmulatorConfig(daily_limit=1), clock=clock)
    with make_client(emu) as c:
        c.get(MEETINGS)
        r = c.get(MEETINGS)
    assert r.status_code == 429
    body = r.json()
    assert set(body) == {
        "status",
        "message",
        "errorType",
        "correlationId",
        "policyName",
        "requestId",
    }
    assert body["message"] == "You have reached your daily limit."
    uuid.UUID(body["requestId"])


# ---------------------------------------------------------------- 8. 404 bodies


@pytest.mark.parametrize("shape", ["html", "empty"])
def test_not_found_can_be_an_html_page_or_an_empty_body(clock: FakeClock, shape: str) -> None:
    """HubSpot has answered a missing record with Jetty's HTML page (HubSpot/
    hubspot-api-nodejs#240; #159 and #194 report text/html 404s) and users report empty 404
    bodies; EmulatorConfig.not_found_body serves either."""
    emu = Emulator(EmulatorConfig(not_found_body=shape), clock=clock)  # type: ignore[arg-type]
    with make_client(emu) as c:
        r = c.get(f"{MEETINGS}/404404")
    assert r.status_code == 404
    if shape == "html":
        assert r.headers["content-type"] == "text/html;charset=utf-8"
        assert "<title>Error 404 Not Found</title>" in r.text
    else:
        assert r.content == b""


# ---------------------------------------------------------------- 10. never a 500


@pytest.mark.parametrize(
    "value",
    ["999999999999999", "-1", "-62135596800000", "10000-01-01T00:00:00Z", "1" * 400],
)
def test_timestamps_hubspot_cannot_hold_are_a_400_naming_the_property(
    emu: Emulator, client: httpx.Client, value: str
) -> None:
    """A datetime is "a Unix timestamp in milliseconds or UTC format" (https://developers.
    hubspot.com/docs/api-reference/latest/crm/activities/meetings/guide); one before 1970 or
    past year 9999 is refused with HubSpot's "Property values were not valid" 400, not a 500."""
    r = client.post(MEETINGS, json={"properties": {"hs_timestamp": value}})
    assert r.status_code == 400
    assert r.json()["errors"][0]["context"]["propertyName"] == ["hs_timestamp"]
    assert emu.store().count() == 0


def test_out_of_range_timestamp_is_a_400_over_the_socket_too(emu: Emulator) -> None:
    with emu.serve() as server:
        r = httpx.post(
            f"{server.url}{MEETINGS}",
            json={"properties": {"hs_timestamp": "999999999999999"}},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert r.status_code == 400
    assert r.json()["category"] == "VALIDATION_ERROR"


def test_deeply_nested_json_is_a_400(client: httpx.Client) -> None:
    """HubSpot answers a body its JSON binding cannot read with a 400 whose message starts
    "Invalid input JSON" (rudderlabs/rudder-transformer test/integrations/destinations/hs/
    dataDelivery/business.ts); nesting 100,000 deep is such a body."""
    deep = b"[" * 100_000 + b"]" * 100_000
    for path in (MEETINGS, f"{MEETINGS}/search", f"{BATCH}/create"):
        r = client.post(path, content=deep, headers={"Content-Type": "application/json"})
        assert r.status_code == 400
        assert r.json()["status"] == "error"
        assert r.json()["message"].startswith("Invalid input JSON")


def test_values_longer_than_a_string_property_holds_are_refused(client: httpx.Client) -> None:
    """ "A plain text string, limited to 65,536 characters" (https://developers.hubspot.com/docs/
    api-reference/crm-properties-v3/guide, property types)."""
    ok = client.post(MEETINGS, json=meeting(hs_meeting_body="x" * 65_536))
    assert ok.status_code == 201
    r = client.post(MEETINGS, json=meeting(hs_meeting_body="x" * 65_537))
    assert r.status_code == 400
    assert r.json()["errors"][0]["context"]["propertyName"] == ["hs_meeting_body"]


def test_bodies_over_the_limit_are_a_400_gzip_or_not(clock: FakeClock) -> None:
    """HubSpot documents no body limit; EmulatorConfig.max_request_body_bytes stands in for the
    proxy's (docs/hubspot-behaviour.md) and answers HubSpot's 400, also for a gzip body that
    only grows past it when decoded."""
    emu = Emulator(EmulatorConfig(max_request_body_bytes=1_000), clock=clock)
    big = json.dumps(meeting(hs_meeting_body="x" * 2_000)).encode()
    with make_client(emu) as c:
        plain = c.post(MEETINGS, content=big, headers={"Content-Type": "application/json"})
        zipped = c.post(
            MEETINGS,
            content=gzip.compress(big),
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        small = c.post(MEETINGS, json=meeting())
    for r in (plain, zipped):
        assert r.status_code == 400
        assert r.json()["category"] == "VALIDATION_ERROR"
    assert small.status_code == 201
    assert emu.store().count() == 1


# ---------------------------------------------------------------- paging links


def test_paging_links_point_at_the_configured_base_url(clock: FakeClock) -> None:
    """paging.next.link is absolute on HubSpot's API host (https://developers.hubspot.com/docs/
    api-reference/latest/crm/using-object-apis); EmulatorConfig.base_url decides the host."""
    for base in (BASE_URL, "http://127.0.0.1:9"):
        emu = Emulator(EmulatorConfig(base_url=base), clock=clock)
        emu.seed("meetings", [{"hs_meeting_title": str(i)} for i in range(3)])
        with make_client(emu) as c:
            link = c.get(MEETINGS, params={"limit": 1}).json()["paging"]["next"]["link"]
        assert link.startswith(f"{base}{MEETINGS}?limit=1&after=")
