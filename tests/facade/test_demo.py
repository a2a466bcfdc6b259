"""`make demo` runs every seed operation against the emulator and exits 0."""

from __future__ import annotations

import pytest

from hubspot_meetings._demo import main

STEPS = [
    "contact",
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


BEYOND = ["batch_create*", "list_all", "search_all", "retry", "unknown", "validation"]


def test_demo_walks_every_operation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([], env={}) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "emulator" in lines[0]
    seed = lines[1 : 1 + len(STEPS)]
    assert [line.split()[1] for line in seed] == STEPS
    # The contact the meeting links to is created through the API, then read back linked.
    contact_id = seed[0].split("id=")[1].split()[0]
    assert f"contacts=['{contact_id}']" in seed[2]
    assert lines[1 + len(STEPS)] == "beyond the seed's operations:"
    beyond = lines[2 + len(STEPS) : -1]
    assert [line.split()[1] for line in beyond] == BEYOND
    assert all(line.startswith("[ok]") for line in seed + beyond)
    assert "250 inputs -> 3 requests, 250 created" in beyond[0]
    assert "stored 1x" in beyond[4]
    assert lines[-1].startswith("18 steps: 18 ok, 0 failed, 0 skipped")
