"""The fault matrix over a real socket: TLS, HTTP/2 negotiated by ALPN (the default setting).

A representative subset of the in-process matrix's rows, every operation, sync and async, with
the same checks: the faults that act on the connection (`drop`: a TCP abort under every request
on it; `ambiguous`: the same after the change was applied; `cut-body`: an answer whose body stops
arriving), a 5xx answer (`503`) and a complete answer that cannot be read (`truncated-json`).
Here the failures come from httpcore, h2, anyio and ssl rather than from the emulator's
transport. The status and rate-limit rows behave the same whatever carries them and stay
in-process, as do `slow` (a real read timeout would cost its seconds in every run) and
`oauth-expiry` (it advances fake time from inside the in-process transport). Async batch chunks
share one HTTP/2 connection, so a fault that closes it leaves the chunks then in flight in doubt
too (stored at most once); sync chunks run on connections of their own.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from matrix_support import (
    MATRIX,
    FaultCase,
    Op,
    ReadOutcome,
    Scenario,
    check_created,
    check_no_secrets,
    check_read,
    check_updated,
    expect,
    log_texts,
    scenario,
    shown_texts,
    watch_logs,
)
from resilience_support import FakeClock
from socket_support import Switchboard, TlsFiles, make_tls_files
from test_fault_matrix import run_sync
from test_fault_matrix_async import run_async

from hubspot_emulator.server import serve
from hubspot_meetings import AsyncHubSpotMeetings, HubSpotMeetings

OVER_THE_WIRE = frozenset({"drop", "ambiguous", "cut-body", "503", "truncated-json"})
WIRE_MATRIX = [(case, op) for case, op in MATRIX if case.name in OVER_THE_WIRE]
WIRE_IDS = [f"{case.name}-{op}" for case, op in WIRE_MATRIX]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Switchboard, str, TlsFiles]]:
    tls = make_tls_files(tmp_path_factory.mktemp("tls"))
    board = Switchboard()
    with serve(board, certfile=tls.cert, keyfile=tls.key) as handle:
        yield board, handle.url, tls


def over_the_wire(s: Scenario, server: tuple[Switchboard, str, TlsFiles]) -> dict[str, Any]:
    board, url, tls = server
    board.emulator = s.emu
    kwargs = {k: v for k, v in s.client_kwargs.items() if k != "transport"}
    return {**kwargs, "base_url": url, "verify": tls.ca}


def check(s: Scenario, case: FaultCase, op: Op, outcome: Any, *, shared: bool) -> None:
    want = expect(case, op)
    assert any(r.fault for r in s.emu.requests), "the fault never fired"
    if isinstance(outcome, ReadOutcome):
        check_read(s.emu, s.seeded, outcome, want)
    elif op == "batch_update":
        check_updated(s.emu, s.seeded, outcome, case, want)
    else:
        check_created(s.emu, outcome, case, want, shared_connection=shared)


@pytest.mark.parametrize(("case", "op"), WIRE_MATRIX, ids=WIRE_IDS)
def test_sync_client_under_fault_over_http2(
    case: FaultCase,
    op: Op,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    server: tuple[Switchboard, str, TlsFiles],
) -> None:
    watch_logs(caplog)
    s = scenario(case, op, clock)
    with HubSpotMeetings(**over_the_wire(s, server)) as client:
        outcome = run_sync(client, op, s)
        texts = shown_texts(outcome.shown, client)
    check(s, case, op, outcome, shared=False)
    check_no_secrets(s.tap, texts, log_texts(caplog.records), auth=s.auth)


@pytest.mark.anyio
@pytest.mark.parametrize(("case", "op"), WIRE_MATRIX, ids=WIRE_IDS)
async def test_async_client_under_fault_over_http2(
    case: FaultCase,
    op: Op,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
    server: tuple[Switchboard, str, TlsFiles],
) -> None:
    watch_logs(caplog)
    s = scenario(case, op, clock)
    async with AsyncHubSpotMeetings(**over_the_wire(s, server)) as client:
        outcome = await run_async(client, op, s)
        texts = shown_texts(outcome.shown, client)
    check(s, case, op, outcome, shared=True)
    answered = bool(outcome.ids if isinstance(outcome, ReadOutcome) else outcome.done)
    logs = log_texts(caplog.records)
    check_no_secrets(s.tap, texts, logs, auth=s.auth, answered=answered)
