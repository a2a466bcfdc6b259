"""Response parsing reads each record once; the generated model is built on demand.

Strict parsing checks the JSON itself instead of building the generated models, so these tests
hold it to what matters: every body it accepts yields its generated model (the checks refuse
all that the generated parsers refuse), a refused body names the bad field, and `.model`,
built lazily, equals the model the generated parser builds eagerly.
"""

from __future__ import annotations

import copy
import datetime
import json
from collections.abc import Iterator
from typing import Any

import attrs
import httpx
import pytest

from hubspot_emulator import Emulator
from hubspot_meetings import (
    BearerToken,
    CrmObject,
    HubSpotMeetings,
    RequestValidationError,
    ResponseValidationError,
)
from hubspot_meetings._generated import ObjectBinding, bind
from hubspot_meetings._plan.parsing import parse_batch, parse_object, parse_page, parse_search_page

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"
MEETINGS = "https://api.hubapi.com/crm/v3/objects/meetings"


def _contact_assoc(contact_id: str) -> list[dict[str, Any]]:
    return [
        {
            "to": {"id": contact_id},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
        }
    ]


@pytest.fixture(scope="module")
def binding() -> ObjectBinding:
    return bind("meetings")


@pytest.fixture(scope="module")
def bodies() -> dict[str, Any]:
    """Real response bodies from the emulator, read with plain httpx (no facade)."""
    emu = Emulator()
    with httpx.Client(
        transport=emu.transport(), headers={"Authorization": f"Bearer {TOKEN}"}
    ) as http:
        [contact] = emu.seed("contacts", [{"email": "ada@example.com"}])
        ids = []
        for i in range(3):
            created = http.post(
                MEETINGS,
                json={
                    "properties": {"hs_timestamp": TS, "hs_meeting_title": f"m{i}"},
                    "associations": _contact_assoc(contact),
                },
            )
            assert created.status_code == 201, created.text
            ids.append(created.json()["id"])
        http.patch(f"{MEETINGS}/{ids[0]}", json={"properties": {"hs_meeting_title": "m0 v2"}})
        listed = http.get(
            MEETINGS,
            params={
                "limit": 2,
                "properties": "hs_meeting_title",
                "propertiesWithHistory": "hs_meeting_title",
                "associations": "contacts",
            },
        )
        search = http.post(f"{MEETINGS}/search", json={"limit": 2, "properties": ["hs_timestamp"]})
        batch = http.post(
            f"{MEETINGS}/batch/read",
            json={"inputs": [{"id": ids[0]}, {"id": "999999"}], "properties": ["hs_timestamp"]},
        )
    assert listed.status_code == 200 and search.status_code == 200 and batch.status_code == 207
    return {
        "list": listed.json(),
        "search": search.json(),
        "batch": batch.json(),
        "contact": contact,
    }


def _list_body(bodies: dict[str, Any]) -> dict[str, Any]:
    """The emulator's list page with every optional part HubSpot documents filled in."""
    body = copy.deepcopy(bodies["list"])
    assert body["paging"]["next"]["after"]  # a real cursor from the emulator
    first = body["results"][0]
    assert first["propertiesWithHistory"]["hs_meeting_title"]
    assert first["associations"]["contacts"]["results"]
    first["associations"]["contacts"]["paging"] = {"next": {"after": "1", "link": "x"}}
    first["warnings"] = [{"category": "W", "message": "m", "context": {"k": "v"}}]
    first["url"] = "https://app.hubspot.com/x"
    first["objectWriteTraceId"] = "t-1"
    first["archivedAt"] = TS
    return body


def _upsert_body() -> dict[str, Any]:
    return {
        "status": "COMPLETE",
        "results": [
            {"id": "1", "properties": {"a": "1"}, "new": True, "createdAt": TS, "updatedAt": TS}
        ],
        "startedAt": TS,
        "completedAt": TS,
        "requestedAt": TS,
        "links": {"self": "x"},
        "numErrors": 1,
        "errors": [
            {
                "status": "error",
                "category": "VALIDATION_ERROR",
                "message": "m",
                "context": {"ids": ["2"]},
                "links": {"doc": "x"},
                "subCategory": {"kind": "x"},
                "errors": [{"message": "m", "context": {"k": ["v"]}}],
            }
        ],
    }


def _cases(binding: ObjectBinding, bodies: dict[str, Any]) -> Iterator[tuple[str, Any, Any]]:
    """(name, body, parse(body, strict)) for every response shape the facade reads."""
    m = binding.model
    yield (
        "list",
        _list_body(bodies),
        lambda b, s: parse_page(b, m("page"), m("object_with_associations"), strict=s),
    )
    search = copy.deepcopy(bodies["search"])
    search["paging"]["prev"] = {"before": "0", "link": "x"}
    yield (
        "search",
        search,
        lambda b, s: parse_search_page(b, m("search_page"), m("object"), strict=s),
    )
    yield (
        "batch",
        bodies["batch"],
        lambda b, s: parse_batch(b, m("batch_response"), m("object"), strict=s),
    )
    yield (
        "upsert",
        _upsert_body(),
        lambda b, s: parse_batch(b, m("batch_upsert_response"), m("upsert_object"), strict=s),
    )
    yield (
        "object",
        _list_body(bodies)["results"][0],
        lambda b, s: parse_object(b, m("object_with_associations"), strict=s),
    )


def _models(parsed: Any) -> list[Any]:
    if isinstance(parsed, CrmObject):
        return [parsed.model]
    return [parsed.model, *(o.model for o in parsed.results)]


def _read(parsed: Any) -> list[Any]:
    """Read every field of every record, then the models: a page's records are checked field
    by field as they are first read, so a strict refusal may come from here."""
    records = [parsed] if isinstance(parsed, CrmObject) else parsed.results
    for record in records:
        for field in attrs.fields(type(record)):
            getattr(record, field.name)
    return _models(parsed)


# --- the lazy model --------------------------------------------------------------------------


def test_lazy_model_equals_the_generated_parse(
    binding: ObjectBinding, bodies: dict[str, Any]
) -> None:
    m = binding.model
    item_cls = {
        "list": m("object_with_associations"),
        "object": m("object_with_associations"),
        "upsert": m("upsert_object"),
    }
    page_cls = {
        "list": m("page"),
        "search": m("search_page"),
        "batch": m("batch_response"),
        "upsert": m("batch_upsert_response"),
    }
    for name, body, parse in _cases(binding, bodies):
        pristine = copy.deepcopy(body)
        parsed = parse(body, True)
        records = [parsed] if name == "object" else parsed.results
        assert records, name
        for record in records:
            eager = item_cls.get(name, m("object")).from_dict(record.raw)
            assert record.model == eager, name
            assert record.model is record.model  # built once, then kept
        if name != "object":
            assert parsed.model == page_cls[name].from_dict(pristine), name
        assert body == pristine, f"{name}: parsing changed the body"


def test_records_carry_what_the_body_says(binding: ObjectBinding, bodies: dict[str, Any]) -> None:
    body = _list_body(bodies)
    page = parse_page(
        body, binding.model("page"), binding.model("object_with_associations"), strict=True
    )
    first = page.results[0]
    raw = body["results"][0]
    assert first.id == raw["id"]
    assert first.properties == raw["properties"]
    assert first.properties is not raw["properties"]  # a copy: editing it leaves raw alone
    assert first.created_at == datetime.datetime.fromisoformat(raw["createdAt"])
    assert first.archived_at == datetime.datetime.fromisoformat(TS)
    assert first.archived is False
    assert [e["value"] for e in first.properties_with_history["hs_meeting_title"]] == [
        "m0 v2",
        "m0",
    ]
    assert first.associations["contacts"][0]["id"] == bodies["contact"]
    assert (first.url, first.object_write_trace_id) == ("https://app.hubspot.com/x", "t-1")
    assert page.next_after == body["paging"]["next"]["after"]
    upsert = parse_batch(
        _upsert_body(),
        binding.model("batch_upsert_response"),
        binding.model("upsert_object"),
        strict=True,
    )
    assert upsert.results[0].new is True and upsert.status == "COMPLETE"
    assert upsert.errors[0]["context"] == {"ids": ["2"]}


def test_evolve_and_from_raw_keep_the_model_reachable(binding: ObjectBinding) -> None:
    cls = binding.model("object")
    raw = {"id": "7", "properties": {"a": "1"}, "createdAt": TS}
    lazy = CrmObject.from_raw(raw, model_cls=cls)
    changed = attrs.evolve(lazy, properties={"a": "2"})
    assert changed.model == cls.from_dict(raw) == lazy.model
    given = cls.from_dict(raw)
    assert CrmObject.from_raw(raw, given).model is given
    assert CrmObject.from_raw(raw).model is None  # no model class: nothing to build


# --- strict checks: everything the generated parsers refuse, named ----------------------------


_BAD_VALUES: tuple[Any, ...] = (None, 1, True, "x", [], {}, [1], ["x"], [{}])


def _paths(node: Any, path: str) -> Iterator[tuple[str, Any, Any]]:
    """(path, container, key) of every value under `node`, named the way the parser names them."""
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(node, dict):
            where = f"{path}.{key}" if path else str(key)
        else:
            where = f"{path}[{key}]"
        yield where, node, key
        if isinstance(value, dict | list):
            yield from _paths(value, where)


def _mutations(body: Any, root: str) -> Iterator[tuple[str, Any]]:
    """`body` with one value replaced by a wrong one, or one key removed, at every path."""
    for where, _node, _key in list(_paths(body, root)):
        for bad in (*_BAD_VALUES, KeyError):
            mutated = copy.deepcopy(body)
            for w, node, key in _paths(mutated, root):
                if w == where:
                    if bad is KeyError:
                        if not isinstance(node, dict):
                            break
                        del node[key]
                    else:
                        node[key] = copy.deepcopy(bad)
                    yield where, mutated
                    break


def _related(field: str, where: str) -> bool:
    return field.startswith(where) or where.startswith(field)


def test_strict_refuses_whatever_the_generated_parser_refuses(
    binding: ObjectBinding, bodies: dict[str, Any]
) -> None:
    tried = refused = 0
    for name, body, parse in _cases(binding, bodies):
        root = "$" if name == "object" else ""
        for where, mutated in _mutations(body, root):
            tried += 1
            pristine = copy.deepcopy(mutated)
            try:
                models = _read(parse(mutated, True))
            except ResponseValidationError as exc:
                refused += 1
                assert _related(exc.field, where), (name, where, exc.field)
                continue
            # Accepted: so the generated parsers must accept it too, page and records.
            assert all(model is not None for model in models), (name, where)
            assert mutated == pristine
            # Lenient parsing never raises, whatever the body.
            parse(copy.deepcopy(pristine), False)
    assert tried > 500 and refused > 200  # the walk reached the whole bodies


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda b: b["results"][1].update(createdAt="yesterday"), "results[1].createdAt"),
        (lambda b: b["results"][0].pop("id"), "results[0].id"),
        (lambda b: b["results"][0]["properties"].update(hs_x=5), "results[0].properties.hs_x"),
        (
            lambda b: b["results"][0]["propertiesWithHistory"]["hs_meeting_title"][0].update(
                timestamp="soon"
            ),
            "results[0].propertiesWithHistory.hs_meeting_title[0].timestamp",
        ),
        (
            lambda b: b["results"][0]["associations"]["contacts"]["results"][0].pop("id"),
            "results[0].associations.contacts.results[0].id",
        ),
        (lambda b: b["results"][0].update(warnings={}), "results[0].warnings"),
        (lambda b: b.update(paging=None), "paging"),
        (lambda b: b["paging"].update(next={}), "paging.next.after"),
    ],
)
def test_strict_errors_name_the_field(
    binding: ObjectBinding, bodies: dict[str, Any], mutate: Any, field: str
) -> None:
    body = _list_body(bodies)
    mutate(body)
    with pytest.raises(ResponseValidationError) as info:
        _read(
            parse_page(
                body, binding.model("page"), binding.model("object_with_associations"), strict=True
            )
        )
    assert info.value.field == field


def test_a_page_of_records_is_checked_field_by_field_as_it_is_read(
    binding: ObjectBinding, bodies: dict[str, Any]
) -> None:
    body = _list_body(bodies)
    body["results"][1]["createdAt"] = "yesterday"
    page = parse_page(
        body, binding.model("page"), binding.model("object_with_associations"), strict=True
    )
    good, bad = page.results
    # The well-formed record reads in full; the malformed one gives every field but the bad one.
    assert good.model is not None and good.created_at is not None
    assert bad.id == body["results"][1]["id"] and bad.properties
    with pytest.raises(ResponseValidationError) as info:
        bad.created_at  # noqa: B018
    assert info.value.field == "results[1].createdAt"
    with pytest.raises(ResponseValidationError) as info:
        bad.model  # noqa: B018
    assert info.value.field == "results[1].createdAt"
    # Read once, kept: a field is converted on first read only.
    assert good.properties is good.properties
    assert good.properties == body["results"][0]["properties"]
    assert good.properties is not body["results"][0]["properties"]


def test_strict_batch_errors_name_the_field(binding: ObjectBinding) -> None:
    for mutate, field in [
        (lambda b: b["errors"][0].update(context=["ids"]), "errors[0].context"),
        (lambda b: b["errors"][0]["errors"].append("oops"), "errors[0].errors[1]"),
        (lambda b: b.update(links="self"), "links"),
        (lambda b: b.update(completedAt=None), "completedAt"),
        (lambda b: b["results"][0].update(new="yes"), "results[0].new"),
    ]:
        body = _upsert_body()
        mutate(body)
        with pytest.raises(ResponseValidationError) as info:
            parse_batch(
                body,
                binding.model("batch_upsert_response"),
                binding.model("upsert_object"),
                strict=True,
            )
        assert info.value.field == field


def test_lenient_keeps_malformed_and_unknown_fields_as_raw(binding: ObjectBinding) -> None:
    body = {
        "results": [
            {"id": "1", "properties": {"a": 5, "b": None}, "createdAt": "soon", "x": [1]},
            {"id": "2", "properties": {}, "archived": "no", "new": 1},
            "not a record",
        ],
        "total": "many",
        "paging": {"next": {"after": 30}},
    }
    page = parse_search_page(
        body, binding.model("search_page"), binding.model("object"), strict=False
    )
    one, two, three = page.results
    assert one.properties == {"a": "5", "b": None} and one.created_at is None
    assert one.raw["createdAt"] == "soon" and one.raw["x"] == [1]
    assert one.model is None  # the generated parser refuses "soon"
    assert two.archived is None and two.new is None and two.raw["archived"] == "no"
    assert two.model is not None and two.model.archived == "no"
    assert three.raw == {"_value": "not a record"}
    assert page.total is None and page.next_after == "30"
    assert page.model is None


# --- through the client --------------------------------------------------------------------------


def test_client_results_build_their_model_on_demand() -> None:
    emu = Emulator()
    [contact] = emu.seed("contacts", [{"email": "ada@example.com"}])
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport()) as client:
        made = client.create(
            {"hs_timestamp": TS, "hs_meeting_title": "Kickoff"},
            associations=_contact_assoc(contact),
        )
        page = client.search(properties=["hs_meeting_title"])
        read = client.batch_read([made.id], properties=["hs_meeting_title"])
    assert made.model.id == made.id and made.model.properties["hs_meeting_title"] == "Kickoff"
    [found] = page.results
    assert found.model.properties["hs_meeting_title"] == "Kickoff"
    assert page.model.total == 1 and page.model.results[0] == found.model
    assert read.results[0].model.created_at == made.created_at


def test_batch_read_sends_its_checked_body_as_built() -> None:
    sent: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(
            200, json={"status": "COMPLETE", "results": [], "startedAt": TS, "completedAt": TS}
        )

    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=httpx.MockTransport(handler)) as client:
        client.batch_read([1, " 2 "], properties=["a"], id_property="uid")
        with pytest.raises(RequestValidationError) as info:
            client.batch_read(["1"], id_property="  ")
    assert info.value.field == "id_property"
    # The lookup property is read too: results are matched to inputs by its value.
    assert sent == [
        {"inputs": [{"id": "1"}, {"id": "2"}], "properties": ["a", "uid"], "idProperty": "uid"}
    ]
