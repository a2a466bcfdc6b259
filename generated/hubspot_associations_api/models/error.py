from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_context import ErrorContext
    from ..models.error_detail import ErrorDetail
    from ..models.error_links import ErrorLinks


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """
    Example:
        {'category': 'VALIDATION_ERROR', 'correlationId': 'aeb5f871-7f07-4993-9211-075dc63e7cbf', 'links': {'knowledge-
            base': 'https://www.hubspot.com/products/service/knowledge-base'}, 'message': 'Invalid input (details will vary
            based on the error)'}

    Attributes:
        category (str | Unset): The error category
        context (ErrorContext | Unset): Context about the error condition Example: {invalidPropertyName=[propertyValue],
            missingScopes=[scope1, scope2]}.
        correlation_id (str | Unset): A unique identifier for the request. Include this value with any error reports or
            support tickets Example: aeb5f871-7f07-4993-9211-075dc63e7cbf.
        errors (list[ErrorDetail] | Unset): further information about the error
        links (ErrorLinks | Unset): A map of link names to associated URIs containing documentation about the error or
            recommended remediation steps
        message (str | Unset): A human readable message describing the error along with remediation steps where
            appropriate Example: An error occurred.
        sub_category (str | Unset): A specific category that contains more specific detail about the error
    """

    category: str | Unset = UNSET
    context: ErrorContext | Unset = UNSET
    correlation_id: str | Unset = UNSET
    errors: list[ErrorDetail] | Unset = UNSET
    links: ErrorLinks | Unset = UNSET
    message: str | Unset = UNSET
    sub_category: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        correlation_id = self.correlation_id

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        message = self.message

        sub_category = self.sub_category

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if context is not UNSET:
            field_dict["context"] = context
        if correlation_id is not UNSET:
            field_dict["correlationId"] = correlation_id
        if errors is not UNSET:
            field_dict["errors"] = errors
        if links is not UNSET:
            field_dict["links"] = links
        if message is not UNSET:
            field_dict["message"] = message
        if sub_category is not UNSET:
            field_dict["subCategory"] = sub_category

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_context import ErrorContext  # noqa: PLC0415
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415
        from ..models.error_links import ErrorLinks  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category", UNSET)

        _context = d.pop("context", UNSET)
        context: ErrorContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = ErrorContext.from_dict(_context)

        correlation_id = d.pop("correlationId", UNSET)

        _errors = d.pop("errors", UNSET)
        errors: list[ErrorDetail] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ErrorDetail.from_dict(errors_item_data)

                errors.append(errors_item)

        _links = d.pop("links", UNSET)
        links: ErrorLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = ErrorLinks.from_dict(_links)

        message = d.pop("message", UNSET)

        sub_category = d.pop("subCategory", UNSET)

        error = cls(
            category=category,
            context=context,
            correlation_id=correlation_id,
            errors=errors,
            links=links,
            message=message,
            sub_category=sub_category,
        )

        error.additional_properties = d
        return error

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
