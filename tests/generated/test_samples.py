"""HubSpot's documented responses parse into the generated models and serialize back unchanged."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from hubspot_meetings_api.models import (
    BatchResponseSimplePublicObject,
    BatchResponseSimplePublicUpsertObject,
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging,
    CollectionResponseWithTotalSimplePublicObject,
    SimplePublicObject,
    SimplePublicObjectWithAssociations,
)

SAMPLES: dict[str, Any] = json.loads(
    (Path(__file__).parent / "fixtures" / "ballerina_samples.json").read_text()
)["samples"]

MODELS: dict[str, Any] = {
    "list": CollectionResponseSimplePublicObjectWithAssociationsForwardPaging,
    "create": SimplePublicObject,
    "get": SimplePublicObjectWithAssociations,
    "update": SimplePublicObject,
    "batch_create": BatchResponseSimplePublicObject,
    "batch_read": BatchResponseSimplePublicObject,
    "batch_update": BatchResponseSimplePublicObject,
    "batch_upsert": BatchResponseSimplePublicUpsertObject,
    "search": CollectionResponseWithTotalSimplePublicObject,
}


def test_every_sample_has_a_model() -> None:
    assert set(SAMPLES) == set(MODELS)


@pytest.mark.parametrize("name", sorted(MODELS))
def test_sample_round_trips(name: str) -> None:
    sample = SAMPLES[name]
    parsed = MODELS[name].from_dict(copy.deepcopy(sample))
    assert parsed.to_dict() == sample


@pytest.mark.parametrize("name", sorted(MODELS))
def test_unknown_keys_survive(name: str) -> None:
    sample = copy.deepcopy(SAMPLES[name])
    sample["someFieldHubSpotAddsLater"] = {"nested": [1, 2]}
    parsed = MODELS[name].from_dict(copy.deepcopy(sample))
    assert parsed.additional_properties["someFieldHubSpotAddsLater"] == {"nested": [1, 2]}
    assert parsed.to_dict() == sample


def test_typed_fields_are_usable() -> None:
    page = MODELS["list"].from_dict(SAMPLES["list"])
    first = page.results[0]
    assert first.id == "12345678901"
    assert first.properties["hs_meeting_title"] == "Quarterly Review"
    assert first.created_at.year == 2026 and first.created_at.utcoffset() is not None
    assert page.paging.next_.after == "12345678902"
    upsert = MODELS["batch_upsert"].from_dict(SAMPLES["batch_upsert"])
    assert upsert.results[0].new is False
    assert upsert.status == "COMPLETE"
