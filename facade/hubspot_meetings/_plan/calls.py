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

from .._config import default_is_idempotent
from .._exceptions import (
    HubSpotError,
    RequestValidationError,
    ResponseValidationError,
    UnknownOutcomeError,
    error_for_response,
    raise_for_response,
)
from .._redact import describe_request
from .._transports.errors import (
    IsIdempotent,
    is_unknown_outcome,
    translate_exception,
    unknown_outcome_error,
)
from .._transports.policy import MAYBE_APPLIED

__all__ = ["RESENT", "Call", "RawBody", "Resend", "read_json", "was_resent"]

# How often an idempotent write whose 2xx answer could not be read is sent again.
UNREADABLE_RESENDS = 1


# Set on the answer to `Call.resend()`, whose first attempt was applied (its 2xx unreadable).
RESENT = "hubspot_meetings.resent"


def was_resent(response: httpx.Response) -> bool:
    """Whether `response` answers a resend of a write an earlier attempt may have applied
    (the retry layer marks those attempts): its upsert `new` then describes only the resend."""
    return bool(response.extensions.get(RESENT) or response.request.extensions.get(MAYBE_APPLIED))


class Resend(Exception):  # a signal to the shells, never raised out of them
    """Send `call.resend()`: the request is idempotent and its answer was unreadable."""


T = TypeVar("T")


def read_json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except (ValueError, UnicodeDecodeError) as exc:
        snippet = response.text[:80] if response.content else ""
        raise ResponseValidationError("$", f"the body is not JSON ({snippet!r})") from exc


class RawBody:
    """A request body sent exactly as given (validation=False, or built from checked parts
    only): the generated `request_kwargs` only calls `to_dict()` on its body."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def to_dict(self) -> Any:
        return self._body


_JSON_ONLY = {"Content-Type": "application/json"}


def _sendable(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The generated request kwargs without the parts that change nothing but cost httpx time
    on every request (about 20 us for an empty `params`, which makes httpx rebuild the URL):
    no query parameters, or a Content-Type header that `json=` sets anyway."""
    if "params" in kwargs and not kwargs["params"]:
        del kwargs["params"]
    if kwargs.get("headers") == _JSON_ONLY and "json" in kwargs:
        del kwargs["headers"]
    return kwargs


@attrs.frozen
class Call(Generic[T]):
    """One planned request: the generated request kwargs and how to read the answer."""

    kwargs: dict[str, Any] = attrs.field(converter=_sendable)
    parse: Callable[[httpx.Response], T]
    inputs: object = None  # attached to UnknownOutcomeError so the caller can check and resend
    # A write whose 2xx body cannot be read was applied, but what came of it is lost: that is
    # reported as an unknown outcome, not as a failure the caller might retry blindly...
    writes: bool = False
    # ...unless sending it again lands in the same state (an upsert keyed on a unique
    # property): then it is sent again (`Resend`), this many times, and that answer counts.
    resend_unreadable: int = 0
    resent: bool = False  # this call is such a resend

    def resend(self) -> Call[T]:
        """This call to send again after `Resend`, with one resend fewer left."""
        return attrs.evolve(self, resend_unreadable=self.resend_unreadable - 1, resent=True)

    def in_doubt(self, exc: UnknownOutcomeError) -> None:
        """Attach this call's inputs to an unknown outcome (unless a layer below already did)."""
        if exc.inputs is None:
            exc.inputs = self.inputs

    def _request(self, exc: httpx.RequestError) -> httpx.Request:
        try:
            return exc.request
        except RuntimeError:
            method = str(self.kwargs.get("method", "GET")).upper()
            return httpx.Request(method, str(self.kwargs.get("url")))

    def failed(self, exc: httpx.TransportError) -> HubSpotError:
        """The typed error for a transport failure that reached us untranslated: a caller's
        own httpx client has no ErrorTransport."""
        request = self._request(exc)
        error = translate_exception(request, exc, default_is_idempotent)
        if isinstance(error, UnknownOutcomeError):
            self.in_doubt(error)
        return error

    def undecodable(self, exc: httpx.DecodingError) -> HubSpotError:
        """The typed error for a body httpx could not decode (e.g. corrupt gzip): for a write
        it is an unknown outcome, like a 2xx body that is not JSON."""
        request = self._request(exc)
        detail = f"{type(exc).__name__}: {exc}"
        if not self.writes:
            return ResponseValidationError("$", f"the body could not be decoded ({detail})")
        return UnknownOutcomeError(
            f"{describe_request(request)}: HubSpot's answer could not be decoded ({detail}); "
            "the write may or may not have been applied",
            request_method=request.method,
            request_url=str(request.url),
            inputs=self.inputs,
        )

    def unencodable(self, exc: UnicodeEncodeError) -> RequestValidationError:
        """The typed error for a request httpx could not encode (a lone surrogate, as
        `json.loads` and surrogateescape file names make): raised while the request was built,
        so nothing was sent. Only the offending character is named: the rest may be a secret."""
        char = exc.object[exc.start : exc.start + 1]
        return RequestValidationError(
            "request",
            f"cannot be sent as UTF-8 ({char!r}: {exc.reason}); nothing was sent",
        )

    def answer(
        self, response: httpx.Response, is_idempotent: IsIdempotent = default_is_idempotent
    ) -> T:
        """The parsed result of `response`, or the typed error it means.

        `is_idempotent` is the rule the client's ErrorTransport applies: a caller's own httpx
        client has none, so a 5xx to a write that may have been applied is decided here too.
        """
        if response.status_code >= 500 and is_unknown_outcome(
            response.request, response, is_idempotent
        ):
            cause = error_for_response(response)
            error = unknown_outcome_error(response.request, response, cause)
            self.in_doubt(error)
            raise error from cause
        raise_for_response(response)
        if self.resent:
            response.extensions[RESENT] = True
        try:
            return self.parse(response)
        except ResponseValidationError as exc:
            if self.writes and self.resend_unreadable > 0:
                raise Resend from exc
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
