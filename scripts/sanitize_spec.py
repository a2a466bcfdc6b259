"""Turn a HubSpot spec into one openapi-python-client generates well from.

Two kinds of spec are understood (`spec_kind`): a CRM object spec (meetings, calls, notes, tasks,
emails, the date-versioned ones) and the associations v4 spec. Every rule here is listed, with
its reason, in openapi/SANITATIONS.md. The rules key on the shape of the API (method and path,
schema roles, field names), never on meetings; only operation naming knows each kind's paths.

    python scripts/sanitize_spec.py UPSTREAM.json SANITIZED.json
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")

# A CRM object's collection root: /crm/v3/objects/{type} or /crm/objects/{YYYY-MM}/{type}.
_COLLECTION = re.compile(r"^/crm/(?:v3/objects|objects/\d{4}-\d{2}(?:-beta)?)/[^/]+")

# (method, path below the collection) -> (tag, operation name). The names are the public
# low-level API, so they must not move when HubSpot flips its operationIds.
_KNOWN_OPERATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("get", ""): ("basic", "getPage"),
    ("post", ""): ("basic", "create"),
    ("get", "/{id}"): ("basic", "getById"),
    ("patch", "/{id}"): ("basic", "update"),
    ("delete", "/{id}"): ("basic", "archive"),
    ("post", "/batch/create"): ("batch", "create"),
    ("post", "/batch/read"): ("batch", "read"),
    ("post", "/batch/update"): ("batch", "update"),
    ("post", "/batch/archive"): ("batch", "archive"),
    ("post", "/batch/upsert"): ("batch", "upsert"),
    ("post", "/search"): ("search", "doSearch"),
    ("post", "/merge"): ("public_object", "merge"),
    ("post", "/gdpr-delete"): ("gdpr", "purge"),
}

# The associations v4 API: record-scoped operations below
# /crm/v4/objects/{type}/{id}/associations, batch and reporting ones below /crm/v4/associations.
_ASSOCIATIONS = re.compile(r"^/crm/v4/(?:objects/[^/]+/[^/]+/associations|associations)(?=/|$)")

# (method, path below /crm/v4 with every {parameter} as {}) -> (tag, operation name). Keyed on
# the whole shape because the two roots share suffixes (PUT /{}/{} is a record's labelled
# association; under /associations it would be something else).
_KNOWN_ASSOCIATION_OPERATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("get", "/objects/{}/{}/associations/{}"): ("basic", "getPage"),
    ("put", "/objects/{}/{}/associations/{}/{}"): ("basic", "create"),
    ("delete", "/objects/{}/{}/associations/{}/{}"): ("basic", "archive"),
    ("put", "/objects/{}/{}/associations/default/{}/{}"): ("basic", "createDefault"),
    ("post", "/associations/{}/{}/batch/create"): ("batch", "create"),
    ("post", "/associations/{}/{}/batch/associate/default"): ("batch", "createDefault"),
    ("post", "/associations/{}/{}/batch/read"): ("batch", "read"),
    ("post", "/associations/{}/{}/batch/archive"): ("batch", "archive"),
    ("post", "/associations/{}/{}/batch/labels/archive"): ("batch", "archiveLabels"),
    ("post", "/associations/usage/high-usage-report/{}"): ("report", "highUsage"),
}

CRM_OBJECT = "crm-object"
ASSOCIATIONS_V4 = "associations-v4"

# Request fields that page: HubSpot treats them as optional whatever the spec's `required`
# says (an empty search body `{}` is valid). List-valued request fields (properties to return,
# sorts, filter groups, associations to create) are optional too: an empty list is the default.
_OPTIONAL_REQUEST_FIELDS = frozenset({"after", "limit"})
# The only response fields a caller cannot do without; HubSpot omits the others in practice.
_ESSENTIAL_RESPONSE_FIELDS = frozenset({"id", "properties", "results"})
# Error bodies: HubSpot says every field "should be treated as optional in any error parsing".
_ERROR_SCHEMA = re.compile(r"^(Error|ErrorDetail|StandardError)$")
_ENUM_VALUE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class SanitizeError(ValueError):
    """The upstream document is not a CRM object spec this pipeline can use."""


def collection_of(path: str) -> str | None:
    """The object type segment of a CRM object path (`meetings`, `{objectType}`), or None."""
    match = _COLLECTION.match(path)
    return match.group(0).rsplit("/", 1)[1] if match else None


def path_kind(path: str) -> str | None:
    """CRM_OBJECT or ASSOCIATIONS_V4 for a path of either API, None for anything else."""
    if _COLLECTION.match(path):
        return CRM_OBJECT
    if _ASSOCIATIONS.match(path):
        return ASSOCIATIONS_V4
    return None


def operation_name(method: str, path: str) -> tuple[str, str]:
    """The (tag, name) of an operation, from its method and path alone."""
    match = _COLLECTION.match(path)
    if match is not None:
        rest = re.sub(r"\{[^}]+\}", "{id}", path[match.end() :], count=1)
        known = _KNOWN_OPERATIONS.get((method, rest))
        if known is not None:
            return known
        words = _name_words(rest)
        return ("associations" if "associations" in words else "other", _name(method, words))
    match = _ASSOCIATIONS.match(path)
    if match is not None:
        shape = re.sub(r"\{[^}]+\}", "{}", path.removeprefix("/crm/v4"))
        known = _KNOWN_ASSOCIATION_OPERATIONS.get((method, shape))
        if known is not None:
            return known
        return ("other", _name(method, _name_words(path[match.end() :])))
    raise SanitizeError(
        f"{method.upper()} {path}: not under a CRM object collection path "
        "nor an associations v4 path"
    )


def _name_words(rest: str) -> list[str]:
    return [w for w in re.split(r"[^A-Za-z0-9]+", rest) if w and w != "id"]


def _name(method: str, words: list[str]) -> str:
    # Anything new still gets a stable name built from its path, never from its operationId.
    return method + "".join(w[:1].upper() + w[1:] for w in words)


def spec_kind(spec: dict[str, Any]) -> str:
    """CRM_OBJECT or ASSOCIATIONS_V4: which API a validated spec describes.

    A spec with paths of both is refused: each kind is generated into its own package, and
    update_spec.py installs a spec by its kind.
    """
    kinds = sorted({path_kind(path) or path for _, path, _ in _operations(spec)})
    if len(kinds) != 1:
        found = ", ".join(kinds) or "no operations"
        raise SanitizeError(f"the spec must describe one API, not: {found}")
    return kinds[0]


def _operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            yield ref.rsplit("/", 1)[1]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _closure(spec: dict[str, Any], roots: set[str]) -> set[str]:
    schemas = spec.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name not in schemas:
            continue
        seen.add(name)
        todo.extend(_refs(schemas[name]))
    return seen


def schema_roles(spec: dict[str, Any]) -> tuple[set[str], set[str]]:
    """Names of the schemas reachable from request bodies, and from responses."""
    request_roots: set[str] = set()
    response_roots: set[str] = set()
    for _, _, op in _operations(spec):
        request_roots.update(_refs(op.get("requestBody", {})))
        request_roots.update(_refs(op.get("parameters", [])))
        response_roots.update(_refs(op.get("responses", {})))
    return _closure(spec, request_roots), _closure(spec, response_roots)


def _rename_operations(spec: dict[str, Any], notes: list[str]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for method, path, op in _operations(spec):
        tag, name = operation_name(method, path)
        if (tag, name) in seen:
            raise SanitizeError(
                f"{method.upper()} {path} and {seen[(tag, name)]} both map to {tag}.{name}"
            )
        seen[(tag, name)] = f"{method.upper()} {path}"
        op["operationId"] = name
        op["tags"] = [tag]
    notes.append(f"named {len(seen)} operations from (method, path)")


def _drop_query_defaults(spec: dict[str, Any]) -> None:
    for path_item in spec.get("paths", {}).values():
        for op in [path_item, *(path_item[m] for m in HTTP_METHODS if m in path_item)]:
            for param in op.get("parameters", []):
                if param.get("in") == "query":
                    param.get("schema", {}).pop("default", None)


def _sort_schema(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    search = schemas.get("PublicObjectSearchRequest")
    if not search or "sorts" not in search.get("properties", {}):
        return
    schemas["PublicObjectSearchSort"] = {
        "type": "object",
        "description": "One sort rule: a property and a direction.",
        "required": ["propertyName"],
        "properties": {
            "propertyName": {"type": "string"},
            "direction": {"type": "string", "enum": ["ASCENDING", "DESCENDING"]},
        },
    }
    search["properties"]["sorts"]["items"] = {
        "anyOf": [{"$ref": "#/components/schemas/PublicObjectSearchSort"}, {"type": "string"}]
    }


def _walk_schemas(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk_schemas(value)


def _fix_schemas(spec: dict[str, Any], notes: list[str]) -> None:
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    requests, responses = schema_roles(spec)
    for name, schema in schemas.items():
        _fix_schema(name, schema, request=name in requests, response=name in responses, notes=notes)


def _fix_schema(
    name: str, schema: dict[str, Any], *, request: bool, response: bool, notes: list[str]
) -> None:
    props = schema.get("properties", {})
    required = list(schema.get("required", []))
    if _ERROR_SCHEMA.match(name):
        required = []
        for prop in props.values():
            prop.pop("format", None)  # correlationId is not always a UUID (edge errors)
    else:
        if request:
            required = [
                f
                for f in required
                if f not in _OPTIONAL_REQUEST_FIELDS
                and (props.get(f, {}).get("type") != "array" or f == "inputs")
            ]
        if response:
            required = [f for f in required if f in _ESSENTIAL_RESPONSE_FIELDS]
    if required:
        schema["required"] = required
    else:
        schema.pop("required", None)
    for field, prop in props.items():
        for node in _walk_schemas(prop):
            _fix_enum(name, field, node, lenient=response, notes=notes)
    # Property maps: HubSpot returns null for requested properties that have no value.
    for prop in props.values():
        extra = prop.get("additionalProperties")
        if isinstance(extra, dict) and extra.get("type") == "string":
            extra["nullable"] = True


def _fixed(name: str, schema: dict[str, Any], *, request: bool) -> dict[str, Any]:
    """`schema` as the request rules (or the response rules) would leave it."""
    result = copy.deepcopy(schema)
    _fix_schema(name, result, request=request, response=not request, notes=[])
    return result


def _split_shared_schemas(spec: dict[str, Any], notes: list[str]) -> None:
    """Give a schema that requests and responses share a response-only copy, `<Name>Response`,
    when the request rules (strict) and the response rules (lenient) would make it differ."""
    schemas: dict[str, Any] = spec["components"]["schemas"]
    requests, responses = schema_roles(spec)
    shared = requests & responses
    split = {
        n
        for n in shared
        if _fixed(n, schemas[n], request=True) != _fixed(n, schemas[n], request=False)
    }
    # A shared schema that refers to a split one is split too, so that its response copy can
    # point at the lenient copy.
    grew = True
    while grew:
        more = {n for n in shared - split if any(r in split for r in _refs(schemas[n]))}
        split |= more
        grew = bool(more)
    copies = {n: f"{n}Response" for n in sorted(split)}
    for name, copy_name in copies.items():
        if copy_name in schemas:
            raise SanitizeError(f"cannot split schema {name}: {copy_name} already exists")
        schemas[copy_name] = _retarget(copy.deepcopy(schemas[name]), copies)
        notes.append(f"responses use {copy_name}, a copy of the request schema {name}")
    if not copies:
        return
    for name in responses - requests:
        schemas[name] = _retarget(schemas[name], copies)
    for _, _, op in _operations(spec):
        if "responses" in op:
            op["responses"] = _retarget(op["responses"], copies)
    if "responses" in spec["components"]:
        spec["components"]["responses"] = _retarget(spec["components"]["responses"], copies)


def _retarget(node: Any, names: dict[str, str]) -> Any:
    """`node` with every $ref to a schema in `names` pointing at its new name instead."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            target = ref.rsplit("/", 1)[1]
            if target in names:
                return {**node, "$ref": f"#/components/schemas/{names[target]}"}
        return {k: _retarget(v, names) for k, v in node.items()}
    if isinstance(node, list):
        return [_retarget(v, names) for v in node]
    return node


def _fix_enum(
    schema: str, field: str, node: dict[str, Any], *, lenient: bool, notes: list[str]
) -> None:
    values = node.get("enum")
    if not isinstance(values, list):
        return
    good = [v for v in values if isinstance(v, str) and _ENUM_VALUE.match(v)]
    if len(good) != len(values):
        bad = [v for v in values if v not in good]
        notes.append(f"{schema}.{field}: dropped malformed enum values {bad}")
    if lenient:
        # A response may carry values HubSpot adds later (or spells differently: CANCELLED).
        node.pop("enum")
        node["x-known-values"] = good
    else:
        node["enum"] = good


def _strip_noise(spec: dict[str, Any]) -> None:
    # `example: null` everywhere and doc-only extensions only add churn to the sanitized file.
    for node in _walk_schemas(spec):
        if node.get("example", 0) is None:
            node.pop("example")


def validate(spec: Any) -> None:
    """Refuse a document that is not an OpenAPI 3 CRM object spec at all."""
    if not isinstance(spec, dict):
        raise SanitizeError("the spec is not a JSON object")
    if not str(spec.get("openapi", "")).startswith("3."):
        raise SanitizeError("not an OpenAPI 3 document (no 'openapi: 3.x' field)")
    if not isinstance(spec.get("paths"), dict) or not spec["paths"]:
        raise SanitizeError("the spec has no paths")
    components = spec.get("components", {})
    if not isinstance(components, dict) or not isinstance(components.get("schemas"), dict):
        raise SanitizeError("the spec has no components.schemas object")
    for path, item in spec["paths"].items():
        if not isinstance(item, dict):
            raise SanitizeError(f"path {path!r} is not an object")
        for method in HTTP_METHODS:
            if method in item and not isinstance(item[method], dict):
                raise SanitizeError(f"{method.upper()} {path} is not an object")
    for method, path, _ in _operations(spec):
        operation_name(method, path)
    spec_kind(spec)


def structural_problems(spec: dict[str, Any]) -> list[str]:
    """What a broken publish looks like: dangling $refs, malformed enum values, empty schemas.

    The sanitizer repairs these so that any published version still generates; a maintainer
    taking a new spec (scripts/update_spec.py) refuses them instead.
    """
    problems: list[str] = []
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    for where, node in [
        *((f"{m.upper()} {p}", op) for m, p, op in _operations(spec)),
        *((f"schema {n}", sc) for n, sc in schemas.items()),
    ]:
        problems.extend(
            f"{where} refers to missing schema {ref!r}" for ref in _refs(node) if ref not in schemas
        )
        for sub in _walk_schemas(node):
            bad = [v for v in sub.get("enum", []) if not _ENUM_VALUE.match(str(v))]
            if bad:
                problems.append(f"{where} has malformed enum values {bad}")
    problems.extend(f"schema {n} is empty" for n, sc in schemas.items() if _is_empty(sc))
    sorts = schemas.get("PublicObjectSearchRequest", {}).get("properties", {}).get("sorts", {})
    items = sorts.get("items") if isinstance(sorts, dict) else None
    if isinstance(items, dict) and "$ref" in items:
        target = schemas.get(str(items["$ref"]).rsplit("/", 1)[1])
        if target is None or _is_empty(target):
            problems.append(f"search sorts refer to an empty schema ({items['$ref']})")
    return sorted(set(problems))


_DOC_KEYS = frozenset({"description", "example", "examples", "title", "type", "x-known-values"})


def _is_empty(schema: object) -> bool:
    """A schema that says nothing about its content (the 2026-06-15 `SortField`)."""
    if not isinstance(schema, dict):
        return False
    if schema.get("type") not in (None, "object"):
        return False
    return not (set(schema) - _DOC_KEYS)


def _repair_refs(spec: dict[str, Any], notes: list[str]) -> None:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    used = {ref for node in [spec["paths"], schemas] for ref in _refs(node)}
    missing = sorted(used - set(schemas))
    for ref in missing:
        # An object that keeps whatever arrives, so the rest of the API still generates.
        schemas[ref] = {"type": "object", "description": "Missing from the upstream spec."}
        notes.append(f"added a placeholder for missing schema {ref}")


def sanitize(upstream: dict[str, Any], notes: list[str] | None = None) -> dict[str, Any]:
    """Return the sanitized copy of an upstream spec; `notes` collects what was changed."""
    notes = [] if notes is None else notes
    validate(upstream)
    spec = copy.deepcopy(upstream)
    _repair_refs(spec, notes)
    _rename_operations(spec, notes)
    _drop_query_defaults(spec)
    _sort_schema(spec)
    _split_shared_schemas(spec, notes)
    _fix_schemas(spec, notes)
    _strip_noise(spec)
    return spec


def dumps(spec: dict[str, Any]) -> str:
    """Stable text for a spec, so a regeneration from the same input is byte-identical."""
    return json.dumps(spec, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("upstream", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="print what was changed")
    args = parser.parse_args(argv)
    try:
        upstream = json.loads(args.upstream.read_text(encoding="utf-8"))
        notes: list[str] = []
        spec = sanitize(upstream, notes)
    except (OSError, json.JSONDecodeError, SanitizeError) as exc:
        print(f"sanitize_spec: {args.upstream}: {exc}", file=sys.stderr)
        return 1
    args.output.write_text(dumps(spec), encoding="utf-8")
    if args.verbose:
        for note in notes:
            print(f"sanitize_spec: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
