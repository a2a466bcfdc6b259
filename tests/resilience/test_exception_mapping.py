"""Every exception the libraries under the client can raise reaches the caller typed, and one rule
decides whether the request is resent or left in doubt.

The classes are found by introspection (httpx, httpcore, h2, anyio, ssl, asyncio, the OSError
family sockets raise, RuntimeError as a closed loop raises it), so a class added by a later
release is covered without touching this file. A stand-in for httpx's own transport raises each
one while sending, and again while the answer's body is read, under a read and a create; what
the caller then sees is checked against what the failure can mean:

- the connection never carried the request (httpx's connect and pool failures): resent, even a
  create;
- refused on this side and refused again if resent (a malformed request, an unusable proxy or
  scheme, a certificate that fails verification): not resent, a plain transport error;
- anything else may have reached the server: a read is resent, a create is in doubt
  (`UnknownOutcomeError`, never resent); once the answer has begun, always this.
"""

from __future__ import annotations

import asyncio
import builtins
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import ModuleType
from typing import Any, Literal

import anyio
import h2.exceptions
import httpcore
import httpx
import pytest

from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BearerToken,
    HubSpotError,
    HubSpotMeetings,
    ResponseValidationError,
    RetryConfig,
    TransportError,
    UnknownOutcomeError,
)
from hubspot_meetings._transports.policy import exception_outcome

Stage = Literal["send", "body"]
Meaning = Literal["not_sent", "refused", "in_doubt", "undecodable"]

LIBRARIES: tuple[ModuleType, ...] = (httpx, httpcore, h2.exceptions, anyio, ssl, asyncio, builtins)
NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
REFUSED_HERE = (
    httpx.LocalProtocolError,
    httpx.UnsupportedProtocol,
    httpx.ProxyError,
    ssl.SSLCertVerificationError,
)
TS = "2024-01-01T00:00:00Z"


def _classes(module: ModuleType) -> set[type[Exception]]:
    found = [getattr(module, name) for name in dir(module)]
    exceptions = {c for c in found if isinstance(c, type) and issubclass(c, Exception)}
    if module is builtins:
        # Sockets raise the OSError family; a closed event loop raises RuntimeError.
        return {c for c in exceptions if issubclass(c, OSError | RuntimeError)}
    return exceptions


CLASSES = sorted(
    set().union(*(_classes(m) for m in LIBRARIES)), key=lambda c: f"{c.__module__}.{c.__name__}"
)


def make(cls: type[Exception]) -> Exception:
    """An instance, built the way the library does where its constructor needs more."""
    if issubclass(cls, RuntimeError) and cls.__module__ == "builtins":
        return cls("Event loop is closed")
    for args in (("boom",), (), (1, 2), ("boom", 1)):
        try:
            return cls(*args)
        except Exception:
            continue
    exc = cls.__new__(cls)
    Exception.__init__(exc, "boom")
    return exc


def meaning(exc: Exception, stage: Stage) -> Meaning:
    if isinstance(exc, httpx.DecodingError):
        return "undecodable"
    if stage == "body":
        return "in_doubt"  # the answer began: the request was delivered
    if isinstance(exc, NEVER_SENT):
        return "not_sent"
    if isinstance(exc, REFUSED_HERE):
        return "refused"
    return "in_doubt"


class Raiser:
    """Raises a fresh instance of one class at the chosen stage and counts the attempts."""

    def __init__(self) -> None:
        self.cls: type[Exception] = Exception
        self.stage: Stage = "send"
        self.attempts = 0

    def arm(self, cls: type[Exception], stage: Stage) -> None:
        self.cls, self.stage, self.attempts = cls, stage, 0

    def answer(self, stream: Any) -> httpx.Response:
        self.attempts += 1
        if self.stage == "send":
            raise make(self.cls)
        return httpx.Response(200, headers={"Content-Type": "application/json"}, stream=stream)


class SyncStandIn(httpx.HTTPTransport):
    def __init__(self, raiser: Raiser) -> None:
        super().__init__(verify=False)
        self.raiser = raiser

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.raiser.answer(SyncCutBody(self.raiser.cls))


class AsyncStandIn(httpx.AsyncHTTPTransport):
    def __init__(self, raiser: Raiser) -> None:
        super().__init__(verify=False)
        self.raiser = raiser

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return self.raiser.answer(AsyncCutBody(self.raiser.cls))


class SyncCutBody(httpx.SyncByteStream):
    def __init__(self, cls: type[Exception]) -> None:
        self.cls = cls

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"id": "1", "proper'
        raise make(self.cls)


class AsyncCutBody(httpx.AsyncByteStream):
    def __init__(self, cls: type[Exception]) -> None:
        self.cls = cls

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"id": "1", "proper'
        raise make(self.cls)


def settings(transport: httpx.BaseTransport | httpx.AsyncBaseTransport) -> dict[str, Any]:
    return {
        "transport": transport,
        "auth": BearerToken("pat-emulator-token"),
        "retry": RetryConfig(count=1, jitter=0.0),
        "pacing": None,
        "_clock": FakeClock(),
    }


def check(
    exc: Exception, stage: Stage, op: str, raised: BaseException | None, raiser: Raiser
) -> None:
    where = f"{type(exc).__module__}.{type(exc).__name__} while {stage}, {op}"
    assert isinstance(raised, HubSpotError), f"{where}: the caller got {raised!r}"
    want = meaning(exc, stage)
    if want == "undecodable":
        expected = UnknownOutcomeError if op == "create" else ResponseValidationError
        assert type(raised) is expected and raiser.attempts == 1, f"{where}: {raised!r}"
    elif want == "in_doubt" and op == "create":
        assert isinstance(raised, UnknownOutcomeError), f"{where}: {raised!r}"
        assert raised.inputs == {"properties": {"hs_timestamp": TS}}, where
        assert raiser.attempts == 1, f"{where}: a write in doubt was resent"
    else:
        assert isinstance(raised, TransportError), f"{where}: {raised!r}"
        assert not isinstance(raised, UnknownOutcomeError), f"{where}: {raised!r}"
        resent = want != "refused"
        assert raiser.attempts == (2 if resent else 1), f"{where}: {raiser.attempts} attempts"


STAGES: tuple[Stage, ...] = ("send", "body")
OPS = ("get", "create")


def caught(call: Callable[[], object]) -> BaseException | None:
    try:
        call()
    except BaseException as exc:
        return exc
    return None


async def acaught(call: Callable[[], Awaitable[object]]) -> BaseException | None:
    try:
        await call()
    except BaseException as exc:
        return exc
    return None


IDS = [f"{c.__module__}.{c.__name__}" for c in CLASSES]


def test_the_enumeration_finds_what_the_layers_below_raise() -> None:
    # A guard against an introspection that silently finds nothing.
    names = set(IDS)
    for expected in (
        "httpx.ReadError",
        "httpcore.RemoteProtocolError",
        "h2.exceptions.TooManyStreamsError",
        "anyio.EndOfStream",
        "anyio.BrokenResourceError",
        "ssl.SSLEOFError",
        "ssl.SSLCertVerificationError",
        "asyncio.exceptions.InvalidStateError",
        "builtins.ConnectionResetError",
        "builtins.RuntimeError",
    ):
        assert expected in names, expected


@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
def test_sync_client_types_every_library_exception(cls: type[Exception]) -> None:
    raiser = Raiser()
    with HubSpotMeetings(**settings(SyncStandIn(raiser))) as client:
        calls = {
            "get": lambda: client.get("1"),
            "create": lambda: client.create({"hs_timestamp": TS}),
        }
        for stage in STAGES:
            for op in OPS:
                raiser.arm(cls, stage)
                check(make(cls), stage, op, caught(calls[op]), raiser)


@pytest.mark.anyio
@pytest.mark.parametrize("cls", CLASSES, ids=IDS)
async def test_async_client_types_every_library_exception(cls: type[Exception]) -> None:
    raiser = Raiser()
    async with AsyncHubSpotMeetings(**settings(AsyncStandIn(raiser))) as client:
        calls = {
            "get": lambda: client.get("1"),
            "create": lambda: client.create({"hs_timestamp": TS}),
        }
        for stage in STAGES:
            for op in OPS:
                raiser.arm(cls, stage)
                check(make(cls), stage, op, await acaught(calls[op]), raiser)


def _as_httpcore_raises(inner: Exception) -> httpx.LocalProtocolError:
    """httpcore raises LocalProtocolError(h2 error) while handling it; httpx maps that."""
    try:
        try:
            raise inner
        except Exception as exc:
            raise httpcore.LocalProtocolError(exc) from None
    except httpcore.LocalProtocolError as core:
        try:
            raise httpx.LocalProtocolError(str(core)) from core
        except httpx.LocalProtocolError as mapped:
            return mapped


def test_a_stream_refused_by_h2_was_not_sent_other_h2_errors_are_in_doubt() -> None:
    too_many = _as_httpcore_raises(h2.exceptions.TooManyStreamsError("Max outbound streams"))
    closed = _as_httpcore_raises(h2.exceptions.StreamClosedError(5))
    assert exception_outcome(too_many) == "not_sent"
    assert exception_outcome(closed) == "unknown"
    assert exception_outcome(httpx.LocalProtocolError("Illegal header value")) == "fatal"


@pytest.mark.anyio
async def test_cancellation_from_below_is_not_swallowed() -> None:
    raiser = Raiser()
    raiser.arm(asyncio.CancelledError, "send")  # type: ignore[arg-type]
    async with AsyncHubSpotMeetings(**settings(AsyncStandIn(raiser))) as client:
        with pytest.raises(asyncio.CancelledError):
            await client.get("1")
