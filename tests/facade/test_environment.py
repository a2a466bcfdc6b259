"""The environment, over real sockets: proxies (HTTP_PROXY, NO_PROXY) and CA files
(SSL_CERT_FILE) are honoured unless a setting says otherwise or `trust_env=False`;
HUBSPOT_LOG sends the package's redacted log to stderr; a caller's extra header never shows
in any library's DEBUG log, HTTP/2's header compression included."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme
from control_support import TS, ForwardProxy

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotMeetings,
    NotFoundError,
    RetryConfig,
    TransportError,
)
from hubspot_meetings._redact import log_from_env

TOKEN = "pat-emulator-token"


@pytest.fixture(scope="module")
def plain_server() -> Iterator[str]:
    emu = Emulator(EmulatorConfig(ten_second_limit=10_000))
    with emu.serve() as handle:
        yield str(handle.url)


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A TLS emulator (HTTP/2 by ALPN): its URL, its CA's file, and an unrelated CA's file."""
    folder = tmp_path_factory.mktemp("env-tls")
    ca, other = trustme.CA(), trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    files = {"ca": ca.cert_pem, "other": other.cert_pem, "cert": cert.cert_chain_pems[0]}
    files["key"] = cert.private_key_pem
    for name, blob in files.items():
        blob.write_to_path(str(folder / f"{name}.pem"))
    emu = Emulator(EmulatorConfig(ten_second_limit=10_000))
    with emu.serve(certfile=str(folder / "cert.pem"), keyfile=str(folder / "key.pem")) as handle:
        yield str(handle.url), str(folder / "ca.pem"), str(folder / "other.pem")


def _dead_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def test_the_environments_proxy_carries_the_requests(
    plain_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ForwardProxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        with HubSpotMeetings(auth=BearerToken(TOKEN), base_url=plain_server) as c:
            made = c.create({"hs_timestamp": TS})
        monkeypatch.setenv("NO_PROXY", "localhost,127.0.0.1")
        with HubSpotMeetings(auth=BearerToken(TOKEN), base_url=plain_server) as c:
            c.get(made.id)
        monkeypatch.delenv("NO_PROXY")
        with HubSpotMeetings(auth=BearerToken(TOKEN), base_url=plain_server, trust_env=False) as c:
            c.get(made.id)
    assert proxy.seen == [f"POST {plain_server}/crm/v3/objects/meetings"]


def test_an_explicit_proxy_wins_over_the_environments(
    plain_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", _dead_port())
    with (
        ForwardProxy() as proxy,
        HubSpotMeetings(auth=BearerToken(TOKEN), base_url=plain_server, proxy=proxy.url) as c,
    ):
        assert c.list().results is not None
    assert proxy.seen == [f"GET {plain_server}/crm/v3/objects/meetings"]
    with (
        HubSpotMeetings(
            auth=BearerToken(TOKEN), base_url=plain_server, retry=RetryConfig.disabled()
        ) as c,
        pytest.raises(TransportError),
    ):
        c.list()  # through the environment's proxy, which is not there


@pytest.mark.anyio
async def test_async_clients_read_the_environments_proxy(
    plain_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ForwardProxy() as proxy:
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        async with AsyncHubSpotMeetings(auth=BearerToken(TOKEN), base_url=plain_server) as c:
            await c.list()
            await c.request("GET", "/crm/v3/objects/meetings")
    assert len(proxy.seen) == 2


def test_ssl_cert_file_is_trusted_unless_a_setting_says_otherwise(
    tls: tuple[str, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca, other = tls
    monkeypatch.setenv("SSL_CERT_FILE", ca)
    with HubSpotMeetings(auth=BearerToken(TOKEN), base_url=url) as c:
        assert c.with_raw_response.list().http_version == "HTTP/2"
    no_env = {"auth": BearerToken(TOKEN), "base_url": url, "retry": RetryConfig.disabled()}
    with HubSpotMeetings(**no_env, trust_env=False) as c, pytest.raises(TransportError):
        c.list()
    monkeypatch.setenv("SSL_CERT_FILE", other)
    with HubSpotMeetings(**no_env) as c, pytest.raises(TransportError):
        c.list()  # the environment's CA does not know this server
    with HubSpotMeetings(**no_env, verify=ca) as c:
        assert c.list().results == []  # the explicit CA file wins


def test_an_extra_header_never_shows_in_any_debug_log(
    tls: tuple[str, str, str], caplog: pytest.LogCaptureFixture
) -> None:
    url, ca, _ = tls
    secret = "gw-token-4f1c9e2b7a"
    caplog.set_level(logging.DEBUG)
    with HubSpotMeetings(auth=BearerToken(TOKEN), base_url=url, verify=ca) as c:
        raw = c.with_options(headers={"X-Gateway-Token": secret}).with_raw_response.list()
        with pytest.raises(NotFoundError):
            c.get("1", headers={"X-Gateway-Token": secret})
    assert raw.http_version == "HTTP/2"
    assert any(r.name.startswith("hpack") for r in caplog.records), "hpack logged nothing"
    for record in caplog.records:
        assert secret not in record.getMessage(), record.name
        assert TOKEN not in record.getMessage(), record.name


def _run_with_log(level: str | None, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "job.py"
    script.write_text(
        textwrap.dedent(
            """
            from hubspot_emulator import Emulator, EmulatorConfig
            from hubspot_meetings import ApiKey, HubSpotMeetings

            emu = Emulator(EmulatorConfig(api_keys={"hapikey-secret-value-1"}))
            with HubSpotMeetings(auth=ApiKey("hapikey-secret-value-1"),
                                 transport=emu.transport()) as client:
                client.list()
            """
        )
    )
    env = {k: v for k, v in os.environ.items() if k != "HUBSPOT_LOG"}
    if level is not None:
        env["HUBSPOT_LOG"] = level
    return subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=True
    )


def test_hubspot_log_sends_the_redacted_log_to_stderr(tmp_path: Path) -> None:
    debug = _run_with_log("debug", tmp_path).stderr
    assert "hubspot_meetings DEBUG] GET /crm/v3/objects/meetings?hapikey=**** -> 200" in debug
    assert "httpx INFO] HTTP Request: GET" in debug
    assert "hapikey-secret-value-1" not in debug
    assert _run_with_log(None, tmp_path).stderr == ""


def test_hubspot_log_levels() -> None:
    assert log_from_env({"HUBSPOT_LOG": "verbose"}) is None
    assert log_from_env({}) is None
    ours, theirs = logging.getLogger("hubspot_meetings"), logging.getLogger("httpx")
    levels = ours.level, theirs.level
    handler = log_from_env({"HUBSPOT_LOG": "INFO"})
    try:
        assert handler is not None and handler.stream is sys.stderr
        assert handler in ours.handlers and handler in theirs.handlers
        assert (ours.level, theirs.level) == (logging.INFO, logging.INFO)
    finally:
        for logger, level in zip((ours, theirs), levels, strict=True):
            logger.removeHandler(handler)  # type: ignore[arg-type]
            logger.setLevel(level)
