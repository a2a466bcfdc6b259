from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.simple_public_object_id import SimplePublicObjectId


T = TypeVar("T", bound="BatchReadInputSimplePublicObjectId")


@_attrs_define
class BatchReadInputSimplePublicObjectId:
    """Specifies the input for reading a batch of CRM objects, including arrays of object IDs, requested property names
    (with optional history), and an optional unique identifying property.

        Attributes:
            inputs (list[SimplePublicObjectId]):
            id_property (str | Unset): When using a custom unique value property to retrieve records, the name of the
                property. Do not include this parameter if retrieving by record ID.
            properties (list[str] | Unset): Key-value pairs for setting properties for the new object.
            properties_with_history (list[str] | Unset): Key-value pairs for setting properties for the new object and their
                histories.
    """

    inputs: list[SimplePublicObjectId]
    id_property: str | Unset = UNSET
    properties: list[str] | Unset = UNSET
    properties_with_history: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        id_property = self.id_property

        properties: list[str] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties

        properties_with_history: list[str] | Unset = UNSET
        if not isinstance(self.properties_with_history, Unset):
            properties_with_history = self.properties_with_history

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "inputs": inputs,
            }
        )
        if id_property is not UNSET:
            field_dict["idProperty"] = id_property
        if properties is not UNSET:
            field_dict["properties"] = properties
        if properties_with_history is not UNSET:
            field_dict["propertiesWithHistory"] = properties_with_history

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simple_public_object_id import SimplePublicObjectId  # noqa: PLC0415

        d = dict(src_dict)
        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = SimplePublicObjectId.from_dict(inputs_item_data)

            inputs.append(inputs_item)

        id_property = d.pop("idProperty", UNSET)

        properties = cast(list[str], d.pop("properties", UNSET))

        properties_with_history = cast(list[str], d.pop("propertiesWithHistory", UNSET))

        batch_read_input_simple_public_object_id = cls(
            inputs=inputs,
            id_property=id_property,
            properties=properties,
            properties_with_history=properties_with_history,
        )

        batch_read_input_simple_public_object_id.additional_properties = d
        return batch_read_input_simple_public_object_id

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
