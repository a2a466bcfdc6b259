"""`client.with_raw_response.<operation>`: what HubSpot answered (status, headers, HTTP
version, timing, correlation id, rate-limit headers) with the result the plain call returns;
every response of a call that sends several. And `client.rate_limit`, the pacer's budget."""

from __future__ import annotations

import inspect
import pickle
from typing import Any

import httpx
import pytest
from control_support import OPS, PAGING, REQUESTS, TS, emulator, run_async, run_sync

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    Association,
    AsyncHubSpotMeetings,
    BatchResult,
    BearerToken,
    HubSpotMeetings,
    Meeting,
    NotFoundError,
    PacingConfig,
    Page,
    RateLimit,
    RawResponse,
    RequestValidationError,
    RetryConfig,
    SearchPage,
    UnknownOutcomeError,
)
from hubspot_meetings._plan.associations import LinksPage

LIMIT = 100  # the emulator's ten-second window, as HubSpot's default
KINDS: dict[str, type] = {
    # The meetings client's records are `Meeting`s through the raw view too.
    "create": Meeting,
    "get": Meeting,
    "update": Meeting,
    "archive": type(None),
    "list": Page,
    "search": SearchPage,
    "iter_pages": Page,
    "list_all": Page,
    "search_all": SearchPage,
    "associate": Association,
    "unassociate": Association,
    "associations": LinksPage,
    "create_meeting": Meeting,
    # One response per request: a page of links, or the batch read of their meetings.
    "meetings_for": object,
    "meetings_for_many": dict,
}


def _check(name: str, raws: list[RawResponse[Any]], emu: Emulator) -> None:
    """Each RawResponse describes a response the emulator really sent."""
    for raw in raws:
        assert raw.http_version == "HTTP/1.1"
        assert raw.elapsed.total_seconds() >= 0
        assert raw.correlation_id is not None and len(raw.correlation_id) == 36
        assert [r.correlation_id for r in raw.responses][-1] == raw.correlation_id
        assert raw.status_code == raw.http_response.status_code
        assert raw.headers["x-hubspot-correlation-id"] == raw.correlation_id
        result = raw.parse()
        assert isinstance(result, KINDS.get(name, BatchResult))
        if isinstance(result, BatchResult):
            assert result.ok and raw.status_code in (200, 201, 204)
            assert len(raw.responses) == REQUESTS[name] == result.requests
            assert len({r.correlation_id for r in raw.responses}) == REQUESTS[name]
        if name not in ("search", "search_all"):  # HubSpot sends searches no window headers
            assert raw.rate_limit.limit == LIMIT and raw.rate_limit.interval == 10.0
            assert raw.rate_limit.daily_limit == 250_000
            assert raw.rate_limit.remaining is not None and raw.rate_limit.remaining < LIMIT
    statuses = [r.status for r in emu.requests]
    assert sorted(r.status_code for raw in raws for r in raw.responses) == sorted(statuses)


@pytest.mark.parametrize("name", list(OPS))
def test_every_operation_has_a_raw_twin(name: str) -> None:
    emu, ids = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        got = OPS[name](client.with_raw_response, ids, {})
        raws = run_sync(got) if name in PAGING else [got]
    assert len(raws) == (REQUESTS[name] if name in PAGING else 1)
    _check(name, raws, emu)


@pytest.mark.anyio
@pytest.mark.parametrize("name", list(OPS))
async def test_every_async_operation_has_a_raw_twin(name: str) -> None:
    emu, ids = emulator()
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token), transport=emu.transport()
    ) as client:
        got = await run_async(OPS[name](client.with_raw_response, ids, {}))
        raws = got if name in PAGING else [got]
    assert len(raws) == (REQUESTS[name] if name in PAGING else 1)
    _check(name, raws, emu)


def test_parse_returns_what_the_plain_call_returns() -> None:
    emu, ids = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        raw = client.with_raw_response.get(ids[0], properties=["hs_meeting_title"])
        assert raw.parse() == client.get(ids[0], properties=["hs_meeting_title"])
        pages = [r.parse() for r in client.with_raw_response.list_all(page_size=2)]
        assert [m.id for p in pages for m in p.results] == [m.id for m in client.list_all()]
        made = client.with_raw_response.create({"hs_timestamp": TS})
        assert made.status_code == 201 and made.parse().id
        assert client.with_raw_response.archive(made.parse().id).status_code == 204


def test_a_raw_call_raises_what_the_plain_call_raises() -> None:
    emu, _ = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        with pytest.raises(NotFoundError) as info:
            client.with_raw_response.get("999")
        assert info.value.status == 404 and info.value.correlation_id
        with pytest.raises(RequestValidationError):
            client.with_raw_response.batch_create([])  # nothing sent: no response to return


def test_a_batch_exposes_every_response_even_a_failed_chunks() -> None:
    emu, ids = emulator()
    emu.faults.script(Fault.status(500), FaultMatch(method="POST"), times=1)
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        retry=RetryConfig.disabled(),
        max_concurrency=1,
    ) as client:
        raw = client.with_raw_response.batch_read([*ids, "404404"], chunk_size=2)
    result = raw.parse()
    assert [r.status_code for r in raw.responses] == [500, 207]
    assert result.status == "PARTIAL" and result.requests == 2
    assert raw.status_code == 207  # the last response
    assert raw.responses[0].correlation_id != raw.responses[1].correlation_id


def test_a_retried_request_shows_its_final_answer() -> None:
    clock = FakeClock()
    emu, ids = emulator()
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=1)
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        retry=RetryConfig(count=1, interval=0.1, jitter=0),
        _clock=clock,
    ) as client:
        raw = client.with_raw_response.get(ids[0])
    assert raw.status_code == 200 and len(raw.responses) == 1
    assert [r.status for r in emu.requests] == [503, 200]


def test_the_raw_view_documents_what_it_returns() -> None:
    emu, _ = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        raw_get = client.with_raw_response.get
        assert "RawResponse" in (raw_get.__doc__ or "")
        assert inspect.signature(raw_get).return_annotation == "RawResponse"
        assert list(inspect.signature(raw_get).parameters) == list(
            inspect.signature(client.get).parameters
        )
        assert "Iterator[RawResponse[SearchPage]]" in str(
            inspect.signature(client.with_raw_response.search_all)
        )


def test_repr_of_a_raw_response_shows_no_header() -> None:
    emu, ids = emulator()
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        raw = client.with_raw_response.get(ids[0])
    assert emu.token not in repr(raw) and "RawResponse(status_code=200" in repr(raw)


def test_rate_limit_is_the_budget_the_pacer_believes() -> None:
    clock = FakeClock()
    emu = Emulator(EmulatorConfig(ten_second_limit=50, daily_limit=1000), clock=clock)
    with HubSpotMeetings(
        auth=BearerToken(emu.token), transport=emu.transport(), _clock=clock
    ) as client:
        before = client.rate_limit
        assert before == RateLimit(limit=100, remaining=100, interval=10.0)  # PacingConfig()
        for _ in range(3):
            client.list()
        budget = client.rate_limit
        clock.advance(11.0)
        later = client.rate_limit
    assert budget is not None and later is not None
    assert (budget.limit, budget.remaining, budget.interval) == (50, 47, 10.0)
    assert (budget.daily_limit, budget.daily_remaining) == (1000, 997)
    assert budget.updated_at == clock.now - 11.0
    assert later.remaining == 50  # the window rolled on; the calibration did not change
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport(), pacing=None) as c:
        c.list()
        assert c.rate_limit is None


@pytest.mark.anyio
async def test_async_rate_limit_counts_requests_in_the_window() -> None:
    clock = FakeClock()
    emu = Emulator(EmulatorConfig(ten_second_limit=50), clock=clock)
    async with AsyncHubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        pacing=PacingConfig(default_max=50),
        _clock=clock,
    ) as client:
        await client.batch_create([{"properties": {"hs_timestamp": TS}}] * 250)
        budget = client.rate_limit
    assert budget is not None and (budget.limit, budget.remaining) == (50, 47)


def test_rate_limit_values_parse_leniently() -> None:
    headers = httpx.Headers(
        {
            "X-HubSpot-RateLimit-Max": "190",
            "X-HubSpot-RateLimit-Remaining": "garbled",
            "X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
            "X-HubSpot-RateLimit-Secondly": "19",
            "X-HubSpot-RateLimit-Secondly-Remaining": "-1",
        }
    )
    assert RateLimit.from_headers(headers) == RateLimit(limit=190, interval=10.0, secondly_limit=19)


def test_a_pickled_raw_response_keeps_the_answer_and_no_credential() -> None:
    emu, ids = emulator()
    secret = "gw-token-9d2e61"
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
        raw = client.with_raw_response.batch_read(
            ids, chunk_size=2, headers={"X-Gateway-Token": secret}
        )
    blob = pickle.dumps(raw)
    assert emu.token.encode() not in blob and secret.encode() not in blob
    copy = pickle.loads(blob)
    assert [r.correlation_id for r in copy.responses] == [r.correlation_id for r in raw.responses]
    assert (copy.status_code, copy.http_version, copy.elapsed) == (
        raw.status_code,
        raw.http_version,
        raw.elapsed,
    )
    assert copy.rate_limit == raw.rate_limit
    assert [m.id for m in copy.parse().results] == ids


def test_an_error_of_a_call_with_extra_headers_carries_none_of_them() -> None:
    emu, _ = emulator()
    secret = "gw-token-5b7c0a"
    emu.faults.script(Fault.status(503), FaultMatch(method="POST"), times=1)
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(UnknownOutcomeError) as info,
    ):
        client.create({"hs_timestamp": TS}, headers={"X-Gateway-Token": secret})
    error = info.value
    assert error.response is not None and error.response.request.headers["x-gateway-token"]
    for text in (str(error), repr(error)):
        assert secret not in text
    blob = pickle.dumps(error)
    assert secret.encode() not in blob and emu.token.encode() not in blob
