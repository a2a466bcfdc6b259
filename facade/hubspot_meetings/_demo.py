"""`make demo`: walk every Meetings operation with the Ballerina connector's sample data.

Runs against the in-process emulator, or against real HubSpot when HUBSPOT_ACCESS_TOKEN is
set (then HUBSPOT_DEMO_CONTACT_ID adds the contact association and HUBSPOT_DEMO_UNIQUE_PROPERTY
names a unique meeting property for the upsert; without them those parts are skipped).
On the emulator the demo creates the contact it links to through the API first, and ends with
what the seed leaves to its caller and with meetings in context (a contact and a deal, meetings
logged with them, the deal's meetings, links made and removed).
Prints one line per step and a summary; exits 1 if any step failed.
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from collections.abc import Callable, Mapping
from typing import Any, TextIO

from hubspot_emulator import Emulator, EmulatorConfig, Fault, FaultMatch

from ._auth import BearerToken
from ._config import RetryConfig
from ._exceptions import (
    HubSpotError,
    RequestValidationError,
    UnknownOutcomeError,
    raise_for_response,
)
from ._meetings import AssociationType, HubSpotMeetings, MeetingOutcome

__all__ = ["main"]

UNIQUE_PROPERTY = "demo_external_id"
KICKOFF = {
    "hs_timestamp": "2026-03-20T10:00:00.000Z",
    "hs_meeting_title": "Project Kickoff",
    "hs_meeting_body": "Discuss project scope and deliverables",
    "hs_meeting_start_time": "2026-03-20T10:00:00.000Z",
    "hs_meeting_end_time": "2026-03-20T11:00:00.000Z",
    "hs_meeting_location": "Conference Room A",
    "hs_meeting_outcome": "SCHEDULED",
}
BATCH = [
    {
        "hs_timestamp": "2026-03-21T14:00:00.000Z",
        "hs_meeting_title": "Sprint Planning",
        "hs_meeting_start_time": "2026-03-21T14:00:00.000Z",
        "hs_meeting_end_time": "2026-03-21T15:00:00.000Z",
    },
    {
        "hs_timestamp": "2026-03-22T09:00:00.000Z",
        "hs_meeting_title": "Design Review",
        "hs_meeting_start_time": "2026-03-22T09:00:00.000Z",
        "hs_meeting_end_time": "2026-03-22T10:00:00.000Z",
    },
]
DEMO_CONTACT = {"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"}
CONTEXT_CONTACT = {"email": "grace@example.com", "firstname": "Grace", "lastname": "Hopper"}
DEMO_DEAL = {"dealname": "Analytical Engine No. 2", "dealstage": "appointmentscheduled"}


def _association(contact_id: str) -> list[dict[str, Any]]:
    return [{"to": {"id": contact_id}, "types": [AssociationType.MEETING_TO_CONTACT]}]


def create_record(client: HubSpotMeetings, object_type: str, properties: dict[str, str]) -> str:
    """Create a contact, company, deal or ticket through HubSpot's CRM object API, over the
    meetings client's own connection (its auth, retries and pacing), and return its id."""
    response = client.http_client.post(
        f"/crm/v3/objects/{object_type}", json={"properties": properties}
    )
    raise_for_response(response)
    record_id: str = response.json()["id"]
    return record_id


class _Walk:
    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.ok = 0
        self.failed = 0
        self.skipped = 0

    def step(self, name: str, action: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = action()
        except HubSpotError as exc:
            self.failed += 1
            self.out.write(f"[FAILED] {name:<13} {type(exc).__name__}: {exc}\n")
            return
        ms = (time.perf_counter() - started) * 1000
        self.ok += 1
        self.out.write(f"[ok]     {name:<13} {detail} ({ms:.1f} ms)\n")

    def skip(self, name: str, why: str) -> None:
        self.skipped += 1
        self.out.write(f"[skip]   {name:<13} {why}\n")


class _SeedWalk:
    """The seed connector's operations, one step each, on one client; later steps use the
    records earlier ones made (`state`)."""

    def __init__(
        self, client: HubSpotMeetings, *, contact_id: str | None, unique_property: str | None
    ) -> None:
        self.client = client
        self.contact_id = contact_id
        self.unique_property = unique_property
        self.state: dict[str, Any] = {}

    def contact(self) -> str:
        self.contact_id = create_record(self.client, "contacts", DEMO_CONTACT)
        return f"id={self.contact_id} email={DEMO_CONTACT['email']!r} (linked to by create)"

    def create(self) -> str:
        assoc = _association(self.contact_id) if self.contact_id else None
        m = self.client.create(KICKOFF, associations=assoc)
        self.state["id"] = m.id
        linked = f" -> contact {self.contact_id}" if self.contact_id else ""
        return f"id={m.id} title={m.properties.get('hs_meeting_title')!r}{linked}"

    def get(self) -> str:
        m = self.client.get(
            self.state["id"],
            properties=["hs_meeting_title", "hs_meeting_start_time"],
            associations=["contacts"],
        )
        contacts = [a.get("id") for a in m.associations.get("contacts", [])]
        return f"id={m.id} start={m.properties.get('hs_meeting_start_time')} contacts={contacts}"

    def update(self) -> str:
        m = self.client.update(
            self.state["id"],
            {"hs_meeting_title": "Updated Project Kickoff", "hs_meeting_location": "Virtual: Zoom"},
        )
        props = m.properties
        return (
            f"title={props.get('hs_meeting_title')!r} location={props.get('hs_meeting_location')!r}"
        )

    def list_page(self) -> str:
        page = self.client.list(limit=10, properties=["hs_meeting_title", "hs_meeting_start_time"])
        return f"{len(page.results)} meetings, next_after={page.next_after}"

    def batch_create(self) -> str:
        r = self.client.batch_create({"properties": p} for p in BATCH)
        self.state["batch_ids"] = [m.id for m in r.results]
        return f"status={r.status} created={self.state['batch_ids']}"

    def batch_read(self) -> str:
        r = self.client.batch_read(
            self.state["batch_ids"], properties=["hs_meeting_title", "hs_meeting_start_time"]
        )
        titles = [m.properties.get("hs_meeting_title") for m in r.results]
        return f"status={r.status} titles={titles}"

    def batch_update(self) -> str:
        first, second = self.state["batch_ids"]
        r = self.client.batch_update(
            [
                {"id": first, "properties": {"hs_meeting_title": "Updated Sprint Planning"}},
                {"id": second, "properties": {"hs_meeting_outcome": "COMPLETED"}},
            ]
        )
        return f"status={r.status} updated={len(r.results)}"

    def batch_upsert(self) -> str:
        assert self.unique_property is not None
        r = self.client.batch_upsert(
            [
                {
                    "id": "demo-upsert-1",
                    "properties": {
                        "hs_timestamp": "2026-03-25T10:00:00.000Z",
                        "hs_meeting_title": "Upserted Meeting",
                        "hs_meeting_start_time": "2026-03-25T10:00:00.000Z",
                        "hs_meeting_end_time": "2026-03-25T11:00:00.000Z",
                    },
                }
            ],
            id_property=self.unique_property,
        )
        self.state["upserted"] = [m.id for m in r.results]
        return f"status={r.status} new={[m.new for m in r.results]}"

    def search(self) -> str:
        page = self.client.search(
            filter_groups=[
                {
                    "filters": [
                        {
                            "propertyName": "hs_meeting_title",
                            "operator": "CONTAINS_TOKEN",
                            "value": "Kickoff",
                        }
                    ]
                }
            ],
            properties=["hs_meeting_title", "hs_meeting_start_time", "hs_meeting_outcome"],
            limit=5,
        )
        titles = [m.properties.get("hs_meeting_title") for m in page.results]
        return f"total={page.total} titles={titles}"

    def batch_archive(self) -> str:
        ids = self.state["batch_ids"] + self.state.get("upserted", [])
        r = self.client.batch_archive(ids)
        return f"status={r.status} archived={len(r.results)}"

    def archive(self) -> str:
        self.client.archive(self.state["id"])
        return f"id={self.state['id']}"


def walk(
    client: HubSpotMeetings,
    out: TextIO,
    *,
    contact_id: str | None,
    unique_property: str | None,
    create_contact: bool = False,
) -> _Walk:
    w = _Walk(out)
    seed = _SeedWalk(client, contact_id=contact_id, unique_property=unique_property)
    if create_contact:
        w.step("contact", seed.contact)
    for name, step in [
        ("create", seed.create),
        ("get", seed.get),
        ("update", seed.update),
        ("list", seed.list_page),
        ("batch_create", seed.batch_create),
        ("batch_read", seed.batch_read),
        ("batch_update", seed.batch_update),
    ]:
        w.step(name, step)
    if unique_property:
        w.step("batch_upsert", seed.batch_upsert)
    else:
        w.skip("batch_upsert", "set HUBSPOT_DEMO_UNIQUE_PROPERTY to a unique meeting property")
    w.step("search", seed.search)
    w.step("batch_archive", seed.batch_archive)
    w.step("archive", seed.archive)
    return w


def beyond_the_seed(emu: Emulator, out: TextIO) -> _Walk:
    """What the Ballerina connector leaves to its caller, shown on the emulator."""
    w = _Walk(out)
    client = HubSpotMeetings(
        auth=BearerToken(emu.token),
        transport=emu.transport(),
        retry=RetryConfig(interval=0.05, jitter=0.0),
    )
    rows = [
        {
            "properties": {
                "hs_timestamp": "2026-04-01T09:00:00.000Z",
                "hs_meeting_title": f"1:1 #{i}",
            }
        }
        for i in range(250)
    ]

    def chunked_batch() -> str:
        before = len(emu.requests)
        r = client.batch_create(iter(rows))
        return f"250 inputs -> {len(emu.requests) - before} requests, {len(r.results)} created"

    def lazy_list() -> str:
        pages = sum(1 for _ in client.iter_pages(page_size=100))
        count = sum(1 for _ in client.list_all(properties=["hs_meeting_title"]))
        return f"{count} meetings in {pages} pages, one page in memory at a time"

    def search_everything() -> str:
        found = client.search_all(query="1:1", properties=["hs_meeting_title"])
        return f"{sum(1 for _ in found)} matches, every page fetched"

    def transient_failure() -> str:
        emu.faults.script(Fault.status(503), match=FaultMatch(method="GET"), times=2)
        before = len(emu.requests)
        page = client.list(limit=1)
        attempts = len(emu.requests) - before
        return f"two 503s retried, answered on attempt {attempts} ({len(page.results)} result)"

    def lost_response() -> str:
        emu.faults.script(Fault.ambiguous(), match=FaultMatch(method="POST"), times=1)
        try:
            client.create({"hs_timestamp": "2026-04-02T09:00:00.000Z", "hs_meeting_title": "Once"})
        except UnknownOutcomeError as exc:
            stored = sum(
                1
                for m in emu.store("meetings").all()
                if m["properties"].get("hs_meeting_title") == "Once"
            )
            sent: Any = exc.inputs
            title = sent["properties"]["hs_meeting_title"]
            kind = type(exc).__name__
            return f"lost response not resent: {kind}(inputs: {title!r}); stored {stored}x"
        raise AssertionError("the ambiguous write was not reported")

    def bad_input() -> str:
        try:
            client.batch_create([{"properties": {"hs_timestamp": "yesterday"}}])
        except RequestValidationError as exc:
            return f"refused before sending: {exc}"
        raise AssertionError("a malformed hs_timestamp was sent")

    with client:
        w.step("batch_create*", chunked_batch)
        w.step("list_all", lazy_list)
        w.step("search_all", search_everything)
        w.step("retry", transient_failure)
        w.step("unknown", lost_response)
        w.step("validation", bad_input)
    return w


class _ContextWalk:
    """Meetings in context, one step each: a contact and a deal, meetings logged with them,
    the deal's meetings, links made and removed; later steps use what earlier ones made."""

    MONDAY = datetime.datetime(2026, 3, 16, 9, 0, tzinfo=datetime.UTC)

    def __init__(self, client: HubSpotMeetings) -> None:
        self.client = client
        self.contact = self.deal = self.logged = ""
        self.week: list[str] = []

    def records(self) -> str:
        self.contact = create_record(self.client, "contacts", CONTEXT_CONTACT)
        self.deal = create_record(self.client, "deals", DEMO_DEAL)
        return f"contact {self.contact}, deal {self.deal} (created through the API)"

    def log(self) -> str:
        meeting = self.client.create_meeting(
            title="Discovery call",
            start=self.MONDAY,
            end=self.MONDAY + datetime.timedelta(minutes=30),
            outcome=MeetingOutcome.COMPLETED,
            associate={"contacts": [self.contact], "deals": [self.deal]},
        )
        self.logged = meeting.id
        return (
            f"id={meeting.id} {meeting.title!r} {meeting.start_time:%a %H:%M} "
            f"outcome={meeting.outcome} -> contact {self.contact}, deal {self.deal}"
        )

    def batch_log(self) -> str:
        days = [self.MONDAY + datetime.timedelta(days=d, hours=5) for d in (1, 2, 3)]
        result = self.client.batch_create(
            {
                "properties": {"hs_timestamp": day, "hs_meeting_title": f"Follow-up {day:%a}"},
                "associate": {"deals": [self.deal]},
            }
            for day in days
        )
        self.week = [m.id for m in result.results]
        return f"status={result.status} {len(self.week)} meetings -> deal {self.deal}"

    def for_deal(self) -> str:
        meetings = list(self.client.meetings_for("deals", self.deal))
        titles = [m.title for m in meetings]
        return f"{len(meetings)} meetings of deal {self.deal}: {titles}"

    def link(self) -> str:
        result = self.client.batch_associate((m, "contacts", self.contact) for m in self.week)
        return f"status={result.status} linked {len(result.results)} follow-ups to the contact"

    def for_many(self) -> str:
        found = self.client.meetings_for_many("contacts", [self.contact])
        return f"contact {self.contact}: {len(found[self.contact])} meetings"

    def unlink(self) -> str:
        self.client.unassociate(self.logged, "deals", self.deal)
        left = sum(1 for _ in self.client.associations(self.logged, "deals"))
        return f"meeting {self.logged} unlinked from deal {self.deal} ({left} deals left)"

    def search(self) -> str:
        linked = [{"propertyName": "associations.deal", "operator": "EQ", "value": self.deal}]
        found = self.client.search_all(
            filter_groups=[{"filters": linked}], properties=["hs_meeting_title"]
        )
        return f"{sum(1 for _ in found)} meetings found by associations.deal"


def in_context(client: HubSpotMeetings, out: TextIO) -> _Walk:
    w = _Walk(out)
    ctx = _ContextWalk(client)
    for name, step in [
        ("records", ctx.records),
        ("log", ctx.log),
        ("batch_log", ctx.batch_log),
        ("for_deal", ctx.for_deal),
        ("link", ctx.link),
        ("for_many", ctx.for_many),
        ("unlink", ctx.unlink),
        ("search_deal", ctx.search),
    ]:
        w.step(name, step)
    return w


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    out = sys.stdout
    started = time.perf_counter()
    if env.get("HUBSPOT_ACCESS_TOKEN"):
        target = "HubSpot (HUBSPOT_ACCESS_TOKEN)"
        client = HubSpotMeetings.from_env(env)
        contact_id = env.get("HUBSPOT_DEMO_CONTACT_ID") or None
        unique_property = env.get("HUBSPOT_DEMO_UNIQUE_PROPERTY") or None
        emu = None
    else:
        target = "the in-process emulator"
        emu = Emulator(
            EmulatorConfig(custom_properties={"meetings": {UNIQUE_PROPERTY: {"unique": True}}})
        )
        client = HubSpotMeetings(auth=BearerToken(emu.token), transport=emu.transport())
        contact_id = None
        unique_property = UNIQUE_PROPERTY
    out.write(f"hubspot-meetings demo against {target}\n")
    with client:
        w = walk(
            client,
            out,
            contact_id=contact_id,
            unique_property=unique_property,
            create_contact=emu is not None,
        )
        ok, failed, skipped = w.ok, w.failed, w.skipped
        if emu is not None:
            out.write("beyond the seed's operations:\n")
            extra = beyond_the_seed(emu, out)
            out.write("meetings in context:\n")
            context = in_context(client, out)
            ok, failed = ok + extra.ok + context.ok, failed + extra.failed + context.failed
    elapsed = time.perf_counter() - started
    out.write(
        f"{ok + failed} steps: {ok} ok, {failed} failed, {skipped} skipped; "
        f"elapsed {elapsed:.2f} s\n"
    )
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
