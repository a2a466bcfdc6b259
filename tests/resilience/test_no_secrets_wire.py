"""No credential shows anywhere, over real sockets, with every logger at DEBUG.

The emulator is served over TLS (HTTP/2 by ALPN, or HTTP/1.1 only) behind a tap that records
every credential crossing the wire, in either direction: bearer tokens, API keys under any
query parameter name, OAuth client secrets and the refresh and access tokens the token
endpoint hands out. The root logger runs at DEBUG, so httpx, httpcore, h2 and hpack (which
logs every header it encodes or decodes) all log. Each run goes through a success, refused
credentials, unknown outcomes (single and batch), and a connection lost on a read; then no
secret may appear in a log line, in an error's str/repr/traceback, in a pickled error or
result, or in the reprs of the client, its settings and its auth.
"""

from __future__ import annotations

import json
import logging
import pickle
import secrets
import traceback
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import pytest

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.server import serve
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    ApiKey,
    BearerToken,
    HubSpotError,
    HubSpotMeetings,
    OAuth2RefreshToken,
    ResponseValidationError,
    RetryConfig,
)

CLIENT_ID = "emulator-client-id"
TS = "2024-01-01T00:00:00Z"
# The loggers whose lines must be checked (and must have logged: the check is not vacuous).
DRIVEN = ("httpx", "httpcore", "hpack")


class Tap:
    """The emulator behind a tap: records every credential on the wire; can garble tokens."""

    def __init__(self, emu: Emulator) -> None:
        self.emu = emu
        self.secrets: set[str] = set()
        self.garble: str | None = None  # appended to access tokens the token endpoint issues

    def add(self, value: str) -> None:
        self.secrets.add(value)

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            self.add(auth[7:])
        for _, value in request.url.params.multi_items():
            if len(value) >= 8:
                self.add(value)
        is_token = request.url.path.startswith("/oauth/")
        if is_token:
            for name, value in parse_qsl(body.decode()):
                if name in ("client_secret", "refresh_token"):
                    self.add(value)
        response = self.emu.handle(request)
        if not (is_token and response.status_code == 200):
            return response
        payload = json.loads(response.read())
        for name in ("access_token", "refresh_token"):
            self.add(payload[name])
        if self.garble is not None:
            payload["access_token"] += self.garble
            self.add(payload["access_token"])
        return httpx.Response(200, json=payload, request=request)


class Wire:
    def __init__(self, tls_files: dict[str, str]) -> None:
        self.token = f"pat-na1-{secrets.token_hex(8)}-{secrets.token_hex(4)}"
        self.api_key = f"{secrets.token_hex(4)}-{secrets.token_hex(6)}"
        self.client_secret = f"{secrets.token_hex(4)}-{secrets.token_hex(8)}"
        self.password = f"pw-{secrets.token_urlsafe(12)}"
        self.emu = Emulator(
            EmulatorConfig(
                private_app_tokens={self.token},
                api_keys={self.api_key},
                oauth_clients={CLIENT_ID: self.client_secret},
                oauth_rotate_refresh_tokens=True,
                ten_second_limit=100_000,
            )
        )
        self.tap = Tap(self.emu)
        self.tap.secrets.update({self.token, self.api_key, self.client_secret, self.password})
        self.ca = tls_files["ca"]
        self.server = serve(self.tap, certfile=tls_files["cert"], keyfile=tls_files["key"])
        self.url = self.server.url
        port = httpx.URL(self.url).port
        # Credentials in the URL: a gateway that wants basic auth, say.
        self.userinfo_url = f"https://gateway:{quote(self.password)}@127.0.0.1:{port}"

    def auth(self, kind: str) -> httpx.Auth:
        if kind == "private_app":
            return BearerToken(self.token)
        if kind == "oauth":
            refresh = self.emu.issue_refresh_token(CLIENT_ID)
            self.tap.add(refresh)
            return OAuth2RefreshToken(
                CLIENT_ID, self.client_secret, refresh, refresh_url="/oauth/v1/token"
            )
        param = kind.removeprefix("api_key:")
        return ApiKey(self.api_key, param=param)


@pytest.fixture(scope="module")
def wire(tls_files: dict[str, str]) -> Iterator[Wire]:
    w = Wire(tls_files)
    with w.server:
        yield w


def _exception_texts(exc: BaseException) -> Iterator[str]:
    yield str(exc)
    yield repr(exc)
    yield "".join(traceback.format_exception(exc))
    yield pickle.dumps(exc).decode("latin-1")


def _shown(items: Iterable[object]) -> list[str]:
    texts: list[str] = []
    for item in items:
        if isinstance(item, BaseException):
            texts.extend(_exception_texts(item))
            continue
        texts += [repr(item), str(item), pickle.dumps(item).decode("latin-1")]
        for err in [*getattr(item, "errors", []), *getattr(item, "unknown_errors", [])]:
            if isinstance(err.error, BaseException):
                texts.extend(_exception_texts(err.error))
    return texts


def _log_texts(records: Iterable[logging.LogRecord]) -> list[str]:
    formatter = logging.Formatter("%(name)s %(message)s")
    return [formatter.format(record) for record in records]


def _attempt(shown: list[object], call: Any) -> None:
    try:
        shown.append(call())
    except HubSpotError as exc:
        shown.append(exc)


def _check(secrets_seen: set[str], texts: list[str], logs: list[str]) -> None:
    assert len(secrets_seen) >= 4, "no credential crossed the wire: the check would be vacuous"
    forms = {form for s in secrets_seen for form in (s, quote(s, safe=""))}
    for secret in forms:
        for line in logs:
            assert secret not in line, f"a secret leaked into a log line: {line[:300]!r}"
        for text in texts:
            assert secret not in text, f"a secret leaked into {text[:300]!r}"


AUTH_KINDS = ["private_app", "oauth", "api_key:hapikey", "api_key:key", "api_key:x-api-key"]
# The kinds that also put a password in the base URL (the others show their own leaks alone).
WITH_USERINFO = ("private_app", "oauth")


@pytest.mark.parametrize("http_version", ["2", "1.1"])
@pytest.mark.parametrize("kind", AUTH_KINDS)
def test_no_secret_over_the_wire_at_debug(
    wire: Wire, kind: str, http_version: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root: every logger logs
    wire.emu.faults.clear()
    auth = wire.auth(kind)
    shown: list[object] = []
    with HubSpotMeetings(
        auth=auth,
        base_url=wire.userinfo_url if kind in WITH_USERINFO else wire.url,
        verify=wire.ca,
        http_version=http_version,
        retry=RetryConfig(jitter=0.0),
        _clock=FakeClock(),
    ) as client:
        _attempt(shown, lambda: client.list(limit=1))
        _attempt(shown, lambda: client.get("999999"))
        create = FaultMatch(method="POST", path="/crm/v3/objects/meetings")
        wire.emu.faults.script(Fault.status(503), create, times=2)
        _attempt(shown, lambda: client.create({"hs_timestamp": TS}))
        batch = [{"properties": {"hs_timestamp": TS}}]
        _attempt(shown, lambda: client.batch_create(batch))
        wire.emu.faults.script(Fault.drop(), FaultMatch(method="GET"), times=None)
        _attempt(shown, lambda: client.get("1"))
        texts = [*_shown(shown), repr(client), repr(client.settings), repr(auth), str(auth)]
    assert any(isinstance(item, HubSpotError) for item in shown)
    logs = _log_texts(caplog.records)
    logged = {record.name.split(".")[0] for record in caplog.records}
    driven = DRIVEN if http_version == "2" else ("httpx", "httpcore")
    assert set(driven) <= logged, f"expected DEBUG lines from {driven}, got {sorted(logged)}"
    _check(wire.tap.secrets, texts, logs)


@pytest.mark.parametrize("garble", [" ", "\r\n", "\x00", "\t"])
@pytest.mark.parametrize("http_version", ["2", "1.1"])
def test_a_garbled_access_token_is_refused_without_echoing_it(
    wire: Wire, garble: str, http_version: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wire.emu.faults.clear()
    wire.tap.garble = garble
    auth = wire.auth("oauth")
    try:
        with HubSpotMeetings(
            auth=auth, base_url=wire.url, verify=wire.ca, http_version=http_version
        ) as client:
            with pytest.raises(ResponseValidationError) as info:
                client.list(limit=1)
            texts = [*_shown([info.value]), repr(auth)]
    finally:
        wire.tap.garble = None
    # Checked like a caller's own token: the field is named, the value is not repeated.
    assert info.value.field == "access_token"
    _check(wire.tap.secrets, texts, _log_texts(caplog.records))
