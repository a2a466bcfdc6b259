from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.date_time import DateTime


T = TypeVar("T", bound="ReportCreationResponse")


@_attrs_define
class ReportCreationResponse:
    """
    Attributes:
        enqueue_time (DateTime | Unset):
        user_email (str | Unset): Email of the user
        user_id (int | Unset): ID of the user
    """

    enqueue_time: DateTime | Unset = UNSET
    user_email: str | Unset = UNSET
    user_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enqueue_time: dict[str, Any] | Unset = UNSET
        if not isinstance(self.enqueue_time, Unset):
            enqueue_time = self.enqueue_time.to_dict()

        user_email = self.user_email

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enqueue_time is not UNSET:
            field_dict["enqueueTime"] = enqueue_time
        if user_email is not UNSET:
            field_dict["userEmail"] = user_email
        if user_id is not UNSET:
            field_dict["userId"] = user_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.date_time import DateTime  # noqa: PLC0415

        d = dict(src_dict)
        _enqueue_time = d.pop("enqueueTime", UNSET)
        enqueue_time: DateTime | Unset
        if isinstance(_enqueue_time, Unset):
            enqueue_time = UNSET
        else:
            enqueue_time = DateTime.from_dict(_enqueue_time)

        user_email = d.pop("userEmail", UNSET)

        user_id = d.pop("userId", UNSET)

        report_creation_response = cls(
            enqueue_time=enqueue_time,
            user_email=user_email,
            user_id=user_id,
        )

        report_creation_response.additional_properties = d
        return report_creation_response

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
