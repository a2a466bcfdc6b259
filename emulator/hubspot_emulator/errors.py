"""HubSpot-shaped error bodies and the exception handlers raise to send one (the format and its
sources: docs/hubspot-behaviour.md, "Error body format").

Bodies are built with an empty ``correlationId``; the app fills in the request's id so the body
and the ``X-HubSpot-Correlation-Id`` header always agree. A batch's per-input entry (inside a
207) is made from the error the input would have raised on its own, with HubSpot's smaller
shape: status, category, message and context, never an ``errors`` array.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "ErrorReply",
    "PropertyProblem",
    "error_body",
    "invalid_json",
    "not_found",
    "property_error",
    "standard_error",
    "unknown_object_type",
    "validation_error",
]


class ErrorReply(Exception):
    """Stops request handling and answers with ``status`` and the HubSpot error ``body``.

    ``problems`` are the invalid properties behind a "Property values were not valid" error (a
    batch lists every input's together); ``batch_context`` is context HubSpot adds only to the
    error's per-input entry in a 207 (a conflict's ``existingId``).
    """

    def __init__(
        self,
        status: int,
        body: dict[str, Any],
        headers: Mapping[str, str] | None = None,
        *,
        problems: Iterable[PropertyProblem] = (),
        batch_context: Mapping[str, list[str]] | None = None,
    ) -> None:
        super().__init__(f"{status} {body.get('category', '')}: {body.get('message', '')}")
        self.status = status
        self.body = body
        self.headers: dict[str, str] = dict(headers or {})
        self.problems: tuple[PropertyProblem, ...] = tuple(problems)
        self.batch_context: dict[str, list[str]] = dict(batch_context or {})


def error_body(
    message: str,
    category: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    context: Mapping[str, list[str]] | None = None,
    links: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "status": "error",
        "message": message,
        "correlationId": "",
        "category": category,
    }
    if errors is not None:
        body["errors"] = errors
    if context is not None:
        body["context"] = dict(context)
    if links is not None:
        body["links"] = dict(links)
    return body


def validation_error(
    message: str,
    errors: list[dict[str, Any]] | None = None,
    context: Mapping[str, list[str]] | None = None,
) -> ErrorReply:
    return ErrorReply(400, error_body(message, "VALIDATION_ERROR", errors=errors, context=context))


def invalid_json(detail: str, where: str) -> ErrorReply:
    """The shape HubSpot uses when the body cannot be deserialised into the input type."""
    return validation_error(
        f"Invalid input JSON: {detail}",
        errors=[{"message": detail, "code": "INVALID_JSON", "in": where}],
    )


def not_found(message: str = "resource not found") -> ErrorReply:
    return ErrorReply(404, error_body(message, "OBJECT_NOT_FOUND"))


_TYPE_ID = re.compile(r"\d+-\d+")


def unknown_object_type(token: str) -> ErrorReply:
    """HubSpot's 400 for an object type it cannot resolve: status and message, no category."""
    if _TYPE_ID.fullmatch(token):
        message = f"Invalid object or event type id: {token}"
    else:
        message = f"Unable to infer object type from: {token}"
    return ErrorReply(400, {"status": "error", "message": message, "correlationId": ""})


@attrs.frozen
class PropertyProblem:
    """One invalid property value, as HubSpot lists it inside "Property values were not valid"."""

    name: str
    code: str  # PROPERTY_DOESNT_EXIST, INVALID_DATE, INVALID_OPTION, ...
    message: str


def property_error(problems: Iterable[PropertyProblem], hub_id: int) -> ErrorReply:
    """400 VALIDATION_ERROR in HubSpot's exact "Property values were not valid" shape."""
    items = list(problems)
    inner = [
        {
            "isValid": False,
            "message": p.message,
            "error": p.code,
            "name": p.name,
            "localizedErrorMessage": p.message,
            "portalId": hub_id,
        }
        for p in items
    ]
    message = "Property values were not valid: " + json.dumps(inner, separators=(",", ":"))
    errors = [
        {"message": p.message, "code": p.code, "context": {"propertyName": [p.name]}} for p in items
    ]
    body = error_body(message, "VALIDATION_ERROR", errors=errors)
    return ErrorReply(400, body, problems=items)


def standard_error(
    error: ErrorReply, context: Mapping[str, list[str]] | None = None
) -> dict[str, Any]:
    """A batch ``StandardError`` entry (inside a 207 body) made from what would have been raised.

    The trace id comes first, then what only the entry carries, as in HubSpot's recordings.
    """
    merged: dict[str, list[str]] = dict(context or {})
    merged.update(error.batch_context)
    merged.update(error.body.get("context") or {})
    return {
        "status": "error",
        "category": error.body.get("category", "VALIDATION_ERROR"),
        "message": error.body.get("message", ""),
        "context": merged,
    }
