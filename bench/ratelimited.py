"""Rate-limited bulk creates (issue 6): how close each client runs to the allowed rate.

Every client gets its own emulator process (its own 10-second window), and all run at once:
they spend most of their time waiting, so running them side by side costs no accuracy and
saves minutes. 429s are counted by the emulator, where no client's internal retry hides them.
"""

from __future__ import annotations

import time
from typing import Any

from procs import Emulator, Worker

WINDOW_S = 10.0


def _scenarios(quick: bool) -> list[dict[str, Any]]:
    single_limit, single_n = (200, 400) if quick else (200, 1_200)
    batch_limit, batch_n = (100, 20_000) if quick else (100, 30_000)
    singles = {
        "what": "single creates",
        "limit": single_limit,
        "n": single_n,
        "op": "create",
        "unit": "meetings",
    }
    batches = {
        "what": "batch creates of 100",
        "limit": batch_limit,
        "n": batch_n,
        "unit": "meetings",
    }
    out: list[dict[str, Any]] = []
    for client in ("ours", "classic", "sdk"):
        out.append({**singles, "client": client})
    out.append({**batches, "client": "ours", "op": "batch_create_all", "how": "batch_create()"})
    for client in ("classic", "sdk"):
        out.append({**batches, "client": client, "op": "batch_create", "how": "loop"})
    return out


# Retry settings for the official SDKs: generous enough to finish the run at all (their
# defaults give up after 2-3 429s), so the figure shows time lost to 429s, not a crash.
OFFICIAL_RETRY = {"retries": 10, "backoff": 0.5}


def run(quick: bool, skip: set[str], log: Any) -> list[dict[str, Any]]:
    """Single creates side by side, then batch creates side by side (fewer processes share
    the CPUs at once: a batch create of 100 keeps the emulator busy for tens of ms)."""
    rows: list[dict[str, Any]] = []
    for what in ("single creates", "batch creates of 100"):
        rows += _run_group([s for s in _scenarios(quick) if s["what"] == what], skip, log)
    return rows


def _run_group(group: list[dict[str, Any]], skip: set[str], log: Any) -> list[dict[str, Any]]:
    scenarios = [s for s in group if s["client"] not in skip]
    emus: list[Emulator] = []
    workers: list[Worker | None] = []
    try:
        for s in scenarios:
            emu = Emulator(
                {
                    "ten_second_limit": s["limit"],
                    "daily_limit": 10_000_000,
                },
                large=1,
            )
            emus.append(emu)
            opts: dict[str, Any] = (
                {"pacing_max": s["limit"]} if s["client"] == "ours" else dict(OFFICIAL_RETRY)
            )
            spec = {
                "client": s["client"],
                "mode": "sync",
                "url": emu.url,
                "first_id": emu.first_id,
                "count": 1,
                "options": opts,
            }
            try:
                workers.append(Worker(spec))
            except RuntimeError as exc:
                log(f"  skipped {s['client']} {s['what']}: {exc}")
                workers.append(None)
        # Ideal time with the burst: `limit` requests at once, then `limit` more per window.
        for s in scenarios:
            requests = s["n"] if s["op"] == "create" else s["n"] // 100
            s["requests_needed"] = requests
            s["ideal_s"] = max(0, -(-requests // s["limit"]) - 1) * WINDOW_S
        deadline = max(s["ideal_s"] for s in scenarios) * 3 + 30
        t0 = time.perf_counter()
        for s, w in zip(scenarios, workers, strict=True):
            if w is not None:
                w.send(cmd="paced", op=s["op"], n=s["n"], deadline=deadline)
        for s, w, emu in zip(scenarios, workers, emus, strict=True):
            if w is None:
                s["error"] = "client unavailable"
                continue
            out = w.result()
            stats = emu.stats()
            if "error" in out:
                s["error"] = out["error"]
                continue
            s.update(out)
            s["429"] = stats.get("429", 0)
            s["admitted"] = sum(v for k, v in stats.items() if k != "429")
            allowed_rate = s["limit"] / WINDOW_S
            s["rate"] = s["admitted"] / out["wall"] if out["wall"] else 0.0
            s["fraction"] = s["rate"] / allowed_rate
            # Time-based: 1.0 = as fast as the window allows, bursts included.
            s["vs_ideal"] = s["ideal_s"] / out["wall"] if out["wall"] else 0.0
            log(
                f"  {s['client']:8s} {s['what']}: {out['count']} in {out['wall']:.1f} s, "
                f"{s['rate']:.1f} req/s ({s['fraction']:.0%} of allowed), 429s={s['429']}, "
                f"errors={out['errors']} (all done after {time.perf_counter() - t0:.0f} s)"
            )
    finally:
        for w in workers:
            if w is not None:
                w.close()
        for emu in emus:
            emu.close()
    return scenarios
