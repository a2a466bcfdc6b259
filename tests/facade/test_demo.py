"""`make demo` runs every seed operation, and meetings in context, against the emulator and
exits 0."""

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
CONTEXT = [
    "records",
    "log",
    "batch_log",
    "for_deal",
    "link",
    "for_many",
    "unlink",
    "search_deal",
]


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
    beyond = lines[2 + len(STEPS) : 2 + len(STEPS) + len(BEYOND)]
    assert [line.split()[1] for line in beyond] == BEYOND
    assert "250 inputs -> 3 requests, 250 created" in beyond[0]
    assert "stored 1x" in beyond[4]
    assert lines[2 + len(STEPS) + len(BEYOND)] == "meetings in context:"
    context = lines[3 + len(STEPS) + len(BEYOND) : -1]
    assert [line.split()[1] for line in context] == CONTEXT
    assert all(line.startswith("[ok]") for line in seed + beyond + context)
    # Four meetings logged with the deal are its meetings; the contact gets the three
    # follow-ups linked to it besides the one logged with it; one unlinked leaves three.
    assert "4 meetings of deal" in context[3]
    assert "'Discovery call', 'Follow-up Tue', 'Follow-up Wed', 'Follow-up Thu'" in context[3]
    assert ": 4 meetings" in context[5]
    assert "(0 deals left)" in context[6]
    assert "3 meetings found by associations.deal" in context[7]
    assert lines[-1].startswith("26 steps: 26 ok, 0 failed, 0 skipped")
