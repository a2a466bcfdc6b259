"""`make demo` runs every seed operation against the emulator and exits 0."""

from __future__ import annotations

import pytest

from hubspot_meetings.demo import main

STEPS = [
    "create",
    "get",
    "update",
    "list",
    "batch_create",
    "batch_read",
    "batch_update",
    "batch_upsert",
    "search",
    "batch_archive",
    "archive",
]


def test_demo_walks_every_operation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([], env={}) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "emulator" in lines[0]
    steps = [line.split()[1] for line in lines[1:-1]]
    assert steps == STEPS
    assert all(line.startswith("[ok]") for line in lines[1:-1])
    assert "contacts=['101']" in lines[2]
    assert lines[-1].startswith("11 operations: 11 ok, 0 failed, 0 skipped")
