"""Resend failed requests when a resend cannot duplicate a write (see policy for the rules),
never waiting past the call's deadline (see deadline)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import httpx

from .._config import RetryConfig
from .._exceptions import DeadlineExceededError, reason_phrase
from .._redact import describe_request, logger
from .deadline import deadline_error, wait_fits
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


def _out_of_time(
    request: httpx.Request, why: str, wait: float, now: float
) -> DeadlineExceededError | None:
    """The error to raise instead of waiting `wait` seconds, when the wait would outlast the
    call's deadline (giving up now beats sleeping until then only to fail)."""
    if wait_fits(request, now, wait):
        return None
    return deadline_error(request, "backoff", f"after {why}, a wait of {wait:.2f} s")


def _status_why(response: httpx.Response) -> str:
    return f"{response.status_code} {reason_phrase(response.status_code)}"


class RetryTransport(httpx.BaseTransport):
    def __init__(
        self,
        inner: httpx.BaseTransport,
        config: RetryConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._config = config
        self._sleep = sleep
        self._clock = clock

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
                why = type(exc).__name__
                if late := _out_of_time(request, why, wait, self._clock()):
                    raise late from exc
                _log_retry(request, why, retry_number, self._config, wait)
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
            if late := _out_of_time(request, _status_why(response), wait, self._clock()):
                raise late
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
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._config = config
        self._sleep = sleep
        self._clock = clock

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
                why = type(exc).__name__
                if late := _out_of_time(request, why, wait, self._clock()):
                    raise late from exc
                _log_retry(request, why, retry_number, self._config, wait)
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
            if late := _out_of_time(request, _status_why(response), wait, self._clock()):
                raise late
            _log_retry(request, str(response.status_code), retry_number, self._config, wait)
            await self._sleep(wait)

    async def aclose(self) -> None:
        await self._inner.aclose()
