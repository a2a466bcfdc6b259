"""The built clients over a real TLS socket: HTTP/2 negotiated by ALPN, or HTTP/1.1 only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme
from resilience_support import MEETINGS
from socket_support import make_tls_files

from hubspot_emulator import Emulator
from hubspot_emulator.testing import FakeClock
from hubspot_meetings._auth import BearerToken
from hubspot_meetings._exceptions import TransportError
from hubspot_meetings._transports.stack import HttpSettings, build_async_client, build_sync_client


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """(server url, CA bundle path) of an emulator served over TLS."""
    files = make_tls_files(tmp_path_factory.mktemp("tls"))
    with Emulator().serve(certfile=files.cert, keyfile=files.key) as handle:
        yield handle.url, files.ca


def wire_settings(tls: tuple[str, str], **kw: Any) -> HttpSettings:
    url, cafile = tls
    return HttpSettings(
        base_url=url, verify=cafile, auth=BearerToken("pat-emulator-token"), pacing=None, **kw
    )


@pytest.mark.parametrize(("version", "expected"), [("2", "HTTP/2"), ("1.1", "HTTP/1.1")])
def test_http_version_setting_reaches_the_wire(
    tls: tuple[str, str], version: Any, expected: str
) -> None:
    with build_sync_client(wire_settings(tls, http_version=version)) as client:
        response = client.get(MEETINGS)
    assert response.status_code == 200
    assert response.http_version == expected


@pytest.mark.anyio
async def test_async_client_speaks_http2(tls: tuple[str, str]) -> None:
    async with build_async_client(wire_settings(tls)) as client:
        response = await client.get(MEETINGS)
    assert response.http_version == "HTTP/2"


def test_untrusted_certificate_fails_at_once(tls: tuple[str, str], tmp_path: Path) -> None:
    other_ca = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    clock = FakeClock()
    settings = HttpSettings(base_url=tls[0], verify=str(other_ca), pacing=None, clock=clock)
    with build_sync_client(settings) as client, pytest.raises(TransportError) as info:
        client.get(MEETINGS)
    assert "CERTIFICATE_VERIFY_FAILED" in str(info.value)
    assert clock.sleeps == []  # a certificate that failed verification is not retried
