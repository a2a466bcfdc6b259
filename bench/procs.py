"""Child processes of the benchmark: emulator servers and client workers, spoken to by lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


class Emulator:
    """A seeded emulator served from its own process (see emulator_proc.py)."""

    def __init__(
        self, config: dict[str, Any], large: int = 0, small: int = 0, linked: int = 0
    ) -> None:
        spec = json.dumps({"config": config, "large": large, "small": small, "linked": linked})
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "emulator_proc.py"), spec],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().split()
        if not line or line[0] != "READY":
            self.close()
            raise RuntimeError(f"emulator did not start: {line}")
        self.url = line[1]
        self.first_id = line[2]
        self.deal = line[4] if len(line) > 4 else "-"

    def stats(self) -> dict[str, int]:
        """Responses sent so far, by status code."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("stats\n")
        self.proc.stdin.flush()
        return {k: int(v) for k, v in json.loads(self.proc.stdout.readline()).items()}

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Worker:
    """One client under test in its own process (see worker.py)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.label = f"{spec['client']}/{spec['mode']}"
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "worker.py"), json.dumps(spec)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = self._read()
        if "error" in hello:
            self.close()
            raise RuntimeError(f"{self.label}: {hello['error']}")

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.label}: worker exited (code {self.proc.wait()})")
        result: dict[str, Any] = json.loads(line)
        return result

    def ask(self, **cmd: Any) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        out = self._read()
        if "error" in out:
            raise RuntimeError(f"{self.label} {cmd}: {out['error']}")
        return out

    def send(self, **cmd: Any) -> None:
        """Start a command without waiting (collect with `result`)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def result(self) -> dict[str, Any]:
        return self._read()

    def close(self) -> None:
        if self.proc.poll() is None and self.proc.stdin:
            try:
                self.proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
                self.proc.stdin.close()
            except BrokenPipeError:
                pass
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
