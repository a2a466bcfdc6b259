"""`client.request(method, path, ...)`: one HubSpot request to any path, through the same
auth, retry rules, pacing, breaker and typed errors as every operation; in-process and over
the emulator's socket, where unknown paths and object types get HubSpot's 404."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from control_support import TS, Tap, emulator

from hubspot_emulator import Emulator, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    ApiKey,
    AsyncHubSpotMeetings,
    BadRequestError,
    BearerToken,
    CircuitBreakerConfig,
    CircuitOpenError,
    HubSpotMeetings,
    NotFoundError,
    PacingConfig,
    RateLimitError,
    RequestValidationError,
    RetryConfig,
    ServerError,
    UnknownOutcomeError,
)

UNKNOWN = ["/crm/v3/owners", "/crm/v3/properties/meetings", "/x"]
# An unknown object type is a 400 on HubSpot ("Unable to infer object type from: ..."),
# not a 404 (docs/hubspot-behaviour.md, Response shapes).
UNKNOWN_TYPE = "/crm/v3/objects/widgets/1"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Emulator, str]]:
    emu, _ = emulator()
    with emu.serve() as handle:
        yield emu, str(handle.url)


def test_reads_and_writes_any_path_with_the_clients_credentials() -> None:
    emu, ids = emulator()
    tap = Tap(emu)
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=tap) as client:
        page = client.request("GET", "/crm/v3/objects/meetings", params={"limit": 2})
        made = client.request(
            "post", "/crm/v3/objects/meetings", json={"properties": {"hs_timestamp": TS}}
        )
        gone = client.request("DELETE", f"/crm/v3/objects/meetings/{ids[0]}")
    assert page.status_code == 200 and [r["id"] for r in page.parse()["results"]] == ids[:2]
    assert page.rate_limit.limit == 100 and page.correlation_id
    assert made.status_code == 201 and emu.store("meetings").get(made.parse()["id"])
    assert gone.status_code == 204 and gone.parse() is None
    assert {r.headers["authorization"] for r in tap.sent} == {f"Bearer {emu.token}"}


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_paths_are_hubspots_404_in_process(path: str) -> None:
    emu, _ = emulator()
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(NotFoundError) as info,
    ):
        client.request("GET", path)
    assert info.value.category == "OBJECT_NOT_FOUND" and info.value.correlation_id


@pytest.mark.parametrize("path", UNKNOWN)
def test_unknown_paths_are_hubspots_404_over_the_socket(
    served: tuple[Emulator, str], path: str
) -> None:
    emu, url = served
    with HubSpotMeetings(auth=BearerToken(emu.token), base_url=url, http_version="1.1") as c:
        with pytest.raises(NotFoundError) as info:
            c.request("GET", path)
        page = c.request("GET", "/crm/v3/objects/meetings", params={"limit": 1})
    assert info.value.category == "OBJECT_NOT_FOUND"
    assert info.value.request_url == f"{url}{path}"
    assert page.http_version == "HTTP/1.1" and page.elapsed.total_seconds() > 0


def test_an_unknown_object_type_is_hubspots_400() -> None:
    emu, _ = emulator()
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(BadRequestError) as info,
    ):
        client.request("GET", UNKNOWN_TYPE)
    assert "Unable to infer object type from: widgets" in info.value.message


def test_a_gateway_prefix_is_kept() -> None:
    emu, _ = emulator()
    tap = Tap(emu)
    with (
        HubSpotMeetings(
            auth=BearerToken(emu.token), base_url="https://gw.example.com/hubspot", transport=tap
        ) as client,
        pytest.raises(NotFoundError),
    ):
        client.request("GET", "/crm/v3/owners")
    assert str(tap.sent[0].url) == "https://gw.example.com/hubspot/crm/v3/owners"


def test_retry_follows_the_same_outcome_rules() -> None:
    clock = FakeClock()
    emu, _ = emulator()
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        retry=RetryConfig(count=2, interval=1.0, jitter=0),
        _clock=clock,
    ) as client:
        emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=2)
        assert client.request("GET", "/crm/v3/objects/meetings").status_code == 200
        assert clock.sleeps == [1.0, 2.0]
        # A create answered 5xx may have been applied: never resent, its outcome unknown.
        emu.faults.script(Fault.status(503), FaultMatch(method="POST"), times=1)
        body = {"properties": {"hs_timestamp": TS}}
        with pytest.raises(UnknownOutcomeError) as info:
            client.request("POST", "/crm/v3/objects/meetings", json=body)
        assert info.value.inputs == body
        # A search may be resent.
        emu.faults.script(Fault.status(503), FaultMatch(method="POST"), times=1)
        found = client.request("POST", "/crm/v3/objects/meetings/search", json={"limit": 1})
        assert found.parse()["total"] == 3
    creates = [
        r for r in emu.requests if (r.method, r.path) == ("POST", "/crm/v3/objects/meetings")
    ]
    assert [r.status for r in creates] == [503]


def test_pacing_and_the_breaker_apply() -> None:
    clock = FakeClock()
    emu, _ = emulator(clock=clock, ten_second_limit=1000)
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        retry=RetryConfig.disabled(),
        pacing=PacingConfig(default_max=2, use_headers=False, safety=0),
        circuit_breaker=CircuitBreakerConfig(min_requests=2, failure_threshold=1.0),
        _clock=clock,
    ) as client:
        emu.faults.script(Fault.status(500), FaultMatch(method="GET"), times=2)
        for _ in range(2):
            with pytest.raises(ServerError):
                client.request("GET", "/crm/v3/objects/meetings")
        with pytest.raises(CircuitOpenError):
            client.request("GET", "/crm/v3/objects/meetings")
        assert clock.sleeps == []  # refused before pacing: nothing was sent
        clock.advance(30.0)
        assert client.request("GET", "/crm/v3/objects/meetings").status_code == 200
        client.request("GET", "/crm/v3/objects/meetings")
        client.request("GET", "/crm/v3/objects/meetings")
        assert clock.slept > 0  # the third in the window waited


def test_a_429_becomes_rate_limit_error() -> None:
    emu, _ = emulator()
    emu.faults.script(Fault.rate_limit("DAILY"), FaultMatch(method="GET"), times=1)
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(RateLimitError) as info,
    ):
        client.request("GET", "/crm/v3/objects/meetings")
    assert info.value.policy_name == "DAILY"


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [
        ("GET", "https://evil.example.com/crm/v3/owners", "path"),
        ("GET", "//evil.example.com/crm/v3/owners", "path"),
        ("GET", "crm/v3/owners", "path"),
        ("GET", "/crm/v3/owners?limit=1", "path"),
        ("TRACE", "/crm/v3/owners", "method"),
    ],
)
def test_paths_off_hubspot_and_odd_methods_are_refused(method: str, path: str, field: str) -> None:
    emu, _ = emulator()
    tap = Tap(emu)
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=tap) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.request(method, path)
    assert info.value.field == field and tap.sent == []


def test_the_api_key_stays_out_of_the_error() -> None:
    emu, _ = emulator(api_keys={"hapikey-secret-value-1"})
    with (
        HubSpotMeetings(auth=ApiKey("hapikey-secret-value-1"), transport=emu.transport()) as c,
        pytest.raises(NotFoundError) as info,
    ):
        c.request("GET", "/crm/v3/owners", params={"limit": 5})
    assert "hapikey-secret-value-1" not in str(info.value)
    assert info.value.request_url == "https://api.hubapi.com/crm/v3/owners?limit=5&hapikey=****"


@pytest.mark.anyio
async def test_async_request(served: tuple[Emulator, str]) -> None:
    emu, url = served
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token), base_url=url, http_version="1.1"
    ) as client:
        page = await client.request("GET", "/crm/v3/objects/meetings", params={"limit": 1})
        assert len(page.parse()["results"]) == 1 and page.elapsed.total_seconds() > 0
        with pytest.raises(NotFoundError):
            await client.request("GET", "/crm/v3/properties/meetings", timeout=5.0)
        with pytest.raises(RequestValidationError):
            await client.request("GET", "https://elsewhere.example.com/")
