"""Settings -> httpx clients. Object-agnostic: every HubSpot object client builds on these.

Transport stack, outermost first:
    errors -> circuit breaker -> retry -> pacing -> [gzip bodies] -> [api version] -> wire -> base
where base is `httpx.HTTPTransport(http2=..., verify=..., proxy=...)` (one per thread at a time
for sync HTTP/2, one per event loop for async; see transports/_connections) or the given transport
(e.g. the emulator's in-process one), and wire reads each answer's body and says what reached the
connection (transports/_wire). Auth runs above the transports, so an OAuth refresh and
the 401-retry travel through the whole stack like any request.
"""

from __future__ import annotations

import asyncio
import os
import ssl
import time
from collections.abc import Awaitable, Callable
from typing import Any, Literal

import attrs
import httpx

from ._logging import install_httpx_log_redaction
from .errors import ConfigurationError
from .settings import CircuitBreakerConfig, Compression, PacingConfig, RetryConfig
from .settings import default_is_idempotent as _default_is_idempotent
from .transports import (
    AsyncCircuitBreakerTransport,
    AsyncErrorTransport,
    AsyncGzipRequestTransport,
    AsyncPacingTransport,
    AsyncRetryTransport,
    BreakerState,
    CircuitBreakerTransport,
    ErrorTransport,
    GzipRequestTransport,
    Pacer,
    PacingTransport,
    RetryTransport,
)
from .transports._connections import (
    LoopBoundTransport,
    SingleLoopTransport,
    ThreadExclusiveTransport,
)
from .transports._wire import AsyncWireTransport, WireKnowledge, WireTransport
from .transports.versioning import (
    AsyncDatedVersionTransport,
    DatedVersionTransport,
    check_api_version,
)

__all__ = ["HttpSettings", "build_async_client", "build_sync_client"]

CertTypes = str | tuple[str, str] | tuple[str, str, str]
DEFAULT_USER_AGENT = "hubspot-meetings-python/0.1 (httpx)"
_ACCEPT_ENCODING: dict[str, str] = {
    "auto": "gzip, deflate",
    "always": "gzip, deflate",
    "never": "identity",
}


def _validate_base_url(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    try:
        url = httpx.URL(value) if isinstance(value, str) else None
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError("HttpSettings.base_url", f"must be an http(s) URL, got {value!r}")


def _one_of(name: str, allowed: tuple[str, ...]) -> Callable[..., None]:
    def validator(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
        if value not in allowed:
            raise ConfigurationError(
                f"HttpSettings.{name}", f"must be one of {allowed}, got {value!r}"
            )

    return validator


def _validate_timeout(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, httpx.Timeout):
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ConfigurationError(
            "HttpSettings.timeout", f"must be a number > 0 or an httpx.Timeout, got {value!r}"
        )


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


def _validate_user_agent(_inst: object, _attr: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not value or any(c in value for c in "\r\n"):
        raise ConfigurationError(
            "HttpSettings.user_agent", "must be a non-empty single-line string or None"
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

    `clock`, `sleep` and `async_sleep` exist for tests (fake time); pacing and the breaker
    read `clock`, retry and pacing wait through the sleeps.
    """

    base_url: str = attrs.field(default="https://api.hubapi.com", validator=_validate_base_url)
    auth: httpx.Auth | None = attrs.field(default=None, validator=_instance("auth", (httpx.Auth,)))
    http_version: Literal["1.1", "2"] = attrs.field(
        default="2", validator=_one_of("http_version", ("1.1", "2"))
    )
    timeout: float | httpx.Timeout = attrs.field(default=30.0, validator=_validate_timeout)
    retry: RetryConfig | None = attrs.field(
        factory=RetryConfig, validator=_instance("retry", (RetryConfig,))
    )
    circuit_breaker: CircuitBreakerConfig | None = attrs.field(
        default=None, validator=_instance("circuit_breaker", (CircuitBreakerConfig,))
    )
    pacing: PacingConfig | None = attrs.field(
        factory=PacingConfig, validator=_instance("pacing", (PacingConfig,))
    )
    verify: bool | str | ssl.SSLContext = attrs.field(
        default=True, validator=_instance("verify", (bool, str, ssl.SSLContext), optional=False)
    )
    cert: CertTypes | None = attrs.field(default=None, validator=_instance("cert", (str, tuple)))
    proxy: str | httpx.Proxy | None = attrs.field(
        default=None, validator=_instance("proxy", (str, httpx.Proxy)), repr=_proxy_repr
    )
    compression: Compression = attrs.field(
        default="auto", validator=_one_of("compression", ("auto", "always", "never"))
    )
    user_agent: str | None = attrs.field(default=None, validator=_validate_user_agent)
    limits: httpx.Limits | None = attrs.field(
        default=None, validator=_instance("limits", (httpx.Limits,))
    )
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = attrs.field(
        default=None, validator=_validate_transport, repr=False
    )
    api_version: str | None = attrs.field(default=None, validator=_validate_api_version)
    clock: Callable[[], float] = attrs.field(default=time.monotonic, eq=False, repr=False)
    sleep: Callable[[float], None] = attrs.field(default=time.sleep, eq=False, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = attrs.field(
        default=asyncio.sleep, eq=False, repr=False
    )


def _ssl_context(verify: bool | str | ssl.SSLContext, cert: CertTypes | None) -> ssl.SSLContext:
    # Built here rather than passing str/cert to httpx, which deprecates both in 0.28.
    if isinstance(verify, ssl.SSLContext):
        ctx = verify
    elif isinstance(verify, str):
        if os.path.isdir(verify):
            ctx = ssl.create_default_context(capath=verify)
        elif os.path.isfile(verify):
            ctx = ssl.create_default_context(cafile=verify)
        else:
            raise ConfigurationError(
                "HttpSettings.verify", f"no CA file or directory at {verify!r}"
            )
    else:
        ctx = httpx.create_ssl_context(verify=verify)
    if cert is not None:
        try:
            if isinstance(cert, str):
                ctx.load_cert_chain(cert)
            else:
                ctx.load_cert_chain(*cert)
        except (OSError, ssl.SSLError) as exc:
            raise ConfigurationError("HttpSettings.cert", f"cannot load: {exc}") from exc
    return ctx


def _default_headers(s: HttpSettings) -> dict[str, str]:
    return {
        "User-Agent": s.user_agent or DEFAULT_USER_AGENT,
        "Accept": "application/json",
        "Accept-Encoding": _ACCEPT_ENCODING[s.compression],
    }


def stack_is_idempotent(s: HttpSettings) -> Callable[[httpx.Request], bool]:
    """The rule the stack built from `s` uses to tell a request it may safely re-send."""
    return s.retry.is_idempotent if s.retry is not None else _default_is_idempotent


def _pacer(s: HttpSettings) -> Pacer | None:
    if s.pacing is None or not s.pacing.enabled:
        return None
    return Pacer(s.pacing, clock=s.clock)


def _pool_options(s: HttpSettings, ctx: ssl.SSLContext) -> dict[str, Any]:
    """httpx's own transport settings, the same for a sync and an async pool."""
    return {
        "verify": ctx,
        "http1": True,
        "http2": s.http_version == "2",
        "proxy": s.proxy,
        "limits": s.limits or httpx.Limits(max_connections=100, max_keepalive_connections=20),
    }


def _sync_base(s: HttpSettings) -> httpx.BaseTransport:
    if s.transport is not None:
        if not isinstance(s.transport, httpx.BaseTransport):
            raise ConfigurationError(
                "HttpSettings.transport", "a sync client needs an httpx.BaseTransport"
            )
        return WireTransport(s.transport, WireKnowledge.of(s.transport, built_here=False))
    options = _pool_options(s, _ssl_context(s.verify, s.cert))

    def pool() -> httpx.BaseTransport:
        return httpx.HTTPTransport(**options)

    # An HTTP/2 connection must not be driven by two threads at once (see _connections).
    base = ThreadExclusiveTransport(pool) if s.http_version == "2" else pool()
    return WireTransport(base, WireKnowledge.of(base, built_here=True))


def _async_base(s: HttpSettings) -> httpx.AsyncBaseTransport:
    if s.transport is not None:
        if not isinstance(s.transport, httpx.AsyncBaseTransport):
            raise ConfigurationError(
                "HttpSettings.transport", "an async client needs an httpx.AsyncBaseTransport"
            )
        given = s.transport
        wire = AsyncWireTransport(given, WireKnowledge.of(given, built_here=False))
        return SingleLoopTransport(wire) if isinstance(given, httpx.AsyncHTTPTransport) else wire
    options = _pool_options(s, _ssl_context(s.verify, s.cert))

    def pool() -> httpx.AsyncBaseTransport:
        return httpx.AsyncHTTPTransport(**options)

    base = LoopBoundTransport(pool)
    return AsyncWireTransport(base, WireKnowledge.of(base, built_here=True))


def build_sync_transport(s: HttpSettings) -> httpx.BaseTransport:
    """The layered transport alone, for callers that build their own httpx.Client."""
    transport = _sync_base(s)
    if s.api_version is not None:
        transport = DatedVersionTransport(transport, s.api_version)
    if s.compression == "always":
        transport = GzipRequestTransport(transport)
    pacer = _pacer(s)
    if pacer is not None:
        transport = PacingTransport(transport, pacer, sleep=s.sleep)
    if s.retry is not None and s.retry.count > 0:
        transport = RetryTransport(transport, s.retry, sleep=s.sleep)
    if s.circuit_breaker is not None:
        transport = CircuitBreakerTransport(
            transport, BreakerState(s.circuit_breaker, clock=s.clock)
        )
    return ErrorTransport(transport, is_idempotent=stack_is_idempotent(s))


def build_async_transport(s: HttpSettings) -> httpx.AsyncBaseTransport:
    transport = _async_base(s)
    if s.api_version is not None:
        transport = AsyncDatedVersionTransport(transport, s.api_version)
    if s.compression == "always":
        transport = AsyncGzipRequestTransport(transport)
    pacer = _pacer(s)
    if pacer is not None:
        transport = AsyncPacingTransport(transport, pacer, sleep=s.async_sleep)
    if s.retry is not None and s.retry.count > 0:
        transport = AsyncRetryTransport(transport, s.retry, sleep=s.async_sleep)
    if s.circuit_breaker is not None:
        transport = AsyncCircuitBreakerTransport(
            transport, BreakerState(s.circuit_breaker, clock=s.clock)
        )
    return AsyncErrorTransport(transport, is_idempotent=stack_is_idempotent(s))


def build_sync_client(s: HttpSettings) -> httpx.Client:
    install_httpx_log_redaction()
    return httpx.Client(
        base_url=s.base_url,
        auth=s.auth,
        timeout=s.timeout,
        headers=_default_headers(s),
        transport=build_sync_transport(s),
        trust_env=False,  # no env proxies/.netrc: the settings alone decide behaviour
    )


def build_async_client(s: HttpSettings) -> httpx.AsyncClient:
    install_httpx_log_redaction()
    return httpx.AsyncClient(
        base_url=s.base_url,
        auth=s.auth,
        timeout=s.timeout,
        headers=_default_headers(s),
        transport=build_async_transport(s),
        trust_env=False,
    )
