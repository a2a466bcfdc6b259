from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.public_fetch_associations_batch_request import (
        PublicFetchAssociationsBatchRequest,
    )


T = TypeVar("T", bound="BatchInputPublicFetchAssociationsBatchRequest")


@_attrs_define
class BatchInputPublicFetchAssociationsBatchRequest:
    """
    Attributes:
        inputs (list[PublicFetchAssociationsBatchRequest]):
    """

    inputs: list[PublicFetchAssociationsBatchRequest]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "inputs": inputs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.public_fetch_associations_batch_request import (
            PublicFetchAssociationsBatchRequest,  # noqa: PLC0415
        )

        d = dict(src_dict)
        inputs = []
        _inputs = d.pop("inputs")
        for inputs_item_data in _inputs:
            inputs_item = PublicFetchAssociationsBatchRequest.from_dict(
                inputs_item_data
            )

            inputs.append(inputs_item)

        batch_input_public_fetch_associations_batch_request = cls(
            inputs=inputs,
        )

        batch_input_public_fetch_associations_batch_request.additional_properties = d
        return batch_input_public_fetch_associations_batch_request

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
