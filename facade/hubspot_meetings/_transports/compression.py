"""Gzip request bodies above a size threshold (compression="always")."""

from __future__ import annotations

import gzip

import httpx

__all__ = ["AsyncGzipRequestTransport", "GzipRequestTransport", "gzip_request"]

MIN_SIZE = 1024


def gzip_request(request: httpx.Request, min_size: int = MIN_SIZE) -> httpx.Request:
    """The same request with a gzipped body, or the request itself when not worth it.

    The body must already be read (request.read() / await request.aread()).
    """
    body = request.content
    if len(body) < min_size or "content-encoding" in request.headers:
        return request
    headers = httpx.Headers(
        [(k, v) for k, v in request.headers.multi_items() if k.lower() != "content-length"]
    )
    headers["Content-Encoding"] = "gzip"
    return httpx.Request(
        request.method,
        request.url,
        headers=headers,
        content=gzip.compress(body, compresslevel=6),
        extensions=request.extensions,
    )


class GzipRequestTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport, *, min_size: int = MIN_SIZE) -> None:
        self._inner = inner
        self._min_size = min_size

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self._inner.handle_request(gzip_request(request, self._min_size))

    def close(self) -> None:
        self._inner.close()


class AsyncGzipRequestTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport, *, min_size: int = MIN_SIZE) -> None:
        self._inner = inner
        self._min_size = min_size

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        return await self._inner.handle_async_request(gzip_request(request, self._min_size))

    async def aclose(self) -> None:
        await self._inner.aclose()
