"""Every setting and policy object, declared once: the connection (`HttpSettings`), retry,
circuit breaker and pacing. Frozen; a bad value fails at construction with a
ConfigurationError that names the setting."""

from __future__ import annotations

import asyncio
import importlib
import random
import ssl
import time
from collections.abc import Callable, Iterable
from typing import Any, Literal, Protocol

import attrs
import httpx

from ._exceptions import ConfigurationError
from ._redact import redact_url
from ._store import Store
from ._transports.versioning import check_api_version

__all__ = [
    "CALL_OPTIONS_DOC",
    "DEFAULT_BASE_URL",
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_CONCURRENCY",
    "DEFAULT_PACING",
    "DEFAULT_RETRY",
    "DEFAULT_TIMEOUT",
    "MAX_SECONDS",
    "SETTINGS_DOC",
    "SYSTEM_CLOCK",
    "CertTypes",
    "CircuitBreakerConfig",
    "Clock",
    "Compression",
    "HttpSettings",
    "PacingConfig",
    "RetryConfig",
    "changes_state",
    "default_is_idempotent",
    "is_search",
    "proxy_problem",
    "seconds_problem",
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


# The associations API's batch writes set links: a link written twice is one link, and a
# link removed twice is gone; every POST under these paths lands in the same state however
# often it is sent (its batch create included, unlike the object APIs').
_ASSOCIATION_PATHS = ("/crm/v4/associations/", "/crm/associations/")


def default_is_idempotent(request: httpx.Request) -> bool:
    """Whether sending `request` twice is as good as once (safe to retry after a 5xx)."""
    method = request.method.upper()
    if method in _IDEMPOTENT_METHODS:
        return True
    if method == "POST":
        path = request.url.path.rstrip("/")
        if path.startswith(_ASSOCIATION_PATHS):
            return True
        # A token refresh sent twice yields two valid access tokens: harmless.
        is_token = path.startswith("/oauth/") and path.endswith("/token")
        return is_token or path.endswith(_IDEMPOTENT_POST_SUFFIXES)
    return False


def changes_state(request: httpx.Request) -> bool:
    """Whether `request` writes (creates, updates, upserts, archives): a search, a batch read,
    a GET and an OAuth token refresh only read."""
    method = request.method.upper()
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    path = request.url.path.rstrip("/")
    reads = path.endswith(("/search", "/batch/read")) or path.startswith("/oauth/")
    return not (method == "POST" and reads)


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


def _frozen_if_iterable(value: Any) -> Any:
    # A non-iterable is left for the validator to refuse by name (frozenset(5) would raise a
    # bare TypeError first).
    return frozenset(value) if isinstance(value, Iterable) else value


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
        converter=_frozen_if_iterable,
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
        converter=_frozen_if_iterable,
        validator=_statuses("CircuitBreakerConfig", 400),
    )
    store: Store | None = attrs.field(default=None, validator=_store("CircuitBreakerConfig"))
    store_key: str | None = attrs.field(default=None, validator=_store_key("CircuitBreakerConfig"))


@attrs.frozen
class PacingConfig:
    """Client-side pacing so bulk work runs near HubSpot's limits without 429s.

    `default_max` requests per `default_interval` seconds until responses' X-HubSpot-RateLimit
    headers say otherwise; searches get their own `search_per_second`. `safety` is a fraction
    of each window added as margin between clocks (0.02 on 10 s = 200 ms). A limit above
    10,000 per window, set or reported, counts as 10,000 (HubSpot's largest is 250 per 10 s).

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


DEFAULT_BASE_URL = "https://api.hubapi.com"
# Seconds for each of connect, read, write and pool wait.
DEFAULT_TIMEOUT = 30.0
# Seconds one call may take in all, retries, backoff and pacing waits included. Above what the
# default timeout and retry settings allow when HubSpot stops answering (four attempts whose
# read times out at 30 s, and three waits of at most `max_wait` 30 s: 210 s), so the defaults
# still decide which calls succeed; but finite, so that nothing (pacing behind other threads,
# a connection that stalls in every phase) can hang a call for ever. None: no bound.
DEFAULT_DEADLINE = 300.0
DEFAULT_RETRY = RetryConfig()
DEFAULT_PACING = PacingConfig()
DEFAULT_MAX_CONCURRENCY = 4

# The settings of every client constructor, documented once; `_client.public_client` puts
# them into each client class's Parameters list.
SETTINGS_DOC = """auth:
        `BearerToken` (private app or OAuth access token), `OAuth2RefreshToken` (refreshed
        automatically) or `ApiKey`; any `httpx.Auth` works. None sends no credentials.
    base_url:
        Where HubSpot is: `https://api.hubapi.com`, a gateway (its path prefix is kept) or a
        local emulator.
    http_version:
        `"2"` (HTTP/2 when the server offers it, else HTTP/1.1) or `"1.1"`.
    timeout:
        Seconds for each of connect, read, write and pool wait, or an `httpx.Timeout`; these
        bound one attempt.
    deadline:
        Seconds a whole call may take, retries, backoff and pacing waits included (default
        300); each attempt's timeouts are cut to what is left. When it passes the call raises
        `DeadlineExceededError` (a `TimeoutError`), or `DeadlineUnknownOutcomeError` for a
        write that was in flight. None: no bound but the retry settings.
    retry:
        When and how long to wait before resending (`RetryConfig`); None never retries. A
        write that may have been applied is never resent, whatever the setting.
    circuit_breaker:
        A `CircuitBreakerConfig` to stop sending while HubSpot keeps failing; None (default)
        has no breaker.
    pacing:
        Client-side pacing under HubSpot's rate limits (`PacingConfig`); None sends at once.
    verify:
        TLS verification: True (certifi's CA bundle, or SSL_CERT_FILE / SSL_CERT_DIR when
        `trust_env`), a CA bundle file or directory, or an `ssl.SSLContext`.
    cert:
        A client certificate for mutual TLS: a PEM file, or (cert, key[, password]).
    proxy:
        A proxy URL or `httpx.Proxy`; None uses HTTPS_PROXY / HTTP_PROXY / ALL_PROXY and
        NO_PROXY when `trust_env`.
    trust_env:
        True (default) reads the proxy variables and SSL_CERT_FILE / SSL_CERT_DIR from the
        environment when `proxy` / `verify` do not say otherwise; False ignores them.
    compression:
        `"auto"` asks for gzip responses; `"always"` also gzips request bodies; `"never"`
        asks for identity.
    user_agent:
        The User-Agent header; None uses this package's own.
    limits:
        Connection pool limits (`httpx.Limits`).
    transport:
        The innermost httpx transport (e.g. the emulator's in-process one) instead of the
        network; retry, pacing and the breaker still wrap it.
    api_version:
        A dated API version such as `"2026-03"` (HubSpot's `/crm/objects/2026-03/...` paths)
        instead of `/crm/v3`.
    http_client:
        Your own httpx client, used as it is: none of the settings above apply, so giving
        both is refused; it is not closed by `close()`. Build it with
        `transport=build_transport(...)` to keep retry, pacing, the breaker and typed
        errors; its base URL, auth, timeout and headers are then its own.
    validation:
        True checks requests before sending and parses responses strictly; False sends what
        it is given and keeps malformed fields as they came.
    max_concurrency:
        Batch chunks in flight at once (threads for the sync client, tasks for the async one)."""

# The per-call options every operation takes, documented once; `_client.call_options` adds
# them to each operation's docstring (what `help()` shows).
CALL_OPTIONS_DOC = """

        Per-call options (every operation takes them; None keeps the client's):
        `headers` extra request headers, over the client's (Authorization and the API key
        are refused: credentials come from `auth`); `timeout` seconds or an `httpx.Timeout`
        for each request the call sends; `deadline` seconds the whole call may take,
        retries, backoff and pacing waits included."""


class Clock(Protocol):
    """Time as the client reads and waits on it: seconds from `clock()`, and both sleeps.

    One object, so that a test's fake time moves when the client waits (a fake `sleep`
    without the matching clock would make pacing spin)."""

    def __call__(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def async_sleep(self, seconds: float) -> None: ...


class _SystemClock:
    def __call__(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def async_sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


SYSTEM_CLOCK: Clock = _SystemClock()


CertTypes = str | tuple[str, str] | tuple[str, str, str]


def _validate_base_url(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    try:
        url = httpx.URL(value) if isinstance(value, str) else None
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        shown = redact_url(value) if isinstance(value, str) else value
        raise ConfigurationError("HttpSettings.base_url", f"must be an http(s) URL, got {shown!r}")
    if b"?" in url.raw_path or "#" in str(value):  # an empty query or fragment too
        # Every request's path is appended to the base URL's: after a query it would land in
        # the query, after a fragment it would never be sent.
        raise ConfigurationError(
            "HttpSettings.base_url",
            "must not carry a query or fragment (each request's path is appended to it)",
        )


def _one_of(name: str, allowed: tuple[str, ...]) -> Callable[..., None]:
    def validator(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
        if value not in allowed:
            raise ConfigurationError(
                f"HttpSettings.{name}", f"must be one of {allowed}, got {value!r}"
            )

    return validator


# A week: a longer bound is a mistake, and inf or 1e300 would overflow the platform's clock
# at the first call instead of failing here.
MAX_SECONDS = 7 * 24 * 3600.0


def seconds_problem(value: object, *, timeout: bool) -> str | None:
    """Why `value` is not a usable number of seconds (with `timeout`, or an `httpx.Timeout`
    whose every part is one or None); None when it is."""
    if timeout and isinstance(value, httpx.Timeout):
        for part in ("connect", "read", "write", "pool"):
            seconds = getattr(value, part)
            if seconds is not None and (problem := seconds_problem(seconds, timeout=False)):
                return f"{part}: {problem}"
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 < value <= MAX_SECONDS  # NaN fails this too
    ):
        return f"must be a number of seconds > 0 and at most {MAX_SECONDS:.0f}, got {value!r}"
    return None


def _validate_timeout(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if problem := seconds_problem(value, timeout=True):
        raise ConfigurationError("HttpSettings.timeout", problem)


def _validate_deadline(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (problem := seconds_problem(value, timeout=False)):
        raise ConfigurationError("HttpSettings.deadline", f"{problem} (or None)")


_PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def proxy_problem(value: str | httpx.Proxy) -> str | None:
    """Why `value` cannot be a proxy (checked at construction: a bad one would otherwise fail
    every call, after its retries); None when it can."""
    try:
        url = value.url if isinstance(value, httpx.Proxy) else httpx.URL(value)
    except (httpx.InvalidURL, TypeError) as exc:
        return f"not a URL ({exc})"
    if url.scheme not in _PROXY_SCHEMES or not url.host:
        return f"expected an http(s):// or socks5:// URL with a host, got scheme {url.scheme!r}"
    if url.scheme.startswith("socks"):
        try:
            importlib.import_module("socksio")
        except ImportError:
            return "a SOCKS proxy needs httpx's socks extra: pip install 'httpx[socks]'"
    return None


def _validate_proxy(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str | httpx.Proxy):
        raise ConfigurationError(
            "HttpSettings.proxy", f"must be a URL or an httpx.Proxy, got a {type(value).__name__}"
        )
    if problem := proxy_problem(value):
        raise ConfigurationError("HttpSettings.proxy", problem)


def _instance(name: str, types: tuple[type, ...], optional: bool = True) -> Callable[..., None]:
    def validator(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
        if (value is None and optional) or isinstance(value, types):
            return
        expected = " or ".join(t.__name__ for t in types) + (" or None" if optional else "")
        # Only the type is echoed: a token passed as `auth="pat-..."` must not land in a log.
        raise ConfigurationError(
            f"HttpSettings.{name}", f"must be {expected}, got a {type(value).__name__}"
        )

    return validator


def _validate_limits(inst: object, attr: attrs.Attribute[Any], value: object) -> None:
    _instance("limits", (httpx.Limits,))(inst, attr, value)
    if not isinstance(value, httpx.Limits):
        return
    problems = []
    for name in ("max_connections", "max_keepalive_connections"):
        count = getattr(value, name)
        if count is not None and (isinstance(count, bool) or not isinstance(count, int | float)):
            problems.append(f"{name} must be a number or None, got {count!r}")
    expiry = value.keepalive_expiry
    if expiry is not None and (isinstance(expiry, bool) or not isinstance(expiry, int | float)):
        problems.append(f"keepalive_expiry must be a number of seconds or None, got {expiry!r}")
    most = value.max_connections
    if not problems and most is not None and not most >= 1:  # NaN too
        # httpx takes it, then never opens a connection: every call would wait out its pool
        # timeout (or its deadline) instead of failing here.
        problems.append(f"max_connections must be at least 1 or None, got {most}")
    if problems:
        raise ConfigurationError("HttpSettings.limits", "; ".join(problems))


def _validate_user_agent(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value or any(c in value for c in "\r\n"):
        raise ConfigurationError(
            "HttpSettings.user_agent", "must be a non-empty single-line string or None"
        )
    # httpx sends header values as ASCII: "café" would raise UnicodeEncodeError on every
    # request, long after construction.
    if not value.isascii() or not value.isprintable():
        raise ConfigurationError(
            "HttpSettings.user_agent",
            f"must be printable ASCII (HTTP headers carry no other text), got {value!r}",
        )


def _validate_transport(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is None or isinstance(value, httpx.BaseTransport | httpx.AsyncBaseTransport):
        return
    raise ConfigurationError(
        "HttpSettings.transport",
        f"must be an httpx.BaseTransport or httpx.AsyncBaseTransport, got {type(value).__name__}",
    )


def _proxy_repr(value: str | httpx.Proxy | None) -> str:
    if value is None:
        return "None"
    url = value.url if isinstance(value, httpx.Proxy) else httpx.URL(value)
    if url.userinfo:  # proxy credentials must not reach logs via a logged settings object
        url = url.copy_with(username="****", password=None)
    return repr(str(url))


def _validate_api_version(_inst: object, _attr: object, value: str | None) -> None:
    if value is not None:
        check_api_version(value, where="HttpSettings.api_version")


@attrs.frozen
class HttpSettings:
    """Everything about the connection to HubSpot; nothing about which object is called.

    `clock` exists for tests (fake time): pacing and the breaker read it, retry and pacing
    wait through its sleeps.
    """

    base_url: str = attrs.field(
        default=DEFAULT_BASE_URL, validator=_validate_base_url, repr=lambda v: repr(redact_url(v))
    )
    auth: httpx.Auth | None = attrs.field(default=None, validator=_instance("auth", (httpx.Auth,)))
    http_version: Literal["1.1", "2"] = attrs.field(
        default="2", validator=_one_of("http_version", ("1.1", "2"))
    )
    timeout: float | httpx.Timeout = attrs.field(
        default=DEFAULT_TIMEOUT, validator=_validate_timeout
    )
    deadline: float | None = attrs.field(default=DEFAULT_DEADLINE, validator=_validate_deadline)
    retry: RetryConfig | None = attrs.field(
        default=DEFAULT_RETRY, validator=_instance("retry", (RetryConfig,))
    )
    circuit_breaker: CircuitBreakerConfig | None = attrs.field(
        default=None, validator=_instance("circuit_breaker", (CircuitBreakerConfig,))
    )
    pacing: PacingConfig | None = attrs.field(
        default=DEFAULT_PACING, validator=_instance("pacing", (PacingConfig,))
    )
    verify: bool | str | ssl.SSLContext = attrs.field(
        default=True, validator=_instance("verify", (bool, str, ssl.SSLContext), optional=False)
    )
    cert: CertTypes | None = attrs.field(default=None, validator=_instance("cert", (str, tuple)))
    proxy: str | httpx.Proxy | None = attrs.field(
        default=None, validator=_validate_proxy, repr=_proxy_repr
    )
    compression: Compression = attrs.field(
        default="auto", validator=_one_of("compression", ("auto", "always", "never"))
    )
    user_agent: str | None = attrs.field(default=None, validator=_validate_user_agent)
    limits: httpx.Limits | None = attrs.field(default=None, validator=_validate_limits)
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = attrs.field(
        default=None, validator=_validate_transport, repr=False
    )
    api_version: str | None = attrs.field(default=None, validator=_validate_api_version)
    trust_env: bool = attrs.field(
        default=True, validator=_instance("trust_env", (bool,), optional=False)
    )
    clock: Clock = attrs.field(factory=lambda: SYSTEM_CLOCK, eq=False, repr=False)

    def changed_from_defaults(self) -> list[str]:
        """The names of the settings that differ from their defaults (time aside)."""
        defaults = _DEFAULT_HTTP_SETTINGS
        return [
            f.name
            for f in attrs.fields(HttpSettings)
            if f.name != "clock" and getattr(self, f.name) != getattr(defaults, f.name)
        ]


_DEFAULT_HTTP_SETTINGS = HttpSettings()
