"""EmulatorTransport: the emulator as an httpx transport, for sync and async clients alike.

Faults become what a real network would produce: a dropped connection is
``httpx.RemoteProtocolError``; a slow answer is ``httpx.ReadTimeout`` when its delay exceeds the
request's read timeout and is otherwise returned at once (in-process, nothing sleeps); a body cut
off part-way yields its first half, then raises ``httpx.RemoteProtocolError`` from the read.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import httpx

from .faults import CUT_BODY, ConnectionDropped

if TYPE_CHECKING:
    from .app import Emulator

__all__ = ["EmulatorTransport"]


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator

    def __repr__(self) -> str:
        return f"EmulatorTransport({self.emulator!r})"

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._answer(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return self._answer(request)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self.emulator.handle(request)
        except ConnectionDropped as exc:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            ) from exc
        delay = response.extensions.get("emulator_delay")
        if delay is not None:
            timeout = request.extensions.get("timeout", {}).get("read")
            if timeout is not None and delay > timeout:
                raise httpx.ReadTimeout("The read operation timed out", request=request)
        if response.extensions.get(CUT_BODY):
            body = response.content
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=_CutBody(body[: len(body) // 2], request),
                request=request,
            )
        return response


class _CutBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """The first part of a body, then the connection's end, as httpcore reports it."""

    def __init__(self, part: bytes, request: httpx.Request) -> None:
        self._part = part
        self._request = request

    def _cut(self) -> httpx.RemoteProtocolError:
        return httpx.RemoteProtocolError(
            "peer closed connection without sending complete message body", request=self._request
        )

    def __iter__(self) -> Iterator[bytes]:
        yield self._part
        raise self._cut()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self._part
        raise self._cut()
