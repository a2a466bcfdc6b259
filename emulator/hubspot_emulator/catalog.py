"""What the emulated account knows about each object type: properties, defaults, associations.

Meetings follow their HubSpot guide (docs/hubspot-behaviour.md, "Meetings properties and
association types"); the other engagement types get the small property sets their HubSpot guides
document. Contacts, companies, deals and tickets (the records engagements link to) get the
properties, default returned properties and create rules of their HubSpot guides
(docs/hubspot-behaviour.md, "Associations and related objects"). Association type ids come from
association_types.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .association_types import object_type_id, object_type_name, types_from
from .association_types import singular as target_singular
from .config import EmulatorConfig

__all__ = [
    "DEFAULT_PROPERTIES",
    "ObjectType",
    "PropertyDef",
    "build_catalog",
    "target_singular",
    "target_type_name",
]

# An engagement's properties returned on every GET/list/search whatever the caller asks for.
DEFAULT_PROPERTIES: tuple[str, ...] = ("hs_createdate", "hs_lastmodifieddate", "hs_object_id")


@attrs.frozen
class PropertyDef:
    name: str
    type: str = "string"  # string | datetime | enumeration | number
    options: tuple[str, ...] = ()
    unique: bool = False
    read_only: bool = False


@attrs.frozen
class ObjectType:
    name: str  # plural, as in the path: "meetings"
    type_id: str  # "0-47"
    singular: str  # "meeting", used in association labels and messages
    properties: Mapping[str, PropertyDef]
    # association type id -> target object type (plural)
    association_types: Mapping[int, str]
    searchable: tuple[str, ...]
    # If hs_timestamp is missing on create it defaults to this property (meetings only).
    timestamp_fallback: str | None = None
    default_properties: tuple[str, ...] = DEFAULT_PROPERTIES
    # Contacts name these createdate/lastmodifieddate, companies/deals/tickets createdate.
    created_property: str = "hs_createdate"
    modified_property: str = "hs_lastmodifieddate"
    # Engagements need hs_timestamp; CRM records do not have it.
    requires_timestamp: bool = True
    # A create must set at least one of these (contacts: email, firstname or lastname).
    required_any: tuple[str, ...] = ()
    # Values a create gets when it leaves them out (the default deal or ticket pipeline).
    create_defaults: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def unique_properties(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.properties.values() if p.unique)

    def property_types(self) -> dict[str, str]:
        return {p.name: p.type for p in self.properties.values()}


def target_type_name(name: str) -> str | None:
    """The plural target name for an ``associations=`` query value, or None when unknown."""
    return object_type_name(name)


def _p(name: str, ptype: str = "string", options: tuple[str, ...] = ()) -> PropertyDef:
    return PropertyDef(name=name, type=ptype, options=options)


def _computed() -> list[PropertyDef]:
    """What HubSpot sets on writes (computed.py): read-only to callers."""
    # Imported here: computed.py builds on this module.
    from .computed import COMPUTED_PROPERTIES

    return [PropertyDef(name, ptype, read_only=True) for name, ptype in COMPUTED_PROPERTIES]


def _common() -> list[PropertyDef]:
    return [
        *_computed(),
        PropertyDef("hs_object_id", "number", read_only=True, unique=True),
        PropertyDef("hs_createdate", "datetime", read_only=True),
        PropertyDef("hs_lastmodifieddate", "datetime", read_only=True),
        _p("hs_timestamp", "datetime"),
        _p("hubspot_owner_id", "number"),
        _p("hubspot_team_id"),
        _p("hs_attachment_ids"),
        _p("hs_activity_type"),
        _p("hs_pinned_engagement_id", "number"),
        _p("hs_engagement_source"),
    ]


_MEETINGS = [
    _p("hs_meeting_title"),
    _p("hs_meeting_body"),
    _p("hs_internal_meeting_notes"),
    _p("hs_meeting_external_url"),
    _p("hs_meeting_location"),
    _p("hs_meeting_location_type"),
    _p("hs_meeting_source"),
    _p("hs_meeting_start_time", "datetime"),
    _p("hs_meeting_end_time", "datetime"),
    _p(
        "hs_meeting_outcome",
        "enumeration",
        ("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED"),
    ),
]
_CALLS = [
    _p("hs_call_title"),
    _p("hs_call_body"),
    _p("hs_call_duration", "number"),
    _p("hs_call_direction", "enumeration", ("INBOUND", "OUTBOUND")),
    _p("hs_call_disposition"),
    _p("hs_call_from_number"),
    _p("hs_call_to_number"),
    _p("hs_call_recording_url"),
    _p(
        "hs_call_status",
        "enumeration",
        (
            "BUSY",
            "CALLING_CRM_USER",
            "CANCELED",
            "COMPLETED",
            "CONNECTING",
            "FAILED",
            "IN_PROGRESS",
            "NO_ANSWER",
            "QUEUED",
            "RINGING",
        ),
    ),
]
_NOTES = [_p("hs_note_body")]
_TASKS = [
    _p("hs_task_subject"),
    _p("hs_task_body"),
    _p(
        "hs_task_status",
        "enumeration",
        ("NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"),
    ),
    _p("hs_task_priority", "enumeration", ("NONE", "LOW", "MEDIUM", "HIGH")),
    _p("hs_task_type", "enumeration", ("EMAIL", "CALL", "TODO", "LINKED_IN")),
    _p("hs_task_reminders", "datetime"),
]
_EMAILS = [
    _p("hs_email_subject"),
    _p("hs_email_text"),
    _p("hs_email_html"),
    _p("hs_email_headers"),
    _p("hs_email_direction", "enumeration", ("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL")),
    _p("hs_email_status", "enumeration", ("BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT")),
]

_ENGAGEMENTS: tuple[tuple[str, list[PropertyDef], tuple[str, ...]], ...] = (
    ("meetings", _MEETINGS, ("hs_meeting_title", "hs_meeting_body")),
    ("calls", _CALLS, ("hs_call_title", "hs_call_body")),
    ("notes", _NOTES, ("hs_note_body",)),
    ("tasks", _TASKS, ("hs_task_subject", "hs_task_body")),
    ("emails", _EMAILS, ("hs_email_subject", "hs_email_text")),
)


def _record_common(created: str, modified: str) -> list[PropertyDef]:
    return [
        *_computed(),
        PropertyDef("hs_object_id", "number", read_only=True, unique=True),
        PropertyDef(created, "datetime", read_only=True),
        PropertyDef(modified, "datetime", read_only=True),
        _p("hubspot_owner_id", "number"),
        _p("hs_pinned_engagement_id", "number"),
    ]


_ADDRESS = ("phone", "address", "city", "state", "country", "zip")
_CONTACTS = [
    PropertyDef("email", unique=True),
    *(
        _p(n)
        for n in (
            "firstname",
            "lastname",
            "mobilephone",
            "fax",
            "company",
            "website",
            "jobtitle",
            "lifecyclestage",
            "hs_lead_status",
            "hs_additional_emails",
            *_ADDRESS,
        )
    ),
]
_COMPANIES = [
    *(
        _p(n)
        for n in (
            "name",
            "domain",
            "website",
            "industry",
            "lifecyclestage",
            "description",
            "hs_additional_domains",
            *_ADDRESS,
        )
    ),
    _p("numberofemployees", "number"),
    _p("annualrevenue", "number"),
]
_DEALS = [
    _p("dealname"),
    _p("amount", "number"),
    _p("dealstage"),
    _p("pipeline"),
    _p("closedate", "datetime"),
    _p("dealtype"),
    _p("description"),
    _p("hs_all_collaborator_owner_ids"),
]
_TICKETS = [
    _p(n)
    for n in (
        "subject",
        "content",
        "hs_pipeline",
        "hs_pipeline_stage",
        "hs_ticket_category",
        "hs_ticket_priority",
        "source_type",
    )
]


def _records() -> list[ObjectType]:
    """The CRM records engagements link to; property names and defaults per their guides."""

    def make(
        name: str,
        specific: list[PropertyDef],
        modified: str,
        defaults: tuple[str, ...],
        searchable: tuple[str, ...],
        **rules: Any,
    ) -> ObjectType:
        common = _record_common("createdate", modified)
        return ObjectType(
            name=name,
            type_id=object_type_id(name),
            singular=target_singular(name),
            properties={p.name: p for p in (*common, *specific)},
            association_types=types_from(name),
            searchable=searchable,
            default_properties=tuple(sorted({*defaults, "createdate", modified, "hs_object_id"})),
            created_property="createdate",
            modified_property=modified,
            requires_timestamp=False,
            **rules,
        )

    return [
        make(
            "contacts",
            _CONTACTS,
            "lastmodifieddate",
            ("email", "firstname", "lastname"),
            (
                "firstname",
                "lastname",
                "email",
                "phone",
                "hs_additional_emails",
                "fax",
                "mobilephone",
                "company",
            ),
            required_any=("email", "firstname", "lastname"),
        ),
        make(
            "companies",
            _COMPANIES,
            "hs_lastmodifieddate",
            ("name", "domain"),
            ("website", "phone", "name", "domain"),
        ),
        make(
            "deals",
            _DEALS,
            "hs_lastmodifieddate",
            ("dealname", "amount", "closedate", "pipeline", "dealstage"),
            ("dealname", "pipeline", "dealstage", "description", "dealtype"),
            create_defaults={"pipeline": "default"},
        ),
        make(
            "tickets",
            _TICKETS,
            "hs_lastmodifieddate",
            (
                "content",
                "hs_pipeline",
                "hs_pipeline_stage",
                "hs_ticket_category",
                "hs_ticket_priority",
                "subject",
            ),
            ("subject", "content", "hs_pipeline_stage", "hs_ticket_category"),
            create_defaults={"hs_pipeline": "0"},
        ),
    ]


def _custom(name: str, spec: Mapping[str, Any]) -> PropertyDef:
    return PropertyDef(
        name=name,
        type=str(spec.get("type", "string")),
        options=tuple(str(o) for o in spec.get("options", ())),
        unique=bool(spec.get("unique", False)),
    )


def build_catalog(config: EmulatorConfig) -> dict[str, ObjectType]:
    """Object types by every accepted path spelling (plural, singular and object type id)."""
    engagements = [
        ObjectType(
            name=name,
            type_id=object_type_id(name),
            singular=target_singular(name),
            properties={p.name: p for p in (*_common(), *specific)},
            association_types=types_from(name),
            searchable=searchable,
            timestamp_fallback="hs_meeting_start_time" if name == "meetings" else None,
        )
        for name, specific, searchable in _ENGAGEMENTS
    ]
    catalog: dict[str, ObjectType] = {}
    for base in (*engagements, *_records()):
        props = dict(base.properties)
        for pname, spec in config.custom_properties.get(base.name, {}).items():
            props[pname] = _custom(pname, spec)
        otype = attrs.evolve(base, properties=props)
        for alias in (otype.name, otype.singular, otype.type_id):
            catalog[alias] = otype
    return catalog
