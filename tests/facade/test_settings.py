"""Settings fail at construction with an error naming the setting; the client builder turns them
into the right headers, body encoding and transport checks."""

from __future__ import annotations

import gzip
import json
from typing import Any

import attrs
import httpx
import pytest

from hubspot_meetings._config import (
    CircuitBreakerConfig,
    PacingConfig,
    RetryConfig,
    default_is_idempotent,
    is_search,
)
from hubspot_meetings._exceptions import ConfigurationError
from hubspot_meetings._transports.stack import HttpSettings, build_async_client, build_sync_client


def test_defaults_match_the_documented_contract() -> None:
    r = RetryConfig()
    assert (r.count, r.interval, r.backoff_factor, r.max_wait, r.jitter) == (3, 0.5, 2.0, 30.0, 0.2)
    assert r.status_codes == frozenset({429, 500, 502, 503, 504})
    assert r.respect_retry_after is True
    assert RetryConfig.disabled().count == 0
    b = CircuitBreakerConfig()
    assert (b.rolling_window, b.min_requests, b.failure_threshold, b.reset_time) == (
        10.0,
        5,
        0.5,
        30.0,
    )
    p = PacingConfig()
    assert (p.enabled, p.default_max, p.default_interval, p.search_per_second) == (
        True,
        100,
        10.0,
        5,
    )
    s = HttpSettings()
    assert s.base_url == "https://api.hubapi.com"
    assert s.http_version == "2"
    assert s.retry == RetryConfig()
    assert s.circuit_breaker is None
    assert s.pacing == PacingConfig()
    assert s.deadline == 300.0


@pytest.mark.parametrize(
    ("factory", "setting"),
    [
        (lambda: RetryConfig(count=-1), "RetryConfig.count"),
        (lambda: RetryConfig(count=1.5), "RetryConfig.count"),
        (lambda: RetryConfig(count=True), "RetryConfig.count"),
        (lambda: RetryConfig(interval=-0.1), "RetryConfig.interval"),
        (lambda: RetryConfig(backoff_factor=0.5), "RetryConfig.backoff_factor"),
        (lambda: RetryConfig(max_wait=float("nan")), "RetryConfig.max_wait"),
        (lambda: RetryConfig(jitter=1.5), "RetryConfig.jitter"),
        (lambda: RetryConfig(status_codes={200}), "RetryConfig.status_codes"),
        (lambda: RetryConfig(is_idempotent="yes"), "RetryConfig.is_idempotent"),
        (lambda: CircuitBreakerConfig(rolling_window=0), "CircuitBreakerConfig.rolling_window"),
        (lambda: CircuitBreakerConfig(min_requests=0), "CircuitBreakerConfig.min_requests"),
        (
            lambda: CircuitBreakerConfig(failure_threshold=0),
            "CircuitBreakerConfig.failure_threshold",
        ),
        (lambda: CircuitBreakerConfig(reset_time=-1), "CircuitBreakerConfig.reset_time"),
        (lambda: PacingConfig(default_max=0), "PacingConfig.default_max"),
        (lambda: PacingConfig(default_interval=0), "PacingConfig.default_interval"),
        (lambda: PacingConfig(search_per_second=0), "PacingConfig.search_per_second"),
        (lambda: PacingConfig(safety=1.0), "PacingConfig.safety"),
        (lambda: HttpSettings(base_url="api.hubapi.com"), "HttpSettings.base_url"),
        (lambda: HttpSettings(base_url="ftp://x"), "HttpSettings.base_url"),
        (lambda: HttpSettings(http_version="3"), "HttpSettings.http_version"),
        (lambda: HttpSettings(timeout=0), "HttpSettings.timeout"),
        (lambda: HttpSettings(deadline=0), "HttpSettings.deadline"),
        (lambda: HttpSettings(deadline=True), "HttpSettings.deadline"),
        (lambda: HttpSettings(compression="zstd"), "HttpSettings.compression"),
        (lambda: HttpSettings(retry=3), "HttpSettings.retry"),
        (lambda: HttpSettings(auth="pat-x"), "HttpSettings.auth"),
        (lambda: HttpSettings(user_agent="a\r\nX-Evil: 1"), "HttpSettings.user_agent"),
        (lambda: HttpSettings(transport=object()), "HttpSettings.transport"),
        # httpx takes these, then never opens a connection: every call would wait out its pool
        # timeout (or its deadline) instead of failing at construction.
        (lambda: HttpSettings(limits=httpx.Limits(max_connections=0)), "HttpSettings.limits"),
        (lambda: HttpSettings(limits=httpx.Limits(max_connections=-2)), "HttpSettings.limits"),
        (
            lambda: HttpSettings(limits=httpx.Limits(max_connections="10")),  # type: ignore[arg-type]
            "HttpSettings.limits",
        ),
        (
            lambda: HttpSettings(limits=httpx.Limits(keepalive_expiry="5")),  # type: ignore[arg-type]
            "HttpSettings.limits",
        ),
        (lambda: HttpSettings(limits=100), "HttpSettings.limits"),
        # A path appended after a query would land in the query; after a fragment, nowhere.
        (lambda: HttpSettings(base_url="https://gw.example/hub?tenant=1"), "HttpSettings.base_url"),
        (lambda: HttpSettings(base_url="https://gw.example/hub#x"), "HttpSettings.base_url"),
        (lambda: HttpSettings(base_url="https://api.hubapi.com/?"), "HttpSettings.base_url"),
        (
            lambda: HttpSettings(limits=httpx.Limits(max_connections=float("nan"))),  # type: ignore[arg-type]
            "HttpSettings.limits",
        ),
    ],
)
def test_bad_setting_is_named(factory: Any, setting: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        factory()
    assert info.value.setting == setting
    assert str(info.value).startswith(setting)
    assert isinstance(info.value, ValueError)


def test_pool_limits_httpx_can_work_with_are_taken() -> None:
    for limits in (
        httpx.Limits(max_connections=None, max_keepalive_connections=0, keepalive_expiry=0),
        httpx.Limits(max_connections=1, max_keepalive_connections=-1, keepalive_expiry=-1),
    ):
        assert HttpSettings(limits=limits).limits is limits


def test_settings_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        RetryConfig().count = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("method", "path", "idempotent"),
    [
        ("GET", "/crm/v3/objects/meetings", True),
        ("PATCH", "/crm/v3/objects/calls/1", True),
        ("DELETE", "/crm/v3/objects/notes/1", True),
        ("PUT", "/crm/v4/objects/meetings/1/associations/contacts/2", True),
        ("POST", "/crm/v3/objects/meetings", False),
        ("POST", "/crm/v3/objects/tasks/batch/create", False),
        ("POST", "/crm/v3/objects/meetings/batch/read", True),
        ("POST", "/crm/objects/2026-03/calls/batch/update", True),
        ("POST", "/crm/v3/objects/notes/batch/archive", True),
        ("POST", "/crm/v3/objects/meetings/batch/upsert", True),
        ("POST", "/crm/v3/objects/meetings/search", True),
        ("POST", "/crm/v3/objects/meetings/merge", False),
        ("POST", "/oauth/v1/token", True),
    ],
)
def test_idempotency_rule_is_generic(method: str, path: str, idempotent: bool) -> None:
    request = httpx.Request(method, f"https://api.hubapi.com{path}")
    assert default_is_idempotent(request) is idempotent
    assert is_search(request) is (method == "POST" and path.endswith("/search"))


def capture() -> tuple[list[httpx.Request], httpx.MockTransport]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(200, json={"ok": True})

    return seen, httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("compression", "accept"),
    [("auto", "gzip, deflate"), ("always", "gzip, deflate"), ("never", "identity")],
)
def test_accept_encoding_follows_compression(compression: Any, accept: str) -> None:
    seen, transport = capture()
    settings = HttpSettings(transport=transport, compression=compression, pacing=None)
    with build_sync_client(settings) as client:
        client.get("/crm/v3/objects/meetings")
    assert seen[0].headers["accept-encoding"] == accept
    assert seen[0].headers["user-agent"].startswith("hubspot-meetings")
    assert str(seen[0].url) == "https://api.hubapi.com/crm/v3/objects/meetings"


def test_always_gzips_large_bodies_only() -> None:
    seen, transport = capture()
    settings = HttpSettings(transport=transport, compression="always", pacing=None)
    big = {"inputs": [{"properties": {"hs_meeting_body": "x" * 2000}}]}
    with build_sync_client(settings) as client:
        client.post("/crm/v3/objects/meetings/batch/create", json=big)
        client.post("/crm/v3/objects/meetings", json={"properties": {}})
    large, small = seen
    assert large.headers["content-encoding"] == "gzip"
    assert int(large.headers["content-length"]) == len(large.content) < 2000
    assert json.loads(gzip.decompress(large.content)) == big
    assert "content-encoding" not in small.headers
    assert json.loads(small.content) == {"properties": {}}


def test_auto_does_not_compress_bodies() -> None:
    seen, transport = capture()
    with build_sync_client(HttpSettings(transport=transport, pacing=None)) as client:
        client.post("/crm/v3/objects/meetings", json={"properties": {"x": "y" * 5000}})
    assert "content-encoding" not in seen[0].headers


@pytest.mark.anyio
async def test_async_client_gzips_too() -> None:
    seen, transport = capture()
    settings = HttpSettings(transport=transport, compression="always", user_agent="mine/1.0")
    async with build_async_client(settings) as client:
        await client.post("/crm/v3/objects/meetings/search", json={"query": "q" * 3000})
    assert seen[0].headers["content-encoding"] == "gzip"
    assert seen[0].headers["user-agent"] == "mine/1.0"


def test_transport_kind_must_fit_the_client() -> None:
    class SyncOnly(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200)

    settings = HttpSettings(transport=SyncOnly())
    with pytest.raises(ConfigurationError, match=r"HttpSettings\.transport"):
        build_async_client(settings)


def test_missing_ca_file_is_a_configuration_error(tmp_path: Any) -> None:
    settings = HttpSettings(verify=str(tmp_path / "nope.pem"))
    with pytest.raises(ConfigurationError, match=r"HttpSettings\.verify"):
        build_sync_client(settings)


def test_proxy_credentials_stay_out_of_repr() -> None:
    settings = HttpSettings(proxy="http://user:s3cret-pass@proxy.local:3128")
    assert "s3cret-pass" not in repr(settings)
    assert "proxy.local:3128" in repr(settings)


def test_a_token_passed_as_auth_is_not_echoed() -> None:
    with pytest.raises(ConfigurationError) as info:
        HttpSettings(auth="pat-na1-11111111-2222")  # type: ignore[arg-type]
    assert "pat-na1" not in str(info.value)
    assert "got a str" in str(info.value)
