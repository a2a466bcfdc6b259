"""The facade is insulated from generated-name churn: bound to a client regenerated from a spec
that lost an operation or renamed a model, or generated without the template that makes the
public request builders, it fails at once with ONE error that names every missing generated
name and the line of facade/hubspot_meetings/_generated.py binding it, instead of misbehaving
later. The same holds for the associations v4 client and its binding."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from generate import generate_into
from pipeline_support import ASSOCIATIONS, OPENAPI, history, load
from sanitize_spec import dumps, sanitize

import hubspot_meetings._generated as generated_binding
from hubspot_emulator import Emulator
from hubspot_meetings._auth import BearerToken
from hubspot_meetings._client import ObjectClient
from hubspot_meetings._generated import (
    AssociationsBinding,
    GeneratedApiMismatch,
    bind,
    bind_associations,
    check_associations_package,
    check_package,
)

BINDING_FILE = Path(generated_binding.__file__)


@pytest.fixture(scope="module")
def before_upsert(generate: Callable[[Path, str], str]) -> str:
    """The client HubSpot's 2024-04 spec makes: no batch/upsert, older model names."""
    return generate(history("2024-04-30"), "hubspot_h20240430_api")


@pytest.fixture(scope="module")
def old_model_names(generate: Callable[[Path, str], str]) -> str:
    """2024-09: every operation, but the search page model still had its old name."""
    return generate(history("2024-09-09"), "hubspot_h20240909_api")


def missing_lines(error: GeneratedApiMismatch) -> dict[str, str]:
    """{missing generated name: "file:line" it is bound at}, parsed from the message."""
    found = re.findall(r"^  (\S+) missing: bound as '\w+' at (\S+:\d+)$", str(error), re.M)
    return dict(found)


def bound_text(where: str) -> str:
    path, line = where.rsplit(":", 1)
    assert Path(path) == BINDING_FILE
    return BINDING_FILE.read_text(encoding="utf-8").splitlines()[int(line) - 1]


def test_lost_operation_is_one_error_naming_it_and_the_line_to_fix(before_upsert: str) -> None:
    with pytest.raises(GeneratedApiMismatch) as caught:
        bind("meetings", before_upsert)
    missing = missing_lines(caught.value)
    upsert = f"{before_upsert}.api.batch.upsert"
    assert upsert in missing
    assert '"api.batch.upsert"' in bound_text(missing[upsert])
    # Every missing name is listed in that one error, each pointing at its own binding line.
    assert f"{before_upsert}.models.SimplePublicUpsertObject" in missing
    for name, where in missing.items():
        bound = name.removeprefix(f"{before_upsert}.").removeprefix("models.")
        assert f'"{bound}"' in bound_text(where), (name, where)
    assert isinstance(caught.value, ImportError)


def test_renamed_model_is_caught_even_when_every_operation_exists(old_model_names: str) -> None:
    with pytest.raises(GeneratedApiMismatch) as caught:
        check_package(old_model_names)
    missing = missing_lines(caught.value)
    assert set(missing) == {
        f"{old_model_names}.models.CollectionResponseWithTotalSimplePublicObject",
        f"{old_model_names}.models.BatchInputSimplePublicObjectBatchInputForCreate",
    }
    search_page = f"{old_model_names}.models.CollectionResponseWithTotalSimplePublicObject"
    line = bound_text(missing[search_page])
    assert '"search_page": "CollectionResponseWithTotalSimplePublicObject"' in line
    assert "different spec" in str(caught.value)


def test_a_package_that_is_not_there_is_one_clear_error() -> None:
    with pytest.raises(GeneratedApiMismatch, match="'hubspot_nowhere_api' cannot be imported"):
        bind("meetings", "hubspot_nowhere_api")


def test_the_committed_client_binds_and_serves_the_facade() -> None:
    check_package("hubspot_meetings_api")
    emu = Emulator()
    binding = bind("meetings")
    with ObjectClient(
        binding, auth=BearerToken("pat-emulator-token"), transport=emu.transport()
    ) as client:
        made = client.create({"hs_timestamp": "2026-03-15T08:00:00.000Z"})
        assert client.get(made.id).id == made.id


def test_the_committed_associations_client_binds() -> None:
    binding = bind_associations()
    assert isinstance(binding, AssociationsBinding)
    assert binding.package == "hubspot_associations_api"
    assert all(binding.builder(n) is binding.op(n).request_kwargs for n in binding.operations)
    spec = {"associationCategory": "USER_DEFINED", "associationTypeId": 36}
    body = [binding.model("association_type").from_dict(spec)]
    kwargs = binding.builder("create_labelled")("meetings", "512", "contacts", "101", body=body)
    assert kwargs["method"] == "put"
    assert kwargs["url"] == "/crm/v4/objects/meetings/512/associations/contacts/101"
    assert kwargs["json"] == [spec]
    page = binding.builder("list")("meetings", "512", "contacts", limit=500, after="MTAx")
    assert page["params"] == {"after": "MTAx", "limit": 500}


def test_lost_operations_and_private_only_builders_are_named_at_their_own_lines(
    generated_dir: Path, tmp_path: Path
) -> None:
    # An associations publish without DELETE and batch/read, generated with the generator's
    # stock templates (no public `request_kwargs`, only the private `_get_kwargs`).
    spec = load(ASSOCIATIONS)
    record = "/crm/v4/objects/{objectType}/{objectId}/associations"
    del spec["paths"][f"{record}/{{toObjectType}}/{{toObjectId}}"]["delete"]
    del spec["paths"]["/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read"]
    sanitized = tmp_path / "associations.json"
    sanitized.write_text(dumps(sanitize(spec)))
    stock = tmp_path / "openapi"
    (stock / "templates").mkdir(parents=True)
    shutil.copy(OPENAPI / "config.yaml", stock / "config.yaml")
    package = "hubspot_stock_associations_api"
    generate_into(sanitized, package, generated_dir, openapi_dir=stock)
    with pytest.raises(GeneratedApiMismatch) as caught:
        bind_associations(package)
    missing = missing_lines(caught.value)
    # The generator still writes every schema's model: only operations and builders are gone.
    builders = {
        f"{package}.api.{module}.request_kwargs"
        for module in ("basic.create_default", "basic.create", "basic.get_page")
    } | {
        f"{package}.api.batch.{module}.request_kwargs"
        for module in ("create_default", "create", "archive", "archive_labels")
    }
    assert set(missing) == {f"{package}.api.basic.archive", f"{package}.api.batch.read"} | builders
    assert '"delete": "api.basic.archive"' in bound_text(missing[f"{package}.api.basic.archive"])
    assert '"batch_read": "api.batch.read"' in bound_text(missing[f"{package}.api.batch.read"])
    for name in builders:
        module = name.removeprefix(f"{package}.").removesuffix(".request_kwargs")
        assert f'"{module}"' in bound_text(missing[name])
    # Each at the associations table's line, not at the CRM object table's for the same module.
    table = (
        BINDING_FILE.read_text(encoding="utf-8").splitlines().index("_ASSOCIATION_OPERATIONS = {")
    )
    assert all(int(where.rsplit(":", 1)[1]) > table for where in missing.values())


def test_each_binding_refuses_the_other_kind_of_client() -> None:
    with pytest.raises(
        GeneratedApiMismatch, match=r"hubspot_meetings_api\.api\.basic\.create_default"
    ):
        check_associations_package("hubspot_meetings_api")
    with pytest.raises(
        GeneratedApiMismatch, match=r"hubspot_associations_api\.api\.search\.do_search"
    ):
        bind("meetings", "hubspot_associations_api")
