"""What each worker process of the many-workers tests runs: its own client, its own RedisStore
(stores are built per process, never pickled), sync or async. Results go back on a queue."""

from __future__ import annotations

import asyncio
import multiprocessing.queues
import multiprocessing.synchronize
import time
import traceback
from collections.abc import Callable
from typing import Any

from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    OAuth2RefreshToken,
    PacingConfig,
    RedisStore,
)

TOKEN = "pat-emulator-token"
CLIENT_ID, CLIENT_SECRET = "emulator-client-id", "emulator-client-secret"
ACCOUNT = "hub-12345678"


def props(title: str) -> dict[str, Any]:
    return {"hs_timestamp": "2026-01-01T00:00:00Z", "hs_meeting_title": title}


def _report(out: multiprocessing.queues.Queue[Any], name: str, work: Callable[[], Any]) -> None:
    try:
        out.put((name, work()))
    except BaseException:
        out.put((name, "error: " + traceback.format_exc()))


def pacing_worker(
    out: multiprocessing.queues.Queue[Any],
    name: str,
    mode: str,
    url: str,
    redis_url: str,
    creates: int,
    searches: int,
) -> None:
    """`creates` meetings titled `{name}-{k}`, with `searches` searches spread among them."""
    options: dict[str, Any] = {
        "base_url": url,
        "auth": BearerToken(TOKEN),
        "http_version": "1.1",
        "pacing": PacingConfig(store=RedisStore(redis_url)),
    }
    every = max(1, creates // max(searches, 1))
    plan = []
    for k in range(creates):
        plan.append(("create", f"{name}-{k}"))
        if k % every == every - 1 and sum(1 for p in plan if p[0] == "search") < searches:
            plan.append(("search", ""))

    def run_sync() -> list[str]:
        done = []
        with HubSpotMeetings(**options) as client:
            for what, title in plan:
                if what == "create":
                    done.append(client.create(props(title)).properties["hs_meeting_title"])
                else:
                    client.search(limit=1)
        return done

    async def run_async() -> list[str]:
        done = []
        async with AsyncHubSpotMeetings(**options) as client:
            for what, title in plan:
                if what == "create":
                    created = await client.create(props(title))
                    done.append(created.properties["hs_meeting_title"])
                else:
                    await client.search(limit=1)
        return done

    _report(out, name, run_sync if mode == "sync" else lambda: asyncio.run(run_async()))


def oauth_worker(
    out: multiprocessing.queues.Queue[Any],
    name: str,
    mode: str,
    url: str,
    redis_url: str,
    refresh_token: str,
    meeting_id: str,
    start: multiprocessing.synchronize.Barrier,
    seconds: float,
) -> None:
    """Read one meeting over and over for `seconds` after every worker is ready."""
    auth = OAuth2RefreshToken(
        CLIENT_ID,
        CLIENT_SECRET,
        refresh_token,
        refresh_url=f"{url}/oauth/v1/token",
        store=RedisStore(redis_url),
        store_key=ACCOUNT,
    )
    options: dict[str, Any] = {"base_url": url, "auth": auth, "http_version": "1.1", "pacing": None}

    def run_sync() -> dict[str, int]:
        with HubSpotMeetings(**options) as client:
            start.wait()
            deadline, n = time.monotonic() + seconds, 0
            while time.monotonic() < deadline:
                client.get(meeting_id)
                n += 1
        return {"requests": n, "refreshes": auth.refresh_count}

    async def run_async() -> dict[str, int]:
        async with AsyncHubSpotMeetings(**options) as client:
            start.wait()
            deadline, n = time.monotonic() + seconds, 0
            while time.monotonic() < deadline:
                await client.get(meeting_id)
                n += 1
        return {"requests": n, "refreshes": auth.refresh_count}

    _report(out, name, run_sync if mode == "sync" else lambda: asyncio.run(run_async()))
