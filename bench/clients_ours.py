"""Our facade as a benchmark adapter: HubSpotMeetings / AsyncHubSpotMeetings, default stack.

Retry, pacing and the error layer stay on (what a user gets). Pacing is told the server's
limits: unlimited for the per-call and list benchmarks (their emulator has limits off), the
scaled window for the rate-limited one (`pacing_max`), HubSpot's defaults for bulk search.
"""

from __future__ import annotations

import itertools
from typing import Any

from workload import (
    LIST_PAGE,
    READ_PROPS,
    SEARCH_BULK_PAGE,
    SEARCH_PAGE,
    SMALL_OUTCOME,
    TOKEN,
    create_props,
    search_body,
)

from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    PacingConfig,
)

UNLIMITED = 10**9


def _settings(base_url: str, options: dict[str, Any]) -> dict[str, Any]:
    if "pacing_max" in options:
        pacing = PacingConfig(default_max=options["pacing_max"], default_interval=10.0)
    elif options.get("hubspot_limits"):
        pacing = PacingConfig()
    else:
        pacing = PacingConfig(default_max=UNLIMITED, search_per_second=UNLIMITED)
    return {
        "base_url": base_url,
        "auth": BearerToken(TOKEN),
        "http_version": "1.1",
        "pacing": pacing,
    }


def _search_kwargs(outcome: str, limit: int) -> dict[str, Any]:
    b = search_body(outcome, limit)
    return {"filter_groups": b["filterGroups"], "sorts": b["sorts"], "properties": READ_PROPS}


class OursSync:
    def __init__(self, base_url: str, options: dict[str, Any]) -> None:
        self.c = HubSpotMeetings(**_settings(base_url, options))

    def get(self, mid: str) -> Any:
        return self.c.get(mid, properties=READ_PROPS).id

    def create(self, i: int) -> Any:
        return self.c.create(create_props(i)).id

    def search_page(self) -> Any:
        return len(self.c.search(limit=SEARCH_PAGE, **_search_kwargs(SMALL_OUTCOME, 0)).results)

    def batch_read(self, ids: list[str]) -> Any:
        return len(self.c.batch_read(ids, properties=READ_PROPS).results)

    def batch_create(self, props: list[dict[str, str]]) -> Any:
        return len(self.c.batch_create([{"properties": p} for p in props]).results)

    def meetings_for(self, deal: str) -> int:
        return sum(1 for _ in self.c.meetings_for("deals", deal, properties=READ_PROPS))

    def list_all(self, n: int) -> int:
        items = self.c.list_all(properties=READ_PROPS, page_size=LIST_PAGE)
        return sum(1 for _ in itertools.islice(items, n))

    def search_all(self, outcome: str, n: int) -> int:
        items = self.c.search_all(page_size=SEARCH_BULK_PAGE, **_search_kwargs(outcome, 0))
        return sum(1 for _ in itertools.islice(items, n))

    def close(self) -> None:
        self.c.close()


class OursAsync:
    def __init__(self, base_url: str, options: dict[str, Any]) -> None:
        self.c = AsyncHubSpotMeetings(**_settings(base_url, options))

    async def get(self, mid: str) -> Any:
        return (await self.c.get(mid, properties=READ_PROPS)).id

    async def create(self, i: int) -> Any:
        return (await self.c.create(create_props(i))).id

    async def search_page(self) -> Any:
        page = await self.c.search(limit=SEARCH_PAGE, **_search_kwargs(SMALL_OUTCOME, 0))
        return len(page.results)

    async def batch_read(self, ids: list[str]) -> Any:
        return len((await self.c.batch_read(ids, properties=READ_PROPS)).results)

    async def meetings_for(self, deal: str) -> int:
        found = self.c.meetings_for("deals", deal, properties=READ_PROPS)
        return sum([1 async for _ in found])

    async def close(self) -> None:
        await self.c.aclose()
