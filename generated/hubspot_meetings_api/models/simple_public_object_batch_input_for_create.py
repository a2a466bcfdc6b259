from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.public_associations_for_object import PublicAssociationsForObject
    from ..models.simple_public_object_batch_input_for_create_properties import (
        SimplePublicObjectBatchInputForCreateProperties,
    )


T = TypeVar("T", bound="SimplePublicObjectBatchInputForCreate")


@_attrs_define
class SimplePublicObjectBatchInputForCreate:
    """An input object that contains a collection of objects to be created together in a batch.

    Attributes:
        properties (SimplePublicObjectBatchInputForCreateProperties): Key value pairs representing the properties of the
            object.
        associations (list[PublicAssociationsForObject] | Unset):
        object_write_trace_id (str | Unset): An identifier used for tracing the creation or update request of the
            object.
    """

    properties: SimplePublicObjectBatchInputForCreateProperties
    associations: list[PublicAssociationsForObject] | Unset = UNSET
    object_write_trace_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        properties = self.properties.to_dict()

        associations: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.associations, Unset):
            associations = []
            for associations_item_data in self.associations:
                associations_item = associations_item_data.to_dict()
                associations.append(associations_item)

        object_write_trace_id = self.object_write_trace_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "properties": properties,
            }
        )
        if associations is not UNSET:
            field_dict["associations"] = associations
        if object_write_trace_id is not UNSET:
            field_dict["objectWriteTraceId"] = object_write_trace_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_associations_for_object import PublicAssociationsForObject  # noqa: PLC0415
        from ..models.simple_public_object_batch_input_for_create_properties import (
            SimplePublicObjectBatchInputForCreateProperties,  # noqa: PLC0415
        )

        d = dict(src_dict)
        properties = SimplePublicObjectBatchInputForCreateProperties.from_dict(
            d.pop("properties")
        )

        _associations = d.pop("associations", UNSET)
        associations: list[PublicAssociationsForObject] | Unset = UNSET
        if _associations is not UNSET:
            associations = []
            for associations_item_data in _associations:
                associations_item = PublicAssociationsForObject.from_dict(
                    associations_item_data
                )

                associations.append(associations_item)

        object_write_trace_id = d.pop("objectWriteTraceId", UNSET)

        simple_public_object_batch_input_for_create = cls(
            properties=properties,
            associations=associations,
            object_write_trace_id=object_write_trace_id,
        )

        simple_public_object_batch_input_for_create.additional_properties = d
        return simple_public_object_batch_input_for_create

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
