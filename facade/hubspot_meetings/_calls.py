"""One planned request and what its answer means; no I/O.

A `Call` carries the generated request kwargs and the parser for the answer. The sync and async
shells only send `call.kwargs`; what a transport failure, an error status or an unreadable body
means is decided here, once. Responses with status >= 400 become typed errors before any
generated parser sees them (the generated `_build_response` calls `HTTPStatus(status)`, which
crashes on Cloudflare's 52x), so the generated code builds requests and models, and sending is
ours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs
import httpx

from ._logging import describe_request
from .errors import (
    HubSpotError,
    ResponseValidationError,
    UnknownOutcomeError,
    raise_for_response,
)
from .settings import default_is_idempotent
from .transports.errors import translate_exception

__all__ = ["Call", "read_json"]

T = TypeVar("T")


def read_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError) as exc:
        snippet = response.text[:80] if response.content else ""
        raise ResponseValidationError("$", f"the body is not JSON ({snippet!r})") from exc


@attrs.frozen
class Call(Generic[T]):
    """One planned request: the generated request kwargs and how to read the answer."""

    kwargs: dict[str, Any]
    parse: Callable[[httpx.Response], T]
    inputs: object = None  # attached to UnknownOutcomeError so the caller can check and resend
    # A write whose 2xx body cannot be read was applied, but what came of it is lost: that is
    # reported as an unknown outcome, not as a failure the caller might retry blindly.
    writes: bool = False

    def in_doubt(self, exc: UnknownOutcomeError) -> None:
        """Attach this call's inputs to an unknown outcome (unless a layer below already did)."""
        if exc.inputs is None:
            exc.inputs = self.inputs

    def failed(self, exc: httpx.TransportError) -> HubSpotError:
        """The typed error for a transport failure that reached us untranslated: a caller's
        own httpx client has no ErrorTransport."""
        try:
            request = exc.request
        except RuntimeError:
            method = str(self.kwargs.get("method", "GET")).upper()
            request = httpx.Request(method, str(self.kwargs.get("url")))
        error = translate_exception(request, exc, default_is_idempotent)
        if isinstance(error, UnknownOutcomeError):
            self.in_doubt(error)
        return error

    def answer(self, response: httpx.Response) -> T:
        """The parsed result of `response`, or the typed error it means."""
        raise_for_response(response)
        try:
            return self.parse(response)
        except ResponseValidationError as exc:
            if self.writes:
                raise self._unreadable_write(response, exc) from exc
            raise

    def _unreadable_write(
        self, response: httpx.Response, exc: ResponseValidationError
    ) -> UnknownOutcomeError:
        request = response.request
        return UnknownOutcomeError(
            f"{describe_request(request)}: HubSpot answered {response.status_code} but its body "
            f"could not be read ({exc}); the write was applied and its result is lost",
            request_method=request.method,
            request_url=str(request.url),
            inputs=self.inputs,
            response=response,
        )
