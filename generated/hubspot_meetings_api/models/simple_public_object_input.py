from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.simple_public_object_input_properties import (
        SimplePublicObjectInputProperties,
    )


T = TypeVar("T", bound="SimplePublicObjectInput")


@_attrs_define
class SimplePublicObjectInput:
    """Represents the input required to create or update a CRM object, containing an object with property names and their
    corresponding values.

        Example:
            {'properties': {'property_checkbox': 'false', 'property_date': '1572480000000', 'property_dropdown': 'choice_b',
                'property_multiple_checkboxes': 'chocolate;strawberry', 'property_number': '17', 'property_radio': 'option_1',
                'property_string': 'value'}}

        Attributes:
            properties (SimplePublicObjectInputProperties): Key value pairs representing the properties of the object.
    """

    properties: SimplePublicObjectInputProperties
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        properties = self.properties.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "properties": properties,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.simple_public_object_input_properties import (
            SimplePublicObjectInputProperties,  # noqa: PLC0415
        )

        d = dict(src_dict)
        properties = SimplePublicObjectInputProperties.from_dict(d.pop("properties"))

        simple_public_object_input = cls(
            properties=properties,
        )

        simple_public_object_input.additional_properties = d
        return simple_public_object_input

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
