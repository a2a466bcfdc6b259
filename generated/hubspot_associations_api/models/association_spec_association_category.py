from typing import Literal

AssociationSpecAssociationCategory = Literal[
    "HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK"
]

ASSOCIATION_SPEC_ASSOCIATION_CATEGORY_VALUES: set[
    AssociationSpecAssociationCategory
] = {
    "HUBSPOT_DEFINED",
    "INTEGRATOR_DEFINED",
    "USER_DEFINED",
    "WORK",
}


def check_association_spec_association_category(
    value: str,
) -> AssociationSpecAssociationCategory:
    if value in ASSOCIATION_SPEC_ASSOCIATION_CATEGORY_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ASSOCIATION_SPEC_ASSOCIATION_CATEGORY_VALUES!r}"
    )
