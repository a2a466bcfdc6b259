"""The fault matrix: which faults, which operations, what the caller must end up believing.

Every case runs one operation (single creates, batch_create, batch_update, list_all, search_all,
and creates with `dedupe_on`, single and batch) through the public client against the emulator,
with one fault scripted mid-run. The run is
reduced to what the caller believes (`WriteOutcome` / `ReadOutcome`) and then checked against
the emulator's store: nothing lost, nothing duplicated, every failure typed and tied to its
inputs, no secret anywhere the caller or a log could show it.
"""

from __future__ import annotations

import json
import logging
import pickle
import secrets
import traceback
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args
from urllib.parse import parse_qs

import attrs
import httpx

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_emulator.transport import EmulatorTransport
from hubspot_meetings import (
    ApiKey,
    BatchError,
    BatchResult,
    BearerToken,
    CrmObject,
    HubSpotError,
    OAuth2RefreshToken,
    RateLimitError,
    ResponseValidationError,
    RetryConfig,
    UnknownOutcomeError,
)

Op = Literal[
    "create",
    "batch_create",
    "batch_update",
    "list_all",
    "search_all",
    "create_dedupe",
    "batch_create_dedupe",
]
OPS: tuple[Op, ...] = get_args(Op)
# Creates sent as upserts on a unique property: safe to resend, so no fault may leave one in
# doubt or make a duplicate.
DEDUPE_OPS = frozenset({"create_dedupe", "batch_create_dedupe"})
DEDUPE_PROPERTY = "ext_id"
WRITE_OPS = frozenset({"create", "batch_create", "batch_update"}) | DEDUPE_OPS
# Sending these twice lands in the same state, so the client may resend them after any fault.
IDEMPOTENT_OPS = frozenset({"batch_update", "list_all", "search_all"})

TS = "2024-01-01T00:00:00Z"
SINGLE_CREATES = 5
BULK = 250  # three chunks of at most 100
PAGE_SIZE = 100  # list_all and search_all: three pages of 250 records
TIMEOUT = 5.0
SLOW = 60.0  # beyond TIMEOUT: the emulator's answer arrives as httpx.ReadTimeout
OAUTH_TTL = 25.0
OAUTH_TICK = 10.0  # fake seconds each request takes: the token expires on the third one
CLIENT_ID = "emulator-client-id"

# The emulator's request path each operation hits, for scripting faults onto it alone.
OP_MATCH: dict[Op, FaultMatch] = {
    "create": FaultMatch(method="POST", path="/crm/v3/objects/meetings"),
    "batch_create": FaultMatch(method="POST", path="/batch/create"),
    "batch_update": FaultMatch(method="POST", path="/batch/update"),
    "list_all": FaultMatch(method="GET", path="/crm/v3/objects/meetings"),
    "search_all": FaultMatch(method="POST", path="/search"),
    "create_dedupe": FaultMatch(method="POST", path="/batch/upsert"),
    "batch_create_dedupe": FaultMatch(method="POST", path="/batch/upsert"),
}


@attrs.frozen
class FaultCase:
    """One row of the matrix. `fault` None means OAuth token expiry driven by the clock."""

    name: str
    fault: Fault | None
    times: int | None  # how often it fires once it starts (None: for the rest of the run)
    ops: tuple[Op, ...] = OPS

    @property
    def applied(self) -> bool:
        """Whether the faulted request's change reached the store."""
        return self.fault is not None and self.fault.applies_change


CASES: tuple[FaultCase, ...] = (
    FaultCase("429-ten-secondly", Fault.rate_limit("TEN_SECONDLY_ROLLING"), times=3),
    FaultCase("429-secondly-search", Fault.rate_limit("SECONDLY"), times=3, ops=("search_all",)),
    # The daily limit holds until midnight: every later request is refused too.
    FaultCase("429-daily", Fault.rate_limit("DAILY"), times=None),
    FaultCase("500", Fault.status(500), times=2),
    FaultCase("502", Fault.status(502), times=2),
    FaultCase("503", Fault.status(503), times=2),
    FaultCase("504", Fault.status(504), times=2),
    FaultCase("slow", Fault.slow(SLOW), times=2),
    FaultCase("drop", Fault.drop(), times=2),
    FaultCase("malformed-json", Fault.malformed_json(), times=1),
    FaultCase("truncated-json", Fault.truncated_json(), times=1),
    FaultCase("ambiguous", Fault.ambiguous(), times=2),
    FaultCase("cut-body", Fault.cut_body(), times=2),
    FaultCase("oauth-expiry", None, times=None),
)
MATRIX = [(case, op) for case in CASES for op in case.ops]
MATRIX_IDS = [f"{case.name}-{op}" for case, op in MATRIX]


@attrs.frozen
class Expect:
    """What the caller may see for one (case, op).

    `complete`: everything succeeded. Otherwise `failure` is the error type affected inputs
    must fail with (None: none may fail), `unknown` whether the fault must leave inputs in
    doubt (and none may be otherwise), and for reads `read_error` the one error type the
    iteration may stop with. `policy`: the rate-limit policy a RateLimitError must name.
    """

    complete: bool = False
    failure: type[HubSpotError] | None = None
    unknown: bool = False
    read_error: type[HubSpotError] | None = None
    policy: str | None = None


def expect(case: FaultCase, op: Op) -> Expect:
    fault = case.fault
    if fault is None or (fault.kind == "rate_limit" and fault.policy != "DAILY"):
        return Expect(complete=True)  # refreshed, or waited out: nothing was applied
    if fault.kind == "rate_limit":  # DAILY: not worth waiting for; nothing was applied
        return Expect(failure=RateLimitError, read_error=RateLimitError, policy="DAILY")
    if op in DEDUPE_OPS:
        # Resent until it went through, an unreadable answer included: never in doubt.
        return Expect(complete=True)
    if fault.kind in ("malformed_json", "truncated_json"):
        # A 2xx whose body cannot be read: a write was applied but its result is lost.
        if op in WRITE_OPS:
            return Expect(unknown=True)
        return Expect(read_error=ResponseValidationError)
    if op in IDEMPOTENT_OPS:
        return Expect(complete=True)  # resent until it went through
    return Expect(unknown=True)  # a create that may have been applied is never resent


# --- the emulator and the client settings for a case -----------------------------------------


class WireTap(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Sits between the client's stack and the emulator: records every credential that crossed
    the wire (so the tests know what must never be shown) and, with `tick`, lets each request
    take that many fake seconds (so tokens expire mid-run)."""

    def __init__(self, inner: EmulatorTransport, clock: FakeClock, tick: float = 0.0) -> None:
        self._inner = inner
        self._clock = clock
        self._tick = tick
        self.secrets: set[str] = set()
        self.statuses: list[int] = []

    def _before(self, request: httpx.Request) -> None:
        self._clock.advance(self._tick)
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            self.secrets.add(auth[7:])
        api_key = request.url.params.get("hapikey")
        if api_key:
            self.secrets.add(api_key)
        if request.url.path.startswith("/oauth/"):
            form = parse_qs(request.content.decode())
            for name in ("client_secret", "refresh_token"):
                self.secrets.update(form.get(name, []))

    def _after(self, request: httpx.Request, response: httpx.Response) -> None:
        self.statuses.append(response.status_code)
        if request.url.path.startswith("/oauth/") and response.status_code == 200:
            body = json.loads(response.content)
            for name in ("access_token", "refresh_token"):
                if isinstance(body.get(name), str):
                    self.secrets.add(body[name])

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self._before(request)
        response = self._inner.handle_request(request)
        response.read()
        self._after(request, response)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self._before(request)
        response = await self._inner.handle_async_request(request)
        await response.aread()
        self._after(request, response)
        return response


@attrs.define
class Scenario:
    emu: Emulator
    tap: WireTap
    client_kwargs: dict[str, Any]
    auth: Any
    seeded: list[str] = attrs.field(factory=list)  # ids of records that exist before the run
    refresh_token: str | None = None  # the OAuth refresh token the client starts with


def private_app_token() -> str:
    return f"pat-na1-{secrets.token_hex(8)}-{secrets.token_hex(4)}"


def scenario(case: FaultCase, op: Op, clock: FakeClock, *, auth_kind: str = "auto") -> Scenario:
    """The emulator (seeded for reads and updates, the fault scripted) and client settings.

    `auth_kind`: "auto" (OAuth for the expiry case, a private-app token otherwise), "oauth",
    "private_app" or "api_key".
    """
    if auth_kind == "auto":
        auth_kind = "oauth" if case.fault is None else "private_app"
    token = private_app_token()
    api_key = f"hak-{secrets.token_hex(12)}"
    client_secret = f"cs-{secrets.token_hex(16)}"
    emu = Emulator(
        EmulatorConfig(
            private_app_tokens={token},
            api_keys={api_key},
            oauth_clients={CLIENT_ID: client_secret},
            oauth_access_token_ttl=OAUTH_TTL,
            oauth_rotate_refresh_tokens=True,
            custom_properties={"meetings": {DEDUPE_PROPERTY: {"unique": True}}},
        ),
        clock=clock,
    )
    seeded: list[str] = []
    if op in ("batch_update", "list_all", "search_all"):
        seeded = emu.seed("meetings", [seed_props(i) for i in range(BULK)])
    tick = OAUTH_TICK if case.fault is None else 0.0
    tap = WireTap(emu.transport(), clock, tick=tick)
    auth: Any
    refresh_token = None
    if auth_kind == "oauth":
        refresh_token = emu.issue_refresh_token(CLIENT_ID)
        auth = OAuth2RefreshToken(
            CLIENT_ID, client_secret, refresh_token, refresh_margin=0.0, clock=clock
        )
        tap.secrets.update({client_secret, refresh_token})
    elif auth_kind == "api_key":
        auth = ApiKey(api_key)
        tap.secrets.add(api_key)
    else:
        auth = BearerToken(token)
        tap.secrets.add(token)
    if case.fault is not None:
        emu.faults.script(case.fault, OP_MATCH[op], times=case.times, after=1)
    kwargs: dict[str, Any] = {
        "auth": auth,
        "transport": tap,
        "timeout": TIMEOUT,
        "retry": RetryConfig(jitter=0.0),
        "_clock": clock,
    }
    if tick:
        # The tap makes each request take `tick` fake seconds, which models requests sent one
        # after another: chunks in flight together would add up their durations, and a token
        # refreshed by one thread could expire before the others used it (a flaky failure of
        # the harness, not of the client).
        kwargs["max_concurrency"] = 1
    return Scenario(emu, tap, kwargs, auth, seeded, refresh_token)


def seed_props(i: int) -> dict[str, str]:
    return {"hs_timestamp": TS, "hs_meeting_title": f"old-{i}"}


def create_props(title: str, *, dedupe: bool = False) -> dict[str, str]:
    props = {"hs_timestamp": TS, "hs_meeting_title": title}
    if dedupe:
        props[DEDUPE_PROPERTY] = f"ext-{title}"  # the caller's own id for the record
    return props


def create_titles(op: Op) -> list[str]:
    single = op in ("create", "create_dedupe")
    return [f"m-{i}" for i in range(SINGLE_CREATES if single else BULK)]


def update_inputs(ids: list[str]) -> list[dict[str, Any]]:
    return [{"id": i, "properties": {"hs_meeting_title": f"new-{n}"}} for n, i in enumerate(ids)]


# --- what the caller believes ----------------------------------------------------------------


@attrs.define
class WriteOutcome:
    """Per intended title: done (with the id the caller was given), failed, or unknown."""

    intended: list[str]
    done: dict[str, str] = attrs.field(factory=dict)
    not_new: list[str] = attrs.field(factory=list)  # done, but reported as found, not created
    failed: dict[str, HubSpotError] = attrs.field(factory=dict)
    unknown: dict[str, HubSpotError] = attrs.field(factory=dict)
    shown: list[object] = attrs.field(factory=list)  # everything the caller could print


@attrs.define
class ReadOutcome:
    ids: list[str] = attrs.field(factory=list)
    error: HubSpotError | None = None
    shown: list[object] = attrs.field(factory=list)


def title_of(item: Any) -> str:
    props = item.properties if isinstance(item, CrmObject) else item["properties"]
    title = props.get("hs_meeting_title")
    assert isinstance(title, str), f"no title in {item!r}"
    return title


def record_single(outcome: WriteOutcome, title: str, result: CrmObject | HubSpotError) -> None:
    if isinstance(result, CrmObject):
        assert title_of(result) == title
        outcome.done[title] = result.id
        if result.new is False:
            outcome.not_new.append(title)
        return
    outcome.shown.append(result)
    if isinstance(result, UnknownOutcomeError):
        # The caller must be handed exactly what was sent, to check and resend by hand.
        assert isinstance(result.inputs, Mapping), f"no inputs on {result!r}"
        assert title_of(result.inputs) == title
        outcome.unknown[title] = result
    else:
        outcome.failed[title] = result


def _check_batch_error(err: BatchError, sent: list[Any]) -> list[str]:
    assert isinstance(err.error, HubSpotError | dict), f"untyped batch error {err.error!r}"
    assert err.inputs, f"a batch error names no inputs: {err!r}"
    # The caller's own inputs, as given (not the sent bodies with trace ids added), and the
    # indexes say where they sit in the caller's list.
    assert err.inputs == [sent[i] for i in err.input_indexes]
    return [title_of(i) for i in err.inputs]


def record_batch(outcome: WriteOutcome, result: BatchResult[CrmObject], sent: list[Any]) -> None:
    """`sent`: a deep copy of the inputs taken before the call."""
    assert isinstance(result, BatchResult)
    outcome.shown.append(result)
    for obj in result.results:
        title = title_of(obj)
        assert title not in outcome.done, f"{title} reported twice"
        outcome.done[title] = obj.id
        if obj.new is False:
            outcome.not_new.append(title)
    for err in result.errors:
        assert isinstance(err.error, HubSpotError), f"whole-chunk failure expected: {err!r}"
        outcome.shown.append(err.error)
        for title in _check_batch_error(err, sent):
            outcome.failed[title] = err.error
    for err in result.unknown_errors:
        assert isinstance(err.error, UnknownOutcomeError | ResponseValidationError), err
        outcome.shown.append(err.error)
        for title in _check_batch_error(err, sent):
            outcome.unknown[title] = err.error
    assert sorted(map(title_of, result.unknown)) == sorted(outcome.unknown)
    assert result.total == len(outcome.intended)


def record_read(outcome: ReadOutcome, item: CrmObject) -> None:
    outcome.ids.append(item.id)


# --- checks against the store ----------------------------------------------------------------


def check_partition(outcome: WriteOutcome, want: Expect) -> None:
    done, failed, unknown = set(outcome.done), set(outcome.failed), set(outcome.unknown)
    assert not (done & failed or done & unknown or failed & unknown), "an input counted twice"
    assert done | failed | unknown == set(outcome.intended), "an input went unaccounted for"
    if want.complete:
        assert not failed and not unknown, f"failed={sorted(failed)} unknown={sorted(unknown)}"
        return
    if want.failure is None:
        assert not failed, {t: repr(e) for t, e in outcome.failed.items()}
    else:
        assert failed, "the fault made nothing fail"
        for title, err in outcome.failed.items():
            assert isinstance(err, want.failure), f"{title}: {err!r}"
            if want.policy is not None:
                assert getattr(err, "policy_name", None) == want.policy, f"{title}: {err!r}"
    if want.unknown:
        assert unknown, "the fault left nothing in doubt"
    else:
        assert not unknown, sorted(unknown)


def check_created(
    emu: Emulator,
    outcome: WriteOutcome,
    case: FaultCase,
    want: Expect,
    *,
    shared_connection: bool = False,
) -> None:
    """`shared_connection`: requests run concurrently on one HTTP/2 connection, so a fault that
    closes it leaves every request then in flight in doubt, applied or not."""
    records = emu.store("meetings").all()
    counts = Counter(r["properties"]["hs_meeting_title"] for r in records)
    duplicated = sorted(t for t, n in counts.items() if n > 1)
    assert not duplicated, f"created twice: {duplicated}"
    assert set(counts) <= set(outcome.intended), "the store holds meetings nobody asked for"
    ids = {r["properties"]["hs_meeting_title"]: r["id"] for r in records}
    for title, object_id in outcome.done.items():
        assert ids.get(title) == object_id, f"{title}: reported done as {object_id}, store {ids}"
    lost = [t for t in outcome.failed if t in counts]
    assert not lost, f"reported failed but created: {lost}"
    # Every record was made by this run: none may be reported as found (new=False), even
    # when the answer came to a resend of a request whose first answer was lost.
    assert not outcome.not_new, f"created by this run but reported not new: {outcome.not_new}"
    for title in outcome.unknown:
        # The emulator applied the faulted request exactly when the fault says so.
        allowed = {0, 1} if shared_connection else {1 if case.applied else 0}
        assert counts[title] in allowed, f"{title}: {counts[title]} copies"
    check_partition(outcome, want)


def check_updated(
    emu: Emulator, seeded: list[str], outcome: WriteOutcome, case: FaultCase, want: Expect
) -> None:
    store = emu.store("meetings")
    assert store.count() == len(seeded), "an update created or lost a record"
    for n, object_id in enumerate(seeded):
        record = store.get(object_id)
        assert record is not None, f"{object_id} lost"
        title = record["properties"]["hs_meeting_title"]
        new = f"new-{n}"
        if new in outcome.done:
            assert outcome.done[new] == object_id and title == new
        elif new in outcome.failed:
            assert title == f"old-{n}", f"{object_id}: reported failed but updated"
        else:
            assert title == (new if case.applied else f"old-{n}")
    check_partition(outcome, want)


def check_read(emu: Emulator, seeded: list[str], outcome: ReadOutcome, want: Expect) -> None:
    duplicated = sorted(i for i, n in Counter(outcome.ids).items() if n > 1)
    assert not duplicated, f"yielded twice: {duplicated}"
    assert set(outcome.ids) <= set(seeded)
    assert emu.store("meetings").count() == len(seeded), "a read changed the store"
    if outcome.error is None:
        assert sorted(outcome.ids) == sorted(seeded), "records went missing"
        return
    assert not want.complete, f"expected every record, got {outcome.error!r}"
    assert want.read_error is not None and isinstance(outcome.error, want.read_error), repr(
        outcome.error
    )
    if want.policy is not None:
        assert getattr(outcome.error, "policy_name", None) == want.policy, repr(outcome.error)


# --- secrets ---------------------------------------------------------------------------------


def _exception_texts(exc: BaseException) -> Iterable[str]:
    yield str(exc)
    yield repr(exc)
    yield "".join(traceback.format_exception(exc))
    yield pickle.dumps(exc).decode("latin-1")  # what crosses a process boundary
    yield from (repr(a) for a in exc.args)
    inputs = getattr(exc, "inputs", None)
    if inputs is not None:
        yield repr(inputs)


def shown_texts(shown: Iterable[object], client: object) -> list[str]:
    texts = [repr(client)]
    for item in shown:
        if isinstance(item, BaseException):
            texts.extend(_exception_texts(item))
        else:
            texts.append(repr(item))
            texts.append(str(item))
            texts.append(pickle.dumps(item).decode("latin-1"))
    return texts


def log_texts(records: Iterable[logging.LogRecord]) -> list[str]:
    texts = []
    for record in records:
        texts.append(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            texts.extend(_exception_texts(record.exc_info[1]))
    return texts


def check_no_secrets(
    tap: WireTap, texts: list[str], logs: list[str], *, auth: object = None, answered: bool = True
) -> None:
    """`answered`: whether any answer arrived (httpx logs a request only once it is answered;
    a fault that closes an HTTP/2 connection can leave every request on it unanswered)."""
    assert tap.secrets, "no credential crossed the wire: the check would be vacuous"
    if answered:
        assert any("HTTP Request" in line for line in logs), "httpx's request log was not captured"
    if auth is not None:
        texts = [*texts, repr(auth), str(auth)]
    for secret in tap.secrets:
        for line in logs:
            assert secret not in line, f"a secret leaked into a log line: {line[:200]!r}"
        for text in texts:
            assert secret not in text, f"a secret leaked into {text[:200]!r}"


def watch_logs(caplog: Any) -> None:
    caplog.set_level(logging.DEBUG, logger="hubspot_meetings")
    caplog.set_level(logging.DEBUG, logger="httpx")
