"""Who may use a connection pool: the base transports the stack builds itself sit behind these.

Sync HTTP/2: httpcore's sync HTTP/2 connection is not safe to share between threads. Stream ids
are taken and HEADERS sent outside any common lock, so two threads can put stream 7 on the wire
before stream 5 (the server answers PROTOCOL_ERROR and drops every stream on the connection), and
the h2 state, its outgoing frame buffer included, is changed from several threads at once (frames
vanish and a request waits for an answer that never comes). `ThreadExclusiveTransport` lends each
thread a pool of its own for the whole of one exchange, and takes it back when the answer's body is
closed, so no connection is ever driven by two threads while pools are still reused across
threads and across batch calls. HTTP/1.1 pools already give each connection to one request at a
time and are shared as they are.

Async: a pool's connections belong to the event loop that opened them; in another loop they fail
("Event loop is closed") after the request may have been written. `LoopBoundTransport` keeps one
pool per running loop, so a client used again under a new `asyncio.run()` opens fresh connections,
and closes each pool as its loop shuts down.
A caller's own async pool cannot be duplicated: `SingleLoopTransport` refuses, before sending,
to use it from a second loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Callable, Iterator

import attrs
import httpx

from .._exceptions import ConfigurationError

__all__ = ["LoopBoundTransport", "SingleLoopTransport", "ThreadExclusiveTransport"]


class _GiveBackOnClose(httpx.SyncByteStream):
    """The answer's body: closing it returns the pool it came from, once."""

    def __init__(self, inner: httpx.SyncByteStream, give_back: Callable[[], None]) -> None:
        self._inner = inner
        self._give_back: Callable[[], None] | None = give_back

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from self._inner
        except BaseException:
            self.close()  # whoever stopped reading may never close it
            raise

    def close(self) -> None:
        try:
            self._inner.close()
        finally:
            give_back, self._give_back = self._give_back, None
            if give_back is not None:
                give_back()


class ThreadExclusiveTransport(httpx.BaseTransport):
    """Pools made by `factory`, each lent to one thread per exchange (see the module doc)."""

    def __init__(self, factory: Callable[[], httpx.BaseTransport]) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._idle: list[httpx.BaseTransport] = []
        self._made: list[httpx.BaseTransport] = []
        self._closed = False

    def _lend(self) -> httpx.BaseTransport:
        with self._lock:
            if self._idle:
                return self._idle.pop()  # the most recently used: its connection is warm
        pool = self._factory()
        with self._lock:
            self._made.append(pool)
        return pool

    def _take_back(self, pool: httpx.BaseTransport) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(pool)
                return
        pool.close()  # lent out while the client closed: nobody will borrow it again

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        pool = self._lend()
        try:
            response = pool.handle_request(request)
        except BaseException:
            self._take_back(pool)
            raise
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = _GiveBackOnClose(response.stream, lambda: self._take_back(pool))
        return response

    def close(self) -> None:
        with self._lock:
            self._closed = True
            pools, self._made, self._idle = self._made, [], []
        for pool in pools:
            pool.close()


@attrs.frozen
class _LoopPool:
    pool: httpx.AsyncBaseTransport
    closer: AsyncGenerator[None, None]


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None  # another async library (trio): it has one loop per run, never reused


async def _closed_with_its_loop(pool: httpx.AsyncBaseTransport) -> AsyncGenerator[None, None]:
    """Left suspended for the life of its loop: `asyncio.run()` closes the async generators
    still open before it closes the loop, which runs this `finally` while the pool's connections
    can still be closed cleanly."""
    try:
        yield
    finally:
        await pool.aclose()


class LoopBoundTransport(httpx.AsyncBaseTransport):
    """One pool made by `factory` per running event loop (see the module doc)."""

    def __init__(self, factory: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._factory = factory
        self._lock = threading.Lock()  # loops in different threads may share one client
        self._pools: dict[asyncio.AbstractEventLoop | None, _LoopPool] = {}

    async def _new_pool(self, loop: asyncio.AbstractEventLoop | None) -> httpx.AsyncBaseTransport:
        with self._lock:
            entry = self._pools.get(loop)
            if entry is None:
                # A closed loop's pool was closed as that loop shut down (or, with a loop that
                # never finalizes its async generators, goes when it is collected).
                for gone in [k for k in self._pools if k is not None and k.is_closed()]:
                    del self._pools[gone]
                pool = self._factory()
                entry = self._pools[loop] = _LoopPool(pool, _closed_with_its_loop(pool))
                fresh = True
            else:
                fresh = False
        if fresh:
            await anext(entry.closer)  # registers it with the loop's async-generator hooks
        return entry.pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        loop = _running_loop()
        # Read without the lock (one dict lookup is atomic); only a new loop's pool needs it.
        entry = self._pools.get(loop)
        pool = entry.pool if entry is not None else await self._new_pool(loop)
        return await pool.handle_async_request(request)

    async def aclose(self) -> None:
        loop = _running_loop()
        with self._lock:
            pools, self._pools = self._pools, {}
        mine = pools.get(loop)
        if mine is not None:
            await mine.closer.aclose()
        # Other loops' pools close when those loops finish; their connections are theirs.


class SingleLoopTransport(httpx.AsyncBaseTransport):
    """A caller's own `httpx.AsyncHTTPTransport`: its pool cannot be duplicated per loop, so a
    request from a loop other than the first one it served is refused before it is sent."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self._lock = threading.Lock()
        self._served = False
        self._loop: asyncio.AbstractEventLoop | None = None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        loop = _running_loop()
        with self._lock:
            if not self._served:
                self._served, self._loop = True, loop
            elif loop is not self._loop:
                raise ConfigurationError(
                    "HttpSettings.transport",
                    "the httpx.AsyncHTTPTransport given holds connections of the event loop it "
                    "first served and cannot be used from another one (nothing was sent); "
                    "leave `transport` unset to get a pool per loop, or build a client per loop",
                )
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
