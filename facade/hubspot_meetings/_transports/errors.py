"""The outermost layer: httpx failures become this package's errors, and a 5xx answer to a
non-idempotent write becomes UnknownOutcomeError (the write may have been applied)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx

from .._config import changes_state, default_is_idempotent
from .._exceptions import (
    ApiError,
    TransportError,
    UnknownOutcomeError,
    error_for_response,
    reason_phrase,
)
from .._redact import describe_request, logger
from .policy import MAYBE_APPLIED, NOT_APPLIED_STATUSES, exception_outcome

__all__ = [
    "AsyncErrorTransport",
    "ErrorTransport",
    "is_unknown_outcome",
    "translate_exception",
    "unknown_outcome_error",
]

IsIdempotent = Callable[[httpx.Request], bool]


def _in_doubt_why(request: httpx.Request, is_idempotent: IsIdempotent) -> str:
    if not is_idempotent(request):
        return "the write may or may not have been applied, so it was not retried"
    # An idempotent write was resent until the retries ran out: resending it is safe, but
    # "failed" would tell the caller nothing was written, which an attempt may have been.
    return (
        "the write was retried and may or may not have been applied; it is safe to send "
        "again (sending it twice lands in the same state)"
    )


def _earlier_attempt_in_doubt(request: httpx.Request) -> bool:
    return bool(request.extensions.get(MAYBE_APPLIED)) and changes_state(request)


def translate_exception(
    request: httpx.Request, exc: httpx.TransportError, is_idempotent: IsIdempotent
) -> TransportError:
    where = describe_request(request)
    detail = str(exc) or type(exc).__name__
    unknown = exception_outcome(exc) == "unknown"
    if (unknown and (not is_idempotent(request) or changes_state(request))) or (
        _earlier_attempt_in_doubt(request)
    ):
        what = "connection failed after sending" if unknown else "connection failed"
        return UnknownOutcomeError(
            f"{where}: {what} ({type(exc).__name__}: {detail}); "
            + _in_doubt_why(request, is_idempotent),
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
    """Whether a final error answer leaves a write in doubt: a 5xx that may follow the write
    (an idempotent one only once its retries ran out, which is when this is asked), or any
    error after an earlier attempt that may have been applied."""
    status = response.status_code
    if status < 400:
        return False
    if _earlier_attempt_in_doubt(request):
        return True
    return (
        status >= 500
        and status not in NOT_APPLIED_STATUSES
        and (not is_idempotent(request) or changes_state(request))
    )


def unknown_outcome_error(
    request: httpx.Request, response: httpx.Response, cause: ApiError
) -> UnknownOutcomeError:
    status = response.status_code
    ref = f" (correlation id {cause.correlation_id})" if cause.correlation_id else ""
    return UnknownOutcomeError(
        f"{describe_request(request)}: HubSpot answered {status} {reason_phrase(status)}{ref}; "
        + _in_doubt_why(request, default_is_idempotent),
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
