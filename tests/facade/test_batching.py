"""Batch calls chunk, run with bounded concurrency and account for every input."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BatchResult,
    BearerToken,
    HubSpotMeetings,
    RateLimitError,
    RequestValidationError,
    RetryConfig,
    UnknownOutcomeError,
)
from hubspot_meetings._plan.chunks import Chunk, ChunkAnswer, merge

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"
CREATE_PATH = "/crm/v3/objects/meetings/batch/create"


def _emulator() -> Emulator:
    # Limits high enough that 13+ requests in one test never meet the 10-second window.
    return Emulator(
        EmulatorConfig(
            ten_second_limit=10_000,
            custom_properties={"meetings": {"ext_id": {"unique": True}}},
        )
    )


@pytest.fixture
def emu() -> Emulator:
    return _emulator()


def _client(emu: Emulator, **kw: Any) -> HubSpotMeetings:
    kw.setdefault("retry", RetryConfig.disabled())
    kw.setdefault("pacing", None)
    return HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), **kw)


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    with _client(emu) as c:
        yield c


def _inputs(n: int) -> Iterator[dict[str, Any]]:
    # A generator on purpose: batch methods take any iterable.
    return ({"properties": {"hs_timestamp": TS, "hs_meeting_title": f"m{i}"}} for i in range(n))


def _accounted(result: BatchResult[Any]) -> int:
    return len(result.results) + len(result.failed_inputs) + len(result.unknown)


def _titles(emu: Emulator) -> set[str]:
    return {rec["properties"].get("hs_meeting_title") for rec in emu.store("meetings").all()}


def test_1234_inputs_make_13_requests(emu: Emulator, client: HubSpotMeetings) -> None:
    result = client.batch_create(_inputs(1234))
    creates = [r for r in emu.requests if r.path == CREATE_PATH]
    assert len(creates) == 13 == result.requests
    assert result.status == "COMPLETE" and result.ok
    assert len(result.results) == 1234 == result.total
    assert len(_titles(emu)) == 1234


def test_a_failed_chunk_names_exactly_its_inputs(emu: Emulator) -> None:
    # The 6th request is refused (429, not applied): with one chunk in flight at a time that
    # is inputs 500..599; everything else is created.
    emu.faults.script(Fault.rate_limit(), FaultMatch(method="POST", path=CREATE_PATH), after=5)
    with _client(emu, max_concurrency=1) as c:
        result = c.batch_create(_inputs(1234))
    assert result.requests == 13
    assert result.status == "PARTIAL"
    assert result.failed_indexes == list(range(500, 600))
    [error] = result.errors
    assert isinstance(error.error, RateLimitError)
    assert [i["properties"]["hs_meeting_title"] for i in error.inputs] == [
        f"m{i}" for i in range(500, 600)
    ]
    assert len(result.results) == 1134
    assert _accounted(result) == 1234
    assert _titles(emu) == {f"m{i}" for i in range(1234)} - {f"m{i}" for i in range(500, 600)}


def test_a_failed_chunk_under_concurrency_fails_only_its_inputs(emu: Emulator) -> None:
    emu.faults.script(Fault.rate_limit(), FaultMatch(method="POST", path=CREATE_PATH), after=3)
    with _client(emu, max_concurrency=4) as c:
        result = c.batch_create(_inputs(1234))
    failed = result.failed_indexes
    assert len(failed) == 100 and failed == list(range(failed[0], failed[0] + 100))
    assert failed[0] % 100 == 0
    assert _accounted(result) == 1234
    assert _titles(emu) == {f"m{i}" for i in range(1234) if i not in set(failed)}


def test_per_input_failures_map_back_through_trace_ids(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    items = list(_inputs(250))
    items[3]["properties"]["no_such_property"] = "x"  # HubSpot refuses this input alone
    items[180]["properties"]["no_such_property"] = "y"
    result = client.batch_create(items)
    assert result.requests == 3
    assert result.failed_indexes == [3, 180]
    assert {e.category for e in result.errors} == {"VALIDATION_ERROR"}
    assert result.errors[0].inputs == [items[3]]
    assert "no_such_property" in result.errors[0].message
    assert len(result.results) == 248 and _accounted(result) == 250
    # The caller's dicts are left as given (trace ids are added to copies).
    assert "objectWriteTraceId" not in items[0]


def test_unknown_outcome_chunk_is_neither_failed_nor_done(emu: Emulator) -> None:
    emu.faults.script(Fault.status(500), FaultMatch(method="POST", path=CREATE_PATH), after=1)
    with _client(emu, max_concurrency=1) as c:
        result = c.batch_create(_inputs(300))
    assert result.status == "PARTIAL"
    assert result.errors == []
    assert result.unknown_indexes == list(range(100, 200))
    assert len(result.unknown) == 100
    assert isinstance(result.unknown_errors[0].error, UnknownOutcomeError)
    assert result.unknown_errors[0].error.inputs == result.unknown
    assert _accounted(result) == 300


def test_batch_read_chunks_by_50_with_history_and_names_missing_ids(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    created = client.batch_create(_inputs(120))
    ids = [o.id for o in created.results] + ["404404"]
    before = len(emu.requests)
    plain = client.batch_read(iter(ids), properties=["hs_meeting_title"])
    assert len(emu.requests) - before == 2
    assert plain.failed_inputs == ["404404"] and plain.failed_indexes == [120]
    assert plain.errors[0].category == "OBJECT_NOT_FOUND"
    assert len(plain.results) == 120 and plain.status == "PARTIAL"

    before = len(emu.requests)
    history = client.batch_read(ids[:120], properties_with_history=["hs_meeting_title"])
    assert len(emu.requests) - before == 3  # 50 + 50 + 20
    assert history.ok
    assert all(o.properties_with_history["hs_meeting_title"] for o in history.results)


def test_batch_update_upsert_archive(emu: Emulator, client: HubSpotMeetings) -> None:
    ids = [o.id for o in client.batch_create(_inputs(3)).results]
    updated = client.batch_update(
        [
            {"id": ids[0], "properties": {"hs_meeting_title": "new"}},
            {"id": "999999", "properties": {"hs_meeting_title": "ghost"}},
        ]
    )
    assert updated.failed_indexes == [1]
    assert updated.results[0].properties["hs_meeting_title"] == "new"

    upserted = client.batch_upsert(
        [
            {"id": "u-1", "properties": {"hs_timestamp": TS}},
            {"id": "u-2", "properties": {"hs_timestamp": TS}},
        ],
        id_property="ext_id",
    )
    assert upserted.ok and [o.new for o in upserted.results] == [True, True]
    again = client.batch_upsert(
        [{"id": "u-1", "properties": {"hs_meeting_title": "t"}}], id_property="ext_id"
    )
    assert again.results[0].new is False

    archived = client.batch_archive(ids)
    assert archived.ok and archived.results == ids
    assert client.batch_read(ids).status == "FAILED"
    assert client.batch_read(ids, archived=True).ok


def test_chunk_size_over_the_limit_is_refused(client: HubSpotMeetings) -> None:
    with pytest.raises(RequestValidationError) as info:
        client.batch_create(_inputs(10), chunk_size=101)
    assert info.value.field == "chunk_size"
    with pytest.raises(RequestValidationError) as hist:
        client.batch_read(["1"], properties_with_history=["a"], chunk_size=51)
    assert "50" in str(hist.value)


def test_bad_input_deep_in_a_generator_is_named_before_anything_is_sent(
    emu: Emulator, client: HubSpotMeetings
) -> None:
    def gen() -> Iterator[dict[str, Any]]:
        yield from _inputs(150)
        yield {"properties": {"hs_meeting_title": "no timestamp"}}

    with pytest.raises(RequestValidationError) as info:
        client.batch_create(gen())
    assert info.value.field == "inputs[150].properties.hs_timestamp"
    assert emu.requests == []


class _Gate(httpx.BaseTransport):
    """Counts requests in flight; the first `width` wait for each other at a barrier, which
    can only be passed if that many really run at once."""

    def __init__(self, inner: httpx.BaseTransport, width: int) -> None:
        self.inner = inner
        self.barrier = threading.Barrier(width, timeout=10)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.peak = 0
        self.seen = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.in_flight += 1
            self.seen += 1
            first_wave = self.seen <= self.barrier.parties
            self.peak = max(self.peak, self.in_flight)
        try:
            if first_wave:
                self.barrier.wait()
            return self.inner.handle_request(request)
        finally:
            with self.lock:
                self.in_flight -= 1


def test_sync_chunks_run_max_concurrency_at_once(emu: Emulator) -> None:
    gate = _Gate(emu.transport(), width=3)
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=gate, max_concurrency=3, pacing=None
    ) as c:
        result = c.batch_create(_inputs(1000))
    assert result.ok and gate.seen == 10
    assert gate.peak == 3


def test_batch_threads_are_kept_between_batches_and_end_with_the_client(emu: Emulator) -> None:
    def batch_threads() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith("hubspot-batch")}

    before = batch_threads()
    gate = _Gate(emu.transport(), width=3)
    client = HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=gate, max_concurrency=3, pacing=None
    )
    assert client.batch_create(_inputs(300)).ok
    mine = batch_threads() - before
    assert len(mine) == 3
    # A second batch runs in the same threads (a read of many pages runs one batch a page).
    assert client.batch_read([f"{i}" for i in range(1, 301)]).requests == 3
    assert batch_threads() - before == mine
    client.close()
    assert not any(t.is_alive() for t in mine)


class _AsyncGate(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.in_flight = 0
        self.peak = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            for _ in range(5):  # yield to the loop so other chunks can start
                await asyncio.sleep(0)
            return await self.inner.handle_async_request(request)
        finally:
            self.in_flight -= 1


@pytest.mark.anyio
async def test_async_batches_respect_max_concurrency(emu: Emulator) -> None:
    gate = _AsyncGate(emu.transport())
    emu.faults.script(Fault.rate_limit(), FaultMatch(method="POST", path=CREATE_PATH), after=4)
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=gate,
        max_concurrency=2,
        pacing=None,
        retry=RetryConfig.disabled(),
    ) as c:
        result = await c.batch_create(_inputs(1234))
    assert gate.peak == 2
    assert result.requests == 13
    assert len(result.failed_indexes) == 100 and _accounted(result) == 1234


def test_merge_names_inputs_that_got_neither_result_nor_error() -> None:
    chunk = Chunk(
        0, ["a", "b", "c"], [{"id": "a"}, {"id": "b"}, {"id": "c"}], [("a",), ("b",), ("c",)]
    )
    answer: ChunkAnswer[str] = ChunkAnswer(["a", "c"], [])
    result = merge([chunk], [answer], writes=False, result_key=lambda r: r)
    assert result.failed_inputs == ["b"]
    assert result.errors[0].category == "MISSING_RESULT"
    assert _accounted(result) == 3 and result.status == "PARTIAL"


def test_merge_matches_results_once_an_input_failed() -> None:
    # HubSpot answered `a` and also refused it: `b` got nothing back, and must not vanish.
    chunk = Chunk(0, ["a", "b"], [{"id": "a"}, {"id": "b"}], [("a",), ("b",)])
    refused = {"category": "VALIDATION_ERROR", "context": {"ids": ["a"]}}
    answer: ChunkAnswer[str] = ChunkAnswer(["a"], [refused])
    result = merge([chunk], [answer], writes=False, result_key=lambda r: r)
    assert sorted(result.failed_inputs) == ["a", "b"]
    assert [e.category for e in result.errors] == ["VALIDATION_ERROR", "MISSING_RESULT"]
    assert result.status == "PARTIAL"


def test_merge_is_not_complete_when_an_error_names_no_input() -> None:
    chunk = Chunk(0, ["a"], [{"id": "a"}], [("a",)])
    stray = {"category": "X", "message": "something went wrong", "context": {"ids": ["zz"]}}
    answer: ChunkAnswer[str] = ChunkAnswer(["a"], [stray])
    result = merge([chunk], [answer], writes=False, result_key=lambda r: r)
    assert result.status == "PARTIAL" and not result.ok
    assert [e.message for e in result.errors] == ["something went wrong"]
