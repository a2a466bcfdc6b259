"""Failures only a real connection produces, over TLS with HTTP/2 (the default) unless a test
says otherwise: a client reused in a second event loop, many requests sharing one HTTP/2
connection from threads or tasks, a connection dropped under them, a body cut off after its
headers. Each ends with the store compared to what the caller was told."""

from __future__ import annotations

import asyncio
import ssl
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from resilience_support import FakeClock
from socket_support import Switchboard, TlsFiles, make_tls_files

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.server import serve
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    ConfigurationError,
    CrmObject,
    HubSpotError,
    HubSpotMeetings,
    RetryConfig,
    UnknownOutcomeError,
)

TOKEN = "pat-emulator-token"
TS = "2024-01-01T00:00:00Z"
NOTES = "n" * 2000  # a batch of 100 is ~200 KB: several DATA frames and flow-control waits
# The emulator's (hypercorn's) SETTINGS_MAX_CONCURRENT_STREAMS: at most this many requests are
# in flight on one HTTP/2 connection, so at most this many can be in doubt when it drops.
MAX_STREAMS = 100


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def server(tls: TlsFiles) -> Iterator[tuple[Switchboard, str]]:
    board = Switchboard()
    with serve(board, certfile=tls.cert, keyfile=tls.key) as handle:
        yield board, handle.url


@pytest.fixture
def emu(server: tuple[Switchboard, str]) -> Iterator[Emulator]:
    board, _url = server
    board.emulator = Emulator(EmulatorConfig(rate_limits_enabled=False))
    yield board.emulator
    board.emulator = None


@pytest.fixture
def settings(server: tuple[Switchboard, str], tls: TlsFiles) -> dict[str, Any]:
    """Client settings for the server: real sockets, fake waits between retries."""
    clock = FakeClock()
    return {
        "base_url": server[1],
        "verify": tls.ca,
        "auth": BearerToken(TOKEN),
        "pacing": None,
        "retry": RetryConfig(jitter=0.0),
        "_clock": clock,
    }


def props(title: str, notes: str | None = None) -> dict[str, str]:
    out = {"hs_timestamp": TS, "hs_meeting_title": title}
    if notes is not None:
        out["hs_internal_meeting_notes"] = notes
    return out


def stored_titles(emu: Emulator) -> Counter[str]:
    return Counter(r["properties"]["hs_meeting_title"] for r in emu.store("meetings").all())


def stored_ids(emu: Emulator) -> dict[str, str]:
    return {r["properties"]["hs_meeting_title"]: r["id"] for r in emu.store("meetings").all()}


# --- 1. one async client, several event loops ------------------------------------------------


@pytest.mark.parametrize("version", ["2", "1.1"])
def test_async_client_serves_a_second_event_loop(
    emu: Emulator, settings: dict[str, Any], version: str
) -> None:
    client = AsyncHubSpotMeetings(**settings, http_version=version)

    async def create(title: str, *, last: bool = False) -> CrmObject:
        made = await client.create(props(title))
        if last:
            await client.aclose()
        return made

    made = [asyncio.run(create(f"loop-{n}", last=n == 2)) for n in range(3)]

    assert stored_ids(emu) == {m.properties["hs_meeting_title"]: m.id for m in made}
    assert stored_titles(emu) == Counter(f"loop-{n}" for n in range(3))


def test_callers_own_async_pool_is_refused_in_a_second_loop_before_sending(
    emu: Emulator, settings: dict[str, Any], tls: TlsFiles
) -> None:
    # A pool the caller built cannot be duplicated per loop: refusing beats a create that fails
    # after it was written.
    pool = httpx.AsyncHTTPTransport(verify=ssl.create_default_context(cafile=tls.ca), http2=True)
    own = {k: v for k, v in settings.items() if k != "verify"}
    client = AsyncHubSpotMeetings(**own, transport=pool)

    async def create(title: str, *, then_close: bool = False) -> CrmObject:
        made = await client.create(props(title))
        if then_close:
            await pool.aclose()  # its connection belongs to this loop
        return made

    asyncio.run(create("first", then_close=True))
    with pytest.raises(ConfigurationError, match="another one"):
        asyncio.run(create("second"))
    assert stored_titles(emu) == Counter(["first"])


# --- 2. HTTP/2: many requests on one connection ----------------------------------------------


def test_sync_http2_batches_on_threads_complete_without_faults(
    emu: Emulator, settings: dict[str, Any]
) -> None:
    with HubSpotMeetings(**settings, max_concurrency=4) as client:
        for run in range(3):
            rows = [{"properties": props(f"r{run}-{i}", NOTES)} for i in range(1000)]
            result = client.batch_create(rows)
            why = [e.message for e in result.unknown_errors[:1]]
            assert result.ok, f"run {run}: {len(result.unknown)} unknown: {why}"
    assert stored_titles(emu).total() == 3000
    assert max(stored_titles(emu).values()) == 1


def test_sync_http2_threads_gets_survive_a_dropped_connection(
    emu: Emulator, settings: dict[str, Any]
) -> None:
    [record_id] = emu.seed("meetings", [props("seeded")])
    emu.faults.script(Fault.drop(), FaultMatch(method="GET"), after=100)

    with HubSpotMeetings(**settings) as client:

        def get(_: int) -> CrmObject | HubSpotError:
            try:
                return client.get(record_id)
            except HubSpotError as exc:
                return exc

        with ThreadPoolExecutor(16) as threads:
            results = list(threads.map(get, range(400)))

    assert [r for r in results if not isinstance(r, CrmObject)] == []
    assert [r.fault for r in emu.requests if r.fault] == ["drop"]


@pytest.mark.anyio
async def test_async_http2_gets_survive_a_dropped_connection(
    emu: Emulator, settings: dict[str, Any]
) -> None:
    [record_id] = emu.seed("meetings", [props("seeded")])
    emu.faults.script(Fault.drop(), FaultMatch(method="GET"), after=50)

    async with AsyncHubSpotMeetings(**settings) as client:
        results = await asyncio.gather(
            *(client.get(record_id) for _ in range(200)), return_exceptions=True
        )

    assert [r for r in results if not isinstance(r, CrmObject)] == []
    assert [r.fault for r in emu.requests if r.fault] == ["drop"]


@pytest.mark.anyio
async def test_async_http2_creates_in_doubt_only_if_in_flight_on_the_dropped_connection(
    emu: Emulator, settings: dict[str, Any]
) -> None:
    emu.faults.script(Fault.drop(), FaultMatch(method="POST"), after=50)
    titles = [f"c{i}" for i in range(200)]

    async with AsyncHubSpotMeetings(**settings) as client:
        results = await asyncio.gather(
            *(client.create(props(t)) for t in titles), return_exceptions=True
        )

    # Queued behind the stream limit, never sent: resent, whatever the method. Sent: in doubt.
    assert [r for r in results if not isinstance(r, CrmObject | UnknownOutcomeError)] == []
    done = {r.properties["hs_meeting_title"]: r.id for r in results if isinstance(r, CrmObject)}
    doubt = [r for r in results if isinstance(r, UnknownOutcomeError)]
    assert len(doubt) <= MAX_STREAMS, f"{len(doubt)} in doubt"
    assert sorted(
        [*done, *(e.inputs["properties"]["hs_meeting_title"] for e in doubt)]  # type: ignore[index]
    ) == sorted(titles)
    counts = stored_titles(emu)
    assert max(counts.values()) == 1, "a create was sent twice"
    ids = stored_ids(emu)
    assert all(ids[t] == i for t, i in done.items())


def test_sync_batch_with_a_dropped_connection_doubts_one_chunk(
    emu: Emulator, settings: dict[str, Any]
) -> None:
    emu.faults.script(Fault.drop(), FaultMatch(path="/batch/create"), after=3)
    rows = [{"properties": props(f"b{i}", NOTES)} for i in range(1000)]

    with HubSpotMeetings(**settings, max_concurrency=4) as client:
        result = client.batch_create(rows)

    # The dropped request's own chunk, alone: no thread shares its connection.
    assert len(result.unknown) == 100 and result.errors == []
    assert len(result.results) == 900
    counts = stored_titles(emu)
    assert counts.total() == 900 and max(counts.values()) == 1


# --- 3. a body cut off after its headers -----------------------------------------------------


@pytest.mark.parametrize("version", ["2", "1.1"])
def test_list_all_reads_every_record_when_a_page_is_cut_off(
    emu: Emulator, settings: dict[str, Any], version: str
) -> None:
    ids = emu.seed("meetings", [props(f"s{i}") for i in range(2000)])
    emu.faults.script(Fault.cut_body(), FaultMatch(method="GET"), after=7)

    with HubSpotMeetings(**settings, http_version=version) as client:
        seen = [m.id for m in client.list_all()]

    assert sorted(seen) == sorted(ids)
    assert [r.fault for r in emu.requests if r.fault] == ["cut_body"]
