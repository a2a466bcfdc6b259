"""HubSpotMeetings / AsyncHubSpotMeetings: the meetings surface over the generic object client.

Everything meetings-specific lives here: the generated package bound as "meetings", what
HubSpot requires of a meeting (an `hs_timestamp` on create, date-valued time properties), the
typed record (`Meeting`, `MeetingOutcome`) and input (`MeetingProperties`), HubSpot's
association types between meetings and other records (`AssociationType`), and the meetings
names of the generic association reads (`meetings_for`, `meetings_for_many`).
"""

from __future__ import annotations

import datetime
import enum
import os
import ssl
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping, Sequence
from typing import Any, Final, Literal, Self

import attrs
import httpx
from typing_extensions import TypedDict

from ._auth import auth_from_env
from ._client import (
    AsyncObjectClient,
    AsyncRawOperations,
    ClientT,
    ObjectClient,
    RawOperations,
    TransportT,
    _BaseClient,
    araw_call,
    araw_pages,
    call_options,
    public_client,
    raw_call,
    raw_pages,
)
from ._config import (
    DEFAULT_BASE_URL,
    DEFAULT_DEADLINE,
    DEFAULT_MAX_CONCURRENCY,
    DEFAULT_PACING,
    DEFAULT_RETRY,
    DEFAULT_TIMEOUT,
    CertTypes,
    CircuitBreakerConfig,
    Clock,
    Compression,
    PacingConfig,
    RetryConfig,
)
from ._exceptions import RequestValidationError, ResponseValidationError
from ._generated import ObjectBinding, bind
from ._plan.checks import PropertyRule
from ._types import AssociateTo, AssociationSpec, CrmObject

__all__ = [
    "MEETING_ASSOCIATION_TYPES",
    "MEETING_PROPERTIES",
    "MEETING_RULES",
    "AssociationType",
    "AsyncHubSpotMeetings",
    "AsyncMeetingsRawOperations",
    "HubSpotMeetings",
    "Meeting",
    "MeetingOutcome",
    "MeetingProperties",
    "MeetingsRawOperations",
    "meetings_binding",
]

# hs_timestamp is the one property HubSpot requires, and the meetings guide has it default to
# hs_meeting_start_time; the times accept ISO-8601 or epoch ms.
MEETING_RULES: tuple[PropertyRule, ...] = (
    PropertyRule(
        "hs_timestamp",
        required_on_create=True,
        kind="datetime",
        defaults_to="hs_meeting_start_time",
    ),
    PropertyRule("hs_meeting_start_time", kind="datetime"),
    PropertyRule("hs_meeting_end_time", kind="datetime"),
)


class AssociationType:
    """HubSpot's association types between meetings and other records, both directions
    (HUBSPOT_DEFINED; the associate-records guide's "Meeting to object" table). Each is an
    `AssociationSpec`, accepted wherever the clients take an association type:
    `client.associate(meeting_id, "contacts", "101", label=AssociationType.MEETING_TO_CONTACT)`.
    A type used against its direction (CONTACT_TO_MEETING to link a meeting to a contact) is
    refused before anything is sent."""

    MEETING_TO_CONTACT: Final = AssociationSpec(200, from_type="meetings", to_type="contacts")
    CONTACT_TO_MEETING: Final = AssociationSpec(199, from_type="contacts", to_type="meetings")
    MEETING_TO_COMPANY: Final = AssociationSpec(188, from_type="meetings", to_type="companies")
    COMPANY_TO_MEETING: Final = AssociationSpec(187, from_type="companies", to_type="meetings")
    MEETING_TO_DEAL: Final = AssociationSpec(212, from_type="meetings", to_type="deals")
    DEAL_TO_MEETING: Final = AssociationSpec(211, from_type="deals", to_type="meetings")
    MEETING_TO_TICKET: Final = AssociationSpec(226, from_type="meetings", to_type="tickets")
    TICKET_TO_MEETING: Final = AssociationSpec(225, from_type="tickets", to_type="meetings")
    MEETING_TO_LEAD: Final = AssociationSpec(601, from_type="meetings", to_type="leads")
    LEAD_TO_MEETING: Final = AssociationSpec(600, from_type="leads", to_type="meetings")
    MEETING_TO_ORDER: Final = AssociationSpec(769, from_type="meetings", to_type="orders")
    ORDER_TO_MEETING: Final = AssociationSpec(768, from_type="orders", to_type="meetings")
    MEETING_TO_APPOINTMENT: Final = AssociationSpec(
        919, from_type="meetings", to_type="appointments"
    )
    APPOINTMENT_TO_MEETING: Final = AssociationSpec(
        918, from_type="appointments", to_type="meetings"
    )
    MEETING_TO_COURSE: Final = AssociationSpec(873, from_type="meetings", to_type="courses")
    COURSE_TO_MEETING: Final = AssociationSpec(872, from_type="courses", to_type="meetings")
    MEETING_TO_LISTING: Final = AssociationSpec(897, from_type="meetings", to_type="listings")
    LISTING_TO_MEETING: Final = AssociationSpec(896, from_type="listings", to_type="meetings")
    MEETING_TO_SERVICE: Final = AssociationSpec(839, from_type="meetings", to_type="services")
    SERVICE_TO_MEETING: Final = AssociationSpec(838, from_type="services", to_type="meetings")


# What `associate={"contacts": [...]}` means on a meeting: its default type to each object.
MEETING_ASSOCIATION_TYPES: Mapping[str, AssociationSpec] = {
    spec.to_type: spec
    for name, spec in vars(AssociationType).items()
    if name.startswith("MEETING_TO_") and spec.to_type is not None
}


class MeetingOutcome(enum.StrEnum):
    """HubSpot's meeting outcomes (`hs_meeting_outcome`). An account may add its own: those
    read as plain strings."""

    SCHEDULED = "SCHEDULED"
    COMPLETED = "COMPLETED"
    RESCHEDULED = "RESCHEDULED"
    NO_SHOW = "NO_SHOW"
    CANCELED = "CANCELED"


_OUTCOMES = {outcome.value: outcome for outcome in MeetingOutcome}
# A date-time property HubSpot sends as epoch milliseconds rather than ISO-8601.
_EPOCH_DIGITS = 11


class MeetingProperties(TypedDict, total=False, extra_items=Any):  # type: ignore[call-arg]
    """A meeting's properties as `create`, `update` and the batch inputs take them: every
    property HubSpot documents for meetings, with its type, so an editor completes the names;
    other keys are custom properties. `datetime` values (with a timezone) are sent in
    HubSpot's form, `2026-03-20T10:00:00.000Z`.

    (Type checkers that do not read PEP 728's `extra_items` yet, mypy among them, want custom
    properties added to the dict rather than written in it: `{**props, "my_prop": "x"}`.)
    """

    hs_timestamp: datetime.datetime | str | int
    hs_meeting_title: str
    hs_meeting_body: str
    hs_internal_meeting_notes: str
    hs_meeting_location: str
    hs_meeting_external_url: str
    hs_meeting_start_time: datetime.datetime | str | int
    hs_meeting_end_time: datetime.datetime | str | int
    hs_meeting_outcome: MeetingOutcome | str
    hubspot_owner_id: str | int
    hs_activity_type: str
    hs_attachment_ids: str


def _time(record: CrmObject, name: str) -> datetime.datetime | None:
    """A date-time property, timezone-aware: HubSpot sends ISO-8601 (UTC); epoch milliseconds,
    as a property may have been written, read too."""
    value = record.properties.get(name)
    if not value:
        return None
    text = value.strip()
    try:
        if text.isdigit() and len(text) >= _EPOCH_DIGITS:
            return datetime.datetime.fromtimestamp(int(text) / 1000, datetime.UTC)
        parsed = datetime.datetime.fromisoformat(text)
    except (ValueError, OverflowError, OSError):
        raise ResponseValidationError(
            f"properties.{name}", f"expected an ISO-8601 date-time, got {value!r}"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


@attrs.frozen
class Meeting(CrmObject):
    """A meeting: a `CrmObject` (`id`, `properties`, `raw` unchanged) with typed, read-only
    accessors for the properties HubSpot documents. Each is converted from `properties` when
    read (None when the property is absent or empty); a property not read from HubSpot is
    absent, so ask for it with `properties=` (`meetings_for` asks for all of them)."""

    @property
    def title(self) -> str | None:
        """`hs_meeting_title`."""
        return self.properties.get("hs_meeting_title") or None

    @property
    def body(self) -> str | None:
        """`hs_meeting_body`: the description (HubSpot may return it as HTML)."""
        return self.properties.get("hs_meeting_body") or None

    @property
    def internal_notes(self) -> str | None:
        """`hs_internal_meeting_notes`: notes not shown to attendees."""
        return self.properties.get("hs_internal_meeting_notes") or None

    @property
    def location(self) -> str | None:
        """`hs_meeting_location`: an address, a room, a video link or a phone number."""
        return self.properties.get("hs_meeting_location") or None

    @property
    def external_url(self) -> str | None:
        """`hs_meeting_external_url`: the meeting in Google or Outlook calendar."""
        return self.properties.get("hs_meeting_external_url") or None

    @property
    def start_time(self) -> datetime.datetime | None:
        """`hs_meeting_start_time`."""
        return _time(self, "hs_meeting_start_time")

    @property
    def end_time(self) -> datetime.datetime | None:
        """`hs_meeting_end_time`."""
        return _time(self, "hs_meeting_end_time")

    @property
    def timestamp(self) -> datetime.datetime | None:
        """`hs_timestamp`: when the meeting took place (where it sits on the timeline)."""
        return _time(self, "hs_timestamp")

    @property
    def outcome(self) -> MeetingOutcome | str | None:
        """`hs_meeting_outcome`: a `MeetingOutcome`, or the account's own value as a string."""
        value = self.properties.get("hs_meeting_outcome")
        if not value:
            return None
        return _OUTCOMES.get(value, value)

    @property
    def owner_id(self) -> str | None:
        """`hubspot_owner_id`: the HubSpot user shown as the meeting's creator."""
        return self.properties.get("hubspot_owner_id") or None


# The properties the `Meeting` accessors read: what `meetings_for` asks for by default.
MEETING_PROPERTIES: tuple[str, ...] = (
    "hs_meeting_title",
    "hs_meeting_body",
    "hs_internal_meeting_notes",
    "hs_meeting_location",
    "hs_meeting_external_url",
    "hs_meeting_start_time",
    "hs_meeting_end_time",
    "hs_timestamp",
    "hs_meeting_outcome",
    "hubspot_owner_id",
)


def _meeting_properties(
    *,
    title: object,
    start: object,
    end: object,
    outcome: object,
    owner_id: object,
    body: object,
    location: object,
    internal_notes: object,
    external_url: object,
    properties: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """`create_meeting`'s arguments as meeting properties; the ones only it takes are checked
    here, where the error can name them."""
    if not isinstance(title, str) or not title.strip():
        raise RequestValidationError("title", f"expected a non-empty title, got {title!r}")
    for name, value in (("start", start), ("end", end)):
        if value is None and name == "end":
            continue
        if not isinstance(value, datetime.datetime) or value.tzinfo is None:
            raise RequestValidationError(
                name, f"expected a datetime with a timezone, got {value!r}"
            )
    if isinstance(end, datetime.datetime) and isinstance(start, datetime.datetime) and end < start:
        raise RequestValidationError("end", f"the meeting ends ({end}) before it starts ({start})")
    given = {
        "hs_meeting_title": title,
        # HubSpot files the meeting on the timeline at hs_timestamp: its start.
        "hs_timestamp": start,
        "hs_meeting_start_time": start,
        "hs_meeting_end_time": end,
        "hs_meeting_outcome": outcome,
        "hubspot_owner_id": owner_id,
        "hs_meeting_body": body,
        "hs_meeting_location": location,
        "hs_internal_meeting_notes": internal_notes,
        "hs_meeting_external_url": external_url,
    }
    return {**(properties or {}), **{k: v for k, v in given.items() if v is not None}}


_binding: ObjectBinding | None = None


def meetings_binding() -> ObjectBinding:
    global _binding
    if _binding is None:
        _binding = bind("meetings")
    return _binding


class _MeetingsClient(_BaseClient[ClientT, TransportT, Meeting]):
    """The meetings constructor and `from_env`, written once for the sync and async clients."""

    _record_cls = Meeting
    _default_association_types = MEETING_ASSOCIATION_TYPES

    def __init__(
        self,
        *,
        auth: httpx.Auth | None = None,
        base_url: str = DEFAULT_BASE_URL,
        http_version: Literal["1.1", "2"] = "2",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float | None = DEFAULT_DEADLINE,
        retry: RetryConfig | None = DEFAULT_RETRY,
        circuit_breaker: CircuitBreakerConfig | None = None,
        pacing: PacingConfig | None = DEFAULT_PACING,
        verify: bool | str | ssl.SSLContext = True,
        cert: CertTypes | None = None,
        proxy: str | httpx.Proxy | None = None,
        compression: Compression = "auto",
        user_agent: str | None = None,
        limits: httpx.Limits | None = None,
        transport: TransportT | None = None,
        api_version: str | None = None,
        trust_env: bool = True,
        http_client: ClientT | None = None,
        validation: bool = True,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        rules: Sequence[PropertyRule] = MEETING_RULES,
        _clock: Clock | None = None,
    ) -> None:
        super().__init__(
            meetings_binding(),
            auth=auth,
            base_url=base_url,
            http_version=http_version,
            timeout=timeout,
            deadline=deadline,
            retry=retry,
            circuit_breaker=circuit_breaker,
            pacing=pacing,
            verify=verify,
            cert=cert,
            proxy=proxy,
            compression=compression,
            user_agent=user_agent,
            limits=limits,
            transport=transport,
            api_version=api_version,
            trust_env=trust_env,
            http_client=http_client,
            validation=validation,
            max_concurrency=max_concurrency,
            rules=rules,
            _clock=_clock,
        )

    @classmethod
    def from_env(
        cls,
        env: Mapping[str, str] | None = None,
        *,
        auth: httpx.Auth | None = None,
        base_url: str | None = None,
        http_version: Literal["1.1", "2"] = "2",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        deadline: float | None = DEFAULT_DEADLINE,
        retry: RetryConfig | None = DEFAULT_RETRY,
        circuit_breaker: CircuitBreakerConfig | None = None,
        pacing: PacingConfig | None = DEFAULT_PACING,
        verify: bool | str | ssl.SSLContext = True,
        cert: CertTypes | None = None,
        proxy: str | httpx.Proxy | None = None,
        compression: Compression = "auto",
        user_agent: str | None = None,
        limits: httpx.Limits | None = None,
        transport: TransportT | None = None,
        api_version: str | None = None,
        trust_env: bool = True,
        http_client: ClientT | None = None,
        validation: bool = True,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        rules: Sequence[PropertyRule] = MEETING_RULES,
        _clock: Clock | None = None,
    ) -> Self:
        """A client configured from the environment: credentials from `auth_from_env` unless
        `auth` is given, `base_url` from HUBSPOT_BASE_URL unless given; every other setting
        as for the constructor."""
        env = os.environ if env is None else env
        if auth is None:
            auth = auth_from_env(env)
        if base_url is None:
            base_url = env.get("HUBSPOT_BASE_URL", "").strip() or DEFAULT_BASE_URL
        return cls(
            auth=auth,
            base_url=base_url,
            http_version=http_version,
            timeout=timeout,
            deadline=deadline,
            retry=retry,
            circuit_breaker=circuit_breaker,
            pacing=pacing,
            verify=verify,
            cert=cert,
            proxy=proxy,
            compression=compression,
            user_agent=user_agent,
            limits=limits,
            transport=transport,
            api_version=api_version,
            trust_env=trust_env,
            http_client=http_client,
            validation=validation,
            max_concurrency=max_concurrency,
            rules=rules,
            _clock=_clock,
        )


@public_client
class HubSpotMeetings(_MeetingsClient[httpx.Client, httpx.BaseTransport], ObjectClient[Meeting]):
    """The HubSpot CRM Meetings v3 client (sync). Use as a context manager, or call `close()`.

    Parameters
    ----------
    {settings}
    rules:
        What a meeting requires of its properties (`MEETING_RULES`: an `hs_timestamp` on
        create unless `hs_meeting_start_time` stands in for it, date-valued times).
    """

    @property
    def with_raw_response(self) -> MeetingsRawOperations:
        """Every operation, returning a `RawResponse` (status, headers, correlation id, rate
        limit) whose `parse()` gives what the operation returns (a `Meeting` where the
        operation returns one)."""
        return MeetingsRawOperations(self)

    @call_options
    def create_meeting(
        self,
        *,
        title: str,
        start: datetime.datetime,
        end: datetime.datetime | None = None,
        outcome: MeetingOutcome | str | None = None,
        owner_id: str | int | None = None,
        body: str | None = None,
        location: str | None = None,
        internal_notes: str | None = None,
        external_url: str | None = None,
        associate: AssociateTo | None = None,
        properties: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Meeting:
        """Log a meeting without knowing HubSpot's property names or association type ids:
        `start` (a timezone-aware datetime) also files it on the timeline (`hs_timestamp`);
        `associate` links it to records by object type, `{"contacts": ["101"]}`; `properties`
        adds any other (custom) property."""
        props = _meeting_properties(
            title=title,
            start=start,
            end=end,
            outcome=outcome,
            owner_id=owner_id,
            body=body,
            location=location,
            internal_notes=internal_notes,
            external_url=external_url,
            properties=properties,
        )
        return self.create(
            props, associate=associate, headers=headers, timeout=timeout, deadline=deadline
        )

    @call_options
    def meetings_for(
        self,
        object_type: str,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Iterator[Meeting]:
        """Every meeting linked to one record (a contact, company, deal or ticket;
        `object_type` as HubSpot names it: "deals", "deal" or "0-3"), lazily, in the order of
        the links: 500 links per request, those meetings read in batches of 100. `properties`
        to read (default: every one the `Meeting` accessors read). The options apply to each
        request (a page of links, a batch read of meetings)."""
        return self._linked(
            object_type,
            object_id,
            MEETING_PROPERTIES if properties is None else properties,
            self._call_options(headers, timeout, deadline),
        )

    @call_options
    def meetings_for_many(
        self,
        object_type: str,
        ids: Iterable[str],
        *,
        properties: Iterable[str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> dict[str, list[Meeting]]:
        """The meetings linked to each of many records of one type, as `{record id:
        [meetings]}`: every id given, in the order given, with an empty list for a record
        without meetings. Links are read for 1,000 records per request; a meeting linked to
        several of the records is read once and listed under each."""
        return self._linked_many(
            object_type,
            ids,
            MEETING_PROPERTIES if properties is None else properties,
            self._extra(headers, timeout, deadline),
        )


@public_client
class AsyncHubSpotMeetings(
    _MeetingsClient[httpx.AsyncClient, httpx.AsyncBaseTransport], AsyncObjectClient[Meeting]
):
    """The asyncio twin of `HubSpotMeetings`: the same settings, methods are coroutines,
    `async with` closes it.

    Parameters
    ----------
    {settings}
    rules:
        What a meeting requires of its properties (`MEETING_RULES`).
    """

    @property
    def with_raw_response(self) -> AsyncMeetingsRawOperations:
        """Every operation, returning a `RawResponse` (status, headers, correlation id, rate
        limit) whose `parse()` gives what the operation returns (a `Meeting` where the
        operation returns one)."""
        return AsyncMeetingsRawOperations(self)

    @call_options
    async def create_meeting(
        self,
        *,
        title: str,
        start: datetime.datetime,
        end: datetime.datetime | None = None,
        outcome: MeetingOutcome | str | None = None,
        owner_id: str | int | None = None,
        body: str | None = None,
        location: str | None = None,
        internal_notes: str | None = None,
        external_url: str | None = None,
        associate: AssociateTo | None = None,
        properties: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> Meeting:
        """Log a meeting without knowing HubSpot's property names or association type ids:
        `start` (a timezone-aware datetime) also files it on the timeline (`hs_timestamp`);
        `associate` links it to records by object type, `{"contacts": ["101"]}`; `properties`
        adds any other (custom) property."""
        props = _meeting_properties(
            title=title,
            start=start,
            end=end,
            outcome=outcome,
            owner_id=owner_id,
            body=body,
            location=location,
            internal_notes=internal_notes,
            external_url=external_url,
            properties=properties,
        )
        return await self.create(
            props, associate=associate, headers=headers, timeout=timeout, deadline=deadline
        )

    @call_options
    def meetings_for(
        self,
        object_type: str,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> AsyncIterator[Meeting]:
        """Every meeting linked to one record (a contact, company, deal or ticket;
        `object_type` as HubSpot names it: "deals", "deal" or "0-3"), lazily, in the order of
        the links: 500 links per request, those meetings read in batches of 100. `properties`
        to read (default: every one the `Meeting` accessors read). The options apply to each
        request (a page of links, a batch read of meetings)."""
        return self._linked(
            object_type,
            object_id,
            MEETING_PROPERTIES if properties is None else properties,
            self._call_options(headers, timeout, deadline),
        )

    @call_options
    async def meetings_for_many(
        self,
        object_type: str,
        ids: Iterable[str],
        *,
        properties: Iterable[str] | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
    ) -> dict[str, list[Meeting]]:
        """The meetings linked to each of many records of one type, as `{record id:
        [meetings]}`: every id given, in the order given, with an empty list for a record
        without meetings. Links are read for 1,000 records per request; a meeting linked to
        several of the records is read once and listed under each."""
        return await self._linked_many(
            object_type,
            ids,
            MEETING_PROPERTIES if properties is None else properties,
            self._extra(headers, timeout, deadline),
        )


class MeetingsRawOperations(RawOperations):
    """`HubSpotMeetings.with_raw_response`: every operation of the object client, and the
    meetings ones (`create_meeting`, `meetings_for`, `meetings_for_many`), each returning a
    `RawResponse`; `meetings_for` yields one per request (a page of links, a batch read)."""

    __slots__ = ()
    client: HubSpotMeetings

    create_meeting = raw_call(HubSpotMeetings.create_meeting)
    meetings_for = raw_pages(HubSpotMeetings.meetings_for, object)
    meetings_for_many = raw_call(HubSpotMeetings.meetings_for_many)


class AsyncMeetingsRawOperations(AsyncRawOperations):
    """`AsyncHubSpotMeetings.with_raw_response`: the async `MeetingsRawOperations`."""

    __slots__ = ()
    client: AsyncHubSpotMeetings

    create_meeting = araw_call(AsyncHubSpotMeetings.create_meeting)
    meetings_for = araw_pages(AsyncHubSpotMeetings.meetings_for, object)
    meetings_for_many = araw_call(AsyncHubSpotMeetings.meetings_for_many)
