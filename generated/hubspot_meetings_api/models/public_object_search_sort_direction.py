from typing import Literal

PublicObjectSearchSortDirection = Literal["ASCENDING", "DESCENDING"]

PUBLIC_OBJECT_SEARCH_SORT_DIRECTION_VALUES: set[PublicObjectSearchSortDirection] = {
    "ASCENDING",
    "DESCENDING",
}


def check_public_object_search_sort_direction(
    value: str,
) -> PublicObjectSearchSortDirection:
    if value in PUBLIC_OBJECT_SEARCH_SORT_DIRECTION_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {PUBLIC_OBJECT_SEARCH_SORT_DIRECTION_VALUES!r}"
    )
