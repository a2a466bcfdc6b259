"""``python -m hubspot_emulator`` as a user runs it: a process serving until Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(*args: str) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "facade"), str(ROOT / "generated"), env.get("PYTHONPATH", "")]
    )
    return subprocess.Popen(
        [sys.executable, "-m", "hubspot_emulator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def process() -> Iterator[subprocess.Popen[str]]:
    proc = start(
        "--port",
        "0",
        "--token",
        "pat-cli-1",
        "--token",
        "pat-cli-2",
        "--seed-meetings",
        "12",
        "--rate-limit",
        "0",
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        proc.stderr.close()


def test_cli_serves_seeded_meetings_to_the_given_tokens_and_stops_on_ctrl_c(
    process: subprocess.Popen[str],
) -> None:
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("HubSpot emulator listening on http://127.0.0.1:"), first
    url = first.rsplit(" ", 1)[1].strip()
    assert "pat-cli-1, pat-cli-2" in process.stdout.readline()

    for token in ("pat-cli-1", "pat-cli-2"):
        page = httpx.get(
            f"{url}/crm/v3/objects/meetings",
            params={"limit": 100},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert page.status_code == 200
        assert len(page.json()["results"]) == 12
    rejected = httpx.get(
        f"{url}/crm/v3/objects/meetings", headers={"Authorization": "Bearer pat-emulator-token"}
    )
    assert rejected.status_code == 401

    process.send_signal(signal.SIGINT)
    assert process.wait(10) == 0


def test_cli_rejects_half_a_tls_configuration() -> None:
    proc = start("--port", "0", "--certfile", "cert.pem")
    _, err = proc.communicate(timeout=10)
    assert proc.returncode == 2
    assert "--certfile and --keyfile must be given together" in err


def test_cli_base_url_decides_where_paging_links_point() -> None:
    """HubSpot's links name api.hubapi.com (the default); --base-url points them elsewhere,
    e.g. at the local server itself."""
    from hubspot_emulator.__main__ import build_emulator, build_parser

    for argv, host in (
        ([], "api.hubapi.com"),
        (["--base-url", "http://127.0.0.1:8080"], "127.0.0.1"),
    ):
        emu = build_emulator(build_parser().parse_args([*argv, "--seed-meetings", "2"]))
        with httpx.Client(
            transport=emu.transport(),
            base_url="http://testserver",
            headers={"Authorization": "Bearer pat-emulator-token"},
        ) as c:
            link = c.get("/crm/v3/objects/meetings", params={"limit": 1}).json()["paging"]
        assert httpx.URL(link["next"]["link"]).host == host
