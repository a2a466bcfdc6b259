from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail
    from ..models.standard_error_context import StandardErrorContext
    from ..models.standard_error_links import StandardErrorLinks
    from ..models.standard_error_sub_category import StandardErrorSubCategory


T = TypeVar("T", bound="StandardError")


@_attrs_define
class StandardError:
    """Represents a standard error response in the HubSpot API, providing detailed information about an error that occurred
    during an API request.

        Attributes:
            category (str | Unset): The main category of the error.
            context (StandardErrorContext | Unset): Additional context-specific information related to the error.
            errors (list[ErrorDetail] | Unset): The detailed error objects.
            id (str | Unset): A unique ID for the error instance.
            links (StandardErrorLinks | Unset): URLs linking to documentation or resources associated with the error.
            message (str | Unset): A human-readable string describing the error and possible remediation steps.
            status (str | Unset): The HTTP status code associated with the error.
            sub_category (StandardErrorSubCategory | Unset): A more specific error category within each main category.
    """

    category: str | Unset = UNSET
    context: StandardErrorContext | Unset = UNSET
    errors: list[ErrorDetail] | Unset = UNSET
    id: str | Unset = UNSET
    links: StandardErrorLinks | Unset = UNSET
    message: str | Unset = UNSET
    status: str | Unset = UNSET
    sub_category: StandardErrorSubCategory | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        id = self.id

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        message = self.message

        status = self.status

        sub_category: dict[str, Any] | Unset = UNSET
        if not isinstance(self.sub_category, Unset):
            sub_category = self.sub_category.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if context is not UNSET:
            field_dict["context"] = context
        if errors is not UNSET:
            field_dict["errors"] = errors
        if id is not UNSET:
            field_dict["id"] = id
        if links is not UNSET:
            field_dict["links"] = links
        if message is not UNSET:
            field_dict["message"] = message
        if status is not UNSET:
            field_dict["status"] = status
        if sub_category is not UNSET:
            field_dict["subCategory"] = sub_category

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.error_detail import ErrorDetail  # noqa: PLC0415
        from ..models.standard_error_context import StandardErrorContext  # noqa: PLC0415
        from ..models.standard_error_links import StandardErrorLinks  # noqa: PLC0415
        from ..models.standard_error_sub_category import StandardErrorSubCategory  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category", UNSET)

        _context = d.pop("context", UNSET)
        context: StandardErrorContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = StandardErrorContext.from_dict(_context)

        _errors = d.pop("errors", UNSET)
        errors: list[ErrorDetail] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = ErrorDetail.from_dict(errors_item_data)

                errors.append(errors_item)

        id = d.pop("id", UNSET)

        _links = d.pop("links", UNSET)
        links: StandardErrorLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = StandardErrorLinks.from_dict(_links)

        message = d.pop("message", UNSET)

        status = d.pop("status", UNSET)

        _sub_category = d.pop("subCategory", UNSET)
        sub_category: StandardErrorSubCategory | Unset
        if isinstance(_sub_category, Unset):
            sub_category = UNSET
        else:
            sub_category = StandardErrorSubCategory.from_dict(_sub_category)

        standard_error = cls(
            category=category,
            context=context,
            errors=errors,
            id=id,
            links=links,
            message=message,
            status=status,
            sub_category=sub_category,
        )

        standard_error.additional_properties = d
        return standard_error

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
