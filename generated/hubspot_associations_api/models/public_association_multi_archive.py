from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.public_object_id import PublicObjectId


T = TypeVar("T", bound="PublicAssociationMultiArchive")


@_attrs_define
class PublicAssociationMultiArchive:
    """
    Attributes:
        from_ (PublicObjectId): Contains the Id of a Public Object
        to (list[PublicObjectId] | Unset):
    """

    from_: PublicObjectId
    to: list[PublicObjectId] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_ = self.from_.to_dict()

        to: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.to, Unset):
            to = []
            for to_item_data in self.to:
                to_item = to_item_data.to_dict()
                to.append(to_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
            }
        )
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_object_id import PublicObjectId  # noqa: PLC0415

        d = dict(src_dict)
        from_ = PublicObjectId.from_dict(d.pop("from"))

        _to = d.pop("to", UNSET)
        to: list[PublicObjectId] | Unset = UNSET
        if _to is not UNSET:
            to = []
            for to_item_data in _to:
                to_item = PublicObjectId.from_dict(to_item_data)

                to.append(to_item)

        public_association_multi_archive = cls(
            from_=from_,
            to=to,
        )

        public_association_multi_archive.additional_properties = d
        return public_association_multi_archive

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
