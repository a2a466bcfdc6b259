"""The outermost layer: httpx failures become this package's errors, and a 5xx answer to a
non-idempotent write becomes UnknownOutcomeError (the write may have been applied)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx

from .._config import default_is_idempotent
from .._exceptions import (
    ApiError,
    TransportError,
    UnknownOutcomeError,
    error_for_response,
    reason_phrase,
)
from .._redact import describe_request, logger
from .policy import NOT_APPLIED_STATUSES, exception_outcome

__all__ = [
    "AsyncErrorTransport",
    "ErrorTransport",
    "is_unknown_outcome",
    "translate_exception",
    "unknown_outcome_error",
]

IsIdempotent = Callable[[httpx.Request], bool]


def translate_exception(
    request: httpx.Request, exc: httpx.TransportError, is_idempotent: IsIdempotent
) -> TransportError:
    where = describe_request(request)
    detail = str(exc) or type(exc).__name__
    if exception_outcome(exc) == "unknown" and not is_idempotent(request):
        return UnknownOutcomeError(
            f"{where}: connection failed after sending ({type(exc).__name__}: {detail}); "
            "the write may or may not have been applied, so it was not retried",
            request_method=request.method,
            request_url=str(request.url),
        )
    return TransportError(
        f"{where}: {type(exc).__name__}: {detail}",
        request_method=request.method,
        request_url=str(request.url),
    )


def is_unknown_outcome(
    request: httpx.Request, response: httpx.Response, is_idempotent: IsIdempotent
) -> bool:
    status = response.status_code
    return status >= 500 and status not in NOT_APPLIED_STATUSES and not is_idempotent(request)


def unknown_outcome_error(
    request: httpx.Request, response: httpx.Response, cause: ApiError
) -> UnknownOutcomeError:
    status = response.status_code
    ref = f" (correlation id {cause.correlation_id})" if cause.correlation_id else ""
    return UnknownOutcomeError(
        f"{describe_request(request)}: HubSpot answered {status} {reason_phrase(status)}{ref}; "
        "the write may or may not have been applied, so it was not retried",
        request_method=request.method,
        request_url=str(request.url),
        response=response,
    )


def _log(request: httpx.Request, response: httpx.Response) -> None:
    # Checked first: describing the request (redacting its URL) is most of this line's cost,
    # paid on every call otherwise.
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug("%s -> %d", describe_request(request), response.status_code)


class ErrorTransport(httpx.BaseTransport):
    def __init__(
        self, inner: httpx.BaseTransport, *, is_idempotent: IsIdempotent = default_is_idempotent
    ) -> None:
        self._inner = inner
        self._is_idempotent = is_idempotent

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self._inner.handle_request(request)
        except httpx.TransportError as exc:
            raise translate_exception(request, exc, self._is_idempotent) from exc
        _log(request, response)
        if is_unknown_outcome(request, response, self._is_idempotent):
            response.read()
            response.close()
            cause = error_for_response(response)
            raise unknown_outcome_error(request, response, cause) from cause
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncErrorTransport(httpx.AsyncBaseTransport):
    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        is_idempotent: IsIdempotent = default_is_idempotent,
    ) -> None:
        self._inner = inner
        self._is_idempotent = is_idempotent

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.TransportError as exc:
            raise translate_exception(request, exc, self._is_idempotent) from exc
        _log(request, response)
        if is_unknown_outcome(request, response, self._is_idempotent):
            await response.aread()
            await response.aclose()
            cause = error_for_response(response)
            raise unknown_outcome_error(request, response, cause) from cause
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
