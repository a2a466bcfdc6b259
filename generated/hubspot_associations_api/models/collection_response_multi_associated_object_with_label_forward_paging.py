from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.forward_paging import ForwardPaging
    from ..models.multi_associated_object_with_label import (
        MultiAssociatedObjectWithLabel,
    )


T = TypeVar("T", bound="CollectionResponseMultiAssociatedObjectWithLabelForwardPaging")


@_attrs_define
class CollectionResponseMultiAssociatedObjectWithLabelForwardPaging:
    """
    Attributes:
        results (list[MultiAssociatedObjectWithLabel]):
        paging (ForwardPaging | Unset):
    """

    results: list[MultiAssociatedObjectWithLabel]
    paging: ForwardPaging | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        paging: dict[str, Any] | Unset = UNSET
        if not isinstance(self.paging, Unset):
            paging = self.paging.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
            }
        )
        if paging is not UNSET:
            field_dict["paging"] = paging

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.forward_paging import ForwardPaging  # noqa: PLC0415
        from ..models.multi_associated_object_with_label import (
            MultiAssociatedObjectWithLabel,  # noqa: PLC0415
        )

        d = dict(src_dict)
        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = MultiAssociatedObjectWithLabel.from_dict(results_item_data)

            results.append(results_item)

        _paging = d.pop("paging", UNSET)
        paging: ForwardPaging | Unset
        if isinstance(_paging, Unset):
            paging = UNSET
        else:
            paging = ForwardPaging.from_dict(_paging)

        collection_response_multi_associated_object_with_label_forward_paging = cls(
            results=results,
            paging=paging,
        )

        collection_response_multi_associated_object_with_label_forward_paging.additional_properties = d
        return collection_response_multi_associated_object_with_label_forward_paging

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
