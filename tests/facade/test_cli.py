"""The export/import CLI against emulators: round trips, bad rows, upserts, progress, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import BearerToken, HubSpotMeetings
from hubspot_meetings.__main__ import main

TOKEN = "pat-emulator-token"
ROOT = Path(__file__).resolve().parents[2]
EXPORTED = ["hs_timestamp", "hs_meeting_title", "hs_meeting_body", "hs_meeting_outcome"]


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def make_emulator() -> Emulator:
    return Emulator(
        EmulatorConfig(
            rate_limits_enabled=False,
            custom_properties={"meetings": {"ext_id": {"unique": True}}},
        )
    )


@pytest.fixture
def source() -> Emulator:
    emu = make_emulator()
    tricky = [
        'Quarterly review, "Q3"',
        "Line one\nline two",
        "Café ☕ — naïve résumé",
        "=SUM(A1:A2)",
    ]
    emu.seed(
        "meetings",
        [
            {
                "hs_timestamp": f"2026-03-{1 + i % 28:02d}T09:00:00.000Z",
                "hs_meeting_title": f"Meeting {i}",
                "hs_meeting_body": tricky[i % len(tricky)],
                "hs_meeting_outcome": "COMPLETED" if i % 2 else "SCHEDULED",
                "ext_id": f"ext-{i}",
            }
            for i in range(250)
        ],
    )
    return emu


def client(emu: Emulator) -> HubSpotMeetings:
    return HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), pacing=None)


@pytest.fixture
def target() -> Iterator[tuple[Emulator, HubSpotMeetings]]:
    emu = make_emulator()
    with client(emu) as c:
        yield emu, c


def run(argv: list[str], c: HubSpotMeetings, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, client=c, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def contents(emu: Emulator, props: list[str]) -> list[tuple[str | None, ...]]:
    with client(emu) as c:
        return sorted(
            tuple(m.properties.get(p) for p in props) for m in c.list_all(properties=props)
        )


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_round_trips(
    fmt: str,
    tmp_path: Path,
    source: Emulator,
    target: tuple[Emulator, HubSpotMeetings],
) -> None:
    path = tmp_path / f"meetings.{fmt}"
    with client(source) as c:
        code, out, err = run(["export", "--properties", ",".join(EXPORTED), "-o", str(path)], c)
    assert code == 0, err
    assert out == ""
    assert err == f"exported 250 meetings to {path}\n"
    assert not (tmp_path / f"meetings.{fmt}.partial").exists()

    emu, c = target
    code, out, err = run(["import", str(path)], c)
    assert code == 0, err
    # What HubSpot assigns itself (ids; in JSONL also the default read-only properties that
    # every record carries) is not sent, and the import says so.
    not_sent = "id" if fmt == "csv" else "hs_createdate, hs_lastmodifieddate, hs_object_id, id"
    assert err == (
        "imported 250 meetings (250 created, 0 updated)\n"
        f"  not sent: {not_sent} (HubSpot sets these itself; "
        "--upsert-by PROP matches existing meetings)\n"
    )
    assert contents(emu, EXPORTED) == contents(source, EXPORTED)
    # 250 rows in one call: the client's chunking sends 100 + 100 + 50.
    assert [r.operation for r in emu.requests].count("batch_create") == 3


def test_export_streams_jsonl_to_stdout(source: Emulator) -> None:
    with client(source) as c:
        code, out, err = run(["export", "--properties", "hs_meeting_title"], c)
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 250
    assert len({line["id"] for line in lines}) == 250
    assert lines[0]["properties"]["hs_meeting_title"] == "Meeting 0"
    assert err == "exported 250 meetings\n"  # no progress noise: stderr is not a terminal


def test_progress_is_shown_only_on_a_terminal(source: Emulator) -> None:
    out, err = io.StringIO(), Terminal()
    with client(source) as c:
        assert main(["export", "--format", "csv"], client=c, stdout=out, stderr=err) == 0
    # A bar with the count against the total (one search asked for it), then cleared.
    assert "| 100/250 [" in err.getvalue()
    assert err.getvalue().endswith("\rexported 250 meetings\n")
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert len(rows) == 251  # header + rows; progress never reaches stdout


def test_a_bad_csv_row_fails_the_run_and_is_named(
    tmp_path: Path, target: tuple[Emulator, HubSpotMeetings]
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "hs_timestamp,hs_meeting_title,hs_meeting_outcome\n"
        "2026-03-01T09:00:00Z,Good one,SCHEDULED\n"
        "yesterday at noon,Bad time,SCHEDULED\n"
        "2026-03-02T09:00:00Z,Bad outcome,MAYBE\n"
        "2026-03-03T09:00:00Z,Too,many,cells\n"
        ",No timestamp,COMPLETED\n"
        "1772355600000,Epoch ms is fine,COMPLETED\n",
        encoding="utf-8",
    )
    _emu, c = target
    code, _out, err = run(["import", str(path)], c)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "imported 2 meetings (2 created, 0 updated); 4 rows failed"
    assert lines[1].startswith("  row 2 (line 3): properties.hs_timestamp:")
    assert "yesterday at noon" in lines[1]
    # An invalid option is caught by HubSpot (the emulator), reported per input, named here.
    assert lines[2].startswith("  row 3 (line 4): ")
    assert "MAYBE" in lines[2]
    assert lines[3] == "  row 4 (line 5): has 4 cells but the header has 3 columns"
    assert lines[4].startswith("  row 5 (line 6): properties.hs_timestamp: is required")
    titles = sorted(
        m.properties["hs_meeting_title"] or "" for m in c.list_all(properties=["hs_meeting_title"])
    )
    assert titles == ["Epoch ms is fine", "Good one"]


def test_bad_jsonl_lines_are_named(target: tuple[Emulator, HubSpotMeetings]) -> None:
    _emu, c = target
    data = (
        '{"hs_timestamp": "2026-03-01T09:00:00Z", "hs_meeting_title": "ok"}\n'
        "\n"
        "{not json\n"
        '["a list"]\n'
        '{"properties": {"hs_timestamp": "2026-03-01T09:00:00Z", "hs_meeting_title": {"x": 1}}}\n'
    )
    code, _out, err = run(["import", "-", "--format", "jsonl"], c, stdin=data)
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "imported 1 meetings (1 created, 0 updated); 3 rows failed"
    assert lines[1].startswith("  row 2 (line 3): not valid JSON")
    assert lines[2] == "  row 3 (line 4): expected a JSON object, got list"
    assert lines[3].startswith("  row 4 (line 5): properties.hs_meeting_title:")


def test_upsert_by_a_unique_property_updates_instead_of_duplicating(
    tmp_path: Path, target: tuple[Emulator, HubSpotMeetings]
) -> None:
    emu, c = target
    path = tmp_path / "in.jsonl"
    rows = [
        {
            "hs_timestamp": "2026-03-01T09:00:00Z",
            "ext_id": f"ext-{i}",
            "hs_meeting_title": f"v1 {i}",
        }
        for i in range(5)
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert run(["import", str(path), "--upsert-by", "ext_id"], c)[0] == 0

    rows[2]["hs_meeting_title"] = "v2 2"
    rows.append({"hs_timestamp": "2026-03-01T09:00:00Z", "hs_meeting_title": "no key"})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    code, _out, err = run(["import", str(path), "--upsert-by", "ext_id"], c)
    assert code == 1
    assert err.splitlines() == [
        "imported 5 meetings (0 created, 5 updated); 1 rows failed",
        "  row 6 (line 6): ext_id: has no value, and --upsert-by needs one",
    ]
    got = contents(emu, ["ext_id", "hs_meeting_title"])
    assert got == [
        ("ext-0", "v1 0"),
        ("ext-1", "v1 1"),
        ("ext-2", "v2 2"),
        ("ext-3", "v1 3"),
        ("ext-4", "v1 4"),
    ]


def test_emulator_mode_exports_seeded_demo_meetings() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["export", "--emulator", "--seed", "30", "--format", "csv"], stdout=out, stderr=err)
    assert code == 0
    assert out.getvalue().splitlines()[0].startswith("id,hs_timestamp,hs_meeting_title")
    assert len(out.getvalue().splitlines()) == 31
    assert err.getvalue() == "exported 30 meetings\n"


def test_missing_credentials_are_a_usage_error_that_leaks_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_REFRESH_TOKEN", "HUBSPOT_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HUBSPOT_CLIENT_ID", "my-client")
    monkeypatch.setenv("HUBSPOT_CLIENT_SECRET", "s3cr3t-value")
    out, err = io.StringIO(), io.StringIO()
    assert main(["export"], stdout=out, stderr=err) == 2
    assert "HUBSPOT_REFRESH_TOKEN" in err.getvalue()
    assert "s3cr3t-value" not in err.getvalue()


def test_bad_usage_exits_2(
    target: tuple[Emulator, HubSpotMeetings], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _emu, c = target
    code, _out, err = run(["export", "--seed", "3"], c)
    assert code == 2 and "--seed only applies with --emulator" in err
    code, _out, err = run(["import", str(tmp_path / "missing.csv")], c)
    assert code == 2
    assert "cannot read" in err and "missing.csv" in err
    code, _out, err = run(["export", "--properties", "a,,b"], c)
    assert code == 2 and "empty property name" in err
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err  # argparse's own usage error


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    env = {"PYTHONPATH": f"{ROOT / 'facade'}:{ROOT / 'generated'}", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "hubspot_meetings", "export", "--emulator", "--seed", "3"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 3
    assert proc.stderr == "exported 3 meetings\n"
