"""Every client setting reaches the wire: checked over real sockets (HTTP/2, TLS, proxy) or
at the transport the setting governs."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme
from control_support import ForwardProxy

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    ApiKey,
    BearerToken,
    CircuitBreakerConfig,
    CircuitOpenError,
    ConfigurationError,
    HubSpotMeetings,
    OAuth2RefreshToken,
    PacingConfig,
    RetryConfig,
    ServerError,
    TransportError,
)

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"


@pytest.fixture(scope="module")
def tls_server(tls_files: dict[str, str]) -> Iterator[tuple[Emulator, str]]:
    emu = Emulator(EmulatorConfig(ten_second_limit=10_000))
    with emu.serve(certfile=tls_files["cert"], keyfile=tls_files["key"]) as handle:
        yield emu, str(handle.url)


@pytest.fixture(scope="module")
def plain_server() -> Iterator[tuple[Emulator, str]]:
    emu = Emulator(EmulatorConfig(ten_second_limit=10_000))
    with emu.serve() as handle:
        yield emu, str(handle.url)


def _versions(client: HubSpotMeetings) -> list[str]:
    seen: list[str] = []
    client.http_client.event_hooks["response"].append(lambda r: seen.append(r.http_version))
    return seen


def test_http2_over_tls_with_a_private_ca(
    tls_server: tuple[Emulator, str], tls_files: dict[str, str]
) -> None:
    _emu, url = tls_server
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), base_url=url, verify=tls_files["ca"], http_version="2"
    ) as c:
        seen = _versions(c)
        assert c.create({"hs_timestamp": TS}).id
    assert seen == ["HTTP/2"]


def test_http_version_1_1(tls_server: tuple[Emulator, str], tls_files: dict[str, str]) -> None:
    _emu, url = tls_server
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), base_url=url, verify=tls_files["ca"], http_version="1.1"
    ) as c:
        seen = _versions(c)
        c.list()
    assert seen == ["HTTP/1.1"]


def test_verify_refuses_an_unknown_ca(tls_server: tuple[Emulator, str]) -> None:
    _emu, url = tls_server
    with (
        HubSpotMeetings(auth=BearerToken(TOKEN), base_url=url, retry=RetryConfig.disabled()) as c,
        pytest.raises(TransportError) as info,
    ):
        c.list()
    assert "certificate" in str(info.value).lower() or "ssl" in str(info.value).lower()


def test_cert_setting_is_loaded(tls_files: dict[str, str], tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError) as info:
        HubSpotMeetings(auth=BearerToken(TOKEN), cert=str(tmp_path / "missing.pem"))
    assert info.value.setting == "HttpSettings.cert"


def test_client_certificate_reaches_a_mutual_tls_server(tmp_path: Path) -> None:
    ca = trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1")
    client_cert = ca.issue_cert("client@example.com")
    files = {
        "ca": ca.cert_pem,
        "cert": server_cert.cert_chain_pems[0],
        "key": server_cert.private_key_pem,
        "client": client_cert.cert_chain_pems[0],
        "client_key": client_cert.private_key_pem,
    }
    paths = {name: str(tmp_path / f"{name}.pem") for name in files}
    for name, blob in files.items():
        blob.write_to_path(paths[name])
    emu = Emulator()
    with emu.serve(certfile=paths["cert"], keyfile=paths["key"], client_ca=paths["ca"]) as handle:
        settings = {"auth": BearerToken(TOKEN), "base_url": str(handle.url), "verify": paths["ca"]}
        with HubSpotMeetings(**settings, cert=(paths["client"], paths["client_key"])) as c:
            assert c.list().results == []
        with (
            HubSpotMeetings(**settings, retry=RetryConfig.disabled()) as c,
            pytest.raises(TransportError),
        ):
            c.list()  # no client certificate: the handshake is refused


def test_proxy_carries_the_requests(plain_server: tuple[Emulator, str]) -> None:
    _emu, url = plain_server
    with (
        ForwardProxy() as proxy,
        HubSpotMeetings(
            auth=BearerToken(TOKEN), base_url=url, proxy=proxy.url, http_version="1.1"
        ) as c,
    ):
        created = c.create({"hs_timestamp": TS})
        assert c.get(created.id).id == created.id
    assert proxy.seen == [
        f"POST {url}/crm/v3/objects/meetings",
        f"GET {url}/crm/v3/objects/meetings/{created.id}",
    ]


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def test_user_agent_and_compression_reach_the_request() -> None:
    # A recording transport shows the wire form: the headers and the gzipped bytes.
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"id": "1", "properties": {}})

    with HubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=httpx.MockTransport(answer),
        user_agent="my-app/1.0",
        compression="always",
    ) as c:
        c.create({"hs_timestamp": TS, "hs_meeting_title": "zipped " * 200})  # >= 1 KiB: gzipped
    assert sent[0].headers["user-agent"] == "my-app/1.0"
    assert sent[0].headers["content-encoding"] == "gzip"
    assert b'"zipped zipped' in gzip.decompress(sent[0].content)
    sent.clear()
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=httpx.MockTransport(answer), compression="never"
    ) as c:
        c.create({"hs_timestamp": TS, "hs_meeting_title": "plain " * 200})
    assert sent[0].headers["accept-encoding"] == "identity"
    assert "content-encoding" not in sent[0].headers


def test_timeout_reaches_the_transport(emu: Emulator) -> None:
    emu.faults.script(Fault.slow(5.0), FaultMatch(method="GET"), times=None)
    with (
        HubSpotMeetings(
            auth=BearerToken(TOKEN),
            transport=emu.transport(),
            timeout=1.0,
            retry=RetryConfig.disabled(),
        ) as c,
        pytest.raises(TransportError) as info,
    ):
        c.list()
    assert "Timeout" in str(info.value)
    with HubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport(), timeout=10.0) as c:
        assert c.list().results == []


def test_retry_setting(emu: Emulator) -> None:
    clock = FakeClock()
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=2)
    with HubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=emu.transport(),
        retry=RetryConfig(count=2, interval=0.5, jitter=0),
        _clock=clock,
    ) as c:
        assert c.list().results == []
    assert clock.sleeps == [0.5, 1.0]
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"))
    with (
        HubSpotMeetings(
            auth=BearerToken(TOKEN), transport=emu.transport(), retry=RetryConfig.disabled()
        ) as c,
        pytest.raises(ServerError),
    ):
        c.list()


def test_circuit_breaker_setting(emu: Emulator) -> None:
    emu.faults.script(Fault.status(503), FaultMatch(method="GET"), times=None)
    with HubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=emu.transport(),
        retry=RetryConfig.disabled(),
        circuit_breaker=CircuitBreakerConfig(min_requests=2, failure_threshold=0.5, reset_time=30),
        _clock=FakeClock(),
    ) as c:
        for _ in range(2):
            with pytest.raises(ServerError):
                c.list()
        sent = len(emu.requests)
        with pytest.raises(CircuitOpenError):
            c.list()
        assert len(emu.requests) == sent  # refused without reaching HubSpot


def test_pacing_setting(emu: Emulator) -> None:
    clock = FakeClock()
    with HubSpotMeetings(
        auth=BearerToken(TOKEN),
        transport=emu.transport(),
        pacing=PacingConfig(default_max=2, default_interval=10.0, use_headers=False, safety=0),
        _clock=clock,
    ) as c:
        for _ in range(3):
            c.list()
    assert len(clock.sleeps) >= 1 and clock.slept == pytest.approx(10.0, abs=0.5)


def test_api_key_and_oauth_reach_the_emulator() -> None:
    emu = Emulator(EmulatorConfig(api_keys={"hapikey-secret-value-1"}))
    with HubSpotMeetings(auth=ApiKey("hapikey-secret-value-1"), transport=emu.transport()) as c:
        assert c.list().results == []
    refresh = emu.issue_refresh_token()
    auth = OAuth2RefreshToken("emulator-client-id", "emulator-client-secret", refresh)
    with HubSpotMeetings(auth=auth, transport=emu.transport()) as c:
        assert c.create({"hs_timestamp": TS}).id
    assert emu.token_requests == 1


@pytest.mark.anyio
async def test_async_client_speaks_http2_over_tls(
    tls_server: tuple[Emulator, str], tls_files: dict[str, str]
) -> None:
    from hubspot_meetings import AsyncHubSpotMeetings

    _emu, url = tls_server
    seen: list[str] = []

    async def hook(response: httpx.Response) -> None:
        seen.append(response.http_version)

    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN), base_url=url, verify=tls_files["ca"], max_concurrency=2
    ) as c:
        c.http_client.event_hooks["response"].append(hook)
        result = await c.batch_create(
            {"properties": {"hs_timestamp": TS, "hs_meeting_title": f"h2-{i}"}} for i in range(250)
        )
    assert result.ok and len(result.results) == 250
    assert seen == ["HTTP/2"] * 3


def test_gzipped_request_bodies_arrive_whole(emu: Emulator) -> None:
    title = "zipped " * 200
    with HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), compression="always"
    ) as c:
        made = c.create({"hs_timestamp": TS, "hs_meeting_title": title})
    assert emu.store("meetings").get(made.id)["properties"]["hs_meeting_title"] == title
