"""Serve a seeded emulator in its own process, so server CPU never counts as client CPU.

    python bench/emulator_proc.py '{"config": {...EmulatorConfig kwargs}, "large": N, "small": M}'

With `"linked": N`, one deal is created and linked to the first N meetings (through the v4
batch endpoint). Prints `READY <url> <first-id> <last-id> <deal-id or ->` once listening.
Each `stats` line on stdin is answered with a JSON line counting the responses it sent by
status (429s seen by every client, counted on the server, where no client's internal retries
can hide them). Exits when its stdin closes, so it cannot outlive the benchmark that started it.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

import httpx
from workload import LARGE_OUTCOME, SMALL_OUTCOME, TOKEN, meeting_props

from hubspot_emulator import Emulator, EmulatorConfig


def link_deal(emu: Emulator, meetings: list[str]) -> str:
    """A deal linked to `meetings` (its id), or "-" when there are none to link."""
    if not meetings:
        return "-"
    [deal] = emu.seed("deals", [{"dealname": "Benchmark deal"}])
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with httpx.Client(transport=emu.transport(), base_url="http://emulator", headers=auth) as c:
        inputs = [{"from": {"id": deal}, "to": {"id": m}} for m in meetings]
        linked = c.post(
            "/crm/v4/associations/deals/meetings/batch/associate/default", json={"inputs": inputs}
        )
        linked.raise_for_status()
    return deal


def main() -> None:
    spec = json.loads(sys.argv[1])
    emu = Emulator(EmulatorConfig(**spec.get("config", {})))
    large, small = spec.get("large", 0), spec.get("small", 0)
    # Interleave the two outcomes so the small search's matches are spread over the id range.
    every = max(1, (large + small) // max(small, 1))
    props = []
    n_small = 0
    for i in range(large + small):
        is_small = n_small < small and i % every == 0
        n_small += is_small
        props.append(meeting_props(i, SMALL_OUTCOME if is_small else LARGE_OUTCOME))
    ids = emu.seed("meetings", props) if props else []
    deal = link_deal(emu, ids[: spec.get("linked", 0)])
    with emu.serve("127.0.0.1", 0) as handle:
        first, last = (ids[0], ids[-1]) if ids else ("-", "-")
        print(f"READY {handle.url} {first} {last} {deal}", flush=True)
        for line in sys.stdin:
            if line.strip() == "stats":
                statuses = Counter(str(r.status) for r in emu.requests)
                print(json.dumps(statuses), flush=True)


if __name__ == "__main__":
    main()
