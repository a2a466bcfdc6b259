"""Arguments that would send a request somewhere else, or mean something else, are refused
before anything leaves: ids that change the path (whatever `validation` says), flags and
property names of the wrong type, values with no JSON spelling; and a batch read by a unique
property accounts for every input once, repeated or not."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from hubspot_emulator import Emulator, EmulatorConfig
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    ClientClosedError,
    ConfigurationError,
    HubSpotError,
    HubSpotMeetings,
    OAuth2RefreshToken,
    RequestValidationError,
)

TOKEN = "pat-emulator-token"
TS = "2024-11-20T20:12:03.054Z"
UNIQUE = {"meetings": {"ext_id": {"unique": True}}}

# Each would route elsewhere: the collection itself (".", ".."), another path ("/", "\\",
# encodings the caller made, "%2F"), a query or fragment ("?", "#"), path parameters (";"),
# a broken request line (controls), or past the URL length httpx and proxies accept.
BAD_IDS = [
    "",
    " ",
    ".",
    "..",
    " .. ",
    "a/b",
    "../meetings",
    "a\\b",
    "a?archived=true",
    "a#b",
    "%2F",
    "a%2e%2e",
    "123;x",
    "1\n2",
    "1\r\nX-Injected: 1",
    "1\x00",
    "1\u200b",
    "1" * 100_000,
]


@pytest.fixture
def emu() -> Emulator:
    return Emulator(EmulatorConfig(custom_properties=UNIQUE))


def client_for(emu: Emulator, *, validation: bool = True) -> HubSpotMeetings:
    return HubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), validation=validation
    )


@pytest.fixture
def client(emu: Emulator) -> Iterator[HubSpotMeetings]:
    with client_for(emu) as c:
        yield c


def refused(emu: Emulator, call: Callable[[], object], field: str) -> RequestValidationError:
    with pytest.raises(RequestValidationError) as info:
        call()
    assert info.value.field == field, info.value
    assert emu.requests == [], "nothing may be sent when the request is refused"
    return info.value


# --- ids that change the path ---------------------------------------------------------------


@pytest.mark.parametrize("validation", [True, False], ids=["checked", "unchecked"])
@pytest.mark.parametrize("bad", BAD_IDS, ids=lambda b: repr(b[:12]))
def test_ids_that_change_the_path_never_leave(emu: Emulator, bad: str, validation: bool) -> None:
    emu.seed("meetings", [{"hs_timestamp": TS}])
    emu.requests.clear()
    with client_for(emu, validation=validation) as c:
        refused(emu, lambda: c.get(bad), "object_id")
        refused(emu, lambda: c.get(bad, id_property="ext_id"), "object_id")
        refused(emu, lambda: c.update(bad, {"hs_meeting_title": "x"}), "object_id")
        refused(emu, lambda: c.archive(bad), "object_id")
    # Nothing was listed, changed or archived on the way.
    assert emu.store("meetings").count() == 1


@pytest.mark.anyio
@pytest.mark.parametrize("bad", [".", "..", "a/b", "1" * 100_000])
async def test_async_ids_that_change_the_path_never_leave(emu: Emulator, bad: str) -> None:
    async with AsyncHubSpotMeetings(
        auth=BearerToken(TOKEN), transport=emu.transport(), validation=False
    ) as c:
        for call in (c.get(bad), c.update(bad, {"hs_meeting_title": "x"}), c.archive(bad)):
            with pytest.raises(RequestValidationError) as info:
                await call
            assert info.value.field == "object_id"
    assert emu.requests == []


def test_ordinary_ids_and_unique_values_still_reach_their_record(client: HubSpotMeetings) -> None:
    made = client.create({"hs_timestamp": TS, "ext_id": "Ünïcode value+1@example.com"})
    assert client.get(f" {made.id} ").id == made.id  # surrounding spaces are trimmed
    assert client.get(int(made.id)).id == made.id  # type: ignore[arg-type]
    got = client.get("Ünïcode value+1@example.com", id_property="ext_id")
    assert got.id == made.id


def test_a_value_with_a_slash_is_read_by_batch_read_whose_ids_travel_in_the_body(
    client: HubSpotMeetings,
) -> None:
    made = client.create({"hs_timestamp": TS, "ext_id": "team/alpha?#1"})
    result = client.batch_read(["team/alpha?#1"], id_property="ext_id")
    assert result.ok and [r.id for r in result.results] == [made.id]


# --- flags, property names and values of the wrong kind ---------------------------------------


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda c: c.get("1", id_property=5), "id_property"),
        (lambda c: c.get("1", id_property=""), "id_property"),
        (lambda c: c.get("1", id_property="ext id"), "id_property"),
        (lambda c: c.update("1", {"hs_meeting_title": "x"}, id_property=5), "id_property"),
        (lambda c: c.batch_read(["1"], id_property=5), "id_property"),
        (lambda c: c.get("1", archived="yes"), "archived"),
        (lambda c: c.get("1", archived=1), "archived"),
        (lambda c: c.list(archived="false"), "archived"),
        (lambda c: c.batch_read(["1"], archived="yes"), "archived"),
    ],
)
def test_wrongly_typed_flags_and_names_are_refused(
    emu: Emulator, client: HubSpotMeetings, call: Callable[[HubSpotMeetings], Any], field: str
) -> None:
    refused(emu, lambda: call(client), field)


@pytest.mark.parametrize(
    "value", [math.inf, -math.inf, math.nan, Decimal("Infinity"), Decimal("NaN")], ids=repr
)
def test_non_finite_numbers_are_not_property_values(
    emu: Emulator, client: HubSpotMeetings, value: object
) -> None:
    refused(
        emu,
        lambda: client.create({"hs_timestamp": TS, "hs_meeting_title": value}),
        "properties.hs_meeting_title",
    )
    refused(
        emu,
        lambda: client.batch_create([{"properties": {"hs_timestamp": TS, "ext_id": value}}]),
        "inputs[0].properties.ext_id",
    )


# --- batch_read by a unique property: every input accounted once ------------------------------


def test_batch_read_by_unique_property_with_repeats_reports_nothing_failed(
    client: HubSpotMeetings,
) -> None:
    a = client.create({"hs_timestamp": TS, "ext_id": "a"})
    b = client.create({"hs_timestamp": TS, "ext_id": "b"})
    result = client.batch_read(["a", "a", "b"], id_property="ext_id")
    assert result.ok, result.errors
    assert result.errors == [] and result.failed_indexes == [] and result.unknown == []
    assert sorted(r.id for r in result.results) == sorted([a.id, b.id])
    # Asked-for properties are kept, the lookup value is added to them.
    titled = client.batch_read(["a", "b"], id_property="ext_id", properties=["hs_timestamp"])
    assert titled.ok and all(r.properties.get("hs_timestamp") for r in titled.results)


def test_batch_read_with_a_repeated_missing_value_fails_each_of_its_inputs_once(
    client: HubSpotMeetings,
) -> None:
    client.create({"hs_timestamp": TS, "ext_id": "a"})
    result = client.batch_read(["a", "gone", "gone"], id_property="ext_id")
    assert result.status == "PARTIAL"
    assert result.failed_indexes == [1, 2]
    assert len(result.errors) == 1 and result.errors[0].category == "OBJECT_NOT_FOUND"
    assert [r.properties["ext_id"] for r in result.results] == ["a"]


# --- an unknown keyword names the public method, not an internal function --------------------


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda c: c.get("1", propertys=["x"]), "get()"),
        (lambda c: c.create({}, dedupe=True), "create()"),
        (lambda c: c.batch_create([], chunksize=5), "batch_create()"),
        (lambda c: c.search_all(sort=["x"]), "search_all()"),
        (lambda c: c.list_all(pagesize=5), "list_all()"),
    ],
)
def test_an_unknown_keyword_names_the_public_method(
    emu: Emulator, client: HubSpotMeetings, call: Callable[[HubSpotMeetings], Any], name: str
) -> None:
    with pytest.raises(TypeError) as info:
        call(client)
    message = str(info.value)
    assert name in message and "unexpected keyword" in message
    qualified = message.split("(")[0]
    assert not any(part.startswith("_") for part in qualified.split(".")), message
    assert emu.requests == []


def test_an_unknown_constructor_keyword_names_the_class_the_caller_wrote() -> None:
    with pytest.raises(TypeError, match=r"^HubSpotMeetings\.__init__\(\) got an unexpected"):
        HubSpotMeetings(auth=BearerToken(TOKEN), retries=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"^AsyncHubSpotMeetings\.__init__\(\) got an unexp"):
        AsyncHubSpotMeetings(auth=BearerToken(TOKEN), retries=3)  # type: ignore[call-arg]


# --- a closed client refuses before sending -------------------------------------------------


def test_calls_after_close_raise_a_typed_error_and_send_nothing(emu: Emulator) -> None:
    client = client_for(emu)
    client.close()
    for call in (
        lambda: client.get("1"),
        lambda: client.create({"hs_timestamp": TS}),
        lambda: client.batch_create([{"properties": {"hs_timestamp": TS}}]),
        lambda: client.batch_read(["1"]),
        lambda: list(client.list_all()),
        lambda: list(client.search_all()),
    ):
        with pytest.raises(ClientClosedError, match="HubSpotMeetings is closed: nothing was sent"):
            call()
    assert emu.requests == []
    assert issubclass(ClientClosedError, HubSpotError)


@pytest.mark.anyio
async def test_async_calls_after_close_raise_a_typed_error(emu: Emulator) -> None:
    client = AsyncHubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport())
    await client.aclose()
    with pytest.raises(ClientClosedError):
        await client.get("1")
    with pytest.raises(ClientClosedError):
        await client.batch_create([{"properties": {"hs_timestamp": TS}}])
    assert emu.requests == []


# --- settings that could only fail later fail at construction --------------------------------


@pytest.mark.parametrize("agent", ["café", "tab\there", "bell\x07"])
def test_a_user_agent_that_cannot_be_sent_is_refused_at_construction(agent: str) -> None:
    with pytest.raises(ConfigurationError, match="user_agent"):
        HubSpotMeetings(auth=BearerToken(TOKEN), user_agent=agent)


@pytest.mark.parametrize(
    "url", ["not a url", "ftp://example.com/token", "https://", "oauth/v1/token", "   "]
)
def test_a_refresh_url_that_is_neither_url_nor_path_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="refresh_url"):
        OAuth2RefreshToken("id", "secret", "refresh", refresh_url=url)


@pytest.mark.parametrize("url", ["https://api.hubapi.com/oauth/v1/token", "/oauth/v1/token"])
def test_refresh_urls_and_paths_are_accepted(url: str) -> None:
    auth = OAuth2RefreshToken("id", "secret", "refresh", refresh_url=url)
    assert isinstance(auth, OAuth2RefreshToken)


@pytest.mark.parametrize("margin", [math.nan, math.inf, -1.0, True, "60"])
def test_a_refresh_margin_that_is_not_a_finite_number_is_refused(margin: object) -> None:
    with pytest.raises(ConfigurationError, match="refresh_margin"):
        OAuth2RefreshToken("id", "secret", "refresh", refresh_margin=margin)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_an_unknown_keyword_on_the_async_client_names_the_public_method(
    emu: Emulator,
) -> None:
    async with AsyncHubSpotMeetings(auth=BearerToken(TOKEN), transport=emu.transport()) as c:
        with pytest.raises(TypeError, match=r"^AsyncObjectClient\.get\(\) got an unexpected"):
            await c.get("1", propertys=["x"])  # type: ignore[call-arg]
        with pytest.raises(TypeError, match=r"^AsyncObjectClient\.search_all\(\) got an unexp"):
            c.search_all(sort=["x"])  # type: ignore[call-arg]
    assert emu.requests == []
