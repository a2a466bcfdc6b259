"""Creates that are safe to send twice: `create(dedupe_on=...)` / `batch_create(dedupe_on=...)`.

A plain create that may or may not have been applied (a timeout, a dropped connection, a lost
answer) can never be resent: the resend would make a second record. Sent instead as an upsert
keyed on a unique property whose value the caller chose (an id from its own system), the same
write lands in the same state however often it is sent: HubSpot creates the record the first
time and finds it every later time. So the request is retried like any idempotent one, and a
fault leaves nothing in doubt. No I/O here: the input, the error of a refused item, and what
HubSpot's `new` flag means after a resend.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import httpx

from .._exceptions import ApiError, RequestValidationError, error_class_for_status
from .._types import RecordT
from .checks import check_id_property

__all__ = ["batch_item_error", "dedupe_input", "refuse_associate_with_dedupe", "settle_new"]


def dedupe_input(
    properties: object,
    associations: Iterable[Any] | None,
    dedupe_on: object,
    where: str,
    associations_where: str,
) -> dict[str, Any]:
    """The upsert input (`{"id", "idProperty", "properties"}`) for one create.

    Checked whatever `validation` says: without the value there is nothing to key the upsert
    on, and the request would be a different one (HubSpot refuses an upsert without an id).
    """
    name = check_id_property(dedupe_on, "dedupe_on")
    if associations is not None and list(associations):
        raise RequestValidationError(
            associations_where,
            "a create with dedupe_on is sent as an upsert, which takes no associations; "
            "associate the records afterwards",
        )
    if not isinstance(properties, Mapping):
        raise RequestValidationError(where, f"expected a dict, got {type(properties).__name__}")
    value = properties.get(name)
    text = "" if value is None or isinstance(value, bool) else str(value).strip()
    if not text:
        raise RequestValidationError(
            f"{where}.{name}",
            f"dedupe_on={name!r} needs this property's value: it is what makes a resent create "
            "find the record the first send made",
        )
    return {"id": text, "idProperty": name, "properties": dict(properties)}


def refuse_associate_with_dedupe(associate: object, where: str) -> None:
    """`associate=` cannot ride on a create with `dedupe_on`: the create is sent as a batch
    upsert, and HubSpot's upsert inputs take no associations (as for `associations=`, see
    `dedupe_input`). Refused before sending, whatever `validation` says: sent without them,
    the links the caller asked for would silently not be made."""
    if associate is not None:
        raise RequestValidationError(
            where,
            "dedupe_on and associate cannot be combined: a create with dedupe_on is sent as an "
            "upsert, which takes no associations; create with dedupe_on, then link the record "
            "with associate() / batch_associate()",
        )


def batch_item_error(response: httpx.Response, error: Mapping[str, Any]) -> ApiError:
    """The typed error for the one item of a single-input batch that HubSpot refused."""
    message = error.get("message")
    category = error.get("category")
    context = error.get("context")
    cls = error_class_for_status(400 if response.status_code < 400 else response.status_code)
    return cls(
        message if isinstance(message, str) else "the record was refused",
        status=response.status_code,
        category=category if isinstance(category, str) else None,
        errors=[dict(error)],
        context=dict(context) if isinstance(context, Mapping) else None,
        request_method=response.request.method,
        request_url=str(response.request.url),
    )


def settle_new(obj: RecordT, resent: bool) -> RecordT:
    """`obj` with `new` as the caller means it: did *this call* create the record?

    HubSpot's `new` describes the request it answered. When that request was a resend (the
    first attempt's answer was lost), a record the first attempt created comes back with
    `new=False`: the resend found it. Such a record was never modified after its creation
    (the resend wrote the values it already had), so its `updatedAt` equals its `createdAt`;
    a record that existed before and was really updated has a later `updatedAt`. Only
    answers to a resend are re-read this way, so an ordinary re-run that finds unchanged
    records still reports them as not new.
    """
    if (
        resent
        and obj.new is False
        and obj.created_at is not None
        and obj.created_at == obj.updated_at
    ):
        return attrs.evolve(obj, new=True)
    return obj
