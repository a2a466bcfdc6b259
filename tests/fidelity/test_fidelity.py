"""The emulator against HubSpot's own answers: docs examples and recorded real traffic.

Each fixture in fixtures/ holds one HubSpot response and where it came from (README.md). Its test
sends the analogous request to the emulator and compares the answers field by field: the same
keys, the same kinds of value (ids, ISO datetimes with or without milliseconds, API links, app
urls, "true"/"false", free text), the same properties. What a fixture lists as not modelled
(another object's or an analytics property) is left out of the comparison, with its reason in the
fixture; nothing else is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock as Clock

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "pat-emulator-token"
MEETINGS = "/crm/v3/objects/meetings"
# Recorded instants have milliseconds, so the emulator's clock has some too.
START = 1_767_225_600.123
PROPERTY_ERRORS = "Property values were not valid: "

_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def load(name: str) -> dict[str, Any]:
    fixture: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return fixture


def kind(text: str) -> str:
    """What sort of string a value is, which is what a client relies on."""
    match = _DATETIME.fullmatch(text)
    if match:
        return "datetime with milliseconds" if match.group(1) else "datetime in whole seconds"
    if text.isdigit():
        return "digits"
    if _UUID.fullmatch(text):
        return "uuid"
    if text in ("true", "false"):
        return "boolean string"
    if text.startswith("https://api.hubapi.com/"):
        return "API link"
    if text.startswith("https://app.hubspot.com/"):
        return "app url"
    if text.startswith(PROPERTY_ERRORS):
        return "property errors"
    return "text"


def shape(value: Any, fixture: dict[str, Any], *, recorded: bool) -> Any:
    """The comparable skeleton of a body: keys, kinds of values, property names."""
    if isinstance(value, dict):
        items = dict(value)
        if "skip_properties" in fixture and "properties" in items:
            items["properties"] = {}
        if recorded:
            renames = fixture.get("property_map", {})
            items = {renames.get(k, k): v for k, v in items.items()}
        skipped = fixture.get("not_modelled", {}) if recorded else fixture.get("emulator_only", {})
        return {
            k: shape(v, fixture, recorded=recorded) for k, v in items.items() if k not in skipped
        }
    if isinstance(value, list):
        return [shape(value[0], fixture, recorded=recorded)] if value else []
    if isinstance(value, str):
        found = kind(value)
        if found == "property errors":
            items = json.loads(value.removeprefix(PROPERTY_ERRORS))
            return [found, shape(items, fixture, recorded=recorded)]
        return found
    return type(value).__name__


def assert_same_shape(fixture: dict[str, Any], response: httpx.Response) -> dict[str, Any]:
    recorded = fixture["response"]
    assert response.status_code == recorded["status"]
    body: dict[str, Any] = response.json()
    assert shape(body, fixture, recorded=False) == shape(recorded["body"], fixture, recorded=True)
    return body


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


def emulator(fixture: dict[str, Any], clock: Clock, **settings: Any) -> Emulator:
    config = EmulatorConfig(**{**fixture.get("emulator_config", {}), **settings})
    return Emulator(config, clock=clock)


def client(emu: Emulator) -> httpx.Client:
    return httpx.Client(
        transport=emu.transport(),
        base_url="https://api.hubapi.com",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )


REPLAYS: dict[str, Callable[[dict[str, Any], Clock], httpx.Response]] = {}


def replay(name: str) -> Callable[[Callable[..., httpx.Response]], Callable[..., httpx.Response]]:
    def register(fn: Callable[..., httpx.Response]) -> Callable[..., httpx.Response]:
        REPLAYS[name] = fn
        return fn

    return register


# ------------------------------------------------------------------------------ replays


@replay("docs-batch-create-207")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock)) as c:
        inputs = [
            {"objectWriteTraceId": "549b1c2a9350", "properties": {"hs_timestamp": "0"}},
            {"objectWriteTraceId": "549b1c2a9351", "properties": {"missing": "1"}},
        ]
        return c.post(f"{MEETINGS}/batch/create", json={"inputs": inputs})


@replay("docs-get-meeting")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    body = fx["response"]["body"]["properties"]
    with client(emulator(fx, clock)) as c:
        made = c.post(
            MEETINGS,
            json={"properties": {k: body[k] for k in ("hs_meeting_body", "hs_timestamp")}},
        )
        clock.advance(1.374)
        mid = made.json()["id"]
        c.patch(f"{MEETINGS}/{mid}", json={"properties": {"hs_meeting_title": "x"}})
        return c.get(
            f"/crm/objects/2026-03/0-47/{mid}",
            params={"properties": "hs_meeting_body,hs_timestamp"},
        )


@replay("docs-list-page")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    emu = emulator(fx, clock)
    emu.seed("meetings", [{}, {}])
    with client(emu) as c:
        return c.get("/crm/objects/2026-03/0-47", params={"limit": 1})


@replay("docs-unknown-property-400")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock)) as c:
        return c.post(
            "/crm/objects/2026-03/0-47",
            json={"properties": {"hs_timestamp": "0", "testproperty": "x"}},
        )


@replay("amp-batch-update-duplicate-ids")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock)) as c:
        inputs = [{"id": "123456", "properties": {"hs_meeting_title": t}} for t in "ab"]
        return c.post(f"{MEETINGS}/batch/update", json={"inputs": inputs})


@replay("amp-batch-update-many-invalid-properties")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    emu = emulator(fx, clock)
    ids = emu.seed("meetings", [{}, {}])
    with client(emu) as c:
        inputs = [{"id": i, "properties": {"first000name": "a", "last000name": "b"}} for i in ids]
        return c.post(f"{MEETINGS}/batch/update", json={"inputs": inputs})


@replay("amp-batch-update-contacts")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    emu = emulator(fx, clock)
    people = [{"email": f"p{i}@example.com", "firstname": "P", "lastname": "Q"} for i in range(2)]
    ids = emu.seed("contacts", people)
    clock.advance(30_000.123)
    with client(emu) as c:
        inputs = [{"id": i, "properties": {"firstname": "New", "lastname": "Name"}} for i in ids]
        return c.post("/crm/v3/objects/contacts/batch/update", json={"inputs": inputs})


@replay("amp-batch-create-conflict-207")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    emu = emulator(fx, clock, custom_properties={"meetings": {"ext_id": {"unique": True}}})
    emu.seed("meetings", [{"ext_id": "existing"}])
    with client(emu) as c:
        inputs = [
            {"objectWriteTraceId": "0", "properties": {"hs_timestamp": "0", "ext_id": "existing"}},
            {"objectWriteTraceId": "1", "properties": {"hs_timestamp": "0", "ext_id": "new"}},
        ]
        return c.post(f"{MEETINGS}/batch/create", json={"inputs": inputs})


def _email(c: httpx.Client, **extra: str) -> str:
    props = {"hs_timestamp": "2025-10-30T03:30:17.883Z", "hs_email_direction": "EMAIL", **extra}
    made = c.post("/crm/v3/objects/emails", json={"properties": props})
    assert made.status_code == 201
    return str(made.json()["id"])


@replay("ballerina-email-patch")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock)) as c:
        eid = _email(
            c,
            hubspot_owner_id="100",
            hs_email_status="SENT",
            hs_email_subject="Let's talk",
            hs_email_text="Thanks for your interest",
            hs_email_headers="{}",
        )
        clock.advance(1.426)
        return c.patch(f"/crm/v3/objects/emails/{eid}", json=fx["request"]["body"])


@replay("ballerina-email-batch-update")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock)) as c:
        eid = _email(c)
        clock.advance(0.872)
        inputs = [{"id": eid, "properties": {"hs_email_direction": "FORWARDED_EMAIL"}}]
        return c.post("/crm/v3/objects/emails/batch/update", json={"inputs": inputs})


@replay("ballerina-email-create")
@replay("nango-note-create")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    """Creates the emulator serves as they were sent to HubSpot."""
    sent = fx["request"]
    with client(emulator(fx, clock)) as c:
        return c.request(sent["method"], sent["path"], json=sent["body"])


@replay("ballerina-email-batch-read-history")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock)) as c:
        eid = _email(c)
        clock.advance(0.433)
        c.patch(f"/crm/v3/objects/emails/{eid}", json={"properties": {"hs_email_subject": "x"}})
        body = {**fx["request"]["body"], "inputs": [{"id": eid}]}
        return c.post("/crm/v3/objects/emails/batch/read", json=body)


@replay("ballerina-communication-create")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    sent = fx["request"]["body"]["properties"]
    props = {
        "hs_meeting_body": sent["hs_communication_body"],
        "hs_timestamp": sent["hs_timestamp"],
        "hubspot_owner_id": sent["hubspot_owner_id"],
    }
    with client(emulator(fx, clock)) as c:
        return c.post(MEETINGS, json={"properties": props})


@replay("nango-task-update")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    props = {"hs_timestamp": "0", "hs_task_body": "Follow up", "hubspot_owner_id": "100"}
    with client(emulator(fx, clock)) as c:
        tid = c.post("/crm/v3/objects/tasks", json={"properties": props}).json()["id"]
        clock.advance(2115.297)
        return c.patch(f"/crm/v3/objects/tasks/{tid}", json=fx["request"]["body"])


@replay("ballerina-meetings-list")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    emu = emulator(fx, clock)
    emu.seed("meetings", [{}, {}])
    with client(emu) as c:
        return c.get(fx["request"]["path"])


@replay("sdk-php-128-unknown-object-type-400")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock)) as c:
        return c.get(fx["request"]["path"])  # an `associations=` name HubSpot cannot resolve


@replay("sdk-nodejs-545-conflict-409")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    emu = emulator(fx, clock, custom_properties={"meetings": {"ext_id": {"unique": True}}})
    emu.seed("meetings", [{"ext_id": "existing"}])
    with client(emu) as c:
        return c.post(MEETINGS, json={"properties": {"hs_timestamp": "0", "ext_id": "existing"}})


@replay("docs-429-daily")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    with client(emulator(fx, clock, daily_limit=1)) as c:
        c.get(MEETINGS)
        return c.get(MEETINGS)


@replay("sdk-python-117-429-ten-secondly")
def _(fx: dict[str, Any], clock: Clock) -> httpx.Response:
    emu = emulator(fx, clock, ten_second_limit=1, api_keys=frozenset({"demo-key"}))
    with httpx.Client(transport=emu.transport(), base_url="https://api.hubapi.com") as c:
        c.get(MEETINGS, params={"hapikey": "demo-key"})
        return c.get(MEETINGS, params={"hapikey": "demo-key"})


# ------------------------------------------------------------------------------ the suite

JSON_FIXTURES = sorted(
    p.stem for p in FIXTURES.glob("*.json") if p.stem != "sdk-nodejs-240-html-404"
)


def test_every_fixture_has_a_replay_and_a_provenance() -> None:
    names = {p.stem for p in FIXTURES.glob("*.json")}
    assert names == set(REPLAYS) | {"sdk-nodejs-240-html-404"}
    for name in names:
        source = load(name)["provenance"]
        assert source["kind"] and source["trimmed"]
        assert source.get("url") or (source.get("repository") and source.get("commit"))


@pytest.mark.parametrize("name", JSON_FIXTURES)
def test_emulator_answers_in_hubspots_shape(name: str, clock: Clock) -> None:
    fixture = load(name)
    assert_same_shape(fixture, REPLAYS[name](fixture, clock))


# ------------------------------------------------------------------ values beyond the shape


@pytest.fixture
def answered(request: pytest.FixtureRequest, clock: Clock) -> Iterator[tuple[Any, Any]]:
    name: str = request.param
    fixture = load(name)
    yield fixture["response"]["body"], REPLAYS[name](fixture, clock).json()


@pytest.mark.parametrize("answered", ["ballerina-communication-create"], indirect=True)
def test_timestamps_come_back_as_written(answered: tuple[Any, Any]) -> None:
    recorded, got = answered
    assert got["properties"]["hs_timestamp"] == recorded["properties"]["hs_timestamp"]


@pytest.mark.parametrize("answered", ["amp-batch-update-duplicate-ids"], indirect=True)
def test_duplicate_ids_body_is_hubspots_word_for_word(answered: tuple[Any, Any]) -> None:
    recorded, got = answered
    assert {**got, "correlationId": ""} == {**recorded, "correlationId": ""}


@pytest.mark.parametrize("answered", ["amp-batch-update-many-invalid-properties"], indirect=True)
def test_every_inputs_problems_in_input_order(answered: tuple[Any, Any]) -> None:
    recorded, got = answered

    def names(body: dict[str, Any]) -> list[str]:
        return [p["name"] for p in json.loads(body["message"].removeprefix(PROPERTY_ERRORS))]

    assert names(got) == names(recorded)


@pytest.mark.parametrize(
    "answered", ["amp-batch-create-conflict-207", "sdk-nodejs-545-conflict-409"], indirect=True
)
def test_conflicts_name_the_existing_record(answered: tuple[Any, Any]) -> None:
    recorded, got = answered
    pattern = re.compile(r"\w+ already exists\. Existing ID: (\d+)")
    for body in (recorded, got):
        message = body["errors"][0]["message"] if "errors" in body else body["message"]
        existing = pattern.fullmatch(message)
        assert existing
        if "errors" in body:
            assert body["errors"][0]["context"]["existingId"] == [existing.group(1)]


@pytest.mark.parametrize("answered", ["docs-list-page", "ballerina-meetings-list"], indirect=True)
def test_next_links_carry_the_request_and_the_cursor(answered: tuple[Any, Any]) -> None:
    recorded, got = answered
    for body in (recorded, got):
        nxt = body["paging"]["next"]
        link = httpx.URL(nxt["link"])
        assert link.host == "api.hubapi.com"
        assert link.params["after"] == nxt["after"]
    assert set(httpx.URL(got["paging"]["next"]["link"]).params) == set(
        httpx.URL(recorded["paging"]["next"]["link"]).params
    )


@pytest.mark.parametrize("answered", ["ballerina-email-create", "nango-note-create"], indirect=True)
def test_previews_are_rendered_as_hubspot_renders_them(answered: tuple[Any, Any]) -> None:
    recorded, got = answered
    for key in ("hs_body_preview", "hs_body_preview_html", "hs_body_preview_is_truncated"):
        assert got["properties"][key] == recorded["properties"][key]


@pytest.mark.parametrize("answered", ["sdk-php-128-unknown-object-type-400"], indirect=True)
def test_unknown_type_message_is_hubspots(answered: tuple[Any, Any]) -> None:
    recorded, got = answered
    assert got["message"] == recorded["message"]


def test_html_404_page_is_hubspots(clock: Clock) -> None:
    fixture = load("sdk-nodejs-240-html-404")
    with client(emulator(fixture, clock)) as c:
        r = c.get(f"{MEETINGS}/50564106")
    recorded = fixture["response"]
    assert r.status_code == recorded["status"]
    assert r.headers["content-type"] == recorded["content_type"]
    assert r.text == recorded["text"]
