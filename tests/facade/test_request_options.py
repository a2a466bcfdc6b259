"""Per-call options on every operation, sync and async: extra headers, a timeout and a
deadline reach every request the call sends; credentials cannot be replaced by a header; the
options are documented where `help()` looks."""

from __future__ import annotations

import inspect
import pydoc
from typing import Any

import httpx
import pytest
from control_support import OPS, PAGING, REQUESTS, Tap, emulator, run_async, run_sync

from hubspot_emulator import Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    ApiKey,
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    RequestValidationError,
    RetryConfig,
    TransportError,
)

DEADLINE = "hubspot_meetings.deadline"
OPTIONS = {"headers": {"X-Request-Source": "nightly-sync"}, "timeout": 7.5, "deadline": 30.0}


def _check_every_request(name: str, sent: list[httpx.Request], start: float) -> None:
    assert len(sent) == REQUESTS.get(name, 1)
    for request in sent:
        assert request.headers["x-request-source"] == "nightly-sync"
        assert request.headers["user-agent"].startswith("hubspot-meetings-python/")
        assert request.extensions["timeout"] == dict.fromkeys(
            ("connect", "read", "write", "pool"), 7.5
        )
        # One absolute time for the whole call, on the client's clock: 30 s from its start.
        assert request.extensions[DEADLINE] == start + 30.0


@pytest.mark.parametrize("name", list(OPS))
def test_options_reach_every_request_of_every_operation(name: str) -> None:
    clock = FakeClock()
    emu, ids = emulator()
    tap = Tap(emu)
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=tap, _clock=clock) as client:
        run_sync(OPS[name](client, ids, OPTIONS))
    _check_every_request(name, tap.sent, clock.now)


@pytest.mark.anyio
@pytest.mark.parametrize("name", list(OPS))
async def test_async_options_reach_every_request_of_every_operation(name: str) -> None:
    clock = FakeClock()
    emu, ids = emulator()
    tap = Tap(emu)
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token), transport=tap, _clock=clock
    ) as client:
        await run_async(OPS[name](client, ids, OPTIONS))
    _check_every_request(name, tap.sent, clock.now)


def test_a_plain_call_sends_the_clients_deadline_and_timeout() -> None:
    emu, ids = emulator()
    tap = Tap(emu)
    clock = FakeClock()
    with HubSpotMeetings(
        auth=BearerToken(emu.token), transport=tap, timeout=12.0, deadline=60.0, _clock=clock
    ) as client:
        client.get(ids[0])
    assert tap.sent[0].extensions[DEADLINE] == clock.now + 60.0
    assert tap.sent[0].extensions["timeout"]["read"] == 12.0
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=tap, deadline=None) as client:
        client.get(ids[0])
    assert DEADLINE not in tap.sent[1].extensions


def test_a_retried_request_keeps_the_calls_deadline_and_headers() -> None:
    clock = FakeClock()
    emu, ids = emulator()
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=2)
    tap = Tap(emu)
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=tap,
        retry=RetryConfig(count=2, interval=1.0, jitter=0),
        _clock=clock,
    ) as client:
        start = clock.now
        client.get(ids[0], headers={"X-Request-Source": "retry"}, deadline=10.0)
    assert clock.sleeps == [1.0, 2.0]  # the call went on for 3 s: the deadline did not move
    assert [r.extensions[DEADLINE] for r in tap.sent] == [start + 10.0] * 3
    assert {r.headers["x-request-source"] for r in tap.sent} == {"retry"}


def test_a_call_header_replaces_a_planned_one_of_the_same_name() -> None:
    emu, _ = emulator()
    tap = Tap(emu)
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=tap) as client:
        client.create({"hs_timestamp": "2024-11-20T20:12:03.054Z"}, headers={"user-agent": "job/2"})
    assert tap.sent[0].headers.get_list("user-agent") == ["job/2"]
    assert tap.sent[0].headers["content-type"] == "application/json"


@pytest.mark.parametrize("name", list(OPS))
def test_credential_headers_are_refused_before_anything_is_sent(name: str) -> None:
    emu, ids = emulator()
    tap = Tap(emu)
    secret = "pat-na1-not-from-auth"
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=tap) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        run_sync(OPS[name](client, ids, {"headers": {"Authorization": f"Bearer {secret}"}}))
    assert info.value.field == "headers['Authorization']"
    assert secret not in str(info.value) and secret not in repr(info.value)
    assert tap.sent == []


@pytest.mark.anyio
async def test_async_credential_headers_are_refused() -> None:
    emu, ids = emulator()
    tap = Tap(emu)
    async with AsyncHubSpotMeetings(auth=BearerToken(emu.token), transport=tap) as client:
        for name in ("get", "batch_read", "search_all"):
            with pytest.raises(RequestValidationError):
                await run_async(OPS[name](client, ids, {"headers": {"authorization": "x"}}))
    assert tap.sent == []


def test_the_api_key_cannot_be_replaced_by_a_header_or_a_parameter() -> None:
    emu, ids = emulator(api_keys={"hapikey-secret-value-1"})
    with HubSpotMeetings(auth=ApiKey("hapikey-secret-value-1"), transport=emu.transport()) as c:
        with pytest.raises(RequestValidationError) as info:
            c.get(ids[0], headers={"HAPIKEY": "another-key"})
        assert info.value.field == "headers['HAPIKEY']"
        with pytest.raises(RequestValidationError) as info:
            c.request("GET", "/crm/v3/objects/meetings", params={"hapikey": "another-key"})
        assert info.value.field == "params['hapikey']"
        assert "another-key" not in str(info.value)
    custom = ApiKey("hapikey-secret-value-1", param="devkey")
    with HubSpotMeetings(auth=custom, transport=emu.transport()) as c:
        with pytest.raises(RequestValidationError):
            c.list(headers={"devkey": "x"})
        with pytest.raises(RequestValidationError):
            c.request("GET", "/crm/v3/objects/meetings", params={"devkey": "x"})


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"headers": {"X-Gateway-Token": "tok-secret\r\nX-Evil: 1"}}, "headers['X-Gateway-Token']"),
        ({"headers": {"X Bad": "v"}}, "headers"),
        ({"headers": {"X-N": 1}}, "headers['X-N']"),
        ({"headers": ["X-A"]}, "headers"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": "5"}, "timeout"),
        ({"deadline": -1}, "deadline"),
        ({"deadline": True}, "deadline"),
    ],
)
def test_bad_options_are_refused_naming_the_option_never_a_header_value(
    options: dict[str, Any], field: str
) -> None:
    emu, ids = emulator()
    tap = Tap(emu)
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=tap) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.get(ids[0], **options)
    assert info.value.field == field
    assert "tok-secret" not in str(info.value)
    assert tap.sent == []


def test_a_call_timeout_replaces_the_clients() -> None:
    emu, ids = emulator()
    emu.faults.script(Fault.slow(5.0), FaultMatch(method="GET"), times=None)
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        timeout=30.0,
        retry=RetryConfig.disabled(),
    ) as client:
        assert client.get(ids[0]).id == ids[0]  # 5 s is within the client's 30
        with pytest.raises(TransportError, match="Timeout"):
            client.get(ids[0], timeout=1.0)
        with pytest.raises(TransportError, match="Timeout"):
            client.get(ids[0], timeout=httpx.Timeout(30.0, read=2.0))


@pytest.mark.anyio
async def test_async_call_timeout_replaces_the_clients() -> None:
    emu, ids = emulator()
    emu.faults.script(Fault.slow(5.0), FaultMatch(method="GET"), times=None)
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token), transport=emu.transport(), retry=RetryConfig.disabled()
    ) as client:
        assert (await client.get(ids[0])).id == ids[0]
        with pytest.raises(TransportError, match="Timeout"):
            await client.get(ids[0], timeout=1.0)


OPERATIONS = [*OPS, "request"]


@pytest.mark.parametrize("name", OPERATIONS)
def test_sync_and_async_operations_match_and_document_the_options(name: str) -> None:
    sync_op = getattr(HubSpotMeetings, name)
    async_op = getattr(AsyncHubSpotMeetings, name)
    sync_params = inspect.signature(sync_op).parameters
    assert list(sync_params) == list(inspect.signature(async_op).parameters)
    for option in ("headers", "timeout", "deadline"):
        assert sync_params[option].kind is inspect.Parameter.KEYWORD_ONLY
        assert sync_params[option].default is None
    assert inspect.getdoc(sync_op) == inspect.getdoc(async_op)
    shown = pydoc.render_doc(sync_op, renderer=pydoc.plaintext)
    assert "Per-call options" in shown
    for option in ("`headers`", "`timeout`", "`deadline`"):
        assert option in shown
    if name not in PAGING:
        assert inspect.iscoroutinefunction(async_op)


def test_the_rest_of_the_surface_matches() -> None:
    for name in ("with_options", "rate_limit", "with_raw_response"):
        sync_attr = inspect.getattr_static(HubSpotMeetings, name)
        async_attr = inspect.getattr_static(AsyncHubSpotMeetings, name)
        assert inspect.getdoc(sync_attr) == inspect.getdoc(async_attr)
    assert inspect.signature(HubSpotMeetings.with_options) == inspect.signature(
        AsyncHubSpotMeetings.with_options
    )
