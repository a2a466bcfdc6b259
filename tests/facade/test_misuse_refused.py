"""Misuse refused up front, typed, and without echoing what may be a secret.

Each case was found by trying to break the client: it used to be accepted and then fail every
call (or leak a value, or destroy a file), and is now refused before anything is sent.
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from hubspot_emulator import Emulator
from hubspot_meetings import (
    BearerToken,
    CircuitBreakerConfig,
    ClientClosedError,
    ConfigurationError,
    HubSpotMeetings,
    RequestValidationError,
    RetryConfig,
)
from hubspot_meetings._cli.main import main

SECRET = "GW-SECRET-7f3a9c"
EXPORT = [sys.executable, "-m", "hubspot_meetings", "export", "--emulator", "--seed", "3"]


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"timeout": math.inf, "deadline": None}, "HttpSettings.timeout"),
        ({"timeout": httpx.Timeout(-1.0)}, "HttpSettings.timeout"),
        ({"deadline": 1e300}, "HttpSettings.deadline"),
        ({"proxy": "garbage"}, "HttpSettings.proxy"),
        ({"proxy": "ftp://proxy.local"}, "HttpSettings.proxy"),
        ({"cert": (1, 2)}, "HttpSettings.cert"),
    ],
)
def test_unusable_settings_are_refused_at_construction(
    emu: Emulator, settings: dict[str, object], named: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        HubSpotMeetings(auth=BearerToken(emu.token), **settings)  # type: ignore[arg-type]
    assert info.value.setting == named


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("HTTPS_PROXY", "http://[::1", "HTTPS_PROXY (environment)"),
        ("SSL_CERT_FILE", "/nonexistent/ca.pem", "SSL_CERT_FILE / SSL_CERT_DIR"),
    ],
)
def test_an_unusable_environment_is_named_at_construction(
    emu: Emulator, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError) as info:
        HubSpotMeetings(auth=BearerToken(emu.token))
    assert info.value.setting == named
    HubSpotMeetings(auth=BearerToken(emu.token), trust_env=False).close()


@pytest.mark.parametrize("value", [f"{SECRET} ", f" {SECRET}", f"{SECRET}\x01", "café"])
def test_a_header_value_http_cannot_carry_is_refused_without_echoing_it(
    emu: Emulator, value: str
) -> None:
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.list(headers={"X-Gateway-Key": value})
    assert SECRET not in str(info.value) and "café" not in str(info.value)
    assert emu.requests == []


@pytest.mark.parametrize(
    "path",
    [
        "/../../crm/v3/objects/meetings",
        "/crm/%2e%2e/v3/owners",
        "/crm/v3/objects/..;/owners",  # Java servers drop the ";" parameter, then resolve ".."
    ],
)
def test_request_cannot_climb_out_of_a_gateway_prefix(emu: Emulator, path: str) -> None:
    with (
        HubSpotMeetings(
            auth=BearerToken(emu.token),
            base_url="https://gw.example.com/hubspot",
            transport=emu.transport(),
        ) as client,
        pytest.raises(RequestValidationError, match=r"'\.' and '\.\.' segments"),
    ):
        client.request("GET", path)
    assert emu.requests == []


@pytest.mark.parametrize("path", ["/crm\\..\\owners", "/crm/%5C../owners"])
def test_request_refuses_a_backslash_some_gateways_read_as_a_slash(
    emu: Emulator, path: str
) -> None:
    with (
        HubSpotMeetings(
            auth=BearerToken(emu.token),
            base_url="https://gw.example.com/hubspot",
            transport=emu.transport(),
        ) as client,
        pytest.raises(RequestValidationError, match="a backslash is not allowed"),
    ):
        client.request("GET", path)
    assert emu.requests == []


@pytest.mark.parametrize("body", [{"when": object()}, {"limit": math.nan}])
def test_request_refuses_a_body_that_is_not_json(emu: Emulator, body: object) -> None:
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.request("POST", "/crm/v3/objects/meetings", json=body)
    assert info.value.field == "json" and emu.requests == []


def test_export_onto_its_own_redirected_stdout_keeps_the_file(tmp_path: Path) -> None:
    log = tmp_path / "app.log"
    log.write_text("PRECIOUS\n")
    with log.open("a") as out:
        done = subprocess.run(
            [*EXPORT, "-o", "/dev/stdout"],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 2
    assert "standard input, output or error" in done.stderr
    assert log.read_text() == "PRECIOUS\n"


def test_an_unterminated_csv_quote_stops_the_import_instead_of_swallowing_rows(
    tmp_path: Path,
) -> None:
    rows = ["hs_timestamp,hs_meeting_title"]
    rows.append('2026-03-20T10:00:00Z,"opened and never closed')
    rows += [f"2026-03-2{i}T10:00:00Z,row {i}" for i in range(1, 6)]
    source = tmp_path / "meetings.csv"
    source.write_text("\n".join(rows) + "\n")
    err = io.StringIO()
    code = main(["import", "--emulator", str(source)], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert "malformed" in err.getvalue() and "imported 0 meetings" in err.getvalue()


def test_closing_a_client_closes_its_copies_and_no_copy_is_made_after(emu: Emulator) -> None:
    client = HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport())
    retrying = client.with_options(retry=RetryConfig(count=1))
    client.close()
    sent = len(emu.requests)
    with pytest.raises(ClientClosedError):
        retrying.list()
    with pytest.raises(ClientClosedError):
        client.with_options(retry=RetryConfig(count=2))
    assert len(emu.requests) == sent


@pytest.mark.parametrize(
    ("build", "named"),
    [
        (lambda: RetryConfig(status_codes=5), "RetryConfig.status_codes"),
        (lambda: CircuitBreakerConfig(status_codes=None), "CircuitBreakerConfig.status_codes"),
        (lambda: HubSpotMeetings(rules=None), "rules"),
    ],
)
def test_settings_of_the_wrong_shape_name_themselves(build: object, named: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        build()  # type: ignore[operator]
    assert info.value.setting == named


@pytest.mark.parametrize("name", ["Host", "Content-Length", "Transfer-Encoding"])
def test_framing_headers_are_the_clients(emu: Emulator, name: str) -> None:
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(RequestValidationError, match="framed"),
    ):
        client.list(headers={name: "1"})
    assert emu.requests == []


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--emulator", "-o", ""],
        ["export", "--emulator", "--seed", "100000000000"],
        ["import", "--emulator", "--dedupe-on", "", "meetings.csv"],
        ["import", "--emulator", "--upsert-by", " ", "meetings.csv"],
    ],
)
def test_cli_usage_mistakes_exit_2_before_any_work(argv: list[str]) -> None:
    assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 2


class _HugeLimitGateway(httpx.BaseTransport):
    """A misbehaving gateway in front of the emulator: every answer claims a rate limit of
    10**13 requests per window, none of them left."""

    def __init__(self, emu: Emulator) -> None:
        self._inner = emu.transport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.headers["x-hubspot-ratelimit-max"] = str(10**13)
        response.headers["x-hubspot-ratelimit-remaining"] = "0"
        return response


def test_an_absurd_rate_limit_header_does_not_fill_memory(emu: Emulator) -> None:
    (meeting,) = emu.seed("meetings", [{"hs_timestamp": "2024-11-20T20:12:03.054Z"}])
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=_HugeLimitGateway(emu)) as client:
        # Believed up to a bound: the window keeps one entry per request it counts.
        assert client.get(meeting).id == meeting
        assert client.rate_limit is not None
        assert client.rate_limit.limit == 10_000


def test_a_429_under_an_unlimited_pacing_setting_does_not_fill_memory(emu: Emulator) -> None:
    from hubspot_emulator import Fault, FaultMatch
    from hubspot_emulator.testing import FakeClock
    from hubspot_meetings import PacingConfig

    clock = FakeClock()
    (meeting,) = emu.seed("meetings", [{"hs_timestamp": "2024-11-20T20:12:03.054Z"}])
    with HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        pacing=PacingConfig(default_max=10**9, use_headers=False),
        _clock=clock,
    ) as client:
        emu.faults.script(Fault.rate_limit(), FaultMatch(method="GET"), times=1)
        assert client.get(meeting).id == meeting  # the 429 fills the window, then a retry


class _HugeIntervalGateway(httpx.BaseTransport):
    """A misbehaving gateway: every answer claims a window of two requests per 31 years."""

    def __init__(self, emu: Emulator) -> None:
        self._inner = emu.transport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self._inner.handle_request(request)
        response.headers["x-hubspot-ratelimit-max"] = "2"
        response.headers["x-hubspot-ratelimit-interval-milliseconds"] = str(10**12)
        return response


def test_an_absurd_rate_limit_interval_does_not_stall_every_later_call(emu: Emulator) -> None:
    from hubspot_emulator.testing import FakeClock

    clock = FakeClock()
    (meeting,) = emu.seed("meetings", [{"hs_timestamp": "2024-11-20T20:12:03.054Z"}])
    with HubSpotMeetings(
        auth=BearerToken(emu.token), transport=_HugeIntervalGateway(emu), _clock=clock
    ) as client:
        for _ in range(5):
            assert client.get(meeting).id == meeting  # paced by a 10 s window, not 31 years
    assert clock.slept < 60


LONE = "x\ud800y"  # as json.loads('"x\\ud800y"') or a surrogateescape file name gives
_TS = "2024-11-20T20:12:03.054Z"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_lone_surrogate_is_refused_before_anything_is_sent(emu: Emulator, mode: str) -> None:
    import asyncio

    from hubspot_meetings import AsyncHubSpotMeetings

    (meeting,) = emu.seed("meetings", [{"hs_timestamp": _TS}])
    good = {"properties": {"hs_timestamp": _TS}}
    bad = {"properties": {"hs_timestamp": _TS, "hs_meeting_title": LONE}}
    calls: list[tuple[str, Any]] = [
        ("properties.hs_meeting_title", lambda c: c.create(bad["properties"])),
        ("properties.hs_meeting_title", lambda c: c.update(meeting, bad["properties"])),
        ("object_id", lambda c: c.get(LONE)),
        ("ids[1]", lambda c: c.batch_read([meeting, LONE])),
        ("inputs[1].properties.hs_meeting_title", lambda c: c.batch_create([good, bad, good])),
        ("request", lambda c: c.search(query=LONE)),
        ("request", lambda c: c.request("POST", "/crm/v3/objects/meetings", json=bad)),
    ]

    def check(field: str, info: pytest.ExceptionInfo[RequestValidationError]) -> None:
        assert info.value.field == field
        assert "\\ud800" in str(info.value)

    if mode == "sync":
        with HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client:
            for field, call in calls:
                with pytest.raises(RequestValidationError) as info:
                    call(client)
                check(field, info)
    else:

        async def run() -> None:
            async with AsyncHubSpotMeetings(
                auth=BearerToken(emu.token), transport=emu.transport()
            ) as client:
                for field, call in calls:
                    with pytest.raises(RequestValidationError) as info:
                        await call(client)
                    check(field, info)

        asyncio.run(run())
    assert emu.requests == []


def test_without_validation_a_lone_surrogate_fails_its_chunk_and_is_not_in_doubt(
    emu: Emulator,
) -> None:
    good = {"properties": {"hs_timestamp": _TS}}
    bad = {"properties": {"hs_timestamp": _TS, "hs_meeting_title": LONE}}
    with HubSpotMeetings(
        auth=BearerToken(emu.token), transport=emu.transport(), validation=False
    ) as client:
        result = client.batch_create([good, bad], chunk_size=1)
    # Nothing was sent for the bad input: failed, not an unknown outcome to check by hand.
    assert len(result.results) == 1 and result.unknown == []
    assert result.failed_indexes == [1]
    assert "nothing was sent" in result.errors[0].message


@pytest.mark.parametrize("bad", [None, 1.5, b"1"])
def test_a_batch_read_id_of_the_wrong_type_is_named_as_an_id(emu: Emulator, bad: object) -> None:
    with (
        HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport()) as client,
        pytest.raises(RequestValidationError) as info,
    ):
        client.batch_read(["1", bad])
    assert info.value.field == "ids[1]"
    assert "expected an id (a string or an integer)" in info.value.reason
    assert emu.requests == []
