"""Planning of the single-record operations (create, get, update, archive, list, search); no I/O.

`Operations` checks a call's arguments (when `validation` is on), builds the request with the
generated `request_kwargs` of the bound object package and picks the parser; each method returns a
`Call` for a sync or async shell to send. The argument helpers are shared with
`_batch_operations`. Nothing here names an object type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic

import attrs
import httpx

from .._exceptions import RequestValidationError, ResponseValidationError
from .._generated import ObjectBinding
from .._types import AssociationSpec, CrmObject, Page, RecordT, SearchPage
from .association_inputs import create_links, wire_associations
from .calls import UNREADABLE_RESENDS, Call, RawBody, read_json, was_resent
from .checks import (
    PropertyRule,
    check_associations,
    check_flag,
    check_id,
    check_id_property,
    check_limit,
    check_names,
    check_path_id,
    check_properties,
    check_search,
    wire_properties,
)
from .dedupe import batch_item_error, dedupe_input, refuse_associate_with_dedupe, settle_new
from .limits import LIST_LIMIT
from .parsing import parse_batch, parse_object, parse_page, parse_search_page

__all__ = ["Operations"]


def _split_input(value: Any) -> tuple[Any, Any]:
    """(properties, associations) from a property dict, or from a generated input model
    (`SimplePublicObjectInputForCreate`, `SimplePublicObjectInput`, or a properties model)."""
    if isinstance(value, Mapping) or not callable(getattr(value, "to_dict", None)):
        return value, None
    plain = value.to_dict()
    if isinstance(plain, dict) and isinstance(plain.get("properties"), Mapping):
        return dict(plain["properties"]), plain.get("associations")
    return plain, None


@attrs.frozen
class Operations(Generic[RecordT]):
    """The request planning of one object client: its binding, strictness and property rules."""

    binding: ObjectBinding
    validation: bool
    rules: tuple[PropertyRule, ...] = ()
    # What a record of this object type is returned as (the meetings client's `Meeting`).
    record_cls: type[RecordT] = CrmObject  # type: ignore[assignment]
    # The default association type from this object type to each other type (plural names),
    # which `associate={"contacts": [...]}` stands for.
    default_types: Mapping[str, AssociationSpec] = attrs.field(factory=dict)

    # --- argument helpers: checked when validating, passed through as given otherwise -------

    def body(self, role: str, body: dict[str, Any]) -> Any:
        if not self.validation:
            return RawBody(body)
        try:
            return self.binding.model(role).from_dict(body)
        except (KeyError, TypeError, ValueError) as exc:
            raise RequestValidationError(role, f"{type(exc).__name__}: {exc}") from exc

    def as_given(self, body: dict[str, Any]) -> Any:
        """A body assembled only from parts already checked: sent as it is."""
        return RawBody(body)

    def opt(self, value: Any) -> Any:
        return self.binding.unset if value is None else value

    def name_list(self, value: Iterable[str], path: str) -> list[str]:
        return check_names(value, path) if self.validation else list(value)

    def flag(self, value: bool | None, path: str) -> Any:
        return self.opt(check_flag(value, path) if self.validation else value)

    def id_property(self, value: str | None, path: str = "id_property") -> Any:
        if value is None:
            return self.binding.unset
        return check_id_property(value, path) if self.validation else value

    def names(self, value: Iterable[str] | None, path: str) -> Any:
        return self.binding.unset if value is None else self.name_list(value, path)

    def object_id(self, value: object, path: str) -> str:
        """An id sent in a request body (batch inputs): checked when validating."""
        return check_id(value, path) if self.validation else str(value)

    def path_id(self, value: object, path: str) -> str:
        """An id that becomes part of the URL: always checked (see `check_path_id`)."""
        return check_path_id(value, path, strip=self.validation)

    def properties(self, value: object, path: str, *, creating: bool = False) -> dict[str, Any]:
        if not self.validation:
            return wire_properties(value)  # type: ignore[return-value]
        return check_properties(value, path, self.rules, creating=creating)

    def associations(self, value: Iterable[Any], path: str) -> list[Any]:
        return check_associations(value, path) if self.validation else wire_associations(value)

    def parse_object(self, role: str) -> Callable[[httpx.Response], RecordT]:
        model = self.binding.model(role)
        strict = self.validation
        record_cls = self.record_cls
        return lambda response: parse_object(
            read_json(response), model, strict=strict, record_cls=record_cls
        )

    def _read_params(
        self,
        properties: Iterable[str] | None,
        properties_with_history: Iterable[str] | None,
        associations: Iterable[str] | None,
        archived: bool | None,
    ) -> dict[str, Any]:
        """The generated query arguments for what to read of each record (get and list)."""
        return {
            "archived": self.flag(archived, "archived"),
            "associations": self.names(associations, "associations"),
            "properties": self.names(properties, "properties"),
            "properties_with_history": self.names(
                properties_with_history, "properties_with_history"
            ),
        }

    # --- operations ----------------------------------------------------------------------------

    def create_links(self, associate: object, path: str) -> list[dict[str, Any]]:
        """`associate=` as HubSpot's create-time associations (a translation, so done whether
        or not requests are validated)."""
        return create_links(
            associate,
            from_type=self.binding.object_type,
            defaults=self.default_types,
            path=path,
        )

    def create(
        self,
        properties: Any,
        *,
        associations: Iterable[Any] | None = None,
        associate: object = None,
        dedupe_on: str | None = None,
    ) -> Call[RecordT]:
        properties, in_model = _split_input(properties)
        if associations is None:
            associations = in_model
        body: dict[str, Any] = {
            "properties": self.properties(properties, "properties", creating=True)
        }
        if dedupe_on is not None:
            refuse_associate_with_dedupe(associate, "associate")
            return self._create_deduped(body["properties"], associations, dedupe_on)
        if associations is not None:
            body["associations"] = self.associations(associations, "associations")
        if associate is not None:
            links = self.create_links(associate, "associate")
            body["associations"] = [*body.get("associations", ()), *links]
        kwargs = self.binding.builder("create")(body=self.body("create_input", body))
        return Call(kwargs, self.parse_object("object"), inputs=body, writes=True)

    def _create_deduped(
        self, properties: Any, associations: Iterable[Any] | None, dedupe_on: str
    ) -> Call[RecordT]:
        """A create sent as an upsert on the unique property `dedupe_on`: HubSpot creates the
        record, or finds the one an earlier send created, so the request is as safe to send
        twice as an update, and the retry layer resends it after any failure."""
        item = dedupe_input(properties, associations, dedupe_on, "properties", "associations")
        body = {"inputs": [item]}
        kwargs = self.binding.builder("batch_upsert")(body=self.as_given(body))
        response_cls = self.binding.model("batch_upsert_response")
        item_cls = self.binding.model("upsert_object")
        strict = self.validation
        record_cls = self.record_cls

        def parse(response: httpx.Response) -> RecordT:
            parsed = parse_batch(
                read_json(response), response_cls, item_cls, strict=strict, record_cls=record_cls
            )
            if parsed.errors:
                raise batch_item_error(response, parsed.errors[0])
            if len(parsed.results) != 1:
                raise ResponseValidationError(
                    "results", f"expected the one upserted record, got {len(parsed.results)}"
                )
            return settle_new(parsed.results[0], was_resent(response))

        return Call(
            kwargs,
            parse,
            inputs={"properties": properties},
            writes=True,
            resend_unreadable=UNREADABLE_RESENDS,
        )

    def get(
        self,
        object_id: str,
        *,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
        id_property: str | None = None,
    ) -> Call[RecordT]:
        kwargs = self.binding.builder("get_by_id")(
            self.path_id(object_id, "object_id"),
            id_property=self.id_property(id_property),
            **self._read_params(properties, properties_with_history, associations, archived),
        )
        return Call(kwargs, self.parse_object("object_with_associations"))

    def update(
        self, object_id: str, properties: Any, *, id_property: str | None = None
    ) -> Call[RecordT]:
        properties, _ = _split_input(properties)
        body = {"properties": self.properties(properties, "properties")}
        kwargs = self.binding.builder("update")(
            self.path_id(object_id, "object_id"),
            body=self.body("update_input", body),
            id_property=self.id_property(id_property),
        )
        return Call(kwargs, self.parse_object("object"), inputs=body, writes=True)

    def archive(self, object_id: str) -> Call[None]:
        kwargs = self.binding.builder("archive")(self.path_id(object_id, "object_id"))
        return Call(kwargs, lambda _response: None)

    def list_page(
        self,
        *,
        limit: int | None = None,
        after: str | None = None,
        properties: Iterable[str] | None = None,
        properties_with_history: Iterable[str] | None = None,
        associations: Iterable[str] | None = None,
        archived: bool | None = None,
    ) -> Call[Page[RecordT]]:
        if self.validation and limit is not None:
            check_limit(limit, "limit", LIST_LIMIT)
        kwargs = self.binding.builder("get_page")(
            after=self.opt(after),
            limit=self.opt(limit),
            **self._read_params(properties, properties_with_history, associations, archived),
        )
        page_cls = self.binding.model("page")
        item_cls = self.binding.model("object_with_associations")
        strict = self.validation
        record_cls = self.record_cls
        return Call(
            kwargs,
            lambda r: parse_page(
                read_json(r), page_cls, item_cls, strict=strict, record_cls=record_cls
            ),
        )

    def search_page(
        self,
        *,
        filter_groups: Sequence[Any] | None = None,
        sorts: Sequence[Any] | None = None,
        query: str | None = None,
        properties: Iterable[str] | None = None,
        limit: int | None = None,
        after: str | int | None = None,
    ) -> Call[SearchPage[RecordT]]:
        if self.validation:
            body = check_search(
                filter_groups=filter_groups,
                sorts=sorts,
                query=query,
                properties=properties,
                limit=limit,
                after=after,
            )
        else:
            given = {
                "filterGroups": filter_groups,
                "sorts": sorts,
                "query": query,
                "properties": None if properties is None else list(properties),
                "limit": limit,
                "after": None if after is None else str(after),
            }
            body = {k: v for k, v in given.items() if v is not None}
        # A validated body is built from checked parts only (check_search), so a round trip
        # through the generated request model would check nothing more.
        sent = self.as_given(body) if self.validation else self.body("search_request", body)
        kwargs = self.binding.builder("search")(body=sent)
        page_cls = self.binding.model("search_page")
        item_cls = self.binding.model("object")
        strict = self.validation
        record_cls = self.record_cls
        return Call(
            kwargs,
            lambda r: parse_search_page(
                read_json(r), page_cls, item_cls, strict=strict, record_cls=record_cls
            ),
        )
