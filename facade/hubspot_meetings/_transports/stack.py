"""Settings -> httpx clients. Object-agnostic: every HubSpot object client builds on these.

Transport stack, outermost first:
    errors -> circuit breaker -> retry -> pacing -> [gzip bodies] -> [dated version]
    -> deadline -> secret marking -> wire -> base
where base is `httpx.HTTPTransport(http2=..., verify=..., proxy=...)` (one per thread at a time
for sync HTTP/2, one per event loop for async, see `connections`; routed through the
environment's proxies when `trust_env` allows and no `proxy` is set) or the given transport
(e.g. the emulator's in-process one), and wire reads each answer's body and says what reached
the connection (`wire`). Auth runs above the transports, so an OAuth refresh and the 401-retry
travel through the whole stack like any request. The built clients start each call's deadline
when the call is sent, before auth (see `deadline`).

The base (the connection pool), the pacer and the breaker state are `Shared`: a client's
`with_options` copy that changes retry or the API version gets its own layers around the same
three, so both count against one rate budget and one breaker, over one pool.
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable
from http.cookiejar import CookieJar
from typing import Any, Generic, Literal, TypeVar

import attrs
import httpx

from .._config import (
    DEFAULT_PACING,
    DEFAULT_RETRY,
    SYSTEM_CLOCK,
    CertTypes,
    CircuitBreakerConfig,
    Clock,
    Compression,
    HttpSettings,
    PacingConfig,
    RetryConfig,
    default_is_idempotent,
    proxy_problem,
)
from .._exceptions import ConfigurationError
from .._redact import install_log_redaction, mark_url_credentials
from .._version import __version__
from .breaker import BreakerState
from .compression import AsyncGzipRequestTransport, GzipRequestTransport
from .connections import LoopBoundTransport, SingleLoopTransport, ThreadExclusiveTransport
from .deadline import AsyncDeadlineTransport, DeadlineTransport, stamp
from .errors import AsyncErrorTransport, ErrorTransport
from .pacing import Pacer
from .proxy import AsyncEnvProxyTransport, EnvProxyTransport, environment_proxies
from .retry import AsyncRetryTransport, RetryTransport
from .secrets import AsyncSecretMarkingTransport, SecretMarkingTransport
from .shared_breaker import async_breaker_transport, breaker_state, sync_breaker_transport
from .shared_pacing import async_pacing_transport, make_pacer, sync_pacing_transport
from .versioning import AsyncDatedVersionTransport, DatedVersionTransport
from .wire import AsyncWireTransport, WireKnowledge, WireTransport

__all__ = [
    "Shared",
    "async_shared",
    "async_stack",
    "build_async_client",
    "build_async_transport",
    "build_sync_client",
    "build_transport",
    "stack_is_idempotent",
    "sync_shared",
    "sync_stack",
]

B = TypeVar("B", bound=httpx.BaseTransport | httpx.AsyncBaseTransport)


@attrs.frozen
class Shared(Generic[B]):
    """What every copy of one client shares: the connection pool, the pacer, the breaker."""

    base: B
    pacer: Pacer | None
    breaker: BreakerState | None


DEFAULT_USER_AGENT = f"hubspot-meetings-python/{__version__} httpx/{httpx.__version__}"
_ACCEPT_ENCODING: dict[str, str] = {
    "auto": "gzip, deflate",
    "always": "gzip, deflate",
    "never": "identity",
}


def _ssl_context(
    verify: bool | str | ssl.SSLContext, cert: CertTypes | None, trust_env: bool
) -> ssl.SSLContext:
    # Built here rather than passing str/cert to httpx, which deprecates both in 0.28. An
    # explicit CA file, directory or context wins over SSL_CERT_FILE / SSL_CERT_DIR, which
    # httpx reads for verify=True only (and only when trusting the environment).
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
        try:
            ctx = httpx.create_ssl_context(verify=verify, trust_env=trust_env)
        except (OSError, ssl.SSLError) as exc:
            # Only the environment can make this fail: verify=True reads SSL_CERT_FILE/_DIR.
            raise ConfigurationError(
                "SSL_CERT_FILE / SSL_CERT_DIR", f"cannot load the CA certificates: {exc}"
            ) from exc
    if cert is not None:
        try:
            if isinstance(cert, str):
                ctx.load_cert_chain(cert)
            else:
                ctx.load_cert_chain(*cert)
        except (OSError, ssl.SSLError, TypeError) as exc:
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
    return s.retry.is_idempotent if s.retry is not None else default_is_idempotent


def _pacer(s: HttpSettings) -> Pacer | None:
    return make_pacer(s.pacing, s.auth, s.clock)  # shared through a store when one is set


def _breaker(s: HttpSettings) -> BreakerState | None:
    if s.circuit_breaker is None:
        return None
    return breaker_state(s.circuit_breaker, s.base_url, s.clock)


def _network(
    s: HttpSettings,
    make: Callable[[str | httpx.Proxy | None], B],
    routed: Callable[[dict[str, str], Callable[[str | None], B]], B],
) -> B:
    """The transport to the network: the `proxy` setting's, else the environment's."""
    proxies = environment_proxies() if s.trust_env and s.proxy is None else {}
    for scheme, url in proxies.items():
        if scheme != "no" and (problem := proxy_problem(url)):
            raise ConfigurationError(f"{scheme.upper()}_PROXY (environment)", problem)
    if not proxies:
        return make(s.proxy)
    return routed(proxies, make)


def _pool_options(s: HttpSettings) -> dict[str, Any]:
    """httpx's own transport settings (but the proxy), the same for a sync and an async pool."""
    return {
        "verify": _ssl_context(s.verify, s.cert, s.trust_env),
        "http1": True,
        "http2": s.http_version == "2",
        "limits": s.limits or httpx.Limits(max_connections=100, max_keepalive_connections=20),
    }


def _sync_base(s: HttpSettings) -> httpx.BaseTransport:
    if s.transport is not None:
        if not isinstance(s.transport, httpx.BaseTransport):
            raise ConfigurationError(
                "HttpSettings.transport", "a sync client needs an httpx.BaseTransport"
            )
        return WireTransport(s.transport, WireKnowledge.of(s.transport, built_here=False))
    options = _pool_options(s)

    def make(proxy: str | httpx.Proxy | None) -> httpx.BaseTransport:
        def pool() -> httpx.BaseTransport:
            return httpx.HTTPTransport(**options, proxy=proxy)

        # An HTTP/2 connection must not be driven by two threads at once (see connections).
        return ThreadExclusiveTransport(pool) if s.http_version == "2" else pool()

    base = _network(s, make, EnvProxyTransport)
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
    options = _pool_options(s)

    def make(proxy: str | httpx.Proxy | None) -> httpx.AsyncBaseTransport:
        def pool() -> httpx.AsyncBaseTransport:
            return httpx.AsyncHTTPTransport(**options, proxy=proxy)

        return LoopBoundTransport(pool)

    base = _network(s, make, AsyncEnvProxyTransport)
    return AsyncWireTransport(base, WireKnowledge.of(base, built_here=True))


def sync_shared(s: HttpSettings) -> Shared[httpx.BaseTransport]:
    return Shared(_sync_base(s), _pacer(s), _breaker(s))


def async_shared(s: HttpSettings) -> Shared[httpx.AsyncBaseTransport]:
    return Shared(_async_base(s), _pacer(s), _breaker(s))


def sync_stack(
    s: HttpSettings, shared: Shared[httpx.BaseTransport] | None = None
) -> httpx.BaseTransport:
    """The layered transport alone, around `shared`'s pool, pacer and breaker when given."""
    if shared is None:
        shared = sync_shared(s)
    transport: httpx.BaseTransport = DeadlineTransport(
        SecretMarkingTransport(shared.base), is_idempotent=stack_is_idempotent(s), clock=s.clock
    )
    if s.api_version is not None:
        transport = DatedVersionTransport(transport, s.api_version)
    if s.compression == "always":
        transport = GzipRequestTransport(transport)
    if shared.pacer is not None:
        transport = sync_pacing_transport(transport, shared.pacer, s.clock.sleep, s.clock)
    if s.retry is not None and s.retry.count > 0:
        transport = RetryTransport(transport, s.retry, sleep=s.clock.sleep, clock=s.clock)
    if shared.breaker is not None:
        transport = sync_breaker_transport(transport, shared.breaker)
    return ErrorTransport(transport, is_idempotent=stack_is_idempotent(s))


def async_stack(
    s: HttpSettings, shared: Shared[httpx.AsyncBaseTransport] | None = None
) -> httpx.AsyncBaseTransport:
    if shared is None:
        shared = async_shared(s)
    transport: httpx.AsyncBaseTransport = AsyncDeadlineTransport(
        AsyncSecretMarkingTransport(shared.base),
        is_idempotent=stack_is_idempotent(s),
        clock=s.clock,
    )
    if s.api_version is not None:
        transport = AsyncDatedVersionTransport(transport, s.api_version)
    if s.compression == "always":
        transport = AsyncGzipRequestTransport(transport)
    if shared.pacer is not None:
        transport = async_pacing_transport(transport, shared.pacer, s.clock.async_sleep, s.clock)
    if s.retry is not None and s.retry.count > 0:
        transport = AsyncRetryTransport(
            transport, s.retry, sleep=s.clock.async_sleep, clock=s.clock
        )
    if shared.breaker is not None:
        transport = async_breaker_transport(transport, shared.breaker)
    return AsyncErrorTransport(transport, is_idempotent=stack_is_idempotent(s))


def _mark_settings_secrets(s: HttpSettings) -> None:
    install_log_redaction()
    mark_url_credentials(s.base_url)
    proxy = s.proxy.url if isinstance(s.proxy, httpx.Proxy) else s.proxy
    mark_url_credentials(proxy)


class _UnkeptCookies(httpx.Cookies):
    """A cookie jar that keeps nothing a response sets. HubSpot's API authenticates every
    request by its headers, so a cookie it sets (Cloudflare's `__cf_bm`) serves no call; a
    kept one would be state shared by every thread and copy of the client, and reading each
    response into the jar costs about 20 µs. Cookies a caller sets on the jar are still sent."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _CookieFree:
    """The `cookies` of the clients built here: an `_UnkeptCookies` jar."""

    _unkept: _UnkeptCookies

    @property
    def cookies(self) -> httpx.Cookies:
        return self._unkept

    @cookies.setter
    def cookies(
        self, cookies: httpx.Cookies | CookieJar | dict[str, str] | list[tuple[str, str]]
    ) -> None:
        self._unkept = _UnkeptCookies(cookies)


class _DeadlineClient(_CookieFree, httpx.Client):
    """An httpx.Client that starts a call's deadline when the call is sent: before the auth
    flow, so a token refresh counts against the call it serves (the transports only ever see
    the refresh and the call as two requests)."""

    def __init__(self, settings: HttpSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._unkept = _UnkeptCookies()
        self._deadline = settings.deadline
        self._clock = settings.clock

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        stamp(request, self._deadline, self._clock())
        return super().send(request, **kwargs)


class _AsyncDeadlineClient(_CookieFree, httpx.AsyncClient):
    """`_DeadlineClient` for asyncio."""

    def __init__(self, settings: HttpSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._unkept = _UnkeptCookies()
        self._deadline = settings.deadline
        self._clock = settings.clock

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        stamp(request, self._deadline, self._clock())
        return await super().send(request, **kwargs)


def build_sync_client(
    s: HttpSettings, shared: Shared[httpx.BaseTransport] | None = None
) -> httpx.Client:
    _mark_settings_secrets(s)
    return _DeadlineClient(
        s,
        base_url=s.base_url,
        auth=s.auth,
        timeout=s.timeout,
        headers=_default_headers(s),
        transport=sync_stack(s, shared),
        # The stack reads the environment itself (proxies above, CA files in _ssl_context):
        # httpx would ignore it anyway once given a transport, and .netrc is not ours to read.
        trust_env=False,
    )


def build_async_client(
    s: HttpSettings, shared: Shared[httpx.AsyncBaseTransport] | None = None
) -> httpx.AsyncClient:
    _mark_settings_secrets(s)
    return _AsyncDeadlineClient(
        s,
        base_url=s.base_url,
        auth=s.auth,
        timeout=s.timeout,
        headers=_default_headers(s),
        transport=async_stack(s, shared),
        trust_env=False,
    )


def build_transport(
    *,
    http_version: Literal["1.1", "2"] = "2",
    retry: RetryConfig | None = DEFAULT_RETRY,
    circuit_breaker: CircuitBreakerConfig | None = None,
    pacing: PacingConfig | None = DEFAULT_PACING,
    verify: bool | str | ssl.SSLContext = True,
    cert: CertTypes | None = None,
    proxy: str | httpx.Proxy | None = None,
    compression: Compression = "auto",
    limits: httpx.Limits | None = None,
    transport: httpx.BaseTransport | None = None,
    api_version: str | None = None,
    trust_env: bool = True,
    _clock: Clock | None = None,
) -> httpx.BaseTransport:
    """A client's transport stack for your own `httpx.Client`: retry, pacing, the circuit
    breaker, typed errors (`HubSpotError`s raised from the transport), gzip bodies and dated
    API versions, from the same settings as the client constructor's (see `HubSpotMeetings`).

    The `httpx.Client` keeps the rest: `base_url` (HubSpot's, `https://api.hubapi.com`),
    `auth`, `timeout`, headers, event hooks, mounts. Pass it as `http_client=`.
    """
    install_log_redaction()
    settings = HttpSettings(
        http_version=http_version,
        retry=retry,
        circuit_breaker=circuit_breaker,
        pacing=pacing,
        verify=verify,
        cert=cert,
        proxy=proxy,
        compression=compression,
        limits=limits,
        transport=transport,
        api_version=api_version,
        trust_env=trust_env,
        clock=_clock or SYSTEM_CLOCK,
    )
    return sync_stack(settings)


def build_async_transport(
    *,
    http_version: Literal["1.1", "2"] = "2",
    retry: RetryConfig | None = DEFAULT_RETRY,
    circuit_breaker: CircuitBreakerConfig | None = None,
    pacing: PacingConfig | None = DEFAULT_PACING,
    verify: bool | str | ssl.SSLContext = True,
    cert: CertTypes | None = None,
    proxy: str | httpx.Proxy | None = None,
    compression: Compression = "auto",
    limits: httpx.Limits | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    api_version: str | None = None,
    trust_env: bool = True,
    _clock: Clock | None = None,
) -> httpx.AsyncBaseTransport:
    """The asyncio twin of `build_transport`, for your own `httpx.AsyncClient`."""
    install_log_redaction()
    settings = HttpSettings(
        http_version=http_version,
        retry=retry,
        circuit_breaker=circuit_breaker,
        pacing=pacing,
        verify=verify,
        cert=cert,
        proxy=proxy,
        compression=compression,
        limits=limits,
        transport=transport,
        api_version=api_version,
        trust_env=trust_env,
        clock=_clock or SYSTEM_CLOCK,
    )
    return async_stack(settings)
