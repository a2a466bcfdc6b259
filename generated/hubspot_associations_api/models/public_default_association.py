from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.association_spec_response import AssociationSpecResponse
    from ..models.public_object_id import PublicObjectId


T = TypeVar("T", bound="PublicDefaultAssociation")


@_attrs_define
class PublicDefaultAssociation:
    """
    Attributes:
        association_spec (AssociationSpecResponse | Unset): Defines the type, direction, and details of the relationship
            between two CRM objects.
        from_ (PublicObjectId | Unset): Contains the Id of a Public Object
        to (PublicObjectId | Unset): Contains the Id of a Public Object
    """

    association_spec: AssociationSpecResponse | Unset = UNSET
    from_: PublicObjectId | Unset = UNSET
    to: PublicObjectId | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        association_spec: dict[str, Any] | Unset = UNSET
        if not isinstance(self.association_spec, Unset):
            association_spec = self.association_spec.to_dict()

        from_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.from_, Unset):
            from_ = self.from_.to_dict()

        to: dict[str, Any] | Unset = UNSET
        if not isinstance(self.to, Unset):
            to = self.to.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if association_spec is not UNSET:
            field_dict["associationSpec"] = association_spec
        if from_ is not UNSET:
            field_dict["from"] = from_
        if to is not UNSET:
            field_dict["to"] = to

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.association_spec_response import AssociationSpecResponse  # noqa: PLC0415
        from ..models.public_object_id import PublicObjectId  # noqa: PLC0415

        d = dict(src_dict)
        _association_spec = d.pop("associationSpec", UNSET)
        association_spec: AssociationSpecResponse | Unset
        if isinstance(_association_spec, Unset):
            association_spec = UNSET
        else:
            association_spec = AssociationSpecResponse.from_dict(_association_spec)

        _from_ = d.pop("from", UNSET)
        from_: PublicObjectId | Unset
        if isinstance(_from_, Unset):
            from_ = UNSET
        else:
            from_ = PublicObjectId.from_dict(_from_)

        _to = d.pop("to", UNSET)
        to: PublicObjectId | Unset
        if isinstance(_to, Unset):
            to = UNSET
        else:
            to = PublicObjectId.from_dict(_to)

        public_default_association = cls(
            association_spec=association_spec,
            from_=from_,
            to=to,
        )

        public_default_association.additional_properties = d
        return public_default_association

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
