"""One client under test, in its own process: clean RSS, and only its own CPU is counted.

    python bench/worker.py '{"client": "raw", "mode": "sync", "url": ..., "first_id": ..., ...}'

Reads one JSON command per stdin line and answers one JSON line on stdout. Commands:
  {"cmd": "percall", "op": "get|create|search_page|batch_read|meetings_for", "n": N}
      -> {"wall": [s per call], "cpu": [s per call]}
  {"cmd": "bulk", "op": "list_all|search_all", "n": N, "outcome": ...}
      -> {"count", "wall", "cpu", "rss_base_kb", "rss_peak_kb"}
  {"cmd": "paced", "op": "create|batch_create", "n": N, "deadline": s}
      -> {"count", "requests", "wall", "errors", "first_error"}
"""

from __future__ import annotations

import asyncio
import itertools
import json
import resource
import sys
import time
from typing import Any

from workload import BATCH, create_props


def make_adapter(spec: dict[str, Any]) -> Any:
    import clients

    name, mode, url = spec["client"], spec["mode"], spec["url"]
    opts = spec.get("options") or {}
    if name == "ours":
        import clients_ours

        cls = clients_ours.OursSync if mode == "sync" else clients_ours.OursAsync
    else:
        cls = {
            ("raw", "sync"): clients.RawSync,
            ("raw", "async"): clients.RawAsync,
            ("classic", "sync"): clients.ClassicSync,
            ("sdk", "sync"): clients.SdkSync,
            ("sdk", "async"): clients.SdkAsync,
        }[(name, mode)]
    return cls(url, opts)


def _maxrss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Worker:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.is_async = spec["mode"] == "async"
        self.loop = asyncio.new_event_loop() if self.is_async else None
        self.adapter = self._run(self._build_async()) if self.is_async else make_adapter(spec)
        first, count = int(spec["first_id"]), int(spec["count"])
        self.ids = itertools.cycle([str(first + k) for k in range(count)])
        # Creates are numbered apart per client so every meeting is distinct.
        self.create_no = itertools.count(spec.get("create_base", 1_000_000))

    async def _build_async(self) -> Any:
        return make_adapter(self.spec)  # async clients must be built inside their loop

    def _run(self, coro: Any) -> Any:
        assert self.loop is not None
        return self.loop.run_until_complete(coro)

    def _args(self, op: str) -> tuple[Any, ...]:
        if op == "get":
            return (next(self.ids),)
        if op == "create":
            return (next(self.create_no),)
        if op == "batch_read":
            return ([next(self.ids) for _ in range(BATCH)],)
        if op == "meetings_for":
            return (self.spec["deal"],)
        return ()

    def percall(self, op: str, n: int) -> dict[str, Any]:
        fn = getattr(self.adapter, op)
        walls: list[float] = []
        cpus: list[float] = []
        last: list[Any] = [None]
        perf, cpu = time.perf_counter, time.process_time
        if not self.is_async:
            for _ in range(n):
                args = self._args(op)
                w0, c0 = perf(), cpu()
                last[0] = fn(*args)
                cpus.append(cpu() - c0)
                walls.append(perf() - w0)
        else:

            async def many() -> None:
                for _ in range(n):
                    args = self._args(op)
                    w0, c0 = perf(), cpu()
                    last[0] = await fn(*args)
                    cpus.append(cpu() - c0)
                    walls.append(perf() - w0)

            self._run(many())
        # The last answer lets the caller check every client did the same work.
        return {"wall": walls, "cpu": cpus, "last": str(last[0])}

    def bulk(self, op: str, n: int, outcome: str | None) -> dict[str, Any]:
        args: tuple[Any, ...] = (outcome, n) if op == "search_all" else (n,)
        base = _maxrss_kb()
        w0, c0 = time.perf_counter(), time.process_time()
        count = getattr(self.adapter, op)(*args)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        return {
            "count": count,
            "wall": wall,
            "cpu": cpu,
            "rss_base_kb": base,
            "rss_peak_kb": _maxrss_kb(),
        }

    def paced(self, op: str, n: int, deadline: float) -> dict[str, Any]:
        """Send n meetings as fast as the client lets us; errors are counted, not fatal."""
        done = requests = errors = 0
        first_error = None
        w0 = time.perf_counter()
        while done < n and time.perf_counter() - w0 < deadline:
            try:
                if op == "batch_create":
                    props = [create_props(next(self.create_no)) for _ in range(BATCH)]
                    done += self.adapter.batch_create(props)
                elif op == "batch_create_all":
                    props = [create_props(next(self.create_no)) for _ in range(n)]
                    done += self.adapter.batch_create(props)
                else:
                    self.adapter.create(next(self.create_no))
                    done += 1
            except Exception as exc:
                errors += 1
                first_error = first_error or f"{type(exc).__name__}: {str(exc)[:200]}"
                if errors > 50:
                    break
            requests += 1
        return {
            "count": done,
            "calls": requests,
            "wall": time.perf_counter() - w0,
            "errors": errors,
            "first_error": first_error,
        }

    def serve(self) -> None:
        for line in sys.stdin:
            cmd = json.loads(line)
            kind = cmd["cmd"]
            if kind == "quit":
                break
            try:
                if kind == "percall":
                    out = self.percall(cmd["op"], cmd["n"])
                elif kind == "bulk":
                    out = self.bulk(cmd["op"], cmd["n"], cmd.get("outcome"))
                elif kind == "paced":
                    out = self.paced(cmd["op"], cmd["n"], cmd.get("deadline", 600.0))
                else:
                    out = {"error": f"unknown command {kind!r}"}
            except Exception as exc:
                out = {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
            print(json.dumps(out), flush=True)
        close = self.adapter.close()
        if self.is_async:
            self._run(close)


def main() -> None:
    spec = json.loads(sys.argv[1])
    try:
        worker = Worker(spec)
    except Exception as exc:
        print(json.dumps({"error": f"setup: {type(exc).__name__}: {str(exc)[:300]}"}), flush=True)
        return
    print(json.dumps({"ready": True, "rss_kb": _maxrss_kb()}), flush=True)
    worker.serve()


if __name__ == "__main__":
    main()
