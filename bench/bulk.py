"""Bulk reads: list_all and search_all, each measurement in a fresh client process.

Peak RSS is the process's ru_maxrss; growth is the peak during the run minus the peak before
it (imports, client set-up, one warm-up call), so a lazy iterator shows ~0 at any size.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from procs import Emulator, Worker

CLIENTS = ("raw", "ours", "classic", "sdk")


def _once(
    emu: Emulator, seeded: int, client: str, op: str, n: int, outcome: str | None, opts: Any
) -> dict[str, Any]:
    spec = {
        "client": client,
        "mode": "sync",
        "url": emu.url,
        "first_id": emu.first_id,
        "count": seeded,
        "options": opts,
    }
    w = Worker(spec)
    if op == "search_all":
        # The search limit is per account: let the previous client's last second drain, or
        # this client would inherit its 429s.
        time.sleep(1.1)
    try:
        before = emu.stats()
        out = w.ask(cmd="bulk", op=op, n=n, outcome=outcome)
        after = emu.stats()
    finally:
        w.close()
    out["429"] = after.get("429", 0) - before.get("429", 0)
    out["requests"] = sum(after.values()) - sum(before.values())
    return out


def run(
    emu: Emulator,
    seeded: int,
    op: str,
    sizes: list[int],
    outcome_for: dict[int, str | None],
    repeats: int,
    skip: set[str],
    log: Any,
    opts: dict[str, dict[str, Any]] | None = None,
) -> dict[tuple[str, int], dict[str, Any]]:
    results: dict[tuple[str, int], dict[str, Any]] = {}
    for n in sizes:
        for client in CLIENTS:
            if client in skip:
                continue
            runs = []
            try:
                for _ in range(repeats):
                    runs.append(
                        _once(emu, seeded, client, op, n, outcome_for[n], (opts or {}).get(client))
                    )
            except RuntimeError as exc:
                log(f"  {op} {client} n={n} failed: {exc}")
                results[(client, n)] = {"error": str(exc)[:160]}
                continue
            best = {
                "count": runs[0]["count"],
                "wall": statistics.median(r["wall"] for r in runs),
                "cpu": statistics.median(r["cpu"] for r in runs),
                "rss_peak_mb": max(r["rss_peak_kb"] for r in runs) / 1024,
                "growth_mb": max(r["rss_peak_kb"] - r["rss_base_kb"] for r in runs) / 1024,
                "429": sum(r["429"] for r in runs),
                "requests": runs[0]["requests"],
            }
            results[(client, n)] = best
            log(
                f"  {op} {client:8s} n={n:6d}: {best['wall']:.2f} s wall, "
                f"{best['cpu']:.2f} s cpu, +{best['growth_mb']:.1f} MB, 429s={best['429']}"
            )
    return results
