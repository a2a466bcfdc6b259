"""Retry and outcome decisions as plain functions: no I/O, shared by the sync and async shells."""

from __future__ import annotations

import json
import ssl
from typing import Literal

import h2.exceptions
import httpx

from .._config import RetryConfig
from .._exceptions import parse_retry_after

Outcome = Literal["not_sent", "unknown", "fatal"]

# Set by the pacing layer on a 429: seconds until its window has room again. The retry layer
# prefers it to the fixed interval header because it accounts for what was sent since.
WINDOW_FREES_IN = "hubspot_meetings.window_frees_in"


class RequestNotSent(httpx.TransportError):
    """The wire layer saw the request fail before its last byte was handed to the connection:
    the server holds at most an incomplete request, which it cannot act on. `__cause__` is
    the failure itself."""


class AnswerCutOff(httpx.TransportError):
    """The answer began (status and headers arrived) but its body could not be read: the
    request reached the server, whatever the failure's own type suggests. `__cause__` is the
    failure."""


class UnmappedTransportError(httpx.TransportError):
    """Something below httpx (httpcore, anyio, h2, ssl, asyncio) raised an exception httpx does
    not translate (anyio.EndOfStream from a TLS write, ssl.SSLError, "Event loop is closed").
    `__cause__` is the original."""


# Failures where the request provably never reached the server.


# Set on a request by the retry layer when an attempt may have been applied (a connection lost
# after sending, a 5xx): if the request still fails in the end, a write's outcome is unknown,
# whatever the last attempt's error says (see errors.py).
MAYBE_APPLIED = "hubspot_meetings.maybe_applied"


def attempt_may_have_applied(
    request: httpx.Request, *, exc: Exception | None = None, status: int | None = None
) -> None:
    """Remember on `request` that this attempt's write may have reached HubSpot."""
    if (exc is not None and exception_outcome(exc) == "unknown") or (
        status is not None and status >= 500 and status not in NOT_APPLIED_STATUSES
    ):
        request.extensions[MAYBE_APPLIED] = True


# Connection-level failures where the request provably never reached the server.
_NOT_SENT: tuple[type[Exception], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    RequestNotSent,
)
# Refused on this side before sending, and refused again if resent: a malformed request, a
# scheme httpx cannot speak, a proxy that will not tunnel.
_REFUSED_HERE: tuple[type[Exception], ...] = (
    httpx.LocalProtocolError,
    httpx.UnsupportedProtocol,
    httpx.ProxyError,
)

# Cloudflare answers these when it never reached HubSpot's origin, so even a create was not
# applied; every other 5xx on a create is an unknown outcome.
NOT_APPLIED_STATUSES = frozenset({521, 523, 525, 526})

DEFAULT_WINDOW_SECONDS = 10.0
SECONDLY_WAIT = 1.0


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        if isinstance(cur, kind):
            return True
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return False


def exception_outcome(exc: Exception) -> Outcome:
    """What a failure to get an answer says about the request: the one rule for every exception
    from below the stack (httpx's, and the wire layer's wrappers for everything else).

    Unknown unless shown otherwise: anything not known to have stopped before sending may have
    been applied.
    """
    if isinstance(exc, AnswerCutOff):
        return "unknown"
    if _caused_by(exc, ssl.SSLCertVerificationError):
        return "fatal"  # the certificate will fail verification again
    if isinstance(exc, httpx.LocalProtocolError) and _caused_by(exc, h2.exceptions.ProtocolError):
        # h2 refuses to open a stream past the server's concurrency limit before queueing a
        # byte of it (a dropped connection leaves its streams counted as open). Other h2 state
        # errors can come from reading an answer, after the request went out.
        if _caused_by(exc, h2.exceptions.TooManyStreamsError):
            return "not_sent"
        return "unknown"
    if isinstance(exc, RequestNotSent):
        # Stopped before the end of the request: resendable, unless it would stop again.
        cause = exc.__cause__
        refused = isinstance(cause, Exception) and exception_outcome(cause) == "fatal"
        return "fatal" if refused else "not_sent"
    if isinstance(exc, _NOT_SENT):
        return "not_sent"
    if isinstance(exc, _REFUSED_HERE):
        return "fatal"
    return "unknown"


def backoff(config: RetryConfig, retry_number: int) -> float:
    """Wait before retry number `retry_number` (1-based): exponential, jittered, capped."""
    base = config.interval * config.backoff_factor ** (retry_number - 1)
    if config.jitter:
        base *= 1.0 + config.jitter * (2.0 * config.random() - 1.0)
    return max(0.0, min(base, config.max_wait))


def policy_name(response: httpx.Response) -> str | None:
    """The `policyName` of a 429 body (read it first), or None."""
    try:
        body = json.loads(response.content)
    except (ValueError, httpx.ResponseNotRead):
        return None
    value = body.get("policyName") if isinstance(body, dict) else None
    return value if isinstance(value, str) else None


def _window_wait(response: httpx.Response) -> float:
    hint = response.extensions.get(WINDOW_FREES_IN)
    if isinstance(hint, int | float):
        return float(hint)
    raw = response.headers.get("x-hubspot-ratelimit-interval-milliseconds")
    try:
        ms = float(raw) if raw is not None else None
    except ValueError:
        ms = None
    return ms / 1000.0 if ms and ms > 0 else DEFAULT_WINDOW_SECONDS


def may_resend_after_status(config: RetryConfig, request: httpx.Request, status: int) -> bool:
    """A 4xx was refused before anything happened; a 5xx may have been applied."""
    if status < 500 or status in NOT_APPLIED_STATUSES:
        return True
    return config.is_idempotent(request)


def response_retry_wait(
    config: RetryConfig, request: httpx.Request, response: httpx.Response, retry_number: int
) -> float | None:
    """Seconds to wait before resending after `response`, or None to hand it back as is.

    `retry_number` is the retry about to happen (1 = first resend). The body must be read.
    """
    status = response.status_code
    if retry_number > config.count or status not in config.status_codes:
        return None
    if not may_resend_after_status(config, request, status):
        return None
    retry_after = parse_retry_after(response.headers) if config.respect_retry_after else None
    if status == 429:
        policy = policy_name(response)
        if policy == "DAILY":
            return None  # resets at midnight in the account's time zone: no point waiting
        if retry_after is not None:
            wait = retry_after
        elif policy == "SECONDLY":
            wait = max(SECONDLY_WAIT, _hint_or_zero(response))
        else:
            wait = _window_wait(response)
        return wait if wait <= config.max_wait else None
    if retry_after is not None:
        return retry_after if retry_after <= config.max_wait else None
    return backoff(config, retry_number)


def _hint_or_zero(response: httpx.Response) -> float:
    hint = response.extensions.get(WINDOW_FREES_IN)
    return float(hint) if isinstance(hint, int | float) else 0.0


def exception_retry_wait(
    config: RetryConfig, request: httpx.Request, exc: Exception, retry_number: int
) -> float | None:
    """Seconds to wait before resending after a transport failure, or None to re-raise it."""
    if retry_number > config.count:
        return None
    outcome = exception_outcome(exc)
    if outcome == "fatal" or (outcome == "unknown" and not config.is_idempotent(request)):
        return None
    return backoff(config, retry_number)
