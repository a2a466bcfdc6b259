"""The CLI never destroys what `-o` points at, refuses what it cannot write before downloading
anything, keeps to its documented exit statuses (0 all rows, 1 some or all failed, 2 usage),
shows a real progress bar on a terminal, and imports with `--dedupe-on` / `--upsert-by` count
what they created even when a request had to be resent."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import socket
import stat
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import BearerToken, HubSpotMeetings, RetryConfig
from hubspot_meetings.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
TS = "2026-03-01T09:00:00.000Z"
COUNT = 250


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emu(clock: FakeClock) -> Emulator:
    emu = Emulator(
        EmulatorConfig(
            rate_limits_enabled=False,
            custom_properties={"meetings": {"ext_id": {"unique": True}}},
        ),
        clock=clock,
    )
    emu.seed("meetings", ({"hs_timestamp": TS, "hs_meeting_title": f"m{i}"} for i in range(COUNT)))
    emu.requests.clear()
    return emu


@pytest.fixture
def client(emu: Emulator, clock: FakeClock) -> Iterator[HubSpotMeetings]:
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        pacing=None,
        retry=RetryConfig(interval=0.5, jitter=0.0),
        _clock=clock,
    ) as c:
        yield c


def export(client: HubSpotMeetings, path: str | Path) -> tuple[int, str]:
    err = io.StringIO()
    code = main(["export", "-o", str(path)], client=client, stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


def exported_ids(path: Path) -> set[str]:
    return {json.loads(line)["id"] for line in path.read_text().splitlines()}


def no_temp_files(directory: Path) -> bool:
    return not [p for p in directory.iterdir() if p.name.endswith(".partial")]


# --- what -o points at --------------------------------------------------------------------------


def test_a_symlink_is_written_through_and_stays_a_link(
    tmp_path: Path, client: HubSpotMeetings
) -> None:
    real = tmp_path / "data" / "meetings.jsonl"
    real.parent.mkdir()
    real.write_text("old\n")
    real.chmod(0o640)
    link = tmp_path / "latest.jsonl"
    link.symlink_to(real)
    code, err = export(client, link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert len(exported_ids(real)) == COUNT
    assert stat.S_IMODE(real.stat().st_mode) == 0o640  # the replaced file's mode is kept
    assert no_temp_files(real.parent) and no_temp_files(tmp_path)


def test_a_dangling_symlink_creates_its_target(tmp_path: Path, client: HubSpotMeetings) -> None:
    link = tmp_path / "latest.jsonl"
    link.symlink_to(tmp_path / "new.jsonl")
    code, err = export(client, link)
    assert code == 0, err
    assert link.is_symlink() and len(exported_ids(tmp_path / "new.jsonl")) == COUNT


def test_a_regular_file_is_replaced_whole_and_a_callers_partial_file_is_left_alone(
    tmp_path: Path, client: HubSpotMeetings
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    mine = tmp_path / "out.jsonl.partial"
    mine.write_text("not the CLI's\n")
    code, _ = export(client, out)
    assert code == 0 and len(exported_ids(out)) == COUNT
    assert mine.read_text() == "not the CLI's\n"


def test_a_failed_export_leaves_the_old_file_as_it_was(
    tmp_path: Path, emu: Emulator, client: HubSpotMeetings
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old\n")
    emu.faults.script(Fault.status(500), FaultMatch(method="GET"), times=None, after=1)
    code, err = export(client, out)
    assert code == 1 and "export failed" in err
    assert out.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _device(tmp_path: Path) -> Path:
    # A private copy of /dev/null's node (c 1,3), never the real one: the bug this guards
    # against replaced the node it was pointed at with a regular file.
    path = tmp_path / "null"
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return path


def _socket(tmp_path: Path) -> Path:
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the node stays
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda tmp: tmp, "a directory"),
        (_fifo, "a FIFO"),
        (_device, "a character device"),
        (_socket, "a socket"),
    ],
    ids=["directory", "fifo", "device", "socket"],
)
def test_what_is_not_a_regular_file_is_refused_before_anything_is_downloaded(
    tmp_path: Path, emu: Emulator, client: HubSpotMeetings, make: object, kind: str
) -> None:
    path: Path = make(tmp_path)  # type: ignore[operator]
    before = path.lstat().st_mode
    code, err = export(client, path)
    assert code == 2
    assert kind in err and err.count("\n") == 1 and "Traceback" not in err
    assert emu.requests == [], "nothing may be downloaded before the output is checked"
    assert path.lstat().st_mode == before  # the node is still what it was


def test_a_symlink_to_a_directory_is_refused(
    tmp_path: Path, emu: Emulator, client: HubSpotMeetings
) -> None:
    link = tmp_path / "link"
    link.symlink_to(tmp_path, target_is_directory=True)
    code, err = export(client, link)
    assert code == 2 and "a directory" in err and emu.requests == []
    assert link.is_symlink()


def test_a_missing_directory_exits_2_with_one_line(
    tmp_path: Path, emu: Emulator, client: HubSpotMeetings
) -> None:
    code, err = export(client, tmp_path / "nope" / "out.jsonl")
    assert code == 2
    assert (
        err == f"hubspot-meetings: error: cannot write {tmp_path}/nope/out.jsonl: no such "
        f"directory {tmp_path}/nope\n"
    )
    assert emu.requests == []


# --- the progress bar ----------------------------------------------------------------------------


def run_on_a_terminal(argv: list[str], client: HubSpotMeetings, stdin: str = "") -> str:
    """Run the CLI with stderr on a pseudo-terminal; what the terminal received."""
    master, slave = pty.openpty()
    # 30 rows of 100 columns, as a terminal window would report.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    received: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    with open(slave, "w", encoding="utf-8", closefd=True) as terminal:
        code = main(
            argv, client=client, stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=terminal
        )
    reader.join(timeout=5)
    os.close(master)
    assert code == 0
    return b"".join(received).decode("utf-8")


def test_export_on_a_terminal_shows_count_rate_and_eta(client: HubSpotMeetings) -> None:
    shown = run_on_a_terminal(["export"], client)
    # e.g. "exported:  40%|████      | 100/250 [00:00<00:00, 5234.1 meetings/s]"
    bar = re.compile(r"exported:\s+40%\|.*\| 100/250 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+ meetings/s\]")
    assert bar.search(shown), shown
    assert shown.rstrip().endswith("exported 250 meetings")


def test_import_on_a_terminal_counts_rows_against_the_file(
    tmp_path: Path, client: HubSpotMeetings
) -> None:
    rows = tmp_path / "in.jsonl"
    rows.write_text(
        "".join(
            json.dumps({"properties": {"hs_timestamp": TS, "hs_meeting_title": f"n{i}"}}) + "\n"
            for i in range(450)
        )
    )
    shown = run_on_a_terminal(["import", str(rows)], client)
    assert re.search(r"imported:\s+89%\|.*\| 400/450 \[", shown), shown
    assert "imported 450 meetings (450 created, 0 updated)" in shown


def test_the_bar_library_is_loaded_only_for_a_bar_on_a_terminal(tmp_path: Path) -> None:
    code = (
        "import sys, io\n"
        "import hubspot_meetings, hubspot_meetings.__main__\n"
        "assert 'tqdm' not in sys.modules, 'imported with the package'\n"
        "from hubspot_meetings.__main__ import main\n"
        "err = io.StringIO()\n"
        "assert main(['export', '--emulator', '--seed', '3'], stdout=io.StringIO(), "
        "stderr=err) == 0\n"
        "assert 'tqdm' not in sys.modules, 'imported for a run without a terminal'\n"
    )
    env = {"PYTHONPATH": f"{ROOT / 'facade'}:{ROOT / 'generated'}:{ROOT / 'emulator'}"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert proc.returncode == 0, proc.stderr


# --- import counts with keyed writes --------------------------------------------------------------


def keyed_rows(tmp_path: Path, count: int = 5, title: str = "t") -> Path:
    path = tmp_path / f"keyed-{title}.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {"properties": {"hs_timestamp": TS, "ext_id": f"k{i}", "hs_meeting_title": title}}
            )
            + "\n"
            for i in range(count)
        )
    )
    return path


def run(argv: list[str], client: HubSpotMeetings) -> tuple[int, str]:
    err = io.StringIO()
    code = main(argv, client=client, stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


@pytest.mark.parametrize("flag", ["--upsert-by", "--dedupe-on"])
def test_a_resent_keyed_import_counts_what_it_created(
    tmp_path: Path, emu: Emulator, client: HubSpotMeetings, clock: FakeClock, flag: str
) -> None:
    # The first send is applied and its answer lost; the resend finds the five records.
    emu.faults.script(Fault.ambiguous(), FaultMatch(path="/batch/upsert"), times=1)
    code, err = run(["import", str(keyed_rows(tmp_path)), flag, "ext_id"], client)
    assert code == 0, err
    assert "imported 5 meetings (5 created, 0 updated)" in err
    assert emu.store("meetings").count() == COUNT + 5
    clock.advance(3600.0)
    # A later run of changed rows updates them, resend or not.
    emu.faults.script(Fault.ambiguous(), FaultMatch(path="/batch/upsert"), times=1)
    code, err = run(["import", str(keyed_rows(tmp_path, title="v2")), flag, "ext_id"], client)
    assert code == 0 and "imported 5 meetings (0 created, 5 updated)" in err
    assert emu.store("meetings").count() == COUNT + 5


def test_dedupe_on_fails_a_row_without_its_key_alone(
    tmp_path: Path, emu: Emulator, client: HubSpotMeetings
) -> None:
    path = keyed_rows(tmp_path, count=3)
    with path.open("a") as stream:
        stream.write(json.dumps({"properties": {"hs_timestamp": TS}}) + "\n")
    code, err = run(["import", str(path), "--dedupe-on", "ext_id"], client)
    assert code == 1
    assert "imported 3 meetings (3 created, 0 updated); 1 rows failed" in err
    assert "--dedupe-on needs one" in err


def test_upsert_by_and_dedupe_on_exclude_each_other(
    tmp_path: Path, client: HubSpotMeetings
) -> None:
    code, _ = run(
        ["import", str(keyed_rows(tmp_path)), "--upsert-by", "ext_id", "--dedupe-on", "ext_id"],
        client,
    )
    assert code == 2
