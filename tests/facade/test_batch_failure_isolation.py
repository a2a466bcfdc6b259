"""Review findings on batches and outcomes: every input stays accounted for, whatever breaks.

A chunk that raises something foreign fails only its own inputs; an answer that cannot be decoded
leaves a write in doubt; a caller's own httpx client gets the same unknown-outcome rule as ours;
results that cannot be matched to inputs never turn created records into "failed" ones; a
repeated id is not a missing result; misspelt input keys are refused instead of dropped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotError,
    HubSpotMeetings,
    RequestValidationError,
    ResponseValidationError,
    RetryConfig,
    ServerError,
    UnknownOutcomeError,
)

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"
BASE_URL = "https://api.hubapi.com"
CREATE_PATH = "/crm/v3/objects/meetings/batch/create"
SECOND_CHUNK = b'"hsm-100"'  # the trace id of the first input of the second chunk

Rewrite = Callable[[httpx.Request, httpx.Response], httpx.Response]


class Tamper(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator behind a hook: `before` may raise instead of sending, `after` may rewrite
    the emulator's real answer (what a proxy, a broken gzip or a foreign hook would do)."""

    def __init__(
        self,
        emu: Emulator,
        *,
        before: Callable[[httpx.Request], None] | None = None,
        after: Rewrite | None = None,
    ) -> None:
        self._inner = emu.transport()
        self._before = before
        self._after = after

    def _rewrite(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        return self._after(request, response) if self._after else response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._before:
            self._before(request)
        response = self._inner.handle_request(request)
        response.read()
        return self._rewrite(request, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._before:
            self._before(request)
        response = await self._inner.handle_async_request(request)
        await response.aread()
        return self._rewrite(request, response)


def _rows(n: int) -> list[dict[str, Any]]:
    return [{"properties": {"hs_timestamp": TS, "hs_meeting_title": f"m{i}"}} for i in range(n)]


def _client(transport: Any, **kw: Any) -> HubSpotMeetings:
    kw.setdefault("retry", RetryConfig.disabled())
    kw.setdefault("pacing", None)
    return HubSpotMeetings(auth=BearerToken(TOKEN), transport=transport, **kw)


def _async_client(transport: Any, **kw: Any) -> AsyncHubSpotMeetings:
    kw.setdefault("retry", RetryConfig.disabled())
    kw.setdefault("pacing", None)
    return AsyncHubSpotMeetings(auth=BearerToken(TOKEN), transport=transport, **kw)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(EmulatorConfig(ten_second_limit=10_000))


# --- 1. a foreign exception or an undecodable answer stays in its own chunk ------------------


def _vault_down(request: httpx.Request) -> None:
    if request.url.path == CREATE_PATH and SECOND_CHUNK in request.content:
        raise OSError("vault unavailable")


def _assert_second_chunk_failed_alone(result: Any, emu: Emulator) -> None:
    # Nothing tells whether the request had left when the hook raised: for a create that is
    # an unknown outcome (to check before re-sending), never a failure to re-send blindly.
    assert result.status == "PARTIAL"
    assert len(result.results) == 150 and emu.store("meetings").count() == 150
    assert result.failed_indexes == [] and result.errors == []
    assert result.unknown == _rows(250)[100:200]
    assert result.unknown_indexes == list(range(100, 200))
    [error] = result.unknown_errors
    assert isinstance(error.error, UnknownOutcomeError)
    assert isinstance(error.error.__cause__, OSError)
    assert error.error.inputs == _rows(250)[100:200]
    assert "vault unavailable" not in error.message  # the caller's text may quote a secret


@pytest.mark.parametrize("max_concurrency", [1, 4])
def test_foreign_exception_in_one_chunk_keeps_the_other_chunks(
    emu: Emulator, max_concurrency: int
) -> None:
    with _client(Tamper(emu, before=_vault_down), max_concurrency=max_concurrency) as c:
        result = c.batch_create(_rows(250))
    _assert_second_chunk_failed_alone(result, emu)


@pytest.mark.anyio
async def test_async_foreign_exception_in_one_chunk_keeps_the_other_chunks(
    emu: Emulator,
) -> None:
    async with _async_client(Tamper(emu, before=_vault_down), max_concurrency=4) as c:
        result = await c.batch_create(_rows(250))
    _assert_second_chunk_failed_alone(result, emu)


def test_keyboard_interrupt_still_stops_the_batch(emu: Emulator) -> None:
    def interrupt(request: httpx.Request) -> None:
        if SECOND_CHUNK in request.content:
            raise KeyboardInterrupt

    with (
        _client(Tamper(emu, before=interrupt), max_concurrency=1) as c,
        pytest.raises(KeyboardInterrupt),
    ):
        c.batch_create(_rows(250))


def _corrupt_gzip(only: bytes | None = None) -> Rewrite:
    """Claim gzip for a body that is not: httpx cannot decode what the emulator answered."""

    def rewrite(request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if only is not None and only not in request.content:
            return response
        headers = {**response.headers, "content-encoding": "gzip"}
        return httpx.Response(response.status_code, headers=headers, content=response.content)

    return rewrite


def _assert_second_chunk_unknown(result: Any, emu: Emulator) -> None:
    assert result.status == "PARTIAL"
    assert len(result.results) == 150 and emu.store("meetings").count() == 250
    assert result.failed_indexes == [] and result.unknown_indexes == list(range(100, 200))
    [doubt] = result.unknown_errors
    assert isinstance(doubt.error, UnknownOutcomeError)
    assert doubt.error.inputs == _rows(250)[100:200]
    assert isinstance(doubt.error.__cause__, httpx.DecodingError)


def test_undecodable_answer_to_a_batch_write_is_an_unknown_outcome(emu: Emulator) -> None:
    with _client(Tamper(emu, after=_corrupt_gzip(SECOND_CHUNK)), max_concurrency=1) as c:
        result = c.batch_create(_rows(250))
    _assert_second_chunk_unknown(result, emu)


@pytest.mark.anyio
async def test_async_undecodable_answer_to_a_batch_write_is_an_unknown_outcome(
    emu: Emulator,
) -> None:
    transport = Tamper(emu, after=_corrupt_gzip(SECOND_CHUNK))
    async with _async_client(transport, max_concurrency=4) as c:
        result = await c.batch_create(_rows(250))
    _assert_second_chunk_unknown(result, emu)


def test_undecodable_single_answers_are_typed(emu: Emulator) -> None:
    with _client(Tamper(emu, after=_corrupt_gzip())) as c:
        with pytest.raises(UnknownOutcomeError) as doubt:
            c.create({"hs_timestamp": TS, "hs_meeting_title": "gz"})
        assert doubt.value.inputs == {"properties": {"hs_timestamp": TS, "hs_meeting_title": "gz"}}
        assert emu.store("meetings").count() == 1  # it was applied: hence "unknown", not failed
        # A read's undecodable answer is not a write in doubt: it is an unreadable response.
        with pytest.raises(ResponseValidationError):
            c.list()


# --- 3. a caller's own httpx client: a 5xx to a create is in doubt, not failed ----------------


def _own_client(emu: Emulator, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    transport = transport or emu.transport()
    return httpx.Client(base_url=BASE_URL, transport=transport, headers=headers)


def test_own_http_client_5xx_to_a_create_is_an_unknown_outcome(emu: Emulator) -> None:
    with _own_client(emu) as http:
        c = HubSpotMeetings(http_client=http)
        emu.faults.script(Fault.status(502), FaultMatch(method="POST"), times=1)
        with pytest.raises(UnknownOutcomeError) as doubt:
            c.create({"hs_timestamp": TS, "hs_meeting_title": "maybe"})
        assert doubt.value.inputs == {
            "properties": {"hs_timestamp": TS, "hs_meeting_title": "maybe"}
        }
        assert doubt.value.status == 502 and isinstance(doubt.value.__cause__, ServerError)

        emu.faults.script(Fault.status(500), FaultMatch(path=CREATE_PATH), times=1)
        result = c.batch_create(_rows(2))
        assert result.failed_indexes == [] and result.unknown_indexes == [0, 1]
        assert result.status == "PARTIAL"


def test_own_http_client_5xx_that_was_not_applied_stays_a_server_error(emu: Emulator) -> None:
    def origin_down(request: httpx.Request, response: httpx.Response) -> httpx.Response:
        # Cloudflare's 521 (the emulator has no edge): HubSpot's origin never saw the create.
        return httpx.Response(521, text="<html>Web server is down</html>")

    with _own_client(emu, Tamper(emu, after=origin_down)) as http:
        c = HubSpotMeetings(http_client=http)
        with pytest.raises(ServerError) as refused:
            c.create({"hs_timestamp": TS})
        assert not isinstance(refused.value, UnknownOutcomeError)
        assert refused.value.status == 521
    with _own_client(emu) as http:
        c = HubSpotMeetings(http_client=http)
        # A read may be sent again: its 5xx is a plain failure.
        emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=1)
        with pytest.raises(ServerError) as failed:
            c.list()
        assert not isinstance(failed.value, UnknownOutcomeError)


@pytest.mark.anyio
async def test_async_own_http_client_5xx_to_a_create_is_an_unknown_outcome(
    emu: Emulator,
) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(
        base_url=BASE_URL, transport=emu.transport(), headers=headers
    ) as http:
        c = AsyncHubSpotMeetings(http_client=http)
        emu.faults.script(Fault.status(500), FaultMatch(method="POST"), times=1)
        with pytest.raises(UnknownOutcomeError) as doubt:
            await c.create({"hs_timestamp": TS})
        assert doubt.value.inputs == {"properties": {"hs_timestamp": TS}}


# --- 4. results that cannot be matched to inputs ----------------------------------------------


def _drop_error_context(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    """HubSpot does not always say which input an error is about: remove the trace ids."""
    if request.url.path != CREATE_PATH or response.status_code != 207:
        return response
    body = response.json()
    for error in body["errors"]:
        error.pop("context", None)
    return httpx.Response(207, json=body)


def _one_bad_of_three() -> list[dict[str, Any]]:
    rows = _rows(3)
    rows[1]["properties"]["hs_meeting_outcome"] = "BOGUS"
    return rows


def test_unmatched_create_results_leave_inputs_unknown_never_failed(emu: Emulator) -> None:
    transport = Tamper(emu, after=_drop_error_context)
    with _client(transport, validation=False) as c:
        result = c.batch_create(_one_bad_of_three())
    assert emu.store("meetings").count() == 2 and len(result.results) == 2
    assert result.status == "PARTIAL"
    # Resending failed inputs must not duplicate the two that were created.
    assert result.failed_indexes == [] and result.failed_inputs == []
    assert result.unknown_indexes == [0, 1, 2] and result.unknown == _one_bad_of_three()
    assert [e.category for e in result.unknown_errors] == ["MISSING_RESULT"]
    # HubSpot's own error is still reported, tied to no input since none can be named.
    assert [(e.category, e.input_indexes) for e in result.errors] == [("VALIDATION_ERROR", [])]


def test_matched_create_errors_still_fail_only_their_input(emu: Emulator) -> None:
    with _client(emu.transport(), validation=False) as c:
        result = c.batch_create(_one_bad_of_three())
    assert result.status == "PARTIAL" and len(result.results) == 2
    assert result.failed_indexes == [1] and result.unknown == []


# --- 10. a repeated id is not a missing result ------------------------------------------------


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    with _client(emu.transport()) as c:
        yield c


def test_batch_read_with_a_repeated_id_is_complete(client: HubSpotMeetings) -> None:
    a, b = (client.create({"hs_timestamp": TS}).id for _ in range(2))
    result = client.batch_read([a, a, b])
    assert result.status == "COMPLETE" and result.ok
    assert result.errors == [] and result.unknown == []
    assert sorted(obj.id for obj in result.results) == sorted([a, b])


# --- 12. misspelt input keys are refused, not dropped -----------------------------------------


def _refused(emu: Emulator, call: Callable[[], object]) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as info:
        call()
    assert emu.requests == [], "nothing may be sent when the request is refused"
    return info.value


ASSOC = [{"to": {"id": "101"}, "types": [{"associationCategory": "HUBSPOT_DEFINED"}]}]


def test_misspelt_batch_input_keys_are_refused(emu: Emulator, client: HubSpotMeetings) -> None:
    good = {"properties": {"hs_timestamp": TS}}
    err = _refused(emu, lambda: client.batch_create([good, {**good, "asociations": ASSOC}]))
    assert err.field == "inputs[1].asociations" and "'associations'" in str(err)
    upd = {"id": "1", "properties": {"hs_meeting_title": "x"}}
    err = _refused(emu, lambda: client.batch_update([{**upd, "idproperty": "ext_id"}]))
    assert err.field == "inputs[0].idproperty" and "'idProperty'" in str(err)
    # Update and upsert inputs take no associations: HubSpot would ignore them.
    err = _refused(
        emu, lambda: client.batch_upsert([{**upd, "associations": ASSOC}], id_property="ext_id")
    )
    assert err.field == "inputs[0].associations"


def test_every_documented_batch_input_key_is_still_accepted(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    created = client.batch_create(
        [{"properties": {"hs_timestamp": TS}, "associations": [], "objectWriteTraceId": "t-1"}]
    )
    assert created.ok
    obj_id = created.results[0].id
    updated = client.batch_update(
        [{"id": obj_id, "properties": {"hs_meeting_title": "y"}, "objectWriteTraceId": "t-2"}]
    )
    assert updated.ok and updated.results[0].properties["hs_meeting_title"] == "y"


def test_unchecked_clients_send_inputs_as_given(emu: Emulator) -> None:
    sent: list[Any] = []
    transport = Tamper(emu, before=lambda request: sent.append(json.loads(request.content)))
    with _client(transport, validation=False) as c:
        result = c.batch_create([{"properties": {"hs_timestamp": TS}, "asociations": ASSOC}])
    assert result.ok
    assert "asociations" in sent[0]["inputs"][0]


def test_foreign_exception_in_a_read_chunk_fails_only_that_chunk(emu: Emulator) -> None:
    ids = emu.seed("meetings", [{"hs_meeting_title": f"m{i}"} for i in range(150)])

    def flaky(request: httpx.Request) -> None:
        if request.url.path.endswith("/batch/read") and f'"{ids[100]}"'.encode() in request.content:
            raise OSError("disk full")

    with _client(Tamper(emu, before=flaky)) as c:
        result = c.batch_read(ids)
    # A read has nothing to be in doubt about: its inputs fail, typed, and can be re-read.
    assert result.status == "PARTIAL" and len(result.results) == 100
    assert result.unknown == [] and result.failed_indexes == list(range(100, 150))
    [error] = result.errors
    assert type(error.error) is HubSpotError and error.category == "OSError"
