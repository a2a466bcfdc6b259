from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.simple_public_object_batch_input_properties import (
        SimplePublicObjectBatchInputProperties,
    )


T = TypeVar("T", bound="SimplePublicObjectBatchInput")


@_attrs_define
class SimplePublicObjectBatchInput:
    """Contains an array of CRM object records to be processed in a batch operation, each defined by their ID and
    properties.

        Attributes:
            id (str): The id to be updated. This can be the object id, or the unique property value of the idProperty
                property
            properties (SimplePublicObjectBatchInputProperties): Key-value pairs representing the properties of the object.
            id_property (str | Unset): The name of a property whose values are unique for this object Example:
                my_unique_property_name.
            object_write_trace_id (str | Unset): A unique identifier for tracing the request.
    """

    id: str
    properties: SimplePublicObjectBatchInputProperties
    id_property: str | Unset = UNSET
    object_write_trace_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        properties = self.properties.to_dict()

        id_property = self.id_property

        object_write_trace_id = self.object_write_trace_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "properties": properties,
            }
        )
        if id_property is not UNSET:
            field_dict["idProperty"] = id_property
        if object_write_trace_id is not UNSET:
            field_dict["objectWriteTraceId"] = object_write_trace_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simple_public_object_batch_input_properties import (
            SimplePublicObjectBatchInputProperties,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id")

        properties = SimplePublicObjectBatchInputProperties.from_dict(
            d.pop("properties")
        )

        id_property = d.pop("idProperty", UNSET)

        object_write_trace_id = d.pop("objectWriteTraceId", UNSET)

        simple_public_object_batch_input = cls(
            id=id,
            properties=properties,
            id_property=id_property,
            object_write_trace_id=object_write_trace_id,
        )

        simple_public_object_batch_input.additional_properties = d
        return simple_public_object_batch_input

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
