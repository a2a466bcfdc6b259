"""Shared by the per-request control tests: every operation as one table, a transport that
keeps what reached the emulator, a loopback forward proxy, and drivers that run an operation
to the end on a sync or an async client."""

from __future__ import annotations

import datetime
import http.server
import inspect
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_emulator.testing import FakeClock

TS = "2024-11-20T20:12:03.054Z"
SEEDED = 3


class Seeded(list[str]):
    """The ids of the seeded meetings, and in `contacts` those of two contacts: the first is
    linked to the first meeting, so the association reads have a link to find."""

    contacts: list[str]


def emulator(clock: FakeClock | None = None, **config: Any) -> tuple[Emulator, Seeded]:
    """An emulator with a unique `ext_id` property, the ids of three meetings in it, and two
    contacts (`ids.contacts`), the first linked to the first meeting."""
    emu = Emulator(
        EmulatorConfig(custom_properties={"meetings": {"ext_id": {"unique": True}}}, **config),
        clock=clock,
    )
    seeds = [{"hs_timestamp": TS, "hs_meeting_title": f"seed {i}"} for i in range(SEEDED)]
    ids = Seeded(emu.seed("meetings", seeds))
    ids.contacts = emu.seed("contacts", [{"email": f"c{i}@example.com"} for i in range(2)])
    # Linked in the store, not over HTTP: the tests count the requests the emulator saw.
    emu._associations.add(("meetings", ids[0]), ("contacts", ids.contacts[0]), [200])
    return emu, ids


class Tap(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The emulator's in-process transport, keeping every request that reached it."""

    def __init__(self, emu: Emulator) -> None:
        self._inner = emu.transport()
        self.sent: list[httpx.Request] = []
        self.closed = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return self._inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        return await self._inner.handle_async_request(request)

    def close(self) -> None:
        self.closed += 1

    async def aclose(self) -> None:
        self.closed += 1


Op = Callable[[Any, Seeded, dict[str, Any]], Any]
START = datetime.datetime(2024, 11, 20, 20, 12, tzinfo=datetime.UTC)

# Every operation, called with the seeded ids and per-call options; each sends at least two
# requests where it can (chunk_size / page_size 1), so "every request" means more than one.
OPS: dict[str, Op] = {
    "create": lambda c, ids, o: c.create({"hs_timestamp": TS}, **o),
    "get": lambda c, ids, o: c.get(ids[0], **o),
    "update": lambda c, ids, o: c.update(ids[0], {"hs_meeting_title": "moved"}, **o),
    "archive": lambda c, ids, o: c.archive(ids[2], **o),
    "list": lambda c, ids, o: c.list(limit=2, **o),
    "search": lambda c, ids, o: c.search(limit=2, **o),
    "batch_create": lambda c, ids, o: c.batch_create(
        [{"properties": {"hs_timestamp": TS}}] * 2, chunk_size=1, **o
    ),
    "batch_read": lambda c, ids, o: c.batch_read(ids[:2], chunk_size=1, **o),
    "batch_update": lambda c, ids, o: c.batch_update(
        [{"id": i, "properties": {"hs_meeting_title": "b"}} for i in ids[:2]], chunk_size=1, **o
    ),
    "batch_upsert": lambda c, ids, o: c.batch_upsert(
        [{"id": f"ext-{i}", "properties": {"hs_timestamp": TS}} for i in range(2)],
        id_property="ext_id",
        chunk_size=1,
        **o,
    ),
    "batch_archive": lambda c, ids, o: c.batch_archive(ids[1:], chunk_size=1, **o),
    "iter_pages": lambda c, ids, o: c.iter_pages(page_size=1, **o),
    "list_all": lambda c, ids, o: c.list_all(page_size=1, **o),
    "search_all": lambda c, ids, o: c.search_all(page_size=1, **o),
    "associate": lambda c, ids, o: c.associate(ids[1], "contacts", ids.contacts[1], **o),
    "unassociate": lambda c, ids, o: c.unassociate(ids[0], "contacts", ids.contacts[0], **o),
    "associations": lambda c, ids, o: c.associations(ids[0], "contacts", **o),
    "batch_associate": lambda c, ids, o: c.batch_associate(
        [(i, "contacts", ids.contacts[1]) for i in ids[1:]], chunk_size=1, **o
    ),
    "batch_unassociate": lambda c, ids, o: c.batch_unassociate(
        [(ids[0], "contacts", contact) for contact in ids.contacts], chunk_size=1, **o
    ),
    "create_meeting": lambda c, ids, o: c.create_meeting(title="Kickoff", start=START, **o),
    "meetings_for": lambda c, ids, o: c.meetings_for("contacts", ids.contacts[0], **o),
    "meetings_for_many": lambda c, ids, o: c.meetings_for_many("contacts", ids.contacts, **o),
}
# How many requests each operation above sends against the seeded emulator.
REQUESTS = {
    "batch_create": 2,
    "batch_read": 2,
    "batch_update": 2,
    "batch_upsert": 2,
    "batch_archive": 2,
    "iter_pages": SEEDED,
    "list_all": SEEDED,
    "search_all": SEEDED,
    "associations": 1,  # up to 500 links a page
    "batch_associate": 2,
    "batch_unassociate": 2,
    # A page of links, then a batch read of the meetings it names.
    "meetings_for": 2,
    # The links of every record in one batch read, then one batch read of the meetings.
    "meetings_for_many": 2,
}
PAGING = ("iter_pages", "list_all", "search_all", "associations", "meetings_for")


def run_sync(result: Any) -> Any:
    """The operation's result, with a lazy iterator read to the end."""
    return list(result) if isinstance(result, Iterator) else result


async def run_async(result: Any) -> Any:
    if inspect.isawaitable(result):
        return await result
    if isinstance(result, AsyncIterator):
        return [item async for item in result]
    return result


class ForwardProxy(http.server.ThreadingHTTPServer):
    """A plain-HTTP forward proxy on loopback that records what passes through it; a context
    manager that serves in a background thread."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.upstream = httpx.Client(trust_env=False)
        super().__init__(("127.0.0.1", 0), _ProxyHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> ForwardProxy:
        # A short poll: shutdown() waits for the serving loop to notice it.
        threading.Thread(target=self.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
        self.upstream.close()


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    server: ForwardProxy

    def _forward(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append(f"{self.command} {self.path}")
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream = self.server.upstream.request(
            self.command, self.path, content=body, headers=headers
        )
        self.send_response(upstream.status_code)
        for name, value in upstream.headers.items():
            if name.lower() not in (
                "content-length",
                "transfer-encoding",
                "connection",
                "content-encoding",
            ):
                self.send_header(name, value)
        self.send_header("content-length", str(len(upstream.content)))
        self.end_headers()
        self.wfile.write(upstream.content)

    do_GET = do_POST = do_PATCH = do_DELETE = _forward

    def log_message(self, format: str, *args: Any) -> None:
        pass
