"""Per-call time of our client against the in-process emulator: a quick before/after check.

No sockets and no second process, so it runs in seconds and needs only `.venv`; the
emulator's own time is in every figure (the same for both sides of a comparison), so compare
two versions of the client with it rather than reading the figures as overhead. To compare
a change with the commit before it, side by side in one process:

    mkdir -p /tmp/before && git archive HEAD facade | tar -x -C /tmp/before
    .venv/bin/python bench/inprocess.py --baseline /tmp/before/facade

`--baseline` loads that folder's `hubspot_meetings` a second time, under another name, and
the two clients take turns, op by op and round by round (in shuffled order), each against its
own emulator with the same data, so a busy machine slows both alike. Each operation runs
`--rounds` rounds of `--n` calls (searches: a tenth as many, each a page of 100); the figure
is the median round, in microseconds of wall and CPU time per call.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from workload import READ_PROPS, SEARCH_PAGE, create_props, meeting_props, search_body

import hubspot_meetings
from hubspot_emulator import Emulator, EmulatorConfig

UNLIMITED = 10**9
SEEDED = 500


def _emulator() -> tuple[Emulator, list[str]]:
    emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
    ids = emu.seed("meetings", [meeting_props(i, "SCHEDULED") for i in range(SEEDED)])
    return emu, ids


def _settings(package: ModuleType, emu: Emulator) -> dict[str, Any]:
    return {
        "auth": package.BearerToken(emu.token),
        "transport": emu.transport(),
        "pacing": package.PacingConfig(default_max=UNLIMITED, search_per_second=UNLIMITED),
    }


def _baseline(folder: str) -> ModuleType:
    """`folder`'s hubspot_meetings, imported as a second package (its imports are relative)."""
    home = Path(tempfile.mkdtemp())
    shutil.copytree(Path(folder) / "hubspot_meetings", home / "hubspot_meetings_baseline")
    sys.path.insert(0, str(home))
    return importlib.import_module("hubspot_meetings_baseline")


def _search_kwargs() -> dict[str, Any]:
    body = search_body("SCHEDULED", SEARCH_PAGE)
    return {"filter_groups": body["filterGroups"], "sorts": body["sorts"], "properties": READ_PROPS}


def _timed(run: Callable[[], None], calls: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return (
        (time.perf_counter() - wall) / calls * 1e6,
        (time.process_time() - cpu) / calls * 1e6,
    )


def sync_ops(client: Any, ids: list[str], n: int) -> dict[str, Callable[[], None]]:
    search = _search_kwargs()

    def get() -> None:
        for i in range(n):
            client.get(ids[i % len(ids)], properties=READ_PROPS)

    def create() -> None:
        for i in range(n):
            client.create(create_props(i))

    def search_page() -> None:
        for _ in range(n // 10):
            assert len(client.search(**search, limit=SEARCH_PAGE).results) == SEARCH_PAGE

    return {"get": get, "create": create, "search_page": search_page}


def async_ops(client: Any, ids: list[str], n: int) -> dict[str, Callable[[], None]]:
    search = _search_kwargs()

    async def get() -> None:
        for i in range(n):
            await client.get(ids[i % len(ids)], properties=READ_PROPS)

    async def search_page() -> None:
        for _ in range(n // 10):
            assert len((await client.search(**search, limit=SEARCH_PAGE)).results) == SEARCH_PAGE

    return {
        "async get": lambda: asyncio.run(get()),
        "async search_page": lambda: asyncio.run(search_page()),
    }


class Side:
    """One version of the client with its own emulator, and its operations."""

    def __init__(self, label: str, package: ModuleType, n: int) -> None:
        self.label = label
        self.emu, self.ids = _emulator()
        self.sync = package.HubSpotMeetings(**_settings(package, self.emu))
        self.aio = package.AsyncHubSpotMeetings(**_settings(package, self.emu))
        self.ops = {**sync_ops(self.sync, self.ids, n), **async_ops(self.aio, self.ids, n)}
        self.samples: dict[str, list[tuple[float, float]]] = {name: [] for name in self.ops}

    def reseed(self) -> None:
        """Keep the store (and so each search) the same size every round."""
        self.emu.reset()
        self.ids[:] = self.emu.seed(
            "meetings", [meeting_props(i, "SCHEDULED") for i in range(SEEDED)]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--baseline", help="a folder holding the hubspot_meetings to compare")
    args = parser.parse_args()
    sides = [Side("this", hubspot_meetings, args.n)]
    if args.baseline:
        sides.insert(0, Side("baseline", _baseline(args.baseline), args.n))
    for side in sides:  # warm-up: imports, first-call caches
        for run in side.ops.values():
            run()
        side.reseed()
    rng = random.Random(8)
    for _ in range(args.rounds):
        for name in sides[0].ops:
            calls = args.n // 10 if "search" in name else args.n
            for side in rng.sample(sides, len(sides)):
                side.samples[name].append(_timed(side.ops[name], calls))
                if name == "create":
                    side.reseed()
    medians: dict[tuple[str, str], tuple[float, float]] = {}
    for side in sides:
        side.sync.close()
        for name, rows in side.samples.items():
            wall = statistics.median(w for w, _ in rows)
            cpu = statistics.median(c for _, c in rows)
            medians[side.label, name] = (wall, cpu)
    for name in sides[0].ops:
        for side in sides:
            wall, cpu = medians[side.label, name]
            line = f"{side.label:>8} {name:<18} wall {wall:8.1f} us/call  cpu {cpu:8.1f} us/call"
            if side.label == "this" and len(sides) == 2:
                base_wall, base_cpu = medians["baseline", name]
                line += f"  ({wall / base_wall - 1:+.1%} wall, {cpu / base_cpu - 1:+.1%} cpu)"
            print(line)


if __name__ == "__main__":
    main()
