from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.next_page import NextPage
    from ..models.previous_page import PreviousPage


T = TypeVar("T", bound="Paging")


@_attrs_define
class Paging:
    """
    Attributes:
        next_ (NextPage | Unset): Specifies the paging information needed to retrieve the next set of results in a
            paginated API response
        prev (PreviousPage | Unset): specifies the paging information needed to retrieve the previous set of results in
            a paginated API response
    """

    next_: NextPage | Unset = UNSET
    prev: PreviousPage | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        next_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.next_, Unset):
            next_ = self.next_.to_dict()

        prev: dict[str, Any] | Unset = UNSET
        if not isinstance(self.prev, Unset):
            prev = self.prev.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if next_ is not UNSET:
            field_dict["next"] = next_
        if prev is not UNSET:
            field_dict["prev"] = prev

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.next_page import NextPage  # noqa: PLC0415
        from ..models.previous_page import PreviousPage  # noqa: PLC0415

        d = dict(src_dict)
        _next_ = d.pop("next", UNSET)
        next_: NextPage | Unset
        if isinstance(_next_, Unset):
            next_ = UNSET
        else:
            next_ = NextPage.from_dict(_next_)

        _prev = d.pop("prev", UNSET)
        prev: PreviousPage | Unset
        if isinstance(_prev, Unset):
            prev = UNSET
        else:
            prev = PreviousPage.from_dict(_prev)

        paging = cls(
            next_=next_,
            prev=prev,
        )

        paging.additional_properties = d
        return paging

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
