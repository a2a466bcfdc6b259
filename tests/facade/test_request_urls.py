"""Where requests go, and what they carry besides their own arguments: every operation's URL is
the one httpx itself would join from the client's base URL (a gateway's prefix, userinfo, port
and odd characters in ids kept alike), a caller's client may change its base URL between calls,
and a cookie a response sets is never sent back (cookies the caller puts on the jar are)."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import httpx
import pytest
from control_support import TS, Tap, emulator

from hubspot_emulator import Emulator
from hubspot_meetings import AsyncHubSpotMeetings, BearerToken, HubSpotMeetings, NotFoundError

BASES = [
    "https://api.hubapi.com",
    "https://api.hubapi.com/",
    "https://gw.example.com:8443/hubspot",
    "https://gw.example.com/hub%20spot/v/",
    "http://user:p%40ss@127.0.0.1:5000/prefix/",
    "https://bücher.example/crm-gateway",
    "http://[::1]:8080/hub;v=1/",
]
# Values the generated code puts in a path (ids that would change the path are refused).
ODD_IDS = ["ext 1", "ü-1", "a+b", "x:y", "@id", "100"]


def _httpx_join(base: str, path: str) -> httpx.URL:
    with httpx.Client(base_url=base) as plain:
        return plain.build_request("GET", path).url


class _PrefixGateway(httpx.BaseTransport):
    """A gateway at `base` in front of the emulator: keeps what reached it, and forwards it
    to HubSpot's own URL with the gateway's path prefix taken off."""

    def __init__(self, emu: Emulator, base: str) -> None:
        self._tap = Tap(emu)
        self._prefix = _httpx_join(base, "/").raw_path
        self.sent: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        raw = request.url.raw_path
        assert raw.startswith(self._prefix), raw
        upstream = httpx.URL("https://api.hubapi.com").copy_with(
            raw_path=b"/" + raw[len(self._prefix) :]
        )
        forwarded = httpx.Request(
            request.method, upstream, headers=request.headers, content=request.read()
        )
        return self._tap.handle_request(forwarded)


@pytest.mark.parametrize("base", BASES)
def test_every_request_goes_where_httpx_would_send_it(base: str) -> None:
    emu, ids = emulator()
    gateway = _PrefixGateway(emu, base)
    with HubSpotMeetings(auth=BearerToken(emu.token), base_url=base, transport=gateway) as client:
        assert client.get(ids[0]).id == ids[0]
        assert len(client.batch_read(ids).results) == len(ids)
        assert client.search(limit=1).total == len(ids)
        for odd in ODD_IDS:
            with pytest.raises(NotFoundError):
                client.get(odd, id_property="ext_id")
        with pytest.raises(NotFoundError):
            client.request("GET", "/crm/v3/owners/a b/ü", params={"q": "x y"})
    relative = [
        f"/crm/v3/objects/meetings/{ids[0]}",
        "/crm/v3/objects/meetings/batch/read",
        "/crm/v3/objects/meetings/search",
        *(f"/crm/v3/objects/meetings/{quote(odd, safe='')}" for odd in ODD_IDS),
        "/crm/v3/owners/a b/ü",
    ]
    assert len(gateway.sent) == len(relative)
    for sent, path in zip(gateway.sent, relative, strict=True):
        # httpx's own join of the operation's path, and the operation's query, exactly.
        expected = _httpx_join(base, path).copy_with(query=sent.url.query or None)
        assert (sent.url, str(sent.url)) == (expected, str(expected))
    assert gateway.sent[3].url.raw_path.endswith(b"/ext%201?idProperty=ext_id")
    assert gateway.sent[-1].url.query == b"q=x+y"


@pytest.mark.parametrize("length", [3_000, 65_400])
def test_a_long_path_goes_where_httpx_would_send_it(length: int) -> None:
    emu, _ = emulator()
    base = "https://gw.example.com/a-long-gateway-prefix/"
    gateway = _PrefixGateway(emu, base)
    path = "/crm/v3/owners/" + "é" * (length // 2)
    with HubSpotMeetings(auth=BearerToken(emu.token), base_url=base, transport=gateway) as client:
        try:
            client.request("GET", path)
            outcome = "sent"
        except NotFoundError:
            outcome = "sent"
        except httpx.InvalidURL:
            outcome = "refused"
    try:
        expected = _httpx_join(base, path)
    except httpx.InvalidURL:
        assert outcome == "refused"
        assert gateway.sent == []
    else:
        assert outcome == "sent"
        assert [s.url for s in gateway.sent] == [expected]


def test_a_callers_client_with_a_query_in_its_base_url_is_joined_by_httpx() -> None:
    emu, _ = emulator()
    tap = Tap(emu)
    own = httpx.Client(
        base_url="https://api.hubapi.com/?tenant=1", auth=BearerToken(emu.token), transport=tap
    )
    with own, HubSpotMeetings(http_client=own) as client, pytest.raises(NotFoundError):
        client.request("GET", "/crm/v3/{owners}`")
    assert tap.sent[0].url == _httpx_join("https://api.hubapi.com/?tenant=1", "/crm/v3/{owners}`")


def test_a_callers_client_may_change_its_base_url_between_calls() -> None:
    emu, ids = emulator()
    gateway = _PrefixGateway(emu, "https://gw.example.com/hubspot/")
    own = httpx.Client(
        base_url="https://gw.example.com/other/", auth=BearerToken(emu.token), transport=gateway
    )
    with own, HubSpotMeetings(http_client=own) as client:
        with pytest.raises(AssertionError):
            client.get(ids[0])  # the gateway refuses a path outside its prefix
        own.base_url = httpx.URL("https://gw.example.com/hubspot/")
        assert client.get(ids[0]).id == ids[0]
    assert [str(s.url) for s in gateway.sent] == [
        f"https://gw.example.com/other/crm/v3/objects/meetings/{ids[0]}",
        f"https://gw.example.com/hubspot/crm/v3/objects/meetings/{ids[0]}",
    ]


class _CookieSettingGateway(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A gateway in front of the emulator that sets a cookie on every answer, as a bot-defence
    proxy does, and keeps the requests it forwards."""

    def __init__(self, emu: Emulator) -> None:
        self._tap = Tap(emu)
        self.sent = self._tap.sent

    @staticmethod
    def _cookie(response: httpx.Response) -> httpx.Response:
        response.headers["set-cookie"] = "__cf_bm=tracking-value; path=/; HttpOnly"
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._cookie(self._tap.handle_request(request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self._cookie(await self._tap.handle_async_request(request))


def test_a_cookie_a_response_sets_is_not_sent_back() -> None:
    emu, ids = emulator()
    gateway = _CookieSettingGateway(emu)
    with HubSpotMeetings(auth=BearerToken(emu.token), transport=gateway) as client:
        client.get(ids[0])
        client.create({"hs_timestamp": TS})
        client.batch_read(ids)
        assert not client.http_client.cookies
        # A cookie the caller sets on purpose is sent.
        client.http_client.cookies.set("route", "eu-1", domain="api.hubapi.com")
        client.get(ids[0])
    assert [s.headers.get("cookie") for s in gateway.sent] == [None, None, None, "route=eu-1"]


def test_an_async_client_sends_back_no_cookie_either() -> None:
    emu, ids = emulator()
    gateway = _CookieSettingGateway(emu)

    async def run() -> None:
        async with AsyncHubSpotMeetings(auth=BearerToken(emu.token), transport=gateway) as client:
            await client.get(ids[0])
            await client.get(ids[1])
            assert not client.http_client.cookies

    asyncio.run(run())
    assert [s.headers.get("cookie") for s in gateway.sent] == [None, None]
