"""Proxies named by the environment (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY).

httpx reads them only when a client builds its own transport; ours always gets a transport
(the layered stack), so the stack honours them here instead, as the innermost layer: each
request goes straight out, or through the proxy its URL's scheme names unless NO_PROXY lists
its host. The environment is read once, when the client is built (as httpx does), through
`urllib.request.getproxies_environment` (upper or lower case, HTTP_PROXY ignored under CGI);
NO_PROXY is read as curl reads it: `*` for every host, a name for itself and its subdomains
(a leading dot changes nothing), `host:port` for that port only, addresses as written.

Used only when no `proxy` setting is given and `trust_env` is on, and only when the
environment names a proxy: otherwise the stack's base is one plain transport, as before.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

import httpx

__all__ = [
    "AsyncEnvProxyTransport",
    "EnvProxyTransport",
    "bypassed",
    "environment_proxies",
    "proxy_for",
]

B = TypeVar("B", httpx.BaseTransport, httpx.AsyncBaseTransport)


def environment_proxies() -> dict[str, str]:
    """The proxy variables that route HTTP(S): {"http"|"https"|"all": url, "no": hosts}."""
    found = urllib.request.getproxies_environment()
    return {k: v for k, v in found.items() if k in ("http", "https", "all", "no") and v}


def bypassed(url: httpx.URL, no_proxy: str) -> bool:
    """Whether NO_PROXY (`no_proxy`, comma-separated) sends `url` straight to its host."""
    host = url.host.lower().rstrip(".")
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if entry == "*":
            return True
        name, _, port = entry.rpartition(":") if entry.count(":") == 1 else ("", "", "")
        if not name:
            name, port = entry, ""
        name = name.lstrip(".").rstrip(".").strip("[]")
        if not name or (port and port != str(url.port)):
            continue
        if host == name or host.endswith("." + name):
            return True
    return False


def proxy_for(url: httpx.URL, proxies: Mapping[str, str]) -> str | None:
    """The proxy URL a request to `url` goes through, or None to go straight there."""
    proxy = proxies.get(url.scheme) or proxies.get("all")
    if not proxy or bypassed(url, proxies.get("no", "")):
        return None
    return proxy if "://" in proxy else f"http://{proxy}"


class _Routes(Generic[B]):
    """One transport per proxy (and one direct), made on first use; routes cached by origin."""

    def __init__(self, proxies: Mapping[str, str], make: Callable[[str | None], B]) -> None:
        self._proxies = dict(proxies)
        self._make: Callable[[str | None], B] = make
        self._lock = threading.Lock()
        self._by_proxy: dict[str | None, B] = {}
        self._by_origin: dict[tuple[bytes, bytes, int | None], B] = {}

    def transport_for(self, url: httpx.URL) -> B:
        origin = (url.raw_scheme, url.raw_host, url.port)
        found = self._by_origin.get(origin)
        if found is not None:
            return found
        with self._lock:
            proxy = proxy_for(url, self._proxies)
            transport = self._by_proxy.get(proxy)
            if transport is None:
                transport = self._by_proxy[proxy] = self._make(proxy)
            self._by_origin[origin] = transport
            return transport

    def made(self) -> list[B]:
        with self._lock:
            return list(self._by_proxy.values())


class EnvProxyTransport(httpx.BaseTransport):
    """Each request straight out or through the environment's proxy for its URL (sync)."""

    def __init__(
        self, proxies: Mapping[str, str], make: Callable[[str | None], httpx.BaseTransport]
    ) -> None:
        self._routes: _Routes[httpx.BaseTransport] = _Routes(proxies, make)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._routes.transport_for(request.url).handle_request(request)

    def close(self) -> None:
        for transport in self._routes.made():
            transport.close()


class AsyncEnvProxyTransport(httpx.AsyncBaseTransport):
    """Each request straight out or through the environment's proxy for its URL (async)."""

    def __init__(
        self, proxies: Mapping[str, str], make: Callable[[str | None], httpx.AsyncBaseTransport]
    ) -> None:
        self._routes: _Routes[httpx.AsyncBaseTransport] = _Routes(proxies, make)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._routes.transport_for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        for transport in self._routes.made():
            await transport.aclose()
