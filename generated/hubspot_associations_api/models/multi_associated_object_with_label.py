from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.association_spec_with_label import AssociationSpecWithLabel


T = TypeVar("T", bound="MultiAssociatedObjectWithLabel")


@_attrs_define
class MultiAssociatedObjectWithLabel:
    """Represents an object that is associated with multiple other objects, with optional context.

    Attributes:
        association_types (list[AssociationSpecWithLabel] | Unset):
        to_object_id (str | Unset): The unique identifier for the target object in the association.
    """

    association_types: list[AssociationSpecWithLabel] | Unset = UNSET
    to_object_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        association_types: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.association_types, Unset):
            association_types = []
            for association_types_item_data in self.association_types:
                association_types_item = association_types_item_data.to_dict()
                association_types.append(association_types_item)

        to_object_id = self.to_object_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if association_types is not UNSET:
            field_dict["associationTypes"] = association_types
        if to_object_id is not UNSET:
            field_dict["toObjectId"] = to_object_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.association_spec_with_label import AssociationSpecWithLabel  # noqa: PLC0415

        d = dict(src_dict)
        _association_types = d.pop("associationTypes", UNSET)
        association_types: list[AssociationSpecWithLabel] | Unset = UNSET
        if _association_types is not UNSET:
            association_types = []
            for association_types_item_data in _association_types:
                association_types_item = AssociationSpecWithLabel.from_dict(
                    association_types_item_data
                )

                association_types.append(association_types_item)

        to_object_id = d.pop("toObjectId", UNSET)

        multi_associated_object_with_label = cls(
            association_types=association_types,
            to_object_id=to_object_id,
        )

        multi_associated_object_with_label.additional_properties = d
        return multi_associated_object_with_label

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
