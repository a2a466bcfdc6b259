"""HubSpotMeetings (sync) against the in-process emulator: every operation, errors, parsing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_meetings import (
    BearerToken,
    ConfigurationError,
    CrmObject,
    HubSpotMeetings,
    NotFoundError,
    RateLimitError,
    ResponseValidationError,
    RetryConfig,
    ServerError,
    UnknownOutcomeError,
)

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"


def _contact_assoc(contact_id: str) -> list[dict[str, Any]]:
    return [
        {
            "to": {"id": contact_id},
            "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 200}],
        }
    ]


@pytest.fixture
def emu() -> Emulator:
    return Emulator(EmulatorConfig(custom_properties={"meetings": {"ext_id": {"unique": True}}}))


@pytest.fixture
def contact(emu: Emulator) -> str:
    """A contact to link meetings to: HubSpot (and the emulator) refuse links to none."""
    return emu.seed("contacts", [{"email": "ada@example.com"}])[0]


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), retry=RetryConfig.disabled()
    ) as c:
        yield c


def _new(client: HubSpotMeetings, title: str = "Kickoff") -> CrmObject:
    return client.create({"hs_timestamp": TS, "hs_meeting_title": title})


def test_create_get_update_archive_round_trip(
    client: HubSpotMeetings, emu: Emulator, contact: str
) -> None:
    created = client.create(
        {"hs_timestamp": TS, "hs_meeting_title": "Kickoff"}, associations=_contact_assoc(contact)
    )
    assert isinstance(created.properties, dict)
    assert created.properties["hs_meeting_title"] == "Kickoff"
    assert created.created_at is not None and created.model is not None

    got = client.get(created.id, properties=["hs_meeting_title"], associations=["contacts"])
    assert got.id == created.id
    assert got.properties["hs_meeting_title"] == "Kickoff"
    assert [a["id"] for a in got.associations["contacts"]] == [contact]

    updated = client.update(created.id, {"hs_meeting_location": "Zoom"})
    assert updated.properties["hs_meeting_location"] == "Zoom"

    client.archive(created.id)
    with pytest.raises(NotFoundError) as info:
        client.get(created.id)
    assert info.value.status == 404
    archived = client.get(created.id, archived=True)
    assert archived.archived is True
    assert [r.method for r in emu.requests] == ["POST", "GET", "PATCH", "DELETE", "GET", "GET"]


def test_numbers_and_booleans_are_sent_as_hubspot_strings(client: HubSpotMeetings) -> None:
    created = client.create({"hs_timestamp": 1732133523054, "hs_meeting_title": True})
    got = client.get(created.id, properties=["hs_meeting_title", "hs_timestamp"])
    assert got.properties["hs_meeting_title"] == "true"
    assert got.properties["hs_timestamp"] == TS


def test_generated_models_are_accepted_as_inputs(client: HubSpotMeetings) -> None:
    from hubspot_meetings_api.models import SimplePublicObjectBatchInputForCreate

    model = SimplePublicObjectBatchInputForCreate.from_dict(
        {"properties": {"hs_timestamp": TS, "hs_meeting_title": "from a model"}}
    )
    result = client.batch_create([model])
    assert result.status == "COMPLETE"
    assert result.results[0].properties["hs_meeting_title"] == "from a model"


def test_get_and_update_by_unique_property(client: HubSpotMeetings) -> None:
    created = client.create({"hs_timestamp": TS, "ext_id": "ext-1"})
    got = client.get("ext-1", id_property="ext_id", properties=["ext_id"])
    assert got.id == created.id
    updated = client.update("ext-1", {"hs_meeting_title": "renamed"}, id_property="ext_id")
    assert updated.id == created.id
    assert updated.properties["hs_meeting_title"] == "renamed"


def test_properties_with_history(client: HubSpotMeetings) -> None:
    created = _new(client, "first")
    client.update(created.id, {"hs_meeting_title": "second"})
    got = client.get(created.id, properties_with_history=["hs_meeting_title"])
    values = [v["value"] for v in got.properties_with_history["hs_meeting_title"]]
    assert set(values) == {"first", "second"}


def test_list_pages_with_cursor(client: HubSpotMeetings) -> None:
    ids = {_new(client, f"m{i}").id for i in range(5)}
    first = client.list(limit=3, properties=["hs_meeting_title"])
    assert len(first.results) == 3 and first.next_after is not None
    second = client.list(limit=3, after=first.next_after)
    assert second.next_after is None
    assert {o.id for o in first.results + second.results} == ids
    assert all("hs_meeting_title" in o.properties for o in first.results)


def test_search_one_page(client: HubSpotMeetings) -> None:
    _new(client, "Kickoff alpha")
    _new(client, "Kickoff beta")
    _new(client, "Retro")
    page = client.search(
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
        sorts=[{"propertyName": "hs_meeting_title", "direction": "DESCENDING"}],
        limit=1,
    )
    assert page.total == 2
    assert [o.properties["hs_meeting_title"] for o in page.results] == ["Kickoff beta"]
    assert page.next_after == "1"
    rest = client.search(query="Kickoff", after=page.next_after, limit=5)
    assert len(rest.results) == 1


def test_http_errors_are_typed_before_the_generated_parser(
    client: HubSpotMeetings, emu: Emulator
) -> None:
    emu.faults.script(Fault.status(502, html=True), FaultMatch(method="GET"))
    with pytest.raises(ServerError) as info:
        client.list()
    assert info.value.status == 502
    # 522 is not in http.HTTPStatus: the generated parser would crash on it.
    cloudflare = httpx.MockTransport(
        lambda _r: httpx.Response(522, text="<html>Connection timed out</html>")
    )
    with (
        HubSpotMeetings(
            auth=BearerToken(TOKEN), transport=cloudflare, retry=RetryConfig.disabled()
        ) as c,
        pytest.raises(ServerError) as edge,
    ):
        c.get("1")
    assert edge.value.status == 522
    emu.faults.script(Fault.rate_limit(), FaultMatch(method="GET"))
    with pytest.raises(RateLimitError) as rl:
        client.list()
    assert rl.value.policy_name == "TEN_SECONDLY_ROLLING"


def test_create_answered_5xx_is_unknown_outcome_with_inputs(
    client: HubSpotMeetings, emu: Emulator
) -> None:
    emu.faults.script(Fault.status(500), FaultMatch(method="POST"))
    with pytest.raises(UnknownOutcomeError) as info:
        client.create({"hs_timestamp": TS, "hs_meeting_title": "maybe"})
    assert info.value.inputs == {"properties": {"hs_timestamp": TS, "hs_meeting_title": "maybe"}}


def test_bad_token_is_never_shown(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    secret = "pat-na1-this-is-a-secret-token-123"
    caplog.set_level(logging.DEBUG)
    with HubSpotMeetings(auth=BearerToken(secret), transport=emu.transport()) as c:
        assert secret not in repr(c)
        with pytest.raises(Exception) as info:
            c.list()
    assert info.value.status == 401  # type: ignore[attr-defined]
    assert secret not in str(info.value) and secret not in repr(info.value)
    assert secret not in caplog.text


def test_strict_parsing_names_the_bad_field(emu: Emulator) -> None:
    body = {
        "results": [
            {"id": "1", "properties": {}, "createdAt": "2024-01-01T00:00:00Z"},
            {"id": "2", "properties": {}, "createdAt": "2024-01-01T00:00:00Z"},
            {"id": "3", "properties": {}, "createdAt": "yesterday", "extra": 1},
        ]
    }
    transport = httpx.MockTransport(lambda _req: httpx.Response(200, json=body))
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=transport) as strict:
        page = strict.list()
    # Records are checked as they are read: the bad field raises when read, named.
    assert [o.id for o in page.results] == ["1", "2", "3"]
    with pytest.raises(ResponseValidationError) as info:
        page.results[2].created_at  # noqa: B018
    assert info.value.field == "results[2].createdAt"
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=transport, validation=False) as lax:
        page = lax.list()
    assert [o.id for o in page.results] == ["1", "2", "3"]
    assert page.results[2].created_at is None
    assert page.results[2].raw["createdAt"] == "yesterday"
    assert page.results[2].raw["extra"] == 1


def test_validation_false_sends_as_given(emu: Emulator) -> None:
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        return httpx.Response(400, json={"message": "bad", "category": "VALIDATION_ERROR"})

    with (
        HubSpotMeetings(
            auth=BearerToken(TOKEN), transport=httpx.MockTransport(handler), validation=False
        ) as c,
        pytest.raises(Exception) as info,
    ):
        c.create({"hs_meeting_title": {"nested": 1}})
    assert info.value.category == "VALIDATION_ERROR"  # type: ignore[attr-defined]
    assert b'"nested"' in seen[0]


def test_http_client_and_transport_settings_are_exclusive(emu: Emulator) -> None:
    own = httpx.Client(
        transport=emu.transport(),
        base_url="https://api.hubapi.com",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    with pytest.raises(ConfigurationError) as info:
        HubSpotMeetings(http_client=own, timeout=5)
    assert "timeout" in str(info.value)
    with HubSpotMeetings(http_client=own) as c:
        assert _new(c).id
    assert not own.is_closed  # the caller's client stays the caller's
    own.close()


def test_from_env(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"HUBSPOT_ACCESS_TOKEN": TOKEN, "HUBSPOT_BASE_URL": "https://emulator.test"}
    with HubSpotMeetings.from_env(env, transport=emu.transport()) as c:
        assert c.http_client.base_url == httpx.URL("https://emulator.test")
        assert _new(c).id
    with pytest.raises(ConfigurationError) as info:
        HubSpotMeetings.from_env({"HUBSPOT_CLIENT_ID": "x"})
    assert "HUBSPOT_CLIENT_SECRET" in str(info.value)
    with pytest.raises(ConfigurationError):
        HubSpotMeetings.from_env({})


def test_single_operations_take_generated_models(client: HubSpotMeetings, contact: str) -> None:
    from hubspot_meetings_api.models import (
        SimplePublicObjectInput,
        SimplePublicObjectInputForCreate,
    )

    created = client.create(
        SimplePublicObjectInputForCreate.from_dict(
            {
                "properties": {"hs_timestamp": TS, "hs_meeting_title": "model"},
                "associations": _contact_assoc(contact),
            }
        )
    )
    got = client.get(created.id, associations=["contacts"])
    assert [a["id"] for a in got.associations["contacts"]] == [contact]
    updated = client.update(
        created.id, SimplePublicObjectInput.from_dict({"properties": {"hs_meeting_title": "m2"}})
    )
    assert updated.properties["hs_meeting_title"] == "m2"


@pytest.mark.parametrize("value", [0, -1, 1.5, True])
def test_max_concurrency_must_be_a_positive_integer(value: object) -> None:
    with pytest.raises(ConfigurationError) as info:
        HubSpotMeetings(auth=BearerToken(TOKEN), max_concurrency=value)  # type: ignore[arg-type]
    assert info.value.setting == "max_concurrency"


def test_batch_summary_is_logged_without_credentials(
    emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="hubspot_meetings")
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport()) as c:
        c.batch_create({"properties": {"hs_timestamp": TS}} for _ in range(150))
    assert "meetings batch_create: 150 inputs in 2 requests, COMPLETE" in caplog.text
    assert TOKEN not in caplog.text


def test_own_http_client_failures_are_still_typed(emu: Emulator) -> None:
    from hubspot_meetings import TransportError

    emu.faults.script(Fault.slow(5.0), FaultMatch(method="POST"))
    own = httpx.Client(
        transport=emu.transport(),
        base_url="https://api.hubapi.com",
        headers={"Authorization": f"Bearer {TOKEN}"},
        timeout=1.0,
    )
    with HubSpotMeetings(http_client=own) as c, pytest.raises(TransportError) as info:
        c.create({"hs_timestamp": TS})
    # A create whose answer never came may have been applied.
    assert isinstance(info.value, UnknownOutcomeError)
    assert info.value.inputs == {"properties": {"hs_timestamp": TS}}
    own.close()


def test_from_env_oauth_refreshes_at_the_configured_host(emu: Emulator) -> None:
    env = {
        "HUBSPOT_CLIENT_ID": "emulator-client-id",
        "HUBSPOT_CLIENT_SECRET": "emulator-client-secret",
        "HUBSPOT_REFRESH_TOKEN": emu.issue_refresh_token(),
        "HUBSPOT_BASE_URL": "https://emulator.test",
    }
    urls: list[str] = []
    with HubSpotMeetings.from_env(env, transport=emu.transport()) as c:
        c.http_client.event_hooks["request"].append(lambda r: urls.append(str(r.url)))
        assert _new(c).id
    assert emu.token_requests == 1
    # The token refresh goes to the configured host too, not to api.hubapi.com.
    assert urls == [
        "https://emulator.test/oauth/v1/token",
        "https://emulator.test/crm/v3/objects/meetings",
    ]


def test_from_env_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    emu = Emulator(EmulatorConfig(api_keys={"legacy-api-key-123456"}))
    monkeypatch.setenv("HUBSPOT_API_KEY", "legacy-api-key-123456")
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("HUBSPOT_CLIENT_ID", raising=False)
    monkeypatch.delenv("HUBSPOT_CLIENT_SECRET", raising=False)
    monkeypatch.delenv("HUBSPOT_REFRESH_TOKEN", raising=False)
    with HubSpotMeetings.from_env(transport=emu.transport()) as c:
        assert c.list().results == []


def test_unreadable_answer_to_a_write_is_an_unknown_outcome(
    client: HubSpotMeetings, emu: Emulator
) -> None:
    emu.faults.script(Fault.malformed_json(), FaultMatch(method="POST"))
    with pytest.raises(UnknownOutcomeError) as info:
        client.create({"hs_timestamp": TS, "hs_meeting_title": "applied, unreadable"})
    assert isinstance(info.value.__cause__, ResponseValidationError)
    assert info.value.inputs == {
        "properties": {"hs_timestamp": TS, "hs_meeting_title": "applied, unreadable"}
    }
    assert emu.store("meetings").count() == 1  # it was applied
    emu.faults.script(Fault.truncated_json(), FaultMatch(method="GET"))
    with pytest.raises(ResponseValidationError):  # a read is simply refused
        client.list()
