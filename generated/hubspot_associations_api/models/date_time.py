from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="DateTime")


@_attrs_define
class DateTime:
    """
    Attributes:
        date_only (bool | Unset): Indicates whether the DateTime value represents only a date without a time component.
        time_zone_shift (int | Unset): The integer value representing the shift in minutes from UTC for the DateTime
            value.
        value (int | Unset): The integer value representing a specific point in time.
    """

    date_only: bool | Unset = UNSET
    time_zone_shift: int | Unset = UNSET
    value: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        date_only = self.date_only

        time_zone_shift = self.time_zone_shift

        value = self.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if date_only is not UNSET:
            field_dict["dateOnly"] = date_only
        if time_zone_shift is not UNSET:
            field_dict["timeZoneShift"] = time_zone_shift
        if value is not UNSET:
            field_dict["value"] = value

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        date_only = d.pop("dateOnly", UNSET)

        time_zone_shift = d.pop("timeZoneShift", UNSET)

        value = d.pop("value", UNSET)

        date_time = cls(
            date_only=date_only,
            time_zone_shift=time_zone_shift,
            value=value,
        )

        date_time.additional_properties = d
        return date_time

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
