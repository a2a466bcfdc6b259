"""Marks what each request carries as a credential just before it reaches the wire.

The auth objects mark their own credentials, but any `httpx.Auth` works, and a base URL may
carry userinfo: marking here, below every other layer, means the loggers of the connection
itself (httpcore, h2, hpack) and every error raised above redact whatever a request carried,
whichever code put it there.
"""

from __future__ import annotations

import httpx

from .._redact import mark_request_secrets

__all__ = ["AsyncSecretMarkingTransport", "SecretMarkingTransport"]


class SecretMarkingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        mark_request_secrets(request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class AsyncSecretMarkingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        mark_request_secrets(request)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()
