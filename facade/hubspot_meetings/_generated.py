"""The one place that imports the generated low-level clients.

HubSpot's CRM object specs (meetings, calls, notes, ...) produce identically named operation
modules and model classes once the sanitizer names operations from (method, path), so one
`ObjectBinding` record describes any of them; `objects.py` only ever sees the record. The
associations v4 spec makes a package of its own, described by an `AssociationsBinding`.

The facade builds requests with each operation module's public `request_kwargs` (a template
override in openapi/templates/ makes it; the generator's own `_get_kwargs` is private) and
sends them itself. `bind`, `bind_associations` and their `check_*` functions refuse a package
that lacks any operation, builder or model bound here, naming each one in a single
`GeneratedApiMismatch`; scripts/update_spec.py runs the same check before it installs a spec.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

from ._exceptions import GeneratedApiMismatch

__all__ = [
    "ASSOCIATIONS_PACKAGE",
    "MEETINGS_PACKAGE",
    "REQUEST_BUILDER",
    "AssociationsBinding",
    "GeneratedApiMismatch",
    "ObjectBinding",
    "RequestBuilder",
    "bind",
    "bind_associations",
    "check_associations_package",
    "check_package",
]

MEETINGS_PACKAGE = "hubspot_meetings_api"
ASSOCIATIONS_PACKAGE = "hubspot_associations_api"

# What the facade calls on each operation module: it returns the keyword arguments of
# `httpx.Client.request` (method, url, params, json, headers).
REQUEST_BUILDER = "request_kwargs"
RequestBuilder = Callable[..., dict[str, Any]]

_OPERATIONS = {
    "get_page": "api.basic.get_page",
    "create": "api.basic.create",
    "get_by_id": "api.basic.get_by_id",
    "update": "api.basic.update",
    "archive": "api.basic.archive",
    "batch_create": "api.batch.create",
    "batch_read": "api.batch.read",
    "batch_update": "api.batch.update",
    "batch_archive": "api.batch.archive",
    "batch_upsert": "api.batch.upsert",
    "search": "api.search.do_search",
}

# Role -> schema name; the schema names are shared by every CRM object spec.
_MODELS = {
    "object": "SimplePublicObject",
    "object_with_associations": "SimplePublicObjectWithAssociations",
    "upsert_object": "SimplePublicUpsertObject",
    "page": "CollectionResponseSimplePublicObjectWithAssociationsForwardPaging",
    "search_page": "CollectionResponseWithTotalSimplePublicObject",
    "batch_response": "BatchResponseSimplePublicObjectWithErrors",
    "batch_upsert_response": "BatchResponseSimplePublicUpsertObjectWithErrors",
    "create_input": "SimplePublicObjectInputForCreate",
    "update_input": "SimplePublicObjectInput",
    "batch_create_input": "BatchInputSimplePublicObjectBatchInputForCreate",
    "batch_read_input": "BatchReadInputSimplePublicObjectId",
    "batch_update_input": "BatchInputSimplePublicObjectBatchInput",
    "batch_archive_input": "BatchInputSimplePublicObjectId",
    "batch_upsert_input": "BatchInputSimplePublicObjectBatchInputUpsert",
    "search_request": "PublicObjectSearchRequest",
}

# The associations v4 operations the facade uses. Record-scoped builders take the path
# parameters positionally, (from type, from id, to type[, to id]): HubSpot names them
# differently per operation (`fromObjectType` here, `objectType` there).
_ASSOCIATION_OPERATIONS = {
    "create_default": "api.basic.create_default",
    "create_labelled": "api.basic.create",
    "delete": "api.basic.archive",
    "list": "api.basic.get_page",
    "batch_create_default": "api.batch.create_default",
    "batch_create_labelled": "api.batch.create",
    "batch_archive": "api.batch.archive",
    "batch_archive_labels": "api.batch.archive_labels",
    "batch_read": "api.batch.read",
}

# The 207 answers parse with the *WithErrors models, which also read the 200/201 ones.
_ASSOCIATION_MODELS = {
    "association_type": "AssociationSpec",
    "labels": "LabelsBetweenObjectPair",
    "default_batch_response": "BatchResponsePublicDefaultAssociation",
    "default_association": "PublicDefaultAssociation",
    "page": "CollectionResponseMultiAssociatedObjectWithLabelForwardPaging",
    "associated": "MultiAssociatedObjectWithLabel",
    "labelled_batch_response": "BatchResponseLabelsBetweenObjectPairWithErrors",
    "read_batch_response": "BatchResponsePublicAssociationMultiWithLabelWithErrors",
    "read_result": "PublicAssociationMultiWithLabel",
    "batch_create_default_input": "BatchInputPublicDefaultAssociationMultiPost",
    "batch_create_labelled_input": "BatchInputPublicAssociationMultiPost",
    "batch_archive_input": "BatchInputPublicAssociationMultiArchive",
    "batch_read_input": "BatchInputPublicFetchAssociationsBatchRequest",
}


@attrs.frozen
class _Binding:
    """The operation modules, their request builders and the model classes of one package."""

    package: str
    unset: Any
    operations: dict[str, ModuleType] = attrs.field(repr=False)
    builders: dict[str, RequestBuilder] = attrs.field(repr=False)
    models: dict[str, type[Any]] = attrs.field(repr=False)

    def op(self, name: str) -> ModuleType:
        """The generated module (its sync/asyncio functions too) bound as `name`."""
        return self.operations[name]

    def builder(self, name: str) -> RequestBuilder:
        return self.builders[name]

    def model(self, role: str) -> type[Any]:
        return self.models[role]


@attrs.frozen
class ObjectBinding(_Binding):
    """The generated operations and model classes of one CRM object type."""

    object_type: str = attrs.field(kw_only=True)


@attrs.frozen
class AssociationsBinding(_Binding):
    """The generated operations and model classes of the CRM associations v4 API."""


def _fields(
    package: str, operations: Mapping[str, str], models: Mapping[str, str]
) -> dict[str, Any]:
    """The `_Binding` fields of `package`, already checked to have every name imported here."""
    models_module = importlib.import_module(f"{package}.models")
    modules = {
        name: importlib.import_module(f"{package}.{path}") for name, path in operations.items()
    }
    return {
        "package": package,
        "unset": importlib.import_module(f"{package}.types").UNSET,
        "operations": modules,
        "builders": {name: getattr(m, REQUEST_BUILDER) for name, m in modules.items()},
        "models": {role: getattr(models_module, name) for role, name in models.items()},
    }


def bind(object_type: str, package: str = MEETINGS_PACKAGE) -> ObjectBinding:
    """Bind the generated package `package` (made from one CRM object spec) as `object_type`."""
    check_package(package)
    return ObjectBinding(object_type=object_type, **_fields(package, _OPERATIONS, _MODELS))


def bind_associations(package: str = ASSOCIATIONS_PACKAGE) -> AssociationsBinding:
    """Bind the generated package `package` (made from the associations v4 spec)."""
    check_associations_package(package)
    return AssociationsBinding(**_fields(package, _ASSOCIATION_OPERATIONS, _ASSOCIATION_MODELS))


def _line_naming(table: str, text: str) -> str:
    """`file:line` of the line quoting `text` in the table `table` of this module (the same
    module path can be bound in two tables)."""
    needle = f'"{text}"'
    source = Path(__file__)
    inside = False
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        inside = inside or line.startswith(f"{table} = ")
        if inside and needle in line:
            return f"{source}:{number}"
    return str(source)


def _import(module: str) -> tuple[ModuleType | None, str | None]:
    try:
        return importlib.import_module(module), None
    except ImportError as exc:  # ModuleNotFoundError included
        return None, f"{type(exc).__name__}: {exc}"


def check_package(package: str) -> None:
    """Raise GeneratedApiMismatch unless `package` has every CRM object operation, request
    builder and model bound above."""
    _check(package, ("_OPERATIONS", _OPERATIONS), ("_MODELS", _MODELS))


def check_associations_package(package: str) -> None:
    """Raise GeneratedApiMismatch unless `package` has every associations v4 operation,
    request builder and model bound above."""
    _check(
        package,
        ("_ASSOCIATION_OPERATIONS", _ASSOCIATION_OPERATIONS),
        ("_ASSOCIATION_MODELS", _ASSOCIATION_MODELS),
    )


def _check(
    package: str,
    operations: tuple[str, Mapping[str, str]],
    models: tuple[str, Mapping[str, str]],
) -> None:
    root, error = _import(package)
    if root is None:
        raise GeneratedApiMismatch(f"generated package {package!r} cannot be imported ({error})")
    missing: list[str] = []
    table, paths = operations
    for name, path in paths.items():
        module, error = _import(f"{package}.{path}")
        if module is None:
            gone = f"{package}.{path}"
        elif not callable(getattr(module, REQUEST_BUILDER, None)):
            gone = f"{package}.{path}.{REQUEST_BUILDER}"
        else:
            continue
        missing.append(f"{gone} missing: bound as {name!r} at {_line_naming(table, path)}")
    models_module, error = _import(f"{package}.models")
    table, classes = models
    for role, model in classes.items():
        if models_module is None or not isinstance(getattr(models_module, model, None), type):
            missing.append(
                f"{package}.models.{model} missing: bound as {role!r} at "
                f"{_line_naming(table, model)}"
            )
    types_module, _ = _import(f"{package}.types")
    if types_module is None or not hasattr(types_module, "UNSET"):
        missing.append(f"{package}.types.UNSET missing")
    if missing:
        listed = "\n".join(f"  {m}" for m in missing)
        raise GeneratedApiMismatch(
            f"generated package {package!r} does not match the facade (regenerated from a "
            f"different spec?); fix these bindings or the sanitizer's names:\n{listed}"
        )
