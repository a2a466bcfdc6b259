"""Settings -> httpx clients. Object-agnostic: every HubSpot object client builds on these.

Transport stack, outermost first:
    errors -> circuit breaker -> retry -> pacing -> [gzip bodies] -> [dated version]
    -> deadline -> secret marking -> wire -> base
where base is `httpx.HTTPTransport(http2=..., verify=..., proxy=...)` (one per thread at a time
for sync HTTP/2, one per event loop for async; see `connections`) or the given transport
(e.g. the emulator's in-process one), and wire reads each answer's body and says what reached the
connection (`wire`). Auth runs above the transports, so an OAuth refresh and the 401-retry
travel through the whole stack like any request. The built clients start each call's deadline
when the call is sent, before auth (see `deadline`).
"""

from __future__ import annotations

import os
import ssl
from collections.abc import Callable
from typing import Any

import httpx

from .._config import CertTypes, HttpSettings, default_is_idempotent
from .._exceptions import ConfigurationError
from .._redact import install_log_redaction, mark_url_credentials
from .._version import __version__
from .compression import AsyncGzipRequestTransport, GzipRequestTransport
from .connections import LoopBoundTransport, SingleLoopTransport, ThreadExclusiveTransport
from .deadline import AsyncDeadlineTransport, DeadlineTransport, stamp
from .errors import AsyncErrorTransport, ErrorTransport
from .pacing import Pacer
from .retry import AsyncRetryTransport, RetryTransport
from .secrets import AsyncSecretMarkingTransport, SecretMarkingTransport
from .shared_breaker import async_breaker_transport, sync_breaker_transport
from .shared_pacing import async_pacing_transport, make_pacer, sync_pacing_transport
from .versioning import (
    AsyncDatedVersionTransport,
    DatedVersionTransport,
)
from .wire import AsyncWireTransport, WireKnowledge, WireTransport

__all__ = [
    "build_async_client",
    "build_async_transport",
    "build_sync_client",
    "build_sync_transport",
    "stack_is_idempotent",
]

DEFAULT_USER_AGENT = f"hubspot-meetings-python/{__version__} httpx/{httpx.__version__}"
_ACCEPT_ENCODING: dict[str, str] = {
    "auto": "gzip, deflate",
    "always": "gzip, deflate",
    "never": "identity",
}


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
    return s.retry.is_idempotent if s.retry is not None else default_is_idempotent


def _pacer(s: HttpSettings) -> Pacer | None:
    return make_pacer(s.pacing, s.auth, s.clock)  # shared through a store when one is set


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

    # An HTTP/2 connection must not be driven by two threads at once (see connections).
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
    transport: httpx.BaseTransport = DeadlineTransport(
        SecretMarkingTransport(_sync_base(s)), is_idempotent=stack_is_idempotent(s), clock=s.clock
    )
    if s.api_version is not None:
        transport = DatedVersionTransport(transport, s.api_version)
    if s.compression == "always":
        transport = GzipRequestTransport(transport)
    pacer = _pacer(s)
    if pacer is not None:
        transport = sync_pacing_transport(transport, pacer, s.clock.sleep, s.clock)
    if s.retry is not None and s.retry.count > 0:
        transport = RetryTransport(transport, s.retry, sleep=s.clock.sleep, clock=s.clock)
    if s.circuit_breaker is not None:
        transport = sync_breaker_transport(transport, s.circuit_breaker, s.base_url, s.clock)
    return ErrorTransport(transport, is_idempotent=stack_is_idempotent(s))


def build_async_transport(s: HttpSettings) -> httpx.AsyncBaseTransport:
    transport: httpx.AsyncBaseTransport = AsyncDeadlineTransport(
        AsyncSecretMarkingTransport(_async_base(s)),
        is_idempotent=stack_is_idempotent(s),
        clock=s.clock,
    )
    if s.api_version is not None:
        transport = AsyncDatedVersionTransport(transport, s.api_version)
    if s.compression == "always":
        transport = AsyncGzipRequestTransport(transport)
    pacer = _pacer(s)
    if pacer is not None:
        transport = async_pacing_transport(transport, pacer, s.clock.async_sleep, s.clock)
    if s.retry is not None and s.retry.count > 0:
        transport = AsyncRetryTransport(
            transport, s.retry, sleep=s.clock.async_sleep, clock=s.clock
        )
    if s.circuit_breaker is not None:
        transport = async_breaker_transport(transport, s.circuit_breaker, s.base_url, s.clock)
    return AsyncErrorTransport(transport, is_idempotent=stack_is_idempotent(s))


def _mark_settings_secrets(s: HttpSettings) -> None:
    install_log_redaction()
    mark_url_credentials(s.base_url)
    proxy = s.proxy.url if isinstance(s.proxy, httpx.Proxy) else s.proxy
    mark_url_credentials(proxy)


class _DeadlineClient(httpx.Client):
    """An httpx.Client that starts a call's deadline when the call is sent: before the auth
    flow, so a token refresh counts against the call it serves (the transports only ever see
    the refresh and the call as two requests)."""

    def __init__(self, settings: HttpSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._deadline = settings.deadline
        self._clock = settings.clock

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        stamp(request, self._deadline, self._clock())
        return super().send(request, **kwargs)


class _AsyncDeadlineClient(httpx.AsyncClient):
    """`_DeadlineClient` for asyncio."""

    def __init__(self, settings: HttpSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._deadline = settings.deadline
        self._clock = settings.clock

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        stamp(request, self._deadline, self._clock())
        return await super().send(request, **kwargs)


def build_sync_client(s: HttpSettings) -> httpx.Client:
    _mark_settings_secrets(s)
    return _DeadlineClient(
        s,
        base_url=s.base_url,
        auth=s.auth,
        timeout=s.timeout,
        headers=_default_headers(s),
        transport=build_sync_transport(s),
        trust_env=False,  # no env proxies/.netrc: the settings alone decide behaviour
    )


def build_async_client(s: HttpSettings) -> httpx.AsyncClient:
    _mark_settings_secrets(s)
    return _AsyncDeadlineClient(
        s,
        base_url=s.base_url,
        auth=s.auth,
        timeout=s.timeout,
        headers=_default_headers(s),
        transport=build_async_transport(s),
        trust_env=False,
    )
