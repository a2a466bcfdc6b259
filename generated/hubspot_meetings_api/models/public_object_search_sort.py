from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.public_object_search_sort_direction import (
    PublicObjectSearchSortDirection,
    check_public_object_search_sort_direction,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicObjectSearchSort")


@_attrs_define
class PublicObjectSearchSort:
    """One sort rule: a property and a direction.

    Attributes:
        property_name (str):
        direction (PublicObjectSearchSortDirection | Unset):
    """

    property_name: str
    direction: PublicObjectSearchSortDirection | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        property_name = self.property_name

        direction: str | Unset = UNSET
        if not isinstance(self.direction, Unset):
            direction = self.direction

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "propertyName": property_name,
            }
        )
        if direction is not UNSET:
            field_dict["direction"] = direction

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        property_name = d.pop("propertyName")

        _direction = d.pop("direction", UNSET)
        direction: PublicObjectSearchSortDirection | Unset
        if isinstance(_direction, Unset):
            direction = UNSET
        else:
            direction = check_public_object_search_sort_direction(_direction)

        public_object_search_sort = cls(
            property_name=property_name,
            direction=direction,
        )

        public_object_search_sort.additional_properties = d
        return public_object_search_sort

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
