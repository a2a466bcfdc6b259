"""Retry and outcome decisions as plain functions: no I/O, shared by the sync and async shells."""

from __future__ import annotations

import json
import ssl
from typing import Literal

import httpx

from .._config import RetryConfig
from .._exceptions import parse_retry_after

Outcome = Literal["not_sent", "unknown", "fatal"]

# Set by the pacing layer on a 429: seconds until its window has room again. The retry layer
# prefers it to the fixed interval header because it accounts for what was sent since.
WINDOW_FREES_IN = "hubspot_meetings.window_frees_in"

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
)
# Failures after (part of) the request may have been sent: the server may have acted on it.
_UNKNOWN: tuple[type[Exception], ...] = (
    httpx.ReadTimeout,
    httpx.WriteTimeout,
    httpx.ReadError,
    httpx.WriteError,
    httpx.RemoteProtocolError,
    httpx.CloseError,
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
    if isinstance(exc, _NOT_SENT):
        # A certificate that fails verification will fail again: do not retry it.
        return "fatal" if _caused_by(exc, ssl.SSLCertVerificationError) else "not_sent"
    if isinstance(exc, _UNKNOWN):
        return "unknown"
    return "fatal"


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
