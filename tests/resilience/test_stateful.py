"""A stateful property-based test: random sequences of operations and faults, end to end.

Hypothesis drives the public client (sync and async, HTTP/1.1 and HTTP/2 over TLS) against the
emulator over a real socket: creates (plain and with `dedupe_on`), batch creates, updates,
archives, reads, `search_all` and `list_all`, interleaved with the emulator's faults (5xx, 429,
dropped connections, answers lost after the change was applied). After every step the
emulator's store must hold exactly what the client reported: a record reported done exists
once with the reported id, a reported failure left nothing behind, an unknown outcome left at
most one record; reads yield every record known to exist once; every exception is typed.

`make test` runs a few short examples per variant; `make soak` picks the "soak" profile
(HUBSPOT_HYPOTHESIS_PROFILE=soak) for many more, longer ones.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import ssl
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
import trustme
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch
from hubspot_emulator.testing import FakeClock
from hubspot_meetings import (
    AsyncHubSpotMeetings,
    BatchResult,
    BearerToken,
    CrmObject,
    HubSpotError,
    HubSpotMeetings,
    RetryConfig,
    UnknownOutcomeError,
)

# (examples, steps each): a few seconds in `make test`; minutes in `make soak`.
for name, examples, steps in (("default", 3, 8), ("soak", 150, 40)):
    settings.register_profile(
        name,
        max_examples=examples,
        stateful_step_count=steps,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
PROFILE = settings.get_profile(os.environ.get("HUBSPOT_HYPOTHESIS_PROFILE", "default"))

TS = "2026-03-01T09:00:00.000Z"
KEY = "ext_id"  # the unique property creates with dedupe_on are keyed on
# Each scripted fault fires at most twice: within the client's three retries, so the faults
# test what a retry may and may not do, not what giving up looks like.
FAULTS = st.sampled_from(
    [
        Fault.status(500),
        Fault.status(502),
        Fault.status(503),
        Fault.status(504),
        Fault.rate_limit("TEN_SECONDLY_ROLLING"),
        Fault.drop(),
        Fault.ambiguous(),
    ]
)
WHERE = st.sampled_from(
    [
        FaultMatch(),
        FaultMatch(method="POST"),
        FaultMatch(method="GET"),
        FaultMatch(path="/batch/"),
        FaultMatch(path="/search"),
    ]
)


@attrs.frozen
class Variant:
    name: str
    use_async: bool
    http2: bool


VARIANTS = [
    Variant("sync-http1.1", use_async=False, http2=False),
    Variant("async-http1.1", use_async=True, http2=False),
    Variant("sync-h2-tls", use_async=False, http2=True),
    Variant("async-h2-tls", use_async=True, http2=True),
]


@attrs.define
class Served:
    emu: Emulator
    clock: FakeClock
    url: str
    verify: ssl.SSLContext | bool


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, ssl.SSLContext]:
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    tmp = tmp_path_factory.mktemp("stateful-tls")
    certfile, keyfile = tmp / "cert.pem", tmp / "key.pem"
    cert.private_key_pem.write_to_path(str(keyfile))
    for i, pem in enumerate(cert.cert_chain_pems):
        pem.write_to_path(str(certfile), append=i > 0)
    context = ssl.create_default_context()
    ca.configure_trust(context)
    return str(certfile), str(keyfile), context


@pytest.fixture(scope="module", params=[False, True], ids=["http1.1", "h2-tls"])
def served(
    request: pytest.FixtureRequest, certificate: tuple[str, str, ssl.SSLContext]
) -> Iterator[Served]:
    clock = FakeClock()
    emu = Emulator(
        EmulatorConfig(
            rate_limits_enabled=False, custom_properties={"meetings": {KEY: {"unique": True}}}
        ),
        clock=clock,
    )
    certfile, keyfile, context = certificate
    if request.param:
        with emu.serve(certfile=certfile, keyfile=keyfile) as handle:
            yield Served(emu, clock, handle.url, context)
    else:
        with emu.serve() as handle:
            yield Served(emu, clock, handle.url, False)


# --- what the client reported ------------------------------------------------------------------


@attrs.define
class Model:
    """Per title: reported done (with its id), failed, or unknown; per id: what is known."""

    done: dict[str, str] = attrs.field(factory=dict)
    failed: set[str] = attrs.field(factory=set)
    unknown: set[str] = attrs.field(factory=set)
    archived: set[str] = attrs.field(factory=set)  # ids reported archived
    unsure: set[str] = attrs.field(factory=set)  # ids whose archive or update is in doubt
    body: dict[str, str] = attrs.field(factory=dict)  # id -> last body reported written

    def titles(self) -> set[str]:
        return set(self.done) | self.failed | self.unknown

    def live(self) -> set[str]:
        """Ids that must exist and be active."""
        return set(self.done.values()) - self.archived - self.unsure


class Machine(RuleBasedStateMachine):
    served: Served
    variant: Variant

    records = Bundle("records")

    def __init__(self) -> None:
        super().__init__()
        self.emu = self.served.emu
        self.emu.reset()
        self.emu.faults.clear()
        self.model = Model()
        self.names = itertools.count()
        self.loop = asyncio.new_event_loop() if self.variant.use_async else None
        kwargs: dict[str, Any] = {
            "auth": BearerToken(self.emu.token),
            "base_url": self.served.url,
            "verify": self.served.verify,
            "http_version": "2" if self.variant.http2 else "1.1",
            "timeout": 5.0,
            "pacing": None,
            # Waits move the fake clock shared with the emulator: no real sleeping.
            "retry": RetryConfig(jitter=0.0),
            "max_concurrency": 2,
            "_clock": self.served.clock,
        }
        self.client: Any = (
            AsyncHubSpotMeetings(**kwargs) if self.variant.use_async else HubSpotMeetings(**kwargs)
        )

    def teardown(self) -> None:
        if self.loop is not None:
            self.loop.run_until_complete(self.client.aclose())
            self.loop.close()
        else:
            self.client.close()
        self.emu.faults.clear()

    # --- calling the client, sync or async, and insisting on typed errors ---------------------

    def call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """The client's answer, or the HubSpotError it raised (anything else fails the test)."""
        try:
            result = getattr(self.client, method)(*args, **kwargs)
            if self.loop is not None:
                return self.loop.run_until_complete(result)
            return result
        except HubSpotError as exc:
            return exc

    def collect(self, method: str, **kwargs: Any) -> tuple[list[CrmObject], HubSpotError | None]:
        items: list[CrmObject] = []
        iterator = getattr(self.client, method)(**kwargs)
        try:
            if self.loop is None:
                items.extend(iterator)
            else:

                async def drain() -> None:
                    async for item in iterator:
                        items.append(item)

                self.loop.run_until_complete(drain())
        except HubSpotError as exc:
            return items, exc
        return items, None

    def title(self) -> str:
        return f"t{next(self.names)}"

    def props(self, title: str, dedupe: bool) -> dict[str, str]:
        props = {"hs_timestamp": TS, "hs_meeting_title": title}
        if dedupe:
            props[KEY] = f"k-{title}"
        return props

    def settle(self, title: str, outcome: CrmObject | HubSpotError, dedupe: bool) -> str | None:
        if isinstance(outcome, CrmObject):
            assert outcome.properties.get("hs_meeting_title") == title
            if dedupe:
                assert outcome.new is True, f"{title} was created by this call: {outcome!r}"
            self.model.done[title] = outcome.id
            return outcome.id
        if isinstance(outcome, UnknownOutcomeError):
            # With dedupe_on only once the retries ran out (faults may stack): safe to resend.
            self.model.unknown.add(title)
        else:
            self.model.failed.add(title)
        return None

    # --- faults ----------------------------------------------------------------------------

    @rule(fault=FAULTS, where=WHERE, times=st.integers(1, 2))
    def inject(self, fault: Fault, where: FaultMatch, times: int) -> None:
        self.emu.faults.script(fault, where, times=times)

    # --- writes ----------------------------------------------------------------------------

    @rule(target=records, dedupe=st.booleans())
    def create(self, dedupe: bool) -> Any:
        title = self.title()
        outcome = self.call("create", self.props(title, dedupe), dedupe_on=KEY if dedupe else None)
        made = self.settle(title, outcome, dedupe)
        return made if made is not None else consumes(self.records)

    @rule(count=st.integers(1, 4), dedupe=st.booleans())
    def batch_create(self, count: int, dedupe: bool) -> None:
        titles = [self.title() for _ in range(count)]
        inputs = [{"properties": self.props(t, dedupe)} for t in titles]
        result = self.call("batch_create", inputs, dedupe_on=KEY if dedupe else None)
        assert isinstance(result, BatchResult), f"batch calls report per input: {result!r}"
        assert result.total == count
        for obj in result.results:
            self.settle(str(obj.properties.get("hs_meeting_title")), obj, dedupe)
        for error in result.errors:
            assert isinstance(error.error, HubSpotError | dict), error
            for index in error.input_indexes:
                self.model.failed.add(titles[index])
        for index in result.unknown_indexes:
            self.model.unknown.add(titles[index])
        reported = set(self.model.titles()) & set(titles)
        assert reported == set(titles), "an input went unaccounted for"

    @rule(record=records, body=st.sampled_from(["a", "b", "c"]))
    def update(self, record: str, body: str) -> None:
        if record in self.model.archived or record in self.model.unsure:
            return
        outcome = self.call("update", record, {"hs_meeting_body": body})
        if isinstance(outcome, CrmObject):
            assert outcome.id == record
            self.model.body[record] = body
        else:
            self.model.unsure.add(record)

    @rule(record=consumes(records))
    def archive(self, record: str) -> None:
        outcome = self.call("archive", record)
        if isinstance(outcome, HubSpotError):
            self.model.unsure.add(record)
        else:
            self.model.archived.add(record)

    # --- reads -----------------------------------------------------------------------------

    @rule(record=records)
    def get(self, record: str) -> None:
        if record not in self.model.live():
            return
        outcome = self.call("get", record, properties=["hs_meeting_body"])
        if isinstance(outcome, CrmObject):
            assert outcome.id == record
            if record in self.model.body:
                assert outcome.properties.get("hs_meeting_body") == self.model.body[record]

    @rule(method=st.sampled_from(["search_all", "list_all"]), page_size=st.integers(1, 7))
    def read_all(self, method: str, page_size: int) -> None:
        items, error = self.collect(method, page_size=page_size)
        ids = [item.id for item in items]
        repeated = [i for i, n in Counter(ids).items() if n > 1]
        assert not repeated, f"{method} yielded twice: {repeated}"
        if error is None:
            missing = self.model.live() - set(ids)
            assert not missing, f"{method} missed records known to exist: {sorted(missing)}"

    # --- after every step: the store holds what the client reported --------------------------

    @invariant()
    def store_matches_reports(self) -> None:
        model = self.model
        records = self.emu.store("meetings").all(include_archived=True)
        by_title: dict[str, list[dict[str, Any]]] = {}
        for record in records:
            by_title.setdefault(record["properties"]["hs_meeting_title"], []).append(record)
        strangers = set(by_title) - model.titles()
        assert not strangers, f"records nobody asked for: {sorted(strangers)}"
        for title, found in by_title.items():
            assert len(found) == 1, f"{title} stored {len(found)} times"
        for title, object_id in model.done.items():
            assert title in by_title, f"{title} reported done, not stored"
            assert by_title[title][0]["id"] == object_id, f"{title}: reported id differs"
        for title in model.failed:
            assert title not in by_title, f"{title} reported failed, but stored"
        stored = {r["id"]: r for r in records}
        for object_id in model.archived - model.unsure:
            assert stored[object_id]["archived"], f"{object_id} reported archived"
        for object_id in model.live():
            assert not stored[object_id]["archived"], f"{object_id} archived unreported"
            if object_id in model.body:
                assert (
                    stored[object_id]["properties"].get("hs_meeting_body") == model.body[object_id]
                )


def machine_for(variant: Variant, served: Served) -> Callable[[], RuleBasedStateMachine]:
    machine = type(f"Machine_{variant.name}", (Machine,), {"variant": variant, "served": served})
    return machine


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_the_store_always_matches_what_the_client_reported(served: Served, use_async: bool) -> None:
    http2 = served.url.startswith("https")
    variant = next(v for v in VARIANTS if v.use_async == use_async and v.http2 == http2)
    run_state_machine_as_test(machine_for(variant, served), settings=PROFILE)
