"""Requests are checked before they leave (errors name the field); responses parse strictly
or leniently."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator
from hubspot_meetings import (
    BearerToken,
    HubSpotMeetings,
    RequestValidationError,
    ResponseValidationError,
)

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport()) as c:
        yield c


def _filter(op: str, **kw: Any) -> dict[str, Any]:
    return {"propertyName": "hs_meeting_title", "operator": op, **kw}


def _refused(emu: Emulator, call: Any) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as info:
        call()
    assert emu.requests == [], "nothing may be sent when the request is refused"
    return info.value


@pytest.mark.parametrize(
    ("properties", "field", "words"),
    [
        ({"hs_meeting_title": "x"}, "properties.hs_timestamp", "required"),
        ({"hs_timestamp": "yesterday"}, "properties.hs_timestamp", "ISO-8601"),
        (
            {"hs_timestamp": TS, "hs_meeting_title": {"a": 1}},
            "properties.hs_meeting_title",
            "strings, numbers or booleans",
        ),
        ({"hs_timestamp": TS, "hs_meeting_title": ["a"]}, "properties.hs_meeting_title", "list"),
        ({"hs_timestamp": TS, "hs_meeting_title": None}, "properties.hs_meeting_title", "''"),
        (
            {"hs_timestamp": TS, "hs_meeting_end_time": "soon"},
            "properties.hs_meeting_end_time",
            "ISO-8601",
        ),
    ],
)
def test_create_refusals_name_the_field(
    emu: Emulator, client: HubSpotMeetings, properties: dict[str, Any], field: str, words: str
) -> None:
    err = _refused(emu, lambda: client.create(properties))
    assert err.field == field
    assert words in str(err)


@pytest.mark.parametrize("timestamp", [TS, "2024-11-20T20:12:03Z", "1732133523054", 1732133523054])
def test_timestamps_accepted(client: HubSpotMeetings, timestamp: object) -> None:
    assert client.create({"hs_timestamp": timestamp}).id


def test_batch_refusals_carry_the_input_index(emu: Emulator, client: HubSpotMeetings) -> None:
    good = {"properties": {"hs_timestamp": TS}}
    bad = {"properties": {"hs_timestamp": TS, "hs_meeting_title": {"x": 1}}}
    err = _refused(emu, lambda: client.batch_create([good, good, good, bad]))
    assert err.field == "inputs[3].properties.hs_meeting_title"
    err = _refused(emu, lambda: client.batch_create([good, {"props": {}}]))
    assert err.field == "inputs[1]"
    err = _refused(emu, lambda: client.batch_read(["1", "", "3"]))
    assert err.field == "ids[1]" and "empty" in str(err)
    err = _refused(emu, lambda: client.batch_update([{"id": " ", "properties": {}}]))
    assert err.field == "inputs[0].id"
    err = _refused(emu, lambda: client.batch_upsert([{"id": "a", "properties": {}}]))
    assert err.field == "inputs[0].idProperty"
    err = _refused(emu, lambda: client.batch_archive([None]))
    assert err.field == "ids[0]"
    err = _refused(
        emu,
        lambda: client.batch_create(
            [{"properties": {"hs_timestamp": TS}, "objectWriteTraceId": "t"}] * 2
        ),
    )
    assert err.field == "inputs[1].objectWriteTraceId"


def test_single_record_refusals(emu: Emulator, client: HubSpotMeetings) -> None:
    assert _refused(emu, lambda: client.get("")).field == "object_id"
    assert _refused(emu, lambda: client.get("1", properties="hs_meeting_title")).field == (
        "properties"
    )
    assert _refused(emu, lambda: client.update("1", {"x": object()})).field == "properties.x"
    assert _refused(emu, lambda: client.list(limit=101)).field == "limit"
    assoc = [
        {"to": {"id": "1"}, "types": [{"associationCategory": "MINE", "associationTypeId": 1}]}
    ]
    err = _refused(emu, lambda: client.create({"hs_timestamp": TS}, associations=assoc))
    assert err.field == "associations[0].types[0].associationCategory"


def _groups(groups: int, per_group: int) -> list[dict[str, Any]]:
    return [{"filters": [_filter("EQ", value="x")] * per_group} for _ in range(groups)]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"filter_groups": _groups(6, 1)}, "filter_groups", "at most 5 groups"),
        ({"filter_groups": _groups(1, 7)}, "filter_groups[0].filters", "6 filters per group"),
        ({"filter_groups": _groups(4, 5)}, "filter_groups", "18 filters in all"),
        ({"sorts": ["a", "-b"]}, "sorts", "1 sort"),
        ({"limit": 201}, "limit", "1..200"),
        ({"query": "q" * 3001}, "query", "3000"),
        ({"after": "abc"}, "after", "integer"),
        (
            {"filter_groups": [{"filters": [_filter("LIKE", value="a")]}]},
            "filter_groups[0].filters[0].operator",
            "unknown operator",
        ),
        (
            {"filter_groups": [{"filters": [_filter("EQ")]}]},
            "filter_groups[0].filters[0].value",
            "needs a value",
        ),
        (
            {"filter_groups": [{"filters": [_filter("BETWEEN", value="1")]}]},
            "filter_groups[0].filters[0].highValue",
            "highValue",
        ),
        (
            {"filter_groups": [{"filters": [_filter("IN", value="a")]}]},
            "filter_groups[0].filters[0].values",
            "non-empty list",
        ),
        (
            {"filter_groups": [{"filters": [_filter("HAS_PROPERTY", value="a")]}]},
            "filter_groups[0].filters[0].value",
            "takes no value",
        ),
        ({"sorts": [{"propertyName": "x", "direction": "UP"}]}, "sorts[0].direction", "ASCENDING"),
    ],
)
def test_search_refusals(
    emu: Emulator, client: HubSpotMeetings, kwargs: dict[str, Any], field: str, words: str
) -> None:
    err = _refused(emu, lambda: client.search(**kwargs))
    assert err.field == field
    assert words in str(err)


def test_search_at_the_limits_is_sent(client: HubSpotMeetings) -> None:
    page = client.search(
        filter_groups=[{"filters": [_filter("HAS_PROPERTY")] * 6}] * 3,
        sorts=["-hs_createdate"],
        limit=200,
        query="q" * 3000,
    )
    assert page.total == 0
    page = client.search(
        filter_groups=[{"filters": [_filter("IN", values=["a", 1, True])]}], after=0
    )
    assert page.results == []


def _serving(body: object, status: int = 200) -> httpx.MockTransport:
    return httpx.MockTransport(lambda _r: httpx.Response(status, json=body))


def test_strict_batch_and_search_parsing(emu: Emulator) -> None:
    batch = {
        "status": "COMPLETE",
        "results": [{"id": "1", "properties": {"a": 5}}],
        "startedAt": "2024-01-01T00:00:00Z",
    }
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=_serving(batch)) as strict:
        result = strict.batch_read(["1"])
    # A read's records are checked as they are read: the malformed value raises, named.
    [record] = result.results
    with pytest.raises(ResponseValidationError) as info:
        record.properties  # noqa: B018
    assert info.value.field == "results[0].properties.a"
    # A body whose shape is wrong fails the read's chunk, naming the field.
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=_serving({**batch, "results": {}})
    ) as strict:
        [error] = strict.batch_read(["1"]).errors
    assert isinstance(error.error, ResponseValidationError)
    assert error.error.field == "results"
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=_serving(batch), validation=False
    ) as lax:
        lenient = lax.batch_read(["1"])
    assert lenient.ok and lenient.results[0].properties == {"a": "5"}
    assert lenient.results[0].raw["properties"] == {"a": 5}

    search = {"total": "many", "results": []}
    with (
        HubSpotMeetings(auth=BearerToken(TOKEN), transport=_serving(search)) as strict,
        pytest.raises(ResponseValidationError) as info,
    ):
        strict.search()
    assert info.value.field == "total"
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=_serving(search), validation=False
    ) as lax:
        assert lax.search().total is None


def test_unparseable_write_response_leaves_the_outcome_unknown() -> None:
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=_serving({"results": "nope"}, status=201)
    ) as strict:
        result = strict.batch_create([{"properties": {"hs_timestamp": TS}}])
    assert result.unknown_indexes == [0] and result.errors == []


def test_non_json_body_is_a_response_validation_error() -> None:
    transport = httpx.MockTransport(lambda _r: httpx.Response(200, text="<html>hi</html>"))
    with (
        HubSpotMeetings(auth=BearerToken(TOKEN), transport=transport) as c,
        pytest.raises(ResponseValidationError) as info,
    ):
        c.get("1")
    assert info.value.field == "$"
