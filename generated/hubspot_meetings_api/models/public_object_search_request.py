from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.filter_group import FilterGroup
    from ..models.public_object_search_sort import PublicObjectSearchSort


T = TypeVar("T", bound="PublicObjectSearchRequest")


@_attrs_define
class PublicObjectSearchRequest:
    """Describes a search request

    Attributes:
        after (str | Unset): A paging cursor token for retrieving subsequent pages.
        filter_groups (list[FilterGroup] | Unset): Up to 6 groups of filters defining additional query criteria.
        limit (int | Unset): The maximum results to return, up to 200 objects.
        properties (list[str] | Unset): A list of property names to include in the response.
        query (str | Unset): The search query string, up to 3000 characters.
        sorts (list[PublicObjectSearchSort | str] | Unset): Specifies sorting order based on object properties.
    """

    after: str | Unset = UNSET
    filter_groups: list[FilterGroup] | Unset = UNSET
    limit: int | Unset = UNSET
    properties: list[str] | Unset = UNSET
    query: str | Unset = UNSET
    sorts: list[PublicObjectSearchSort | str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.public_object_search_sort import PublicObjectSearchSort  # noqa: PLC0415

        after = self.after

        filter_groups: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.filter_groups, Unset):
            filter_groups = []
            for filter_groups_item_data in self.filter_groups:
                filter_groups_item = filter_groups_item_data.to_dict()
                filter_groups.append(filter_groups_item)

        limit = self.limit

        properties: list[str] | Unset = UNSET
        if not isinstance(self.properties, Unset):
            properties = self.properties

        query = self.query

        sorts: list[dict[str, Any] | str] | Unset = UNSET
        if not isinstance(self.sorts, Unset):
            sorts = []
            for sorts_item_data in self.sorts:
                sorts_item: dict[str, Any] | str
                if isinstance(sorts_item_data, PublicObjectSearchSort):
                    sorts_item = sorts_item_data.to_dict()
                else:
                    sorts_item = sorts_item_data
                sorts.append(sorts_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if after is not UNSET:
            field_dict["after"] = after
        if filter_groups is not UNSET:
            field_dict["filterGroups"] = filter_groups
        if limit is not UNSET:
            field_dict["limit"] = limit
        if properties is not UNSET:
            field_dict["properties"] = properties
        if query is not UNSET:
            field_dict["query"] = query
        if sorts is not UNSET:
            field_dict["sorts"] = sorts

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.filter_group import FilterGroup  # noqa: PLC0415
        from ..models.public_object_search_sort import PublicObjectSearchSort  # noqa: PLC0415

        d = dict(src_dict)
        after = d.pop("after", UNSET)

        _filter_groups = d.pop("filterGroups", UNSET)
        filter_groups: list[FilterGroup] | Unset = UNSET
        if _filter_groups is not UNSET:
            filter_groups = []
            for filter_groups_item_data in _filter_groups:
                filter_groups_item = FilterGroup.from_dict(filter_groups_item_data)

                filter_groups.append(filter_groups_item)

        limit = d.pop("limit", UNSET)

        properties = cast(list[str], d.pop("properties", UNSET))

        query = d.pop("query", UNSET)

        _sorts = d.pop("sorts", UNSET)
        sorts: list[PublicObjectSearchSort | str] | Unset = UNSET
        if _sorts is not UNSET:
            sorts = []
            for sorts_item_data in _sorts:

                def _parse_sorts_item(data: object) -> PublicObjectSearchSort | str:
                    try:
                        if not isinstance(data, dict):
                            raise TypeError()
                        sorts_item_type_0 = PublicObjectSearchSort.from_dict(data)

                        return sorts_item_type_0
                    except (TypeError, ValueError, AttributeError, KeyError):
                        pass
                    return cast(PublicObjectSearchSort | str, data)

                sorts_item = _parse_sorts_item(sorts_item_data)

                sorts.append(sorts_item)

        public_object_search_request = cls(
            after=after,
            filter_groups=filter_groups,
            limit=limit,
            properties=properties,
            query=query,
            sorts=sorts,
        )

        public_object_search_request.additional_properties = d
        return public_object_search_request

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
