"""One adapter per client under test, all sending the requests defined in workload.py.

Each adapter is built once per worker process and exposes the same operations; an operation
returns something derived from the parsed response so no client can skip its parsing.
Sync adapters: raw httpx, ours, hubspot-api-client (classic), hubspot-sdk.
Async adapters: raw httpx, ours, hubspot-sdk (the classic SDK has no async API).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
from workload import (
    BATCH,
    DEAL_PATH,
    LINK_PAGE,
    LIST_PAGE,
    OBJECT_PATH,
    READ_PROPS,
    SEARCH_BULK_PAGE,
    SEARCH_PAGE,
    SMALL_OUTCOME,
    TOKEN,
    create_props,
    keyset_pages,
    search_body,
)

SDK_PREFIX = "/crm/objects/2026-03/meetings"


class RewriteTransport(httpx.HTTPTransport):
    """Maps hubspot-sdk's date-versioned paths onto v3 paths, for an emulator serving only v3."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            raw_path=request.url.raw_path.replace(SDK_PREFIX.encode(), OBJECT_PATH.encode(), 1)
        )
        return super().handle_request(request)


class AsyncRewriteTransport(httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            raw_path=request.url.raw_path.replace(SDK_PREFIX.encode(), OBJECT_PATH.encode(), 1)
        )
        return await super().handle_async_request(request)


def _batch_body(ids: list[str]) -> dict[str, Any]:
    return {
        "inputs": [{"id": i} for i in ids],
        "properties": READ_PROPS,
        "propertiesWithHistory": [],
    }


# --------------------------------------------------------------------------- raw httpx


class RawSync:
    """The floor: an httpx.Client, the same requests, `response.json()`, status checked."""

    def __init__(self, base_url: str, options: dict[str, Any]) -> None:
        self.c = httpx.Client(
            base_url=base_url, headers={"authorization": f"Bearer {TOKEN}"}, timeout=60
        )
        self._props = ",".join(READ_PROPS)

    def _ok(self, r: httpx.Response) -> Any:
        r.raise_for_status()
        return r.json()

    def get(self, mid: str) -> Any:
        return self._ok(self.c.get(f"{OBJECT_PATH}/{mid}", params={"properties": self._props}))[
            "id"
        ]

    def create(self, i: int) -> Any:
        body = {"properties": create_props(i), "associations": []}
        return self._ok(self.c.post(OBJECT_PATH, json=body))["id"]

    def search_page(self) -> Any:
        body = search_body(SMALL_OUTCOME, SEARCH_PAGE)
        return len(self._ok(self.c.post(f"{OBJECT_PATH}/search", json=body))["results"])

    def batch_read(self, ids: list[str]) -> Any:
        body = _batch_body(ids)
        return len(self._ok(self.c.post(f"{OBJECT_PATH}/batch/read", json=body))["results"])

    def meetings_for(self, deal: str) -> int:
        """The meetings of a deal as a raw-httpx user writes it: v4 pages of the deal's links,
        then each page's meetings in batch reads of 100, one request after another."""
        count, after = 0, None
        while True:
            params: dict[str, Any] = {"limit": LINK_PAGE, **({"after": after} if after else {})}
            page = self._ok(self.c.get(f"{DEAL_PATH}/{deal}/associations/meetings", params=params))
            ids = [str(link["toObjectId"]) for link in page["results"]]
            for start in range(0, len(ids), BATCH):
                body = _batch_body(ids[start : start + BATCH])
                read = self._ok(self.c.post(f"{OBJECT_PATH}/batch/read", json=body))
                count += len(read["results"])
            after = (page.get("paging") or {}).get("next", {}).get("after")
            if not after:
                return count

    def list_all(self, n: int) -> int:
        count, after = 0, None
        while count < n:
            params: dict[str, Any] = {"limit": LIST_PAGE, "properties": self._props}
            if after:
                params["after"] = after
            page = self._ok(self.c.get(OBJECT_PATH, params=params))
            count += len(page["results"])
            after = (page.get("paging") or {}).get("next", {}).get("after")
            if not after:
                break
        return min(count, n)

    def search_all(self, outcome: str, n: int) -> int:
        def fetch(after: str | None, gt_id: str | None) -> Any:
            body = search_body(outcome, SEARCH_BULK_PAGE, after, gt_id)
            page = _paced_search(lambda: self.c.post(f"{OBJECT_PATH}/search", json=body))
            page.raise_for_status()
            data = page.json()
            res = data["results"]
            nxt = (data.get("paging") or {}).get("next", {}).get("after")
            return res, (res[-1]["id"] if res else None), nxt

        return _count(keyset_pages(fetch), n)

    def close(self) -> None:
        self.c.close()


_last_search = [0.0]


def _paced_search(send: Callable[[], httpx.Response]) -> httpx.Response:
    """What a raw-httpx user writes for a 5/s limit: space the calls, wait out a stray 429."""
    import time

    while True:
        wait = _last_search[0] + 0.21 - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        _last_search[0] = time.monotonic()
        r = send()
        if r.status_code != 429:
            return r
        COUNTERS["429"] += 1
        time.sleep(1.0)


COUNTERS = {"429": 0}


def _count(pages: Iterator[Any], n: int) -> int:
    count = 0
    for page in pages:
        count += len(page)
        if count >= n:
            break
    return min(count, n)


class RawAsync:
    def __init__(self, base_url: str, options: dict[str, Any]) -> None:
        self.c = httpx.AsyncClient(
            base_url=base_url, headers={"authorization": f"Bearer {TOKEN}"}, timeout=60
        )
        self._props = ",".join(READ_PROPS)

    def _ok(self, r: httpx.Response) -> Any:
        r.raise_for_status()
        return r.json()

    async def get(self, mid: str) -> Any:
        r = await self.c.get(f"{OBJECT_PATH}/{mid}", params={"properties": self._props})
        return self._ok(r)["id"]

    async def create(self, i: int) -> Any:
        body = {"properties": create_props(i), "associations": []}
        return self._ok(await self.c.post(OBJECT_PATH, json=body))["id"]

    async def search_page(self) -> Any:
        body = search_body(SMALL_OUTCOME, SEARCH_PAGE)
        return len(self._ok(await self.c.post(f"{OBJECT_PATH}/search", json=body))["results"])

    async def batch_read(self, ids: list[str]) -> Any:
        r = await self.c.post(f"{OBJECT_PATH}/batch/read", json=_batch_body(ids))
        return len(self._ok(r)["results"])

    async def meetings_for(self, deal: str) -> int:
        count, after = 0, None
        while True:
            params: dict[str, Any] = {"limit": LINK_PAGE, **({"after": after} if after else {})}
            links = await self.c.get(f"{DEAL_PATH}/{deal}/associations/meetings", params=params)
            page = self._ok(links)
            ids = [str(link["toObjectId"]) for link in page["results"]]
            for start in range(0, len(ids), BATCH):
                body = _batch_body(ids[start : start + BATCH])
                read = await self.c.post(f"{OBJECT_PATH}/batch/read", json=body)
                count += len(self._ok(read)["results"])
            after = (page.get("paging") or {}).get("next", {}).get("after")
            if not after:
                return count

    async def close(self) -> None:
        await self.c.aclose()


# --------------------------------------------------------------------------- hubspot-api-client


def _classic_retry(options: dict[str, Any]) -> Any:
    from urllib3.util.retry import Retry

    # The SDK's README pattern: urllib3 Retry on 429 and 5xx. allowed_methods=None so POSTs
    # (create, search, batch) are retried too; without it urllib3 retries only idempotent verbs.
    return Retry(
        total=options.get("retries", 10),
        backoff_factor=options.get("backoff", 0.5),
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=None,
        raise_on_status=True,
    )


class ClassicSync:
    def __init__(self, base_url: str, options: dict[str, Any]) -> None:
        import hubspot
        from hubspot.crm.objects.meetings import (
            BatchInputSimplePublicObjectBatchInputForCreate,
            BatchReadInputSimplePublicObjectId,
            Filter,
            FilterGroup,
            PublicObjectSearchRequest,
            SimplePublicObjectId,
            SimplePublicObjectInputForCreate,
        )

        self.m = {
            "BatchCreate": BatchInputSimplePublicObjectBatchInputForCreate,
            "BatchRead": BatchReadInputSimplePublicObjectId,
            "Filter": Filter,
            "FilterGroup": FilterGroup,
            "Search": PublicObjectSearchRequest,
            "Id": SimplePublicObjectId,
            "Create": SimplePublicObjectInputForCreate,
        }
        client = hubspot.Client.create(
            access_token=TOKEN, host=base_url, retry=_classic_retry(options)
        )
        meetings = client.crm.objects.meetings
        # Each discovery property builds a new ApiClient and connection pool: fetch them once.
        self.basic = meetings.basic_api
        self.batch = meetings.batch_api
        self.search = meetings.search_api

    def _search_req(self, outcome: str, limit: int, after: str | None, gt: str | None) -> Any:
        b = search_body(outcome, limit, after, gt)
        groups = [
            self.m["FilterGroup"](
                filters=[
                    self.m["Filter"](
                        property_name=f["propertyName"], operator=f["operator"], value=f["value"]
                    )
                    for f in g["filters"]
                ]
            )
            for g in b["filterGroups"]
        ]
        return self.m["Search"](
            filter_groups=groups,
            sorts=b["sorts"],
            properties=b["properties"],
            limit=limit,
            after=after,
        )

    def get(self, mid: str) -> Any:
        return self.basic.get_by_id(mid, properties=READ_PROPS).id

    def create(self, i: int) -> Any:
        inp = self.m["Create"](properties=create_props(i), associations=[])
        return self.basic.create(inp).id

    def search_page(self) -> Any:
        return len(
            self.search.do_search(self._search_req(SMALL_OUTCOME, SEARCH_PAGE, None, None)).results
        )

    def batch_read(self, ids: list[str]) -> Any:
        req = self.m["BatchRead"](
            inputs=[self.m["Id"](id=i) for i in ids],
            properties=READ_PROPS,
            properties_with_history=[],
        )
        return len(self.batch.read(req).results)

    def batch_create(self, props: list[dict[str, str]]) -> Any:
        req = self.m["BatchCreate"](
            inputs=[self.m["Create"](properties=p, associations=[]) for p in props]
        )
        return len(self.batch.create(req).results)

    def list_all(self, n: int) -> int:
        # The SDK's own helper (what client.crm.objects.get_all uses); returns a list.
        from hubspot.utils.objects import fetch_all

        return len(fetch_all(self.basic, limit=n, properties=READ_PROPS))

    def search_all(self, outcome: str, n: int) -> int:
        def fetch(after: str | None, gt_id: str | None) -> Any:
            page = self.search.do_search(self._search_req(outcome, SEARCH_BULK_PAGE, after, gt_id))
            res = page.results
            nxt = page.paging.next.after if page.paging and page.paging.next else None
            return res, (res[-1].id if res else None), nxt

        return _count(keyset_pages(fetch), n)

    def close(self) -> None:
        pass


# --------------------------------------------------------------------------- hubspot-sdk


class SdkSync:
    def __init__(self, base_url: str, options: dict[str, Any]) -> None:
        from hubspot_sdk import HubSpot

        http_client = httpx.Client(transport=RewriteTransport()) if options.get("rewrite") else None
        self.client = HubSpot(
            access_token=TOKEN,
            base_url=base_url,
            max_retries=options.get("retries", 2),
            http_client=http_client,
        )
        self.meetings = self.client.crm.objects.meetings

    def get(self, mid: str) -> Any:
        return self.meetings.get(mid, properties=READ_PROPS).id

    def create(self, i: int) -> Any:
        return self.meetings.create(properties=create_props(i), associations=[]).id

    def _search(self, outcome: str, limit: int, after: str | None, gt: str | None) -> Any:
        b = search_body(outcome, limit, after, gt)
        return self.meetings.search(
            after=after or "0",
            filter_groups=b["filterGroups"],
            limit=limit,
            properties=b["properties"],
            sorts=b["sorts"],
        )

    def search_page(self) -> Any:
        return len(self._search(SMALL_OUTCOME, SEARCH_PAGE, None, None).results)

    def batch_read(self, ids: list[str]) -> Any:
        return len(
            self.meetings.batch.get(
                inputs=[{"id": i} for i in ids], properties=READ_PROPS, properties_with_history=[]
            ).results
        )

    def batch_create(self, props: list[dict[str, str]]) -> Any:
        inputs: Any = [{"properties": p, "associations": []} for p in props]
        return len(self.meetings.batch.create(inputs=inputs).results)

    def list_all(self, n: int) -> int:
        count = 0
        # The SDK's auto-paging iterator: lazy, one page in memory at a time.
        for _m in self.meetings.list(limit=LIST_PAGE, properties=READ_PROPS):
            count += 1
            if count >= n:
                break
        return count

    def search_all(self, outcome: str, n: int) -> int:
        def fetch(after: str | None, gt_id: str | None) -> Any:
            page = self._search(outcome, SEARCH_BULK_PAGE, after, gt_id)
            res = page.results
            nxt = page.paging.next.after if page.paging and page.paging.next else None
            return res, (res[-1].id if res else None), nxt

        return _count(keyset_pages(fetch), n)

    def close(self) -> None:
        self.client.close()


class SdkAsync:
    def __init__(self, base_url: str, options: dict[str, Any]) -> None:
        from hubspot_sdk import AsyncHubSpot

        http_client = (
            httpx.AsyncClient(transport=AsyncRewriteTransport()) if options.get("rewrite") else None
        )
        self.client = AsyncHubSpot(
            access_token=TOKEN,
            base_url=base_url,
            max_retries=options.get("retries", 2),
            http_client=http_client,
        )
        self.meetings = self.client.crm.objects.meetings

    async def get(self, mid: str) -> Any:
        return (await self.meetings.get(mid, properties=READ_PROPS)).id

    async def create(self, i: int) -> Any:
        return (await self.meetings.create(properties=create_props(i), associations=[])).id

    async def search_page(self) -> Any:
        b = search_body(SMALL_OUTCOME, SEARCH_PAGE)
        page = await self.meetings.search(
            after="0",
            filter_groups=b["filterGroups"],
            limit=SEARCH_PAGE,
            properties=b["properties"],
            sorts=b["sorts"],
        )
        return len(page.results)

    async def batch_read(self, ids: list[str]) -> Any:
        page = await self.meetings.batch.get(
            inputs=[{"id": i} for i in ids], properties=READ_PROPS, properties_with_history=[]
        )
        return len(page.results)

    async def close(self) -> None:
        await self.client.close()


__all__ = ["BATCH"]
