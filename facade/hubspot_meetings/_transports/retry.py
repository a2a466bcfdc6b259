"""Resend failed requests when a resend cannot duplicate a write (see _policy for the rules)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx

from .._config import RetryConfig
from .._redact import describe_request, logger
from .policy import attempt_may_have_applied, exception_retry_wait, response_retry_wait

__all__ = ["AsyncRetryTransport", "RetryTransport"]


def _log_retry(
    request: httpx.Request, why: str, retry_number: int, config: RetryConfig, wait: float
) -> None:
    logger.info(
        "retrying %s after %s (attempt %d/%d, wait %.2fs)",
        describe_request(request),
        why,
        retry_number + 1,
        config.count + 1,
        wait,
    )


class RetryTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        config: RetryConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._inner = inner
        self._config = config
        self._sleep = sleep

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._config.count:
            request.read()  # a streamed body could not be sent a second time
        retry_number = 0
        while True:
            retry_number += 1
            try:
                response = self._inner.handle_request(request)
            except httpx.TransportError as exc:
                attempt_may_have_applied(request, exc=exc)
                wait = exception_retry_wait(self._config, request, exc, retry_number)
                if wait is None:
                    raise
                _log_retry(request, type(exc).__name__, retry_number, self._config, wait)
                self._sleep(wait)
                continue
            attempt_may_have_applied(request, status=response.status_code)
            if response.status_code not in self._config.status_codes:
                return response
            response.read()
            wait = response_retry_wait(self._config, request, response, retry_number)
            if wait is None:
                return response
            response.close()
            _log_retry(request, str(response.status_code), retry_number, self._config, wait)
            self._sleep(wait)

    def close(self) -> None:
        self._inner.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        config: RetryConfig,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._inner = inner
        self._config = config
        self._sleep = sleep

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self._config.count:
            await request.aread()
        retry_number = 0
        while True:
            retry_number += 1
            try:
                response = await self._inner.handle_async_request(request)
            except httpx.TransportError as exc:
                attempt_may_have_applied(request, exc=exc)
                wait = exception_retry_wait(self._config, request, exc, retry_number)
                if wait is None:
                    raise
                _log_retry(request, type(exc).__name__, retry_number, self._config, wait)
                await self._sleep(wait)
                continue
            attempt_may_have_applied(request, status=response.status_code)
            if response.status_code not in self._config.status_codes:
                return response
            await response.aread()
            wait = response_retry_wait(self._config, request, response, retry_number)
            if wait is None:
                return response
            await response.aclose()
            _log_retry(request, str(response.status_code), retry_number, self._config, wait)
            await self._sleep(wait)

    async def aclose(self) -> None:
        await self._inner.aclose()
