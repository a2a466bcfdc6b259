"""The one place that imports the generated low-level client.

HubSpot's CRM object specs (meetings, calls, notes, ...) produce identically named operation
modules and model classes once the sanitizer names operations from (method, path), so one
`ObjectBinding` record describes any of them; `objects.py` only ever sees the record.

The facade builds requests with each operation module's public `request_kwargs` (a template
override in openapi/templates/ makes it; the generator's own `_get_kwargs` is private) and
sends them itself. `bind` and `check_package` refuse a package that lacks any operation,
builder or model bound here, naming each one in a single `GeneratedApiMismatch`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs

__all__ = [
    "MEETINGS_PACKAGE",
    "REQUEST_BUILDER",
    "GeneratedApiMismatch",
    "ObjectBinding",
    "RequestBuilder",
    "bind",
    "check_package",
]

MEETINGS_PACKAGE = "hubspot_meetings_api"

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


@attrs.frozen
class ObjectBinding:
    """The generated operation modules and model classes of one CRM object type."""

    object_type: str
    package: str
    client_class: type[Any]
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


def bind(object_type: str, package: str = MEETINGS_PACKAGE) -> ObjectBinding:
    """Bind the generated package `package` (made from one CRM object spec) as `object_type`."""
    check_package(package)
    root = importlib.import_module(package)
    models_module = importlib.import_module(f"{package}.models")
    types_module = importlib.import_module(f"{package}.types")
    operations = {
        name: importlib.import_module(f"{package}.{path}") for name, path in _OPERATIONS.items()
    }
    models = {role: getattr(models_module, name) for role, name in _MODELS.items()}
    return ObjectBinding(
        object_type=object_type,
        package=package,
        client_class=root.AuthenticatedClient,
        unset=types_module.UNSET,
        operations=operations,
        builders={name: getattr(m, REQUEST_BUILDER) for name, m in operations.items()},
        models=models,
    )


class GeneratedApiMismatch(ImportError):
    """The generated package lacks names the facade binds (it was made from another spec).

    One error lists every missing name with the line of this file that binds it, so a
    regeneration that renames a model or drops an operation fails loudly in one place instead
    of changing behaviour somewhere downstream.
    """


def _line_naming(text: str) -> str:
    """`file:line` of the first line of this module that quotes `text`."""
    needle = f'"{text}"'
    source = Path(__file__)
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{source}:{number}"
    return str(source)


def _import(module: str) -> tuple[ModuleType | None, str | None]:
    try:
        return importlib.import_module(module), None
    except ImportError as exc:  # ModuleNotFoundError included
        return None, f"{type(exc).__name__}: {exc}"


def check_package(package: str) -> None:
    """Raise GeneratedApiMismatch unless `package` has every operation, request builder and
    model bound above."""
    root, error = _import(package)
    if root is None:
        raise GeneratedApiMismatch(f"generated package {package!r} cannot be imported ({error})")
    missing: list[str] = []
    for name, path in _OPERATIONS.items():
        module, error = _import(f"{package}.{path}")
        if module is None:
            gone = f"{package}.{path}"
        elif not callable(getattr(module, REQUEST_BUILDER, None)):
            gone = f"{package}.{path}.{REQUEST_BUILDER}"
        else:
            continue
        missing.append(f"{gone} missing: bound as {name!r} at {_line_naming(path)}")
    models, error = _import(f"{package}.models")
    for role, model in _MODELS.items():
        if models is None or not isinstance(getattr(models, model, None), type):
            missing.append(
                f"{package}.models.{model} missing: bound as {role!r} at {_line_naming(model)}"
            )
    types_module, _ = _import(f"{package}.types")
    if types_module is None or not hasattr(types_module, "UNSET"):
        missing.append(f"{package}.types.UNSET missing")
    if not isinstance(getattr(root, "AuthenticatedClient", None), type):
        missing.append(f"{package}.AuthenticatedClient missing")
    if missing:
        listed = "\n".join(f"  {m}" for m in missing)
        raise GeneratedApiMismatch(
            f"generated package {package!r} does not match the facade (regenerated from a "
            f"different spec?); fix these bindings or the sanitizer's names:\n{listed}"
        )
