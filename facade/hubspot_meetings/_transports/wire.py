"""The innermost layer: the answer's body is read here, and what left for the wire is known here.

The body is read inside the stack so that a connection lost mid-body falls under the same retry
and outcome rules as one lost before the headers (a cut-off page of a list is fetched again; a
create whose answer was cut off is in doubt), instead of surfacing from `httpx.Client` after
every layer has already returned.

A failure once the answer has begun is `AnswerCutOff`: the request reached the server, whatever
the failure's type. Under a pool that speaks through httpcore (the ones the stack builds, or an
httpx transport given as `transport`), every library below httpx is this package's concern: what
httpx leaves untranslated (anyio.EndOfStream from a TLS write, ssl.SSLError, h2's errors,
RuntimeError from a closed loop) becomes `UnmappedTransportError`, so the one outcome rule
(`policy`) decides it. Anything else a caller's own transport raises is the caller's and passes
through as it is.

Under httpx's own transports the request body is also watched: httpcore asks for the body after
the headers and asks past its end only once every chunk was handed to the connection, and only
then sends the end of the request (HTTP/2 END_STREAM). A failure before that left the server an
incomplete request it cannot act on: `RequestNotSent`, which may be resent whatever the method.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterator

import attrs
import httpx

from .._exceptions import HubSpotError
from .policy import AnswerCutOff, RequestNotSent, UnmappedTransportError

__all__ = ["AsyncWireTransport", "WireTransport"]

_HTTPX_POOLS = (httpx.HTTPTransport, httpx.AsyncHTTPTransport)


@attrs.frozen
class WireKnowledge:
    """What the layer may assume of the pool under it."""

    speaks_httpcore: bool  # every exception from below is a library's, never a caller's
    watches_body: bool  # the pool reads `request.stream` as it sends, as httpx's own do

    @classmethod
    def of(cls, pool: object, *, built_here: bool) -> WireKnowledge:
        # A subclass may send by other means than httpcore's reading of `request.stream`.
        exact = built_here or type(pool) in _HTTPX_POOLS
        return cls(speaks_httpcore=built_here or isinstance(pool, _HTTPX_POOLS), watches_body=exact)


@attrs.define
class _BodyWatch:
    original: httpx.SyncByteStream | httpx.AsyncByteStream
    ended: bool = False


class _WatchedBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    def __init__(self, watch: _BodyWatch) -> None:
        self._watch = watch

    def __iter__(self) -> Iterator[bytes]:
        inner = self._watch.original
        assert isinstance(inner, httpx.SyncByteStream)
        yield from inner
        self._watch.ended = True

    async def __aiter__(self) -> AsyncIterator[bytes]:
        inner = self._watch.original
        assert isinstance(inner, httpx.AsyncByteStream)
        async for chunk in inner:
            yield chunk
        self._watch.ended = True


@contextlib.contextmanager
def _watching(request: httpx.Request, knowledge: WireKnowledge) -> Iterator[_BodyWatch | None]:
    """The request's body watched for one attempt (None when it cannot or need not be)."""
    headers = request.headers
    has_body = "content-length" in headers or "transfer-encoding" in headers
    if not (knowledge.watches_body and has_body):
        yield None  # without a body, a request ends with its headers, which no one reports on
        return
    watch = _BodyWatch(request.stream)
    request.stream = _WatchedBody(watch)
    try:
        yield watch
    finally:
        request.stream = watch.original


def _typed(
    request: httpx.Request,
    exc: Exception,
    knowledge: WireKnowledge,
    watch: _BodyWatch | None,
    *,
    answered: bool,
) -> Exception:
    """The exception to raise for `exc`: `exc` itself, or one that says more (raised from it)."""
    if isinstance(exc, HubSpotError | httpx.DecodingError):
        return exc  # already typed; an undecodable body is the caller's to judge (see _calls)
    if not (knowledge.speaks_httpcore or isinstance(exc, httpx.TransportError)):
        return exc  # a caller's own transport raised something of its own
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if answered:
        return AnswerCutOff(f"{detail}, while reading the answer", request=request)
    if watch is not None and not watch.ended:
        return RequestNotSent(f"{detail}, before the end of the request was sent", request=request)
    if isinstance(exc, httpx.TransportError):
        return exc
    name = f"{type(exc).__module__}.{type(exc).__qualname__}"
    return UnmappedTransportError(f"{name}: {exc}" if str(exc) else name, request=request)


class WireTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, knowledge: WireKnowledge) -> None:
        self._inner = inner
        self._knowledge = knowledge

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response: httpx.Response | None = None
        with _watching(request, self._knowledge) as watch:
            try:
                response = self._inner.handle_request(request)
                response.read()
                return response
            except Exception as exc:
                if response is not None:
                    # The exchange already failed; a second failure closing it says nothing more.
                    with contextlib.suppress(Exception):
                        response.close()
                typed = _typed(request, exc, self._knowledge, watch, answered=response is not None)
                if typed is exc:
                    raise
                raise typed from exc

    def close(self) -> None:
        self._inner.close()


class AsyncWireTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, knowledge: WireKnowledge) -> None:
        self._inner = inner
        self._knowledge = knowledge

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response: httpx.Response | None = None
        with _watching(request, self._knowledge) as watch:
            try:
                response = await self._inner.handle_async_request(request)
                await response.aread()
                return response
            except Exception as exc:
                if response is not None:
                    with contextlib.suppress(Exception):
                        await response.aclose()
                typed = _typed(request, exc, self._knowledge, watch, answered=response is not None)
                if typed is exc:
                    raise
                raise typed from exc

    async def aclose(self) -> None:
        await self._inner.aclose()
