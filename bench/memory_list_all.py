"""Peak memory of `list_all` at 1,000 and 10,000 meetings, side by side (tracemalloc).

    PYTHONPATH=facade:generated .venv/bin/python bench/memory_list_all.py

`list_all` keeps one page (100 records) reachable at a time, so what it holds does not grow with
the number of meetings: a ratio near 1. Rows:

- `list_all`: the raw tracemalloc peak. It creeps up because every httpx response is a reference
  cycle (Response <-> BoundSyncStream) that only CPython's cyclic GC frees, and with a large heap
  (here the in-process emulator's records) the oldest generation is collected rarely. That is
  garbage awaiting collection, not data the iterator keeps.
- `list_all, gc every page`: the same iteration with `gc.collect()` after each page, i.e. the live
  set: this is what `list_all` itself holds.
- `list(list_all())`: what a `get_all` does, for contrast: it holds every record.

The emulator is in-process, so its per-request work is traced too; its stored records are created
before tracing starts and are not counted.
"""

from __future__ import annotations

import gc
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

try:
    from hubspot_emulator import Emulator, EmulatorConfig
    from hubspot_meetings import BearerToken, HubSpotMeetings
except ImportError:  # not installed: run from a checkout
    root = Path(__file__).resolve().parents[1]
    sys.path[:0] = [str(root / "facade"), str(root / "generated")]
    from hubspot_emulator import Emulator, EmulatorConfig
    from hubspot_meetings import BearerToken, HubSpotMeetings

SIZES = (1_000, 10_000)
PROPERTIES = ["hs_timestamp", "hs_meeting_title", "hs_meeting_body", "hs_meeting_outcome"]


def _client(count: int) -> HubSpotMeetings:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    emu.seed(
        "meetings",
        (
            {
                "hs_timestamp": "2026-03-01T09:00:00.000Z",
                "hs_meeting_title": f"Meeting {i}",
                "hs_meeting_body": "Agenda: " + "discussion " * 20,
                "hs_meeting_outcome": "COMPLETED",
            }
            for i in range(count)
        ),
    )
    return HubSpotMeetings(
        auth=BearerToken("pat-emulator-token"), transport=emu.transport(), pacing=None
    )


def _peak(count: int, consume: Callable[[HubSpotMeetings], int]) -> tuple[int, int]:
    with _client(count) as client:
        consume(client)  # warm-up: imports, caches, connection set-up are not the point
        gc.collect()
        tracemalloc.start()
        tracemalloc.reset_peak()
        seen = consume(client)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert seen == count, (seen, count)
    return peak, seen


def lazy(client: HubSpotMeetings) -> int:
    return sum(1 for _ in client.list_all(properties=PROPERTIES))


def lazy_collected(client: HubSpotMeetings) -> int:
    count = 0
    for page in client.iter_pages(properties=PROPERTIES):
        count += len(page.results)
        gc.collect()
    return count


def eager(client: HubSpotMeetings) -> int:
    return len(list(client.list_all(properties=PROPERTIES)))


def main() -> None:
    rows = []
    variants: list[tuple[str, Callable[[HubSpotMeetings], int]]] = [
        ("list_all", lazy),
        ("list_all, gc every page", lazy_collected),
        ("list(list_all())", eager),
    ]
    for name, consume in variants:
        peaks = [_peak(n, consume)[0] for n in SIZES]
        rows.append((name, peaks))
    head = f"{'':26}" + "".join(f"{f'{n:,} meetings':>18}" for n in SIZES) + f"{'ratio':>10}"
    print("peak traced memory while iterating (tracemalloc)")
    print(head)
    for name, peaks in rows:
        cells = "".join(f"{p / 1024 / 1024:>15.2f} MiB" for p in peaks)
        print(f"{name:26}{cells}{peaks[-1] / peaks[0]:>10.2f}")


if __name__ == "__main__":
    main()
