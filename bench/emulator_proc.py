"""Serve a seeded emulator in its own process, so server CPU never counts as client CPU.

    python bench/emulator_proc.py '{"config": {...EmulatorConfig kwargs}, "large": N, "small": M}'

Prints `READY <url> <first-id> <last-id>` once listening. Each `stats` line on stdin is answered
with a JSON line counting the responses it sent by status (429s seen by every client, counted on
the server, where no client's internal retries can hide them). Exits when its stdin closes, so it
cannot outlive the benchmark that started it.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from workload import LARGE_OUTCOME, SMALL_OUTCOME, meeting_props

from hubspot_emulator import Emulator, EmulatorConfig


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
    with emu.serve("127.0.0.1", 0) as handle:
        first, last = (ids[0], ids[-1]) if ids else ("-", "-")
        print(f"READY {handle.url} {first} {last}", flush=True)
        for line in sys.stdin:
            if line.strip() == "stats":
                statuses = Counter(str(r.status) for r in emu.requests)
                print(json.dumps(statuses), flush=True)


if __name__ == "__main__":
    main()
