from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_response_public_default_association_links import (
        BatchResponsePublicDefaultAssociationLinks,
    )
    from ..models.public_default_association import PublicDefaultAssociation
    from ..models.standard_error import StandardError


T = TypeVar("T", bound="BatchResponsePublicDefaultAssociation")


@_attrs_define
class BatchResponsePublicDefaultAssociation:
    """The response returned after performing a batch operation on associations.

    Attributes:
        results (list[PublicDefaultAssociation]):
        completed_at (datetime.datetime | Unset): The timestamp when the batch process was completed, in ISO 8601
            format.
        errors (list[StandardError] | Unset):
        links (BatchResponsePublicDefaultAssociationLinks | Unset): An object containing relevant links related to the
            batch request.
        num_errors (int | Unset): The number of errors encountered during the batch processing.
        requested_at (datetime.datetime | Unset): The timestamp when the batch process was initiated, in ISO 8601
            format.
        started_at (datetime.datetime | Unset): The timestamp when the batch process began execution, in ISO 8601
            format.
        status (str | Unset): The status of the batch processing request: "PENDING", "PROCESSING", "CANCELLED", or
            "COMPLETE".
    """

    results: list[PublicDefaultAssociation]
    completed_at: datetime.datetime | Unset = UNSET
    errors: list[StandardError] | Unset = UNSET
    links: BatchResponsePublicDefaultAssociationLinks | Unset = UNSET
    num_errors: int | Unset = UNSET
    requested_at: datetime.datetime | Unset = UNSET
    started_at: datetime.datetime | Unset = UNSET
    status: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        completed_at: str | Unset = UNSET
        if not isinstance(self.completed_at, Unset):
            completed_at = self.completed_at.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        num_errors = self.num_errors

        requested_at: str | Unset = UNSET
        if not isinstance(self.requested_at, Unset):
            requested_at = self.requested_at.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )

        started_at: str | Unset = UNSET
        if not isinstance(self.started_at, Unset):
            started_at = self.started_at.isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"
            )

        status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
            }
        )
        if completed_at is not UNSET:
            field_dict["completedAt"] = completed_at
        if errors is not UNSET:
            field_dict["errors"] = errors
        if links is not UNSET:
            field_dict["links"] = links
        if num_errors is not UNSET:
            field_dict["numErrors"] = num_errors
        if requested_at is not UNSET:
            field_dict["requestedAt"] = requested_at
        if started_at is not UNSET:
            field_dict["startedAt"] = started_at
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.batch_response_public_default_association_links import (
            BatchResponsePublicDefaultAssociationLinks,  # noqa: PLC0415
        )
        from ..models.public_default_association import PublicDefaultAssociation  # noqa: PLC0415
        from ..models.standard_error import StandardError  # noqa: PLC0415

        d = dict(src_dict)
        results = []
        _results = d.pop("results")
        for results_item_data in _results:
            results_item = PublicDefaultAssociation.from_dict(results_item_data)

            results.append(results_item)

        _completed_at = d.pop("completedAt", UNSET)
        completed_at: datetime.datetime | Unset
        if isinstance(_completed_at, Unset):
            completed_at = UNSET
        else:
            completed_at = datetime.datetime.fromisoformat(_completed_at)

        _errors = d.pop("errors", UNSET)
        errors: list[StandardError] | Unset = UNSET
        if _errors is not UNSET:
            errors = []
            for errors_item_data in _errors:
                errors_item = StandardError.from_dict(errors_item_data)

                errors.append(errors_item)

        _links = d.pop("links", UNSET)
        links: BatchResponsePublicDefaultAssociationLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = BatchResponsePublicDefaultAssociationLinks.from_dict(_links)

        num_errors = d.pop("numErrors", UNSET)

        _requested_at = d.pop("requestedAt", UNSET)
        requested_at: datetime.datetime | Unset
        if isinstance(_requested_at, Unset):
            requested_at = UNSET
        else:
            requested_at = datetime.datetime.fromisoformat(_requested_at)

        _started_at = d.pop("startedAt", UNSET)
        started_at: datetime.datetime | Unset
        if isinstance(_started_at, Unset):
            started_at = UNSET
        else:
            started_at = datetime.datetime.fromisoformat(_started_at)

        status = d.pop("status", UNSET)

        batch_response_public_default_association = cls(
            results=results,
            completed_at=completed_at,
            errors=errors,
            links=links,
            num_errors=num_errors,
            requested_at=requested_at,
            started_at=started_at,
            status=status,
        )

        batch_response_public_default_association.additional_properties = d
        return batch_response_public_default_association

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
