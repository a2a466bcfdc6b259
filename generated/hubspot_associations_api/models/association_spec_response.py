from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssociationSpecResponse")


@_attrs_define
class AssociationSpecResponse:
    """Defines the type, direction, and details of the relationship between two CRM objects.

    Attributes:
        association_category (str | Unset): The category of the association, such as "HUBSPOT_DEFINED".
        association_type_id (int | Unset): The ID representing the specific type of association.
    """

    association_category: str | Unset = UNSET
    association_type_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        association_category = self.association_category

        association_type_id = self.association_type_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if association_category is not UNSET:
            field_dict["associationCategory"] = association_category
        if association_type_id is not UNSET:
            field_dict["associationTypeId"] = association_type_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        association_category = d.pop("associationCategory", UNSET)

        association_type_id = d.pop("associationTypeId", UNSET)

        association_spec_response = cls(
            association_category=association_category,
            association_type_id=association_type_id,
        )

        association_spec_response.additional_properties = d
        return association_spec_response

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
