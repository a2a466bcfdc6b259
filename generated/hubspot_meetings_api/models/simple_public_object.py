from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.public_object_warning import PublicObjectWarning
    from ..models.simple_public_object_properties import SimplePublicObjectProperties
    from ..models.simple_public_object_properties_with_history import (
        SimplePublicObjectPropertiesWithHistory,
    )


T = TypeVar("T", bound="SimplePublicObject")


@_attrs_define
class SimplePublicObject:
    """A simple public object.

    Example:
        {'archived': False, 'createdAt': '2019-10-30T03:30:17.883Z', 'id': '512', 'properties': {'property_checkbox':
            'false', 'property_date': '1572480000000', 'property_dropdown': 'choice_b', 'property_multiple_checkboxes':
            'chocolate;strawberry', 'property_number': '17', 'property_radio': 'option_1', 'property_string': 'value'},
            'updatedAt': '2019-12-07T16:50:06.678Z'}

    Attributes:
        id (str): The unique ID of the object.
        properties (SimplePublicObjectProperties): Key-value pairs representing the properties of the object.
        archived (bool | Unset): Whether the object is archived.
        archived_at (datetime.datetime | Unset): The timestamp when the object was archived, in ISO 8601 format.
        created_at (datetime.datetime | Unset): The timestamp when the object was created, in ISO 8601 format.
        object_write_trace_id (str | Unset): An identifier used for tracing the write request for the object.
        properties_with_history (SimplePublicObjectPropertiesWithHistory | Unset): Key-value pairs representing the
            properties of the object along with their history.
        updated_at (datetime.datetime | Unset): The timestamp when the object was last updated, in ISO 8601 format.
        url (str | Unset): The URL associated with the object.
        warnings (list[PublicObjectWarning] | Unset):
    """

    id: str
    properties: SimplePublicObjectProperties
    archived: bool | Unset = UNSET
    archived_at: datetime.datetime | Unset = UNSET
    created_at: datetime.datetime | Unset = UNSET
    object_write_trace_id: str | Unset = UNSET
    properties_with_history: SimplePublicObjectPropertiesWithHistory | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    url: str | Unset = UNSET
    warnings: list[PublicObjectWarning] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        properties = self.properties.to_dict()

        archived = self.archived

        archived_at: str | Unset = UNSET
        if not isinstance(self.archived_at, Unset):
            archived_at = self.archived_at.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )

        object_write_trace_id = self.object_write_trace_id

        properties_with_history: dict[str, Any] | Unset = UNSET
        if not isinstance(self.properties_with_history, Unset):
            properties_with_history = self.properties_with_history.to_dict()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )

        url = self.url

        warnings: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.warnings, Unset):
            warnings = []
            for warnings_item_data in self.warnings:
                warnings_item = warnings_item_data.to_dict()
                warnings.append(warnings_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "properties": properties,
            }
        )
        if archived is not UNSET:
            field_dict["archived"] = archived
        if archived_at is not UNSET:
            field_dict["archivedAt"] = archived_at
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if object_write_trace_id is not UNSET:
            field_dict["objectWriteTraceId"] = object_write_trace_id
        if properties_with_history is not UNSET:
            field_dict["propertiesWithHistory"] = properties_with_history
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at
        if url is not UNSET:
            field_dict["url"] = url
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_object_warning import PublicObjectWarning  # noqa: PLC0415
        from ..models.simple_public_object_properties import (
            SimplePublicObjectProperties,  # noqa: PLC0415
        )
        from ..models.simple_public_object_properties_with_history import (
            SimplePublicObjectPropertiesWithHistory,  # noqa: PLC0415
        )

        d = dict(src_dict)
        id = d.pop("id")

        properties = SimplePublicObjectProperties.from_dict(d.pop("properties"))

        archived = d.pop("archived", UNSET)

        _archived_at = d.pop("archivedAt", UNSET)
        archived_at: datetime.datetime | Unset
        if isinstance(_archived_at, Unset):
            archived_at = UNSET
        else:
            archived_at = datetime.datetime.fromisoformat(_archived_at)

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        object_write_trace_id = d.pop("objectWriteTraceId", UNSET)

        _properties_with_history = d.pop("propertiesWithHistory", UNSET)
        properties_with_history: SimplePublicObjectPropertiesWithHistory | Unset
        if isinstance(_properties_with_history, Unset):
            properties_with_history = UNSET
        else:
            properties_with_history = SimplePublicObjectPropertiesWithHistory.from_dict(
                _properties_with_history
            )

        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        url = d.pop("url", UNSET)

        _warnings = d.pop("warnings", UNSET)
        warnings: list[PublicObjectWarning] | Unset = UNSET
        if _warnings is not UNSET:
            warnings = []
            for warnings_item_data in _warnings:
                warnings_item = PublicObjectWarning.from_dict(warnings_item_data)

                warnings.append(warnings_item)

        simple_public_object = cls(
            id=id,
            properties=properties,
            archived=archived,
            archived_at=archived_at,
            created_at=created_at,
            object_write_trace_id=object_write_trace_id,
            properties_with_history=properties_with_history,
            updated_at=updated_at,
            url=url,
            warnings=warnings,
        )

        simple_public_object.additional_properties = d
        return simple_public_object

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
