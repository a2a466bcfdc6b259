"""Associations: the v4 endpoints, the v3 create-time links and reads, and search, on one state."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from emulator_support import MEETINGS, TOKEN, make_client, meeting

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock

V4 = "/crm/v4/objects"
BATCH = "/crm/v4/associations"
RECORDS = {
    "contacts": {"email": "ada@example.com", "firstname": "Ada"},
    "companies": {"name": "Analytical Engines", "domain": "engines.example"},
    "deals": {"dealname": "Engine No. 2", "dealstage": "appointmentscheduled"},
    "tickets": {"subject": "Gears jammed", "hs_pipeline_stage": "1"},
}


@pytest.fixture
def strict(clock: FakeClock) -> Iterator[httpx.Client]:
    """A client of an emulator that checks associated records exist, as HubSpot does (the
    default; said here so these tests keep meaning it)."""
    emu = Emulator(EmulatorConfig(require_association_records=True), clock=clock)
    with make_client(emu) as c:
        yield c


def create(client: httpx.Client, object_type: str, **props: str) -> str:
    body = {"properties": props or RECORDS[object_type]}
    response = client.post(f"/crm/v3/objects/{object_type}", json=body)
    assert response.status_code == 201, response.text
    rid: str = response.json()["id"]
    return rid


def new_meeting(client: httpx.Client, **extra: Any) -> str:
    response = client.post(MEETINGS, json={**meeting(), **extra})
    assert response.status_code == 201, response.text
    rid: str = response.json()["id"]
    return rid


def linked(client: httpx.Client, from_type: str, from_id: str, to_type: str) -> dict[str, Any]:
    """toObjectId -> sorted typeIds, from the v4 list endpoint."""
    response = client.get(f"{V4}/{from_type}/{from_id}/associations/{to_type}")
    assert response.status_code == 200, response.text
    return {
        str(r["toObjectId"]): sorted(t["typeId"] for t in r["associationTypes"])
        for r in response.json()["results"]
    }


# ===================================================================== CRM records
@pytest.mark.parametrize(
    ("object_type", "type_id", "defaults"),
    [
        ("contacts", "0-1", {"createdate", "email", "firstname", "lastname", "lastmodifieddate"}),
        ("companies", "0-2", {"createdate", "domain", "name", "hs_lastmodifieddate"}),
        (
            "deals",
            "0-3",
            {"amount", "closedate", "createdate", "dealname", "dealstage", "pipeline"},
        ),
        (
            "tickets",
            "0-5",
            {"content", "hs_pipeline", "hs_pipeline_stage", "subject", "hs_ticket_priority"},
        ),
    ],
)
def test_crm_records_are_served_with_their_default_properties(
    client: httpx.Client, object_type: str, type_id: str, defaults: set[str]
) -> None:
    rid = create(client, object_type)
    got = client.get(f"/crm/v3/objects/{type_id}/{rid}")
    assert got.status_code == 200
    props = got.json()["properties"]
    assert defaults | {"hs_object_id"} <= set(props)
    for name, value in RECORDS[object_type].items():
        assert props[name] == value
    listed = client.get(f"/crm/v3/objects/{object_type}").json()["results"]
    assert [r["id"] for r in listed] == [rid]
    read = client.post(
        f"/crm/v3/objects/{object_type}/batch/read", json={"inputs": [{"id": rid}, {"id": "9"}]}
    )
    assert read.status_code == 207
    assert [r["id"] for r in read.json()["results"]] == [rid]


def test_crm_records_follow_their_create_rules(client: httpx.Client) -> None:
    nameless = client.post("/crm/v3/objects/contacts", json={"properties": {"phone": "555"}})
    assert nameless.status_code == 400
    assert nameless.json()["category"] == "VALIDATION_ERROR"
    deal = client.get(f"/crm/v3/objects/deals/{create(client, 'deals')}").json()
    assert deal["properties"]["pipeline"] == "default"
    ticket = client.get(f"/crm/v3/objects/tickets/{create(client, 'tickets')}").json()
    assert ticket["properties"]["hs_pipeline"] == "0"
    cid = create(client, "contacts")
    by_email = client.get("/crm/v3/objects/contact/ada@example.com", params={"idProperty": "email"})
    assert by_email.json()["id"] == cid
    again = client.post("/crm/v3/objects/contacts", json={"properties": RECORDS["contacts"]})
    assert again.status_code == 409


def test_meetings_answer_to_their_object_type_id(client: httpx.Client) -> None:
    mid = new_meeting(client)
    assert client.get(f"/crm/v3/objects/0-47/{mid}").json()["id"] == mid


# ===================================================================== one record pair
@pytest.mark.parametrize(
    ("object_type", "forward", "backward"),
    [("contacts", 200, 199), ("companies", 188, 187), ("deals", 212, 211), ("tickets", 226, 225)],
)
def test_default_association_is_written_both_ways(
    strict: httpx.Client, object_type: str, forward: int, backward: int
) -> None:
    mid, rid = new_meeting(strict), create(strict, object_type)
    put = strict.put(f"{V4}/meetings/{mid}/associations/default/{object_type}/{rid}")
    assert put.status_code == 200
    specs = {
        (r["from"]["id"], r["to"]["id"]): r["associationSpec"]["associationTypeId"]
        for r in put.json()["results"]
    }
    assert specs == {(mid, rid): forward, (rid, mid): backward}
    assert linked(strict, "meetings", mid, object_type) == {rid: [forward]}
    assert linked(strict, object_type, rid, "meetings") == {mid: [backward]}
    listed = strict.get(f"{V4}/meeting/{mid}/associations/{object_type}").json()["results"]
    assert listed[0]["associationTypes"] == [
        {"category": "HUBSPOT_DEFINED", "typeId": forward, "label": None}
    ]


def test_labelled_put_replaces_the_labels_and_keeps_the_unlabeled_type(
    strict: httpx.Client,
) -> None:
    cid, company = create(strict, "contacts"), create(strict, "companies")
    primary = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]
    put = strict.put(f"{V4}/contact/{cid}/associations/company/{company}", json=primary)
    assert put.status_code == 201
    assert put.json() == {
        "fromObjectTypeId": "0-1",
        "fromObjectId": int(cid),
        "toObjectTypeId": "0-2",
        "toObjectId": int(company),
        "labels": ["Primary"],
    }
    assert linked(strict, "contacts", cid, "companies") == {company: [1, 279]}
    assert linked(strict, "companies", company, "contacts") == {cid: [2, 280]}
    unlabeled = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]
    again = strict.put(f"{V4}/0-1/{cid}/associations/0-2/{company}", json=unlabeled)
    assert again.json()["labels"] == []
    assert linked(strict, "companies", company, "contacts") == {cid: [280]}


@pytest.mark.parametrize(
    "spec",
    [
        {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1},
        {"associationCategory": "USER_DEFINED", "associationTypeId": 200},
    ],
)
def test_labelled_put_refuses_a_type_of_another_pair(
    strict: httpx.Client, spec: dict[str, Any]
) -> None:
    mid, cid = new_meeting(strict), create(strict, "contacts")
    put = strict.put(f"{V4}/meetings/{mid}/associations/contacts/{cid}", json=[spec])
    assert put.status_code == 400
    assert put.json()["errors"][0]["code"] == "INVALID_ASSOCIATION_TYPE"
    assert linked(strict, "meetings", mid, "contacts") == {}


def test_delete_removes_the_pair_in_both_directions(strict: httpx.Client) -> None:
    mid, cid = new_meeting(strict), create(strict, "contacts")
    strict.put(f"{V4}/meetings/{mid}/associations/default/contacts/{cid}")
    assert strict.delete(f"{V4}/contacts/{cid}/associations/meetings/{mid}").status_code == 204
    assert linked(strict, "meetings", mid, "contacts") == {}
    assert linked(strict, "contacts", cid, "meetings") == {}


def test_missing_records_are_refused_with_hubspots_body(strict: httpx.Client) -> None:
    mid = new_meeting(strict)
    put = strict.put(f"{V4}/meetings/{mid}/associations/default/contacts/404404")
    assert put.status_code == 400
    body = put.json()
    assert body["message"] == "One or more associations are invalid"
    assert body["context"] == {
        "INVALID_OBJECT_IDS": ["CONTACT=404404 is not valid"],
        "objectId": [mid],
        "objectType": ["MEETING"],
    }
    unknown = strict.get(f"{V4}/contacts/404404/associations/meetings")
    assert unknown.status_code == 404
    assert unknown.json()["category"] == "OBJECT_NOT_FOUND"


def test_the_default_config_refuses_ids_it_cannot_find(client: httpx.Client) -> None:
    mid = new_meeting(client)
    refused = client.put(f"{V4}/meetings/{mid}/associations/default/contacts/101")
    assert refused.status_code == 400
    assert refused.json()["context"]["INVALID_OBJECT_IDS"] == ["CONTACT=101 is not valid"]
    assert linked(client, "meetings", mid, "contacts") == {}


def test_a_config_may_accept_ids_it_cannot_find(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(require_association_records=False), clock=clock)
    with make_client(emu) as lenient:
        mid = new_meeting(lenient)
        linking = lenient.put(f"{V4}/meetings/{mid}/associations/default/contacts/101")
        assert linking.status_code == 200
        assert linked(lenient, "contacts", "101", "meetings") == {mid: [199]}


def test_archived_records_drop_out_of_association_reads(strict: httpx.Client) -> None:
    mid, cid = new_meeting(strict), create(strict, "contacts")
    strict.put(f"{V4}/meetings/{mid}/associations/default/contacts/{cid}")
    assert strict.delete(f"/crm/v3/objects/contacts/{cid}").status_code == 204
    assert linked(strict, "meetings", mid, "contacts") == {}


def test_list_pages_with_after_up_to_500(strict: httpx.Client) -> None:
    mid = new_meeting(strict)
    ids = [create(strict, "contacts", email=f"p{i}@example.com") for i in range(5)]
    for cid in ids:
        strict.put(f"{V4}/meetings/{mid}/associations/default/contacts/{cid}")
    seen: list[str] = []
    after: str | None = None
    while True:
        params = {"limit": "2", **({"after": after} if after else {})}
        page = strict.get(f"{V4}/meetings/{mid}/associations/contacts", params=params).json()
        seen += [str(r["toObjectId"]) for r in page["results"]]
        after = page.get("paging", {}).get("next", {}).get("after")
        if after is None:
            break
    assert seen == ids
    too_many = strict.get(f"{V4}/meetings/{mid}/associations/contacts", params={"limit": "501"})
    assert too_many.status_code == 400


def test_routing_errors_come_after_authentication(emu: Emulator) -> None:
    with make_client(emu, token=None) as anonymous:
        assert anonymous.get(f"{V4}/meetings/1/associations/contacts").status_code == 401
    with make_client(emu) as c:
        wrong_method = c.post(f"{V4}/meetings/1/associations/contacts/2")
        assert wrong_method.status_code == 405
        assert wrong_method.headers["Allow"] == "PUT, DELETE"
        # HubSpot's 400 for a type it cannot resolve (docs/hubspot-behaviour.md), v4 included.
        unknown = c.get(f"{V4}/widgets/1/associations/contacts")
        assert unknown.status_code == 400
        assert unknown.json()["message"] == "Unable to infer object type from: widgets"


def test_dated_paths_reach_the_same_associations(strict: httpx.Client) -> None:
    mid, cid = new_meeting(strict), create(strict, "contacts")
    dated = f"/crm/objects/2026-03/meetings/{mid}/associations/default/contacts/{cid}"
    assert strict.put(dated).status_code == 200
    read = strict.post(
        "/crm/associations/2026-03/contacts/meetings/batch/read", json={"inputs": [{"id": cid}]}
    )
    assert read.json()["results"][0]["to"][0]["toObjectId"] == int(mid)


# ===================================================================== batches
def test_batch_default_and_create_report_missing_records_per_item(strict: httpx.Client) -> None:
    mids = [new_meeting(strict) for _ in range(2)]
    cid = create(strict, "contacts")
    inputs = [{"from": {"id": m}, "to": {"id": x}} for m, x in ((mids[0], cid), (mids[1], "7"))]
    default = strict.post(
        f"{BATCH}/meetings/contacts/batch/associate/default", json={"inputs": inputs}
    )
    assert default.status_code == 207
    body = default.json()
    assert body["numErrors"] == 1
    assert body["errors"][0]["context"]["INVALID_OBJECT_IDS"] == ["CONTACT=7 is not valid"]
    assert {(r["from"]["id"], r["to"]["id"]) for r in body["results"]} == {
        (mids[0], cid),
        (cid, mids[0]),
    }
    types = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}]
    created = strict.post(
        f"{BATCH}/meeting/contact/batch/create",
        json={"inputs": [{"from": {"id": mids[1]}, "to": {"id": cid}, "types": types}]},
    )
    assert created.status_code == 201
    assert created.json()["results"][0]["labels"] == []
    assert linked(strict, "contacts", cid, "meetings") == {mids[0]: [199], mids[1]: [199]}


def test_batch_archives_remove_pairs_or_labels(strict: httpx.Client) -> None:
    cid = create(strict, "contacts")
    companies = [create(strict, "companies", name=f"Co {i}") for i in range(3)]
    primary = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}]
    strict.post(
        f"{BATCH}/contacts/companies/batch/create",
        json={
            "inputs": [{"from": {"id": cid}, "to": {"id": c}, "types": primary} for c in companies]
        },
    )
    labels = strict.post(
        f"{BATCH}/contacts/companies/batch/labels/archive",
        json={"inputs": [{"from": {"id": cid}, "to": {"id": companies[0]}, "types": primary}]},
    )
    assert labels.status_code == 204
    unlabeled = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}]
    strict.post(
        f"{BATCH}/contacts/companies/batch/labels/archive",
        json={"inputs": [{"from": {"id": cid}, "to": {"id": companies[1]}, "types": unlabeled}]},
    )
    assert linked(strict, "contacts", cid, "companies") == {
        companies[0]: [279],
        companies[2]: [1, 279],
    }
    archive = strict.post(
        f"{BATCH}/companies/contacts/batch/archive",
        json={"inputs": [{"from": {"id": companies[2]}, "to": [{"id": cid}]}]},
    )
    assert archive.status_code == 204
    assert linked(strict, "contacts", cid, "companies") == {companies[0]: [279]}


def test_batch_read_reports_records_without_associations(strict: httpx.Client) -> None:
    mid, cid = new_meeting(strict), create(strict, "contacts")
    strict.put(f"{V4}/meetings/{mid}/associations/default/contacts/{cid}")
    lonely = new_meeting(strict)
    read = strict.post(
        f"{BATCH}/meetings/contacts/batch/read", json={"inputs": [{"id": mid}, {"id": lonely}]}
    )
    assert read.status_code == 207
    body = read.json()
    assert body["results"] == [
        {
            "from": {"id": mid},
            "to": [
                {
                    "toObjectId": int(cid),
                    "associationTypes": [
                        {"category": "HUBSPOT_DEFINED", "typeId": 200, "label": None}
                    ],
                }
            ],
        }
    ]
    error = body["errors"][0]
    assert error["subCategory"] == "crm.associations.NO_ASSOCIATIONS_FOUND"
    assert error["message"] == f"No contact is associated with meeting {lonely}."


@pytest.mark.parametrize(
    ("op", "limit"),
    [("read", 1000), ("associate/default", 2000), ("create", 2000), ("archive", 2000)],
)
def test_batch_input_limits(client: httpx.Client, op: str, limit: int) -> None:
    def item(i: int) -> dict[str, Any]:
        if op == "read":
            return {"id": str(i + 1)}
        to: Any = [{"id": "2"}] if op == "archive" else {"id": "2"}
        types = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}]
        return {
            "from": {"id": str(i + 1)},
            "to": to,
            **({"types": types} if op == "create" else {}),
        }

    url = f"{BATCH}/meetings/contacts/batch/{op}"
    assert client.post(url, json={"inputs": [item(i) for i in range(limit)]}).status_code < 400
    over = client.post(url, json={"inputs": [item(i) for i in range(limit + 1)]})
    assert over.status_code == 400
    assert str(limit) in over.json()["message"]


def test_batch_read_limit_is_a_setting(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(max_association_batch_read_inputs=100), clock=clock)
    with make_client(emu) as c:
        inputs = [{"id": str(i)} for i in range(1, 102)]
        read = c.post(f"{BATCH}/meetings/contacts/batch/read", json={"inputs": inputs})
    assert read.status_code == 400


# ===================================================================== v3 and v4 in step
def test_v3_create_time_links_are_v4_associations_and_back(strict: httpx.Client) -> None:
    cid, deal = create(strict, "contacts"), create(strict, "deals")
    to_contact = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}]
    mid = new_meeting(strict, associations=[{"to": {"id": cid}, "types": to_contact}])
    assert linked(strict, "contacts", cid, "meetings") == {mid: [199]}
    strict.put(f"{V4}/deals/{deal}/associations/default/meetings/{mid}")
    got = strict.get(f"{MEETINGS}/{mid}", params={"associations": "contacts,deals"}).json()
    assert got["associations"] == {
        "contacts": {"results": [{"id": cid, "type": "meeting_to_contact"}]},
        "deals": {"results": [{"id": deal, "type": "meeting_to_deal"}]},
    }
    strict.delete(f"{V4}/meetings/{mid}/associations/contacts/{cid}")
    after = strict.get(f"{MEETINGS}/{mid}", params={"associations": "contacts"}).json()
    assert "associations" not in after


def test_v3_create_with_a_missing_record_is_refused(strict: httpx.Client) -> None:
    to_contact = [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}]
    one = strict.post(
        MEETINGS, json={**meeting(), "associations": [{"to": {"id": "5"}, "types": to_contact}]}
    )
    assert one.status_code == 400
    assert one.json()["context"]["INVALID_OBJECT_IDS"] == ["CONTACT=5 is not valid"]
    cid = create(strict, "contacts")
    inputs = [
        {
            **meeting(),
            "objectWriteTraceId": "a",
            "associations": [{"to": {"id": cid}, "types": to_contact}],
        },
        {
            **meeting(),
            "objectWriteTraceId": "b",
            "associations": [{"to": {"id": "5"}, "types": to_contact}],
        },
    ]
    batch = strict.post(f"{MEETINGS}/batch/create", json={"inputs": inputs})
    assert batch.status_code == 207
    assert batch.json()["errors"][0]["context"]["objectWriteTraceId"] == ["b"]
    assert len(linked(strict, "contacts", cid, "meetings")) == 1


# ===================================================================== search
def test_search_filters_meetings_by_associated_record(
    strict: httpx.Client, clock: FakeClock
) -> None:
    ada, bob = create(strict, "contacts"), create(strict, "contacts", email="bob@example.com")
    with_ada, with_bob, alone = new_meeting(strict), new_meeting(strict), new_meeting(strict)
    strict.put(f"{V4}/meetings/{with_ada}/associations/default/contacts/{ada}")
    strict.put(f"{V4}/meetings/{with_bob}/associations/default/contacts/{bob}")

    def search(object_type: str = "meetings", **flt: Any) -> httpx.Response:
        clock.advance(1)  # search allows five requests a second
        body = {"filterGroups": [{"filters": [flt]}]}
        return strict.post(f"/crm/v3/objects/{object_type}/search", json=body)

    def found(**flt: Any) -> list[str]:
        response = search(propertyName="associations.contact", **flt)
        assert response.status_code == 200, response.text
        return [r["id"] for r in response.json()["results"]]

    assert found(operator="EQ", value=ada) == [with_ada]
    assert found(operator="IN", values=[ada, bob]) == [with_ada, with_bob]
    assert found(operator="NEQ", value=ada) == [with_bob, alone]
    assert found(operator="NOT_HAS_PROPERTY") == [alone]
    refused = search(propertyName="associations.contact", operator="GT", value="1")
    assert refused.status_code == 400
    reverse = search("contacts", propertyName="associations.meeting", operator="EQ", value=with_bob)
    assert [r["id"] for r in reverse.json()["results"]] == [bob]


# ===================================================================== over the socket
def test_associations_over_the_socket(clock: FakeClock) -> None:
    emu = Emulator(EmulatorConfig(require_association_records=True), clock=clock)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with emu.serve() as server, httpx.Client(base_url=str(server.url), headers=auth) as c:
        mid, cid = new_meeting(c), create(c, "contacts")
        assert c.put(f"{V4}/meetings/{mid}/associations/default/contacts/{cid}").status_code == 200
        assert linked(c, "contacts", cid, "meetings") == {mid: [199]}
        missing = c.put(f"{V4}/meetings/{mid}/associations/default/contacts/1")
        assert missing.status_code == 400
