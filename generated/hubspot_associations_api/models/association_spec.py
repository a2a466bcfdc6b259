from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.association_spec_association_category import (
    AssociationSpecAssociationCategory,
    check_association_spec_association_category,
)

T = TypeVar("T", bound="AssociationSpec")


@_attrs_define
class AssociationSpec:
    """Defines the type, direction, and details of the relationship between two CRM objects.

    Attributes:
        association_category (AssociationSpecAssociationCategory): The category of the association, such as
            "HUBSPOT_DEFINED".
        association_type_id (int): The ID representing the specific type of association.
    """

    association_category: AssociationSpecAssociationCategory
    association_type_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        association_category: str = self.association_category

        association_type_id = self.association_type_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "associationCategory": association_category,
                "associationTypeId": association_type_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        association_category = check_association_spec_association_category(
            d.pop("associationCategory")
        )

        association_type_id = d.pop("associationTypeId")

        association_spec = cls(
            association_category=association_category,
            association_type_id=association_type_id,
        )

        association_spec.additional_properties = d
        return association_spec

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
