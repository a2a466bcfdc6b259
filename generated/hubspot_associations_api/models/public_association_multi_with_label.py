from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.multi_associated_object_with_label import (
        MultiAssociatedObjectWithLabel,
    )
    from ..models.paging import Paging
    from ..models.public_object_id import PublicObjectId


T = TypeVar("T", bound="PublicAssociationMultiWithLabel")


@_attrs_define
class PublicAssociationMultiWithLabel:
    """
    Attributes:
        from_ (PublicObjectId | Unset): Contains the Id of a Public Object
        paging (Paging | Unset):
        to (list[MultiAssociatedObjectWithLabel] | Unset):
    """

    from_: PublicObjectId | Unset = UNSET
    paging: Paging | Unset = UNSET
    to: list[MultiAssociatedObjectWithLabel] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.from_, Unset):
            from_ = self.from_.to_dict()

        paging: dict[str, Any] | Unset = UNSET
        if not isinstance(self.paging, Unset):
            paging = self.paging.to_dict()

        to: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.to, Unset):
            to = []
            for to_item_data in self.to:
                to_item = to_item_data.to_dict()
                to.append(to_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if from_ is not UNSET:
            field_dict["from"] = from_
        if paging is not UNSET:
            field_dict["paging"] = paging
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.multi_associated_object_with_label import (
            MultiAssociatedObjectWithLabel,  # noqa: PLC0415
        )
        from ..models.paging import Paging  # noqa: PLC0415
        from ..models.public_object_id import PublicObjectId  # noqa: PLC0415

        d = dict(src_dict)
        _from_ = d.pop("from", UNSET)
        from_: PublicObjectId | Unset
        if isinstance(_from_, Unset):
            from_ = UNSET
        else:
            from_ = PublicObjectId.from_dict(_from_)

        _paging = d.pop("paging", UNSET)
        paging: Paging | Unset
        if isinstance(_paging, Unset):
            paging = UNSET
        else:
            paging = Paging.from_dict(_paging)

        _to = d.pop("to", UNSET)
        to: list[MultiAssociatedObjectWithLabel] | Unset = UNSET
        if _to is not UNSET:
            to = []
            for to_item_data in _to:
                to_item = MultiAssociatedObjectWithLabel.from_dict(to_item_data)

                to.append(to_item)

        public_association_multi_with_label = cls(
            from_=from_,
            paging=paging,
            to=to,
        )

        public_association_multi_with_label.additional_properties = d
        return public_association_multi_with_label

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
