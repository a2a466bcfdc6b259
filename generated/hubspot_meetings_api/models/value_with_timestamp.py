from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ValueWithTimestamp")


@_attrs_define
class ValueWithTimestamp:
    """Property model that includes timestamp.

    Attributes:
        source_id (str | Unset): The unique ID of the property.
        source_label (str | Unset): A human-readable label.
        source_type (str | Unset): The property type.
        timestamp (datetime.datetime | Unset): The timestamp when the property was updated, in ISO 8601 format.
        updated_by_user_id (int | Unset): The ID of the user who last updated the property.
        value (str | Unset): The property value.
    """

    source_id: str | Unset = UNSET
    source_label: str | Unset = UNSET
    source_type: str | Unset = UNSET
    timestamp: datetime.datetime | Unset = UNSET
    updated_by_user_id: int | Unset = UNSET
    value: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_id = self.source_id

        source_label = self.source_label

        source_type = self.source_type

        timestamp: str | Unset = UNSET
        if not isinstance(self.timestamp, Unset):
            timestamp = self.timestamp.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )

        updated_by_user_id = self.updated_by_user_id

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if source_id is not UNSET:
            field_dict["sourceId"] = source_id
        if source_label is not UNSET:
            field_dict["sourceLabel"] = source_label
        if source_type is not UNSET:
            field_dict["sourceType"] = source_type
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp
        if updated_by_user_id is not UNSET:
            field_dict["updatedByUserId"] = updated_by_user_id
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source_id = d.pop("sourceId", UNSET)

        source_label = d.pop("sourceLabel", UNSET)

        source_type = d.pop("sourceType", UNSET)

        _timestamp = d.pop("timestamp", UNSET)
        timestamp: datetime.datetime | Unset
        if isinstance(_timestamp, Unset):
            timestamp = UNSET
        else:
            timestamp = datetime.datetime.fromisoformat(_timestamp)

        updated_by_user_id = d.pop("updatedByUserId", UNSET)

        value = d.pop("value", UNSET)

        value_with_timestamp = cls(
            source_id=source_id,
            source_label=source_label,
            source_type=source_type,
            timestamp=timestamp,
            updated_by_user_id=updated_by_user_id,
            value=value,
        )

        value_with_timestamp.additional_properties = d
        return value_with_timestamp

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
