"""Review findings on ``hubspot-meetings import``: a run that ends early still says what it did."""

from __future__ import annotations

import io
from pathlib import Path

import httpx

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import BearerToken, HubSpotMeetings
from hubspot_meetings.__main__ import main

HEADER = "hs_timestamp,hs_meeting_title\n"


def csv_rows(count: int) -> str:
    return "".join(f"2026-03-20T10:00:00Z,m{i}\n" for i in range(1, count + 1))


class AgingTransport(httpx.BaseTransport):
    """The emulator, with `step` seconds of its clock passing during every request."""

    def __init__(self, emu: Emulator, now: list[float], step: float) -> None:
        self._inner = emu.transport()
        self._now = now
        self._step = step

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._inner.handle_request(request)
        finally:
            self._now[0] += self._step


def test_undecodable_bytes_mid_file_still_report_what_was_imported(tmp_path: Path) -> None:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    client = HubSpotMeetings(
        auth=BearerToken("pat-emulator-token"), transport=emu.transport(), pacing=None
    )
    path = tmp_path / "bad.csv"
    path.write_bytes((HEADER + csv_rows(2000)).encode() + b"2026-03-20T10:00:00Z,\xff\n")
    err = io.StringIO()
    code = main(["import", str(path)], client=client, stdout=io.StringIO(), stderr=err)
    assert code == 2
    lines = err.getvalue().splitlines()
    stored = emu.store("meetings").count()
    assert 0 < stored < 2000  # some batches went out before the decoder hit the byte
    assert lines[0] == f"imported {stored} meetings ({stored} created, 0 updated)"
    assert lines[1] == (
        f"  stopped early: row {stored} was the last row sent and answered; "
        "later rows were not imported"
    )
    assert lines[-1].startswith(f"hubspot-meetings: error: {path}: 'utf-8' codec can't decode")
    assert len(lines) == 3


def test_an_expired_token_mid_import_still_reports_what_was_imported(tmp_path: Path) -> None:
    now = [1000.0]
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False), clock=lambda: now[0])
    token = emu.issue_access_token(ttl=100)
    client = HubSpotMeetings(
        auth=BearerToken(token),
        transport=AgingTransport(emu, now, step=30.0),  # the 5th request finds it expired
        pacing=None,
        max_concurrency=1,  # one 100-row chunk per request, in file order
    )
    path = tmp_path / "meetings.csv"
    path.write_text(HEADER + csv_rows(700))
    err = io.StringIO()
    code = main(["import", str(path)], client=client, stdout=io.StringIO(), stderr=err)
    assert code == 1
    lines = err.getvalue().splitlines()
    assert emu.store("meetings").count() == 400
    assert lines[0] == "imported 400 meetings (400 created, 0 updated); 100 rows failed"
    assert lines[1] == (
        "  stopped early: row 500 was the last row sent and answered; later rows were not imported"
    )
    failed = lines[2:-1]
    assert [line.split(" (")[0] for line in failed] == [f"  row {n}" for n in range(401, 501)]
    assert all("expired" in line for line in failed)
    assert lines[-1].startswith("hubspot-meetings: import failed: ")
    assert token not in err.getvalue()


class InterruptingTransport(httpx.BaseTransport):
    """The emulator, until Ctrl-C arrives while request number `at` is on its way."""

    def __init__(self, emu: Emulator, at: int) -> None:
        self._inner = emu.transport()
        self._left = at

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._left -= 1
        if self._left == 0:
            raise KeyboardInterrupt
        return self._inner.handle_request(request)


def test_an_interrupt_mid_batch_names_the_rows_in_doubt(tmp_path: Path) -> None:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    client = HubSpotMeetings(
        auth=BearerToken("pat-emulator-token"),
        transport=InterruptingTransport(emu, at=3),
        pacing=None,
        max_concurrency=1,
    )
    path = tmp_path / "meetings.csv"
    path.write_text(HEADER + csv_rows(500))
    err = io.StringIO()
    code = main(["import", str(path)], client=client, stdout=io.StringIO(), stderr=err)
    assert code == 130
    assert emu.store("meetings").count() == 200
    assert err.getvalue().splitlines() == [
        "imported 200 meetings (200 created, 0 updated)",
        "  stopped early: row 200 was the last row sent and answered",
        "  rows 201-300 were being sent when it stopped: check which of them exist before "
        "re-running; later rows were not sent",
        "hubspot-meetings: interrupted",
    ]


def test_a_complete_import_reports_no_early_stop(tmp_path: Path) -> None:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    client = HubSpotMeetings(
        auth=BearerToken("pat-emulator-token"), transport=emu.transport(), pacing=None
    )
    path = tmp_path / "meetings.csv"
    path.write_text(HEADER + csv_rows(5))
    err = io.StringIO()
    assert main(["import", str(path)], client=client, stdout=io.StringIO(), stderr=err) == 0
    assert err.getvalue() == "imported 5 meetings (5 created, 0 updated)\n"
