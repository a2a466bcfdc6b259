"""Strict or lenient parsing of HubSpot's response bodies into `CrmObject`, `Page`,
`SearchPage` and `ParsedBatch`.

Strict (validation on): a body that does not match HubSpot's documented shape raises
`ResponseValidationError` naming the path that is wrong. Lenient: malformed fields become None
or are left out, and `raw` keeps the body as it came. Nothing here knows which CRM object it
parses.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

import attrs

from .errors import ResponseValidationError
from .models import CrmObject, Page, SearchPage, next_after

__all__ = ["ParsedBatch", "parse_batch", "parse_object", "parse_page", "parse_search_page"]


def _fail(path: str, reason: str, body: object) -> ResponseValidationError:
    return ResponseValidationError(path, reason, body)


def _strict_object(raw: object, path: str, body: object) -> None:
    if not isinstance(raw, Mapping):
        raise _fail(path, f"expected an object, got {type(raw).__name__}", body)
    obj_id = raw.get("id")
    if not isinstance(obj_id, str) or not obj_id:
        raise _fail(f"{path}.id", f"expected a non-empty string, got {obj_id!r}", body)
    props = raw.get("properties")
    if not isinstance(props, Mapping):
        raise _fail(f"{path}.properties", f"expected an object, got {props!r}", body)
    for name, value in props.items():
        if value is not None and not isinstance(value, str):
            raise _fail(f"{path}.properties.{name}", f"expected a string, got {value!r}", body)
    for key in ("createdAt", "updatedAt", "archivedAt"):
        if key in raw:
            value = raw[key]
            try:
                datetime.datetime.fromisoformat(value)
            except (TypeError, ValueError):
                raise _fail(
                    f"{path}.{key}", f"expected an ISO-8601 date-time, got {value!r}", body
                ) from None
    for key in ("archived", "new"):
        if key in raw and not isinstance(raw[key], bool):
            raise _fail(f"{path}.{key}", f"expected a boolean, got {raw[key]!r}", body)
    for key in ("propertiesWithHistory", "associations"):
        if key in raw and not isinstance(raw[key], Mapping):
            raise _fail(f"{path}.{key}", f"expected an object, got {raw[key]!r}", body)


def _to_model(model_cls: type[Any], raw: Mapping[str, Any], path: str, strict: bool) -> Any:
    try:
        return model_cls.from_dict(raw)
    except Exception as exc:  # the generated parser raises KeyError/TypeError/ValueError...
        if strict:
            raise _fail(path, f"{type(exc).__name__}: {exc}", raw) from exc
        return None


def parse_object(raw: object, model_cls: type[Any], *, strict: bool, path: str = "$") -> CrmObject:
    if strict:
        _strict_object(raw, path, raw)
    if not isinstance(raw, Mapping):
        if strict:
            raise _fail(path, f"expected an object, got {type(raw).__name__}", raw)
        return CrmObject.from_raw({"_value": raw})
    model = _to_model(model_cls, raw, path, strict)
    return CrmObject.from_raw(raw, model)


def _results(raw: Mapping[str, Any], key: str, strict: bool, body: object) -> list[Any]:
    items = raw.get(key)
    if isinstance(items, list):
        return items
    if strict:
        raise _fail(key, f"expected a list, got {items!r}", body)
    return []


def _strict_page(
    raw: object, item_cls: type[Any], *, strict: bool
) -> tuple[dict[str, Any], list[CrmObject]]:
    if not isinstance(raw, Mapping):
        if strict:
            raise _fail("$", f"expected an object, got {type(raw).__name__}", raw)
        raw = {}
    raw = dict(raw)
    items = _results(raw, "results", strict, raw)
    if strict:
        for i, item in enumerate(items):
            _strict_object(item, f"results[{i}]", raw)
        paging = raw.get("paging")
        if isinstance(paging, Mapping) and "next" in paging and next_after(raw) is None:
            raise _fail("paging.next.after", "expected a cursor string", raw)
    objects = [
        parse_object(item, item_cls, strict=strict, path=f"results[{i}]")
        for i, item in enumerate(items)
    ]
    return raw, objects


def parse_page(raw: object, page_cls: type[Any], item_cls: type[Any], *, strict: bool) -> Page:
    body, objects = _strict_page(raw, item_cls, strict=strict)
    model = _to_model(page_cls, body, "$", strict)
    return Page(results=objects, next_after=next_after(body), raw=body, model=model)


def parse_search_page(
    raw: object, page_cls: type[Any], item_cls: type[Any], *, strict: bool
) -> SearchPage:
    body, objects = _strict_page(raw, item_cls, strict=strict)
    total = body.get("total")
    if total is not None and (isinstance(total, bool) or not isinstance(total, int)):
        if strict:
            raise _fail("total", f"expected an integer, got {total!r}", body)
        total = None
    model = _to_model(page_cls, body, "$", strict)
    return SearchPage(
        results=objects, total=total, next_after=next_after(body), raw=body, model=model
    )


@attrs.frozen
class ParsedBatch:
    """One batch response: its records, its per-item errors (raw dicts) and HubSpot's status."""

    results: list[CrmObject]
    errors: list[dict[str, Any]]
    status: str | None
    raw: dict[str, Any]
    model: Any = None


def parse_batch(
    raw: object, response_cls: type[Any], item_cls: type[Any], *, strict: bool
) -> ParsedBatch:
    body, objects = _strict_page(raw, item_cls, strict=strict)
    errors_raw = body.get("errors", [])
    if not isinstance(errors_raw, list):
        if strict:
            raise _fail("errors", f"expected a list, got {errors_raw!r}", body)
        errors_raw = []
    errors: list[dict[str, Any]] = []
    for i, err in enumerate(errors_raw):
        if isinstance(err, Mapping):
            errors.append(dict(err))
        elif strict:
            raise _fail(f"errors[{i}]", f"expected an object, got {err!r}", body)
        else:
            errors.append({"message": str(err)})
    status = body.get("status")
    if status is not None and not isinstance(status, str):
        if strict:
            raise _fail("status", f"expected a string, got {status!r}", body)
        status = None
    if strict:
        for key in ("startedAt", "completedAt", "requestedAt"):
            if key in body:
                try:
                    datetime.datetime.fromisoformat(body[key])
                except (TypeError, ValueError):
                    raise _fail(
                        key, f"expected an ISO-8601 date-time, got {body[key]!r}", body
                    ) from None
    model = _to_model(response_cls, body, "$", strict)
    return ParsedBatch(results=objects, errors=errors, status=status, raw=body, model=model)
