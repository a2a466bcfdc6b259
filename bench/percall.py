"""Per-call overhead: every client against one emulator process, interleaved round by round."""

from __future__ import annotations

import random
import statistics
from typing import Any

from procs import Emulator, Worker
from workload import BATCH, SEARCH_PAGE

OPS = ("get", "create", "search_page", "batch_read")
# What the adapters' operations return (a count of parsed results) when they did the work.
EXPECT = {"search_page": str(SEARCH_PAGE), "batch_read": str(BATCH)}
CLIENTS = (
    ("raw", "sync"),
    ("ours", "sync"),
    ("classic", "sync"),
    ("sdk", "sync"),
    ("raw", "async"),
    ("ours", "async"),
    ("sdk", "async"),
)


def run(
    emu: Emulator,
    seeded: int,
    n: int,
    rounds: int,
    warm: int,
    skip: set[str],
    log: Any,
    ops: tuple[str, ...] = OPS,
    clients: tuple[tuple[str, str], ...] = CLIENTS,
    expect: dict[str, str] | None = None,
) -> dict[tuple[str, str, str], dict[str, float]]:
    """Median wall and CPU seconds per call, keyed by (client, mode, op)."""
    expect = EXPECT if expect is None else expect
    workers: list[Worker] = []
    for k, (client, mode) in enumerate(clients):
        if client in skip:
            continue
        spec = {
            "client": client,
            "mode": mode,
            "url": emu.url,
            "first_id": emu.first_id,
            "count": seeded,
            "create_base": 10_000_000 * (k + 1),
            "deal": emu.deal,
        }
        try:
            workers.append(Worker(spec))
        except RuntimeError as exc:
            log(f"  skipped {client}/{mode}: {exc}")
    samples: dict[tuple[str, str, str], dict[str, list[float]]] = {}
    try:
        for w in workers:  # warm-up: imports, connection pools, first-call caches
            for op in ops:
                got = w.ask(cmd="percall", op=op, n=warm)["last"]
                want = expect.get(op)
                if want is not None and got != want:
                    raise RuntimeError(f"{w.label} {op} returned {got}, expected {want}")
        rng = random.Random(8)
        for r in range(rounds):
            for op in ops:
                order = workers[:]
                rng.shuffle(order)  # no client always runs first (or last) in a round
                for w in order:
                    out = w.ask(cmd="percall", op=op, n=n)
                    key = (w.spec["client"], w.spec["mode"], op)
                    s = samples.setdefault(key, {"wall": [], "cpu": []})
                    s["wall"] += out["wall"]
                    s["cpu"] += out["cpu"]
            log(f"  per-call round {r + 1}/{rounds} done")
    finally:
        for w in workers:
            w.close()
    return {
        key: {"wall": statistics.median(s["wall"]), "cpu": statistics.median(s["cpu"])}
        for key, s in samples.items()
    }
