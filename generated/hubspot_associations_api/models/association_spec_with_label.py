from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssociationSpecWithLabel")


@_attrs_define
class AssociationSpecWithLabel:
    """Defines the type, direction, and details of the relationship between two CRM objects.

    Attributes:
        category (str | Unset): The category of the association, such as HUBSPOT_DEFINED, USER_DEFINED, or
            INTEGRATOR_DEFINED.
        from_object_type_id (str | Unset):
        label (str | Unset): A label describing the association between two objects.
        to_object_type_id (str | Unset):
        type_id (int | Unset): The unique identifier for the type of association.
    """

    category: str | Unset = UNSET
    from_object_type_id: str | Unset = UNSET
    label: str | Unset = UNSET
    to_object_type_id: str | Unset = UNSET
    type_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        from_object_type_id = self.from_object_type_id

        label = self.label

        to_object_type_id = self.to_object_type_id

        type_id = self.type_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if category is not UNSET:
            field_dict["category"] = category
        if from_object_type_id is not UNSET:
            field_dict["fromObjectTypeId"] = from_object_type_id
        if label is not UNSET:
            field_dict["label"] = label
        if to_object_type_id is not UNSET:
            field_dict["toObjectTypeId"] = to_object_type_id
        if type_id is not UNSET:
            field_dict["typeId"] = type_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        category = d.pop("category", UNSET)

        from_object_type_id = d.pop("fromObjectTypeId", UNSET)

        label = d.pop("label", UNSET)

        to_object_type_id = d.pop("toObjectTypeId", UNSET)

        type_id = d.pop("typeId", UNSET)

        association_spec_with_label = cls(
            category=category,
            from_object_type_id=from_object_type_id,
            label=label,
            to_object_type_id=to_object_type_id,
            type_id=type_id,
        )

        association_spec_with_label.additional_properties = d
        return association_spec_with_label

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
