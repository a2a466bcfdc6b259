"""The whole exception tree, and how an HTTP error response becomes one of its exceptions.

Every error this package raises is a `HubSpotError`:

    HubSpotError
    ├── ConfigurationError          a setting is wrong (also a ValueError); raised at construction
    ├── RequestValidationError      an argument is wrong; nothing was sent (also a ValueError)
    ├── ResponseValidationError     HubSpot answered with a body of the wrong shape
    ├── SearchWindowError           search_all cannot reach every match past HubSpot's window
    ├── GeneratedApiMismatch        the generated package lacks names the client binds (also
    │                               an ImportError)
    ├── CircuitOpenError            the circuit breaker refused to send
    ├── TokenPersistenceError       a rotated refresh token could not be handed to its owner
    ├── StoreUnavailableError       the shared store (Redis) did not answer; nothing was sent
    ├── TransportError              the connection failed; the request provably was not applied
    │   ├── UnknownOutcomeError     the request may or may not have been applied (a write that
    │   │   │                       must not be resent blindly); `.inputs` names what
    │   │   └── DeadlineUnknownOutcomeError   the deadline passed while a write was in flight
    │   └── DeadlineExceededError   the call's deadline passed (also a TimeoutError); nothing is
    │                               in doubt
    └── ApiError                    HubSpot answered with an error status
        ├── BadRequestError         400
        ├── AuthenticationError     401
        │   └── OAuthRefreshError   the refresh token was refused
        │       └── RefreshTokenLostError   ...because a rotation's answer was lost: re-authorize
        ├── ForbiddenError          403
        ├── NotFoundError           404
        ├── ConflictError           409
        ├── RateLimitError          429 (`.policy`, `.retry_after`)
        └── ServerError             5xx

HubSpot's error body is documented as "all fields optional": every field is read leniently,
and non-JSON bodies (Cloudflare's 52x HTML pages) still give a typed error.
"""

from __future__ import annotations

import email.utils
import json
import time
from http import HTTPStatus
from typing import Any, Literal, Self

import httpx

from ._plan.limits import KEYSET_PROPERTY, SEARCH_RESULT_WINDOW
from ._redact import SECRET_HEADERS, redact_text, redact_url

__all__ = [
    "ApiError",
    "AuthenticationError",
    "BadRequestError",
    "CircuitOpenError",
    "ClientClosedError",
    "ConfigurationError",
    "ConflictError",
    "DeadlineExceededError",
    "DeadlineUnknownOutcomeError",
    "ForbiddenError",
    "GeneratedApiMismatch",
    "HubSpotError",
    "NotFoundError",
    "OAuthRefreshError",
    "RateLimitError",
    "RefreshTokenLostError",
    "RequestValidationError",
    "ResponseValidationError",
    "SearchShiftedError",
    "SearchWindowError",
    "ServerError",
    "StoreUnavailableError",
    "TokenPersistenceError",
    "TransportError",
    "UnknownOutcomeError",
    "error_for_response",
    "parse_retry_after",
    "raise_for_response",
    "shareable_response",
]

# Status texts for codes outside http.HTTPStatus (Cloudflare edge errors, HubSpot's 477).
_EXTRA_REASONS = {
    477: "Migration In Progress",
    520: "Web Server Returned an Unknown Error",
    521: "Web Server Is Down",
    522: "Connection Timed Out",
    523: "Origin Is Unreachable",
    524: "A Timeout Occurred",
    525: "SSL Handshake Failed",
    526: "Invalid SSL Certificate",
    530: "Origin DNS Error",
}
_SNIPPET = 200


class HubSpotError(Exception):
    """Base of every error this package raises."""


class ConfigurationError(HubSpotError, ValueError):
    """A setting was given a value it cannot take; `setting` names it."""

    def __init__(self, setting: str, reason: str) -> None:
        self.setting = setting
        self.reason = reason
        super().__init__(f"{setting}: {reason}")


class ApiError(HubSpotError):
    """HubSpot answered with an HTTP error status."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        category: str | None = None,
        sub_category: str | None = None,
        correlation_id: str | None = None,
        errors: list[dict[str, Any]] | None = None,
        context: dict[str, Any] | None = None,
        links: dict[str, Any] | None = None,
        headers: httpx.Headers | None = None,
        body: object = None,
        request_method: str | None = None,
        request_url: str | None = None,
    ) -> None:
        # Redacted on the way in: nothing an error holds can print a credential.
        self.message = redact_text(message)
        self.status = status
        self.category = category
        self.sub_category = sub_category
        self.correlation_id = correlation_id
        self.errors = errors if errors is not None else []
        self.context = context if context is not None else {}
        self.links = links if links is not None else {}
        self.headers = headers if headers is not None else httpx.Headers()
        self.body = body
        self.request_method = request_method
        self.request_url = redact_url(request_url) if request_url is not None else None
        super().__init__(self._summary())

    def _summary(self) -> str:
        text = f"HTTP {self.status}"
        if self.category:
            text += f" {self.category}"
        text += f": {redact_text(self.message)}"
        if self.correlation_id:
            text += f" (correlation id {self.correlation_id})"
        if self.request_method and self.request_url:
            text += f" [{self.request_method} {self.request_url}]"
        return text

    def __str__(self) -> str:
        return self._summary()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, category={self.category!r}, "
            f"message={redact_text(self.message)!r}, correlation_id={self.correlation_id!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructor: rebuild via __new__ + __dict__ so errors cross processes.
        # Only what may leave the process travels: no cookies (or auth) among the headers.
        state = {**self.__dict__, "headers": _shareable_headers(self.headers)}
        return (_rebuild, (type(self), self.args, state))


# Framing headers describe the encoded body; a pickled copy carries the decoded one.
_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _shareable_headers(headers: httpx.Headers, drop: frozenset[str] = frozenset()) -> httpx.Headers:
    return httpx.Headers(
        [
            (name, value)
            for name, value in headers.multi_items()
            if name.lower() not in SECRET_HEADERS and name.lower() not in drop
        ]
    )


def shareable_response(response: httpx.Response) -> httpx.Response:
    """A detached copy for pickling: status, response headers without auth or cookies, the body,
    and a bare request (method and redacted URL) instead of the one that carried the credential.
    """
    try:
        content = response.content
    except httpx.ResponseNotRead:
        content = b""
    try:
        sent: httpx.Request | None = response.request
    except RuntimeError:
        sent = None
    request = httpx.Request(sent.method, redact_url(sent.url)) if sent is not None else None
    extensions = {
        key: response.extensions[key]
        for key in ("http_version", "reason_phrase")
        if isinstance(response.extensions.get(key), bytes)
    }
    return httpx.Response(
        response.status_code,
        headers=_shareable_headers(response.headers, _FRAMING_HEADERS),
        content=content,
        request=request,
        extensions=extensions,
    )


def _rebuild(
    cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]
) -> BaseException:
    err = cls.__new__(cls)
    err.args = args
    err.__dict__.update(state)
    return err


class BadRequestError(ApiError):
    """400, and any other 4xx without its own class."""


class AuthenticationError(ApiError):
    """401: missing, invalid or expired credentials."""


class OAuthRefreshError(AuthenticationError):
    """The token endpoint refused the refresh (e.g. `BAD_REFRESH_TOKEN`); re-authorize the app.

    `category` holds HubSpot's status code word, `oauth_error` the RFC 6749 `error` field.
    """

    def __init__(self, message: str, *, oauth_error: str | None = None, **kwargs: Any) -> None:
        self.oauth_error = oauth_error
        super().__init__(message, **kwargs)


class RefreshTokenLostError(OAuthRefreshError):
    """A refresh token was lost in a rotation; only a new authorization can help.

    A token refresh got no usable answer (the connection broke after sending, a 5xx, an
    unreadable body), and the refresh token it sent is refused when sent again: the endpoint
    rotated it and the new one never arrived (or the app was uninstalled meanwhile). Send the
    user through the app's OAuth install flow again, then build a new `OAuth2RefreshToken` with
    the refresh token that yields. The other fields are those of the refusal.
    """

    MESSAGE = (
        "refresh token lost in a rotation: a token refresh got no usable answer, and its "
        "refresh token, sent again, was refused: the token endpoint had retired it for a new "
        "one that never arrived (or the app was uninstalled). Re-authorize the app through "
        "its OAuth install flow and build a new OAuth2RefreshToken with the refresh token "
        "that gives"
    )

    @classmethod
    def from_refusal(cls, refusal: OAuthRefreshError, *, again: bool = False) -> Self:
        message = cls.MESSAGE + (" (found earlier; nothing was sent)" if again else "")
        return cls(
            message,
            oauth_error=refusal.oauth_error,
            status=refusal.status,
            category=refusal.category,
            correlation_id=refusal.correlation_id,
            body=refusal.body,
            request_method=None if again else refusal.request_method,
            request_url=None if again else refusal.request_url,
        )

    def again(self) -> RefreshTokenLostError:
        """A fresh error for a later request: the loss is known, nothing was sent."""
        return self.from_refusal(self, again=True)


class TokenPersistenceError(HubSpotError):
    """`on_refresh_token` raised while given a rotated refresh token.

    `callback` is the callback's name and `cause` the exception type it raised; neither the
    token nor the callback's own message (which might quote it) is kept.
    """

    def __init__(self, callback: str, cause: str) -> None:
        self.callback = callback
        self.cause = cause
        super().__init__(
            f"on_refresh_token callback {callback!r} raised {cause}; the rotated refresh token "
            "is kept in memory and offered to it again before the next request"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


class ForbiddenError(ApiError):
    """403, typically MISSING_SCOPES."""


class NotFoundError(ApiError):
    """404 OBJECT_NOT_FOUND."""


class ConflictError(ApiError):
    """409, e.g. a duplicate value in a unique property."""


class RateLimitError(ApiError):
    """429. `policy_name` is TEN_SECONDLY_ROLLING, SECONDLY or DAILY when HubSpot says which."""

    def __init__(
        self,
        message: str,
        *,
        policy_name: str | None = None,
        retry_after: float | None = None,
        **kwargs: Any,
    ) -> None:
        self.policy_name = policy_name
        self.retry_after = retry_after
        super().__init__(message, **kwargs)

    def _summary(self) -> str:
        text = super()._summary()
        if self.policy_name:
            text += f" policy={self.policy_name}"
        return text


class ServerError(ApiError):
    """5xx, including Cloudflare's 52x pages whose body is HTML."""


class TransportError(HubSpotError):
    """The request failed below HTTP (connect, TLS, read, protocol); `__cause__` is httpx's."""

    def __init__(
        self,
        message: str,
        *,
        request_method: str | None = None,
        request_url: str | None = None,
    ) -> None:
        self.request_method = request_method
        self.request_url = redact_url(request_url) if request_url is not None else None
        super().__init__(redact_text(message))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


class UnknownOutcomeError(TransportError):
    """A non-idempotent write may or may not have been applied; it was not retried.

    Raised when a create's connection broke after sending, or HubSpot answered 5xx to it.
    `inputs` is attached by the object client so the caller can check and resend by hand;
    `response` is the 5xx response when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        request_method: str | None = None,
        request_url: str | None = None,
        inputs: object | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.inputs = inputs
        self.response = response
        super().__init__(message, request_method=request_method, request_url=request_url)

    @property
    def status(self) -> int | None:
        return self.response.status_code if self.response is not None else None

    def __reduce__(self) -> tuple[Any, ...]:
        # The live response links to the sent request and its Authorization header (or its
        # hapikey URL): pickle a cleaned copy instead.
        state = dict(self.__dict__)
        if self.response is not None:
            state["response"] = shareable_response(self.response)
        return (_rebuild, (type(self), self.args, state))


DeadlinePhase = Literal["pacing", "backoff", "attempt"]


class DeadlineExceededError(TransportError, TimeoutError):
    """The call's deadline passed before it could finish, and nothing is in doubt: the
    request was never sent, or it changes nothing (a read; a token refresh, whose doubt the
    OAuth flow settles itself).

    `phase` says where the time ran out: "pacing" (waiting for room under HubSpot's rate
    limits; not sent), "backoff" (the next retry would have started after the deadline),
    "attempt" (a request was in flight). `deadline` is the seconds the client's `deadline`
    setting allowed, or None for a deadline given per call.
    """

    def __init__(
        self,
        message: str,
        *,
        phase: DeadlinePhase = "attempt",
        deadline: float | None = None,
        **kwargs: Any,
    ) -> None:
        self.phase: DeadlinePhase = phase
        self.deadline = deadline
        super().__init__(message, **kwargs)


class DeadlineUnknownOutcomeError(UnknownOutcomeError, DeadlineExceededError):
    """The deadline passed while a write was in flight: it may or may not have been applied,
    and it was not retried (a create must not be resent blindly; an update may be, by hand).
    `inputs` names what was sent."""

    def __init__(
        self,
        message: str,
        *,
        deadline: float | None = None,
        request_method: str | None = None,
        request_url: str | None = None,
        inputs: object | None = None,
    ) -> None:
        super().__init__(
            message, request_method=request_method, request_url=request_url, inputs=inputs
        )
        self.phase = "attempt"
        self.deadline = deadline


class CircuitOpenError(HubSpotError):
    """The circuit breaker is open: HubSpot was failing, so the request was not sent."""

    def __init__(self, message: str, *, retry_in: float) -> None:
        self.retry_in = retry_in
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, self.__dict__))


class RequestValidationError(HubSpotError, ValueError):
    """Arguments refused before sending; `field` says where, e.g. `inputs[3].properties`."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}")

    @property
    def location(self) -> str:
        return self.field


class ResponseValidationError(HubSpotError):
    """HubSpot's response did not have the expected shape (strict parsing)."""

    def __init__(self, field: str, reason: str, body: object = None) -> None:
        self.field = field
        self.reason = reason
        self.body = body
        super().__init__(f"unexpected response at {field}: {reason}")


_BY_STATUS: dict[int, type[ApiError]] = {
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


class ClientClosedError(HubSpotError, RuntimeError):
    """A call on a client after `close()` / `aclose()` (or on a caller's own httpx client that
    was closed): raised before anything is sent, so no write is in doubt."""

    def __init__(self, client: str) -> None:
        super().__init__(
            f"{client} is closed: nothing was sent. Make a new client, or keep this one open "
            "(`with` / `async with`) for as long as it is used."
        )


class SearchWindowError(HubSpotError):
    """A search cannot reach all its matches: HubSpot pages no further than 10,000 results."""

    def __init__(self, total: int, sort: object, window: int = SEARCH_RESULT_WINDOW) -> None:
        self.total = total
        self.sort = sort
        super().__init__(
            f"search_all: the search matches {total:,} records but HubSpot pages no further than "
            f"{window:,}, and continuing past that needs results sorted by "
            f"{KEYSET_PROPERTY} (got sorts={sort!r}). Drop the sort (results then come in "
            f"{KEYSET_PROPERTY} order) and sort locally, or narrow the filters."
        )


class StoreUnavailableError(HubSpotError):
    """The shared store (e.g. Redis) did not answer, and the store is set to
    `on_unavailable="raise"`. Raised before the request was sent: nothing was written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


class SearchShiftedError(HubSpotError):
    """`search_all` with a caller's sort stopped: the order moved while it paged by offset,
    so going on could skip matches or repeat them. Records already yielded are correct."""

    def __init__(self, sort: object, position: int, what: str) -> None:
        self.sort = sort
        self.position = position
        super().__init__(
            f"search_all: the results moved while paging with sorts={sort!r}: {what}. Records "
            f"before position {position:,} were changed, archived or added since they were "
            f"read, so the next page's offset no longer lines up and matches would be skipped "
            f"or repeated; stopped after {position:,} records. Drop the sort (search_all then "
            f"pages by {KEYSET_PROPERTY}, which changes to records cannot move), or change "
            "records only after the iteration ends."
        )


class GeneratedApiMismatch(HubSpotError, ImportError):
    """The generated package lacks names the facade binds (it was made from another spec).

    One error lists every missing name with the line of the binding that names it, so a
    regeneration that renames a model or drops an operation fails loudly in one place instead
    of changing behaviour somewhere downstream.
    """


def error_class_for_status(status: int) -> type[ApiError]:
    if status >= 500:
        return ServerError
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 400:
        return BadRequestError
    return ApiError


def reason_phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_REASONS.get(status, "Unknown Status")


def parse_body(response: httpx.Response) -> object:
    """The decoded JSON body, the text when it is not JSON, or None when it was not read."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return response.text


def parse_retry_after(headers: httpx.Headers, *, now: float | None = None) -> float | None:
    """Seconds from `Retry-After` (delta-seconds or HTTP-date), or None when absent/garbled."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict_or_empty(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _error_list(value: object) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    return [dict(item) for item in value if isinstance(item, dict)]


def error_fields(response: httpx.Response) -> dict[str, Any]:
    """The ApiError keyword arguments read from a response, tolerating any missing field."""
    status = response.status_code
    body = parse_body(response)
    fields: dict[str, Any] = {"status": status, "headers": response.headers, "body": body}
    message: str | None = None
    if isinstance(body, dict):
        message = _str_or_none(body.get("message")) or _str_or_none(body.get("error_description"))
        category = _str_or_none(body.get("category"))
        # 429 bodies carry errorType instead of category; OAuth bodies a status word.
        if category is None and _str_or_none(body.get("errorType")):
            category = body["errorType"]
        fields["category"] = category
        fields["sub_category"] = _str_or_none(body.get("subCategory"))
        fields["correlation_id"] = _str_or_none(body.get("correlationId"))
        fields["errors"] = _error_list(body.get("errors"))
        fields["context"] = _dict_or_empty(body.get("context"))
        fields["links"] = _dict_or_empty(body.get("links"))
    elif isinstance(body, str) and body.strip():
        snippet = " ".join(body.split())[:_SNIPPET]
        message = f"{reason_phrase(status)} (non-JSON body: {snippet!r})"
    if fields.get("correlation_id") is None:
        fields["correlation_id"] = response.headers.get("x-hubspot-correlation-id")
    fields["message"] = message or reason_phrase(status)
    try:
        request = response.request
    except RuntimeError:
        request = None
    if request is not None:
        fields["request_method"] = request.method
        fields["request_url"] = str(request.url)
    return fields


def error_for_response(response: httpx.Response) -> ApiError:
    """The typed error for an HTTP error response (read the body first to get its details)."""
    fields = error_fields(response)
    cls = error_class_for_status(response.status_code)
    if cls is RateLimitError:
        body = fields["body"]
        policy = _str_or_none(body.get("policyName")) if isinstance(body, dict) else None
        return RateLimitError(
            policy_name=policy, retry_after=parse_retry_after(response.headers), **fields
        )
    return cls(**fields)


def raise_for_response(response: httpx.Response) -> None:
    """Raise the typed error for a status >= 400; do nothing otherwise."""
    if response.status_code >= 400:
        raise error_for_response(response)
