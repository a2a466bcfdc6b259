from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LabelsBetweenObjectPair")


@_attrs_define
class LabelsBetweenObjectPair:
    """The relationship descriptors applicable between two object types.

    Attributes:
        from_object_id (str | Unset): The ID of the source object in the association.
        from_object_type_id (str | Unset): The type ID of the source object in the association.
        labels (list[str] | Unset): An array of labels associated with the relationship between the objects.
        to_object_id (str | Unset): The ID of the target object in the association.
        to_object_type_id (str | Unset): The type ID of the target object in the association.
    """

    from_object_id: str | Unset = UNSET
    from_object_type_id: str | Unset = UNSET
    labels: list[str] | Unset = UNSET
    to_object_id: str | Unset = UNSET
    to_object_type_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_object_id = self.from_object_id

        from_object_type_id = self.from_object_type_id

        labels: list[str] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = self.labels

        to_object_id = self.to_object_id

        to_object_type_id = self.to_object_type_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if from_object_id is not UNSET:
            field_dict["fromObjectId"] = from_object_id
        if from_object_type_id is not UNSET:
            field_dict["fromObjectTypeId"] = from_object_type_id
        if labels is not UNSET:
            field_dict["labels"] = labels
        if to_object_id is not UNSET:
            field_dict["toObjectId"] = to_object_id
        if to_object_type_id is not UNSET:
            field_dict["toObjectTypeId"] = to_object_type_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        from_object_id = d.pop("fromObjectId", UNSET)

        from_object_type_id = d.pop("fromObjectTypeId", UNSET)

        labels = cast(list[str], d.pop("labels", UNSET))

        to_object_id = d.pop("toObjectId", UNSET)

        to_object_type_id = d.pop("toObjectTypeId", UNSET)

        labels_between_object_pair = cls(
            from_object_id=from_object_id,
            from_object_type_id=from_object_type_id,
            labels=labels,
            to_object_id=to_object_id,
            to_object_type_id=to_object_type_id,
        )

        labels_between_object_pair.additional_properties = d
        return labels_between_object_pair

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
