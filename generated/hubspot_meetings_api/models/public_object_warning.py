from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.public_object_warning_context import PublicObjectWarningContext


T = TypeVar("T", bound="PublicObjectWarning")


@_attrs_define
class PublicObjectWarning:
    """
    Attributes:
        category (str | Unset):
        context (PublicObjectWarningContext | Unset):
        message (str | Unset):
    """

    category: str | Unset = UNSET
    context: PublicObjectWarningContext | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if context is not UNSET:
            field_dict["context"] = context
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_object_warning_context import PublicObjectWarningContext  # noqa: PLC0415

        d = dict(src_dict)
        category = d.pop("category", UNSET)

        _context = d.pop("context", UNSET)
        context: PublicObjectWarningContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = PublicObjectWarningContext.from_dict(_context)

        message = d.pop("message", UNSET)

        public_object_warning = cls(
            category=category,
            context=context,
            message=message,
        )

        public_object_warning.additional_properties = d
        return public_object_warning

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
