"""Resilience settings: retry, circuit breaker, pacing. Frozen; a bad value fails at construction
with a ConfigurationError that names the setting."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any, Literal

import attrs
import httpx

from ._store import Store
from .errors import ConfigurationError

__all__ = [
    "CircuitBreakerConfig",
    "Compression",
    "PacingConfig",
    "RetryConfig",
    "default_is_idempotent",
    "is_search",
]

Compression = Literal["auto", "always", "never"]

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})
# Batch reads/updates/archives/upserts and searches land in the same state however often they
# are sent, for every CRM object type; creates do not.
_IDEMPOTENT_POST_SUFFIXES = (
    "/batch/read",
    "/batch/update",
    "/batch/archive",
    "/batch/upsert",
    "/search",
)


def default_is_idempotent(request: httpx.Request) -> bool:
    """Whether sending `request` twice is as good as once (safe to retry after a 5xx)."""
    method = request.method.upper()
    if method in _IDEMPOTENT_METHODS:
        return True
    if method == "POST":
        path = request.url.path.rstrip("/")
        # A token refresh sent twice yields two valid access tokens: harmless.
        is_token = path.startswith("/oauth/") and path.endswith("/token")
        return is_token or path.endswith(_IDEMPOTENT_POST_SUFFIXES)
    return False


def is_search(request: httpx.Request) -> bool:
    """CRM search calls have their own per-second limit, outside the 10-second window."""
    return request.method.upper() == "POST" and request.url.path.rstrip("/").endswith("/search")


def _check(cls_name: str, cond: Callable[[Any], bool], reason: str) -> Callable[..., None]:
    def validator(_inst: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not cond(value):
            raise ConfigurationError(f"{cls_name}.{attribute.name}", f"{reason}, got {value!r}")

    return validator


def _number(x: Any) -> bool:
    return isinstance(x, int | float) and x == x  # excludes NaN


def _non_negative(cls: str) -> Callable[..., None]:
    return _check(cls, lambda x: _number(x) and x >= 0, "must be a number >= 0")


def _positive(cls: str) -> Callable[..., None]:
    return _check(cls, lambda x: _number(x) and x > 0, "must be a number > 0")


def _int_at_least(cls: str, low: int) -> Callable[..., None]:
    return _check(cls, lambda x: isinstance(x, int) and x >= low, f"must be an integer >= {low}")


def _statuses(cls: str, low: int) -> Callable[..., None]:
    return _check(
        cls,
        lambda x: (
            isinstance(x, frozenset) and all(isinstance(c, int) and low <= c <= 599 for c in x)
        ),
        f"must be a frozenset of HTTP status codes in {low}..599",
    )


def _callable(cls: str) -> Callable[..., None]:
    return _check(cls, callable, "must be callable")


def _store(cls: str) -> Callable[..., None]:
    return _check(cls, lambda x: x is None or isinstance(x, Store), "must be a store or None")


def _store_key(cls: str) -> Callable[..., None]:
    return _check(
        cls,
        lambda x: x is None or (isinstance(x, str) and bool(x.strip())),
        "must be a non-empty string or None",
    )


@attrs.frozen
class RetryConfig:
    """When and how long to wait before sending a failed request again.

    Total attempts are `count + 1`. Waits grow as `interval * backoff_factor ** n`, vary by
    +-`jitter` (a fraction), and never exceed `max_wait`; a `Retry-After` longer than
    `max_wait` is not waited out, the error is raised instead. `is_idempotent` decides which
    requests may be resent after the server may already have applied them.
    """

    count: int = attrs.field(default=3, validator=_int_at_least("RetryConfig", 0))
    interval: float = attrs.field(default=0.5, validator=_non_negative("RetryConfig"))
    backoff_factor: float = attrs.field(
        default=2.0,
        validator=_check("RetryConfig", lambda x: _number(x) and x >= 1, "must be a number >= 1"),
    )
    max_wait: float = attrs.field(default=30.0, validator=_non_negative("RetryConfig"))
    jitter: float = attrs.field(
        default=0.2,
        validator=_check(
            "RetryConfig", lambda x: _number(x) and 0 <= x <= 1, "must be a fraction in 0..1"
        ),
    )
    status_codes: frozenset[int] = attrs.field(
        default=frozenset({429, 500, 502, 503, 504}),
        converter=frozenset,
        validator=_statuses("RetryConfig", 400),
    )
    respect_retry_after: bool = attrs.field(
        default=True, validator=attrs.validators.instance_of(bool)
    )
    is_idempotent: Callable[[httpx.Request], bool] = attrs.field(
        default=default_is_idempotent, validator=_callable("RetryConfig"), eq=False
    )
    random: Callable[[], float] = attrs.field(
        default=random.random, validator=_callable("RetryConfig"), eq=False, repr=False
    )

    @classmethod
    def disabled(cls) -> RetryConfig:
        return cls(count=0)


@attrs.frozen
class CircuitBreakerConfig:
    """Open the circuit when, within the last `rolling_window` seconds and at least
    `min_requests` outcomes, the failure share reaches `failure_threshold`; after `reset_time`
    seconds let one trial request through. Failures are `status_codes` and transport errors.

    With `store` (e.g. `RedisStore`) every worker using it shares one breaker, per HubSpot host
    or per `store_key` if given."""

    rolling_window: float = attrs.field(default=10.0, validator=_positive("CircuitBreakerConfig"))
    min_requests: int = attrs.field(default=5, validator=_int_at_least("CircuitBreakerConfig", 1))
    failure_threshold: float = attrs.field(
        default=0.5,
        validator=_check(
            "CircuitBreakerConfig",
            lambda x: _number(x) and 0 < x <= 1,
            "must be a fraction in (0, 1]",
        ),
    )
    reset_time: float = attrs.field(default=30.0, validator=_non_negative("CircuitBreakerConfig"))
    status_codes: frozenset[int] = attrs.field(
        default=frozenset({500, 502, 503, 504}),
        converter=frozenset,
        validator=_statuses("CircuitBreakerConfig", 400),
    )
    store: Store | None = attrs.field(default=None, validator=_store("CircuitBreakerConfig"))
    store_key: str | None = attrs.field(default=None, validator=_store_key("CircuitBreakerConfig"))


@attrs.frozen
class PacingConfig:
    """Client-side pacing so bulk work runs near HubSpot's limits without 429s.

    `default_max` requests per `default_interval` seconds until responses' X-HubSpot-RateLimit
    headers say otherwise; searches get their own `search_per_second`. `safety` is a fraction
    of each window added as margin between clocks (0.02 on 10 s = 200 ms).

    With `store` (e.g. `RedisStore`) the windows are shared by every client and process using
    it, per app: the budget is named by a hash of the credential (client id and account for
    OAuth), or by `store_key` if given.
    """

    enabled: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    default_max: int = attrs.field(default=100, validator=_int_at_least("PacingConfig", 1))
    default_interval: float = attrs.field(default=10.0, validator=_positive("PacingConfig"))
    search_per_second: int = attrs.field(default=5, validator=_int_at_least("PacingConfig", 1))
    safety: float = attrs.field(
        default=0.02,
        validator=_check(
            "PacingConfig", lambda x: _number(x) and 0 <= x < 1, "must be a fraction in [0, 1)"
        ),
    )
    use_headers: bool = attrs.field(default=True, validator=attrs.validators.instance_of(bool))
    store: Store | None = attrs.field(default=None, validator=_store("PacingConfig"))
    store_key: str | None = attrs.field(default=None, validator=_store_key("PacingConfig"))
