"""`make generate OBJECT=calls` (scripts/generate.py --object calls) makes a working low-level
client from openapi/other-objects/, and the generic facade ObjectClient serves it as it serves
meetings: create, read and search a call against the emulator."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from generate import main as generate_main
from pipeline_support import CURRENT, OPENAPI, load
from sanitize_spec import sanitize

from hubspot_emulator import Emulator
from hubspot_meetings import bind
from hubspot_meetings._auth import BearerToken
from hubspot_meetings._client import AsyncObjectClient, ObjectClient
from hubspot_meetings._exceptions import ApiError

OBJECTS = ("calls", "notes", "tasks", "emails")
# Generation costs ~1 s each; these two stand for the four (the sanitized specs of all four
# have the same operations and models, checked below without generating).
GENERATED = ("calls", "tasks")
TS = "2026-03-15T08:00:00.000Z"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every other object generated once, through the CLI the Makefile runs."""
    out = tmp_path_factory.mktemp("other-objects")
    for obj in GENERATED:
        assert generate_main(["--object", obj, "--out", str(out)]) == 0
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


def test_spec_files_are_the_verbatim_copies() -> None:
    assert sorted(p.name for p in (OPENAPI / "other-objects").glob("*.json")) == sorted(
        f"{o}-v3.json" for o in OBJECTS
    )


def _contract(spec: dict[str, Any]) -> tuple[set[str], set[str]]:
    ops = {f"{op['tags'][0]}.{op['operationId']}" for item in spec["paths"].values()
           for op in item.values() if isinstance(op, dict) and "operationId" in op}  # fmt: skip
    return ops, set(spec["components"]["schemas"])


def test_all_four_sanitize_to_the_meetings_operations_and_models() -> None:
    meetings = _contract(sanitize(load(CURRENT)))
    assert len(meetings[0]) == 11
    for obj in OBJECTS:
        assert _contract(sanitize(load(OPENAPI / "other-objects" / f"{obj}-v3.json"))) == meetings


@pytest.mark.parametrize("obj", GENERATED)
def test_each_object_generates_the_same_operations_and_binds(out_dir: Path, obj: str) -> None:
    package = out_dir / f"hubspot_{obj}_api"
    modules = {
        str(p.relative_to(package / "api").with_suffix(""))
        for p in (package / "api").glob("*/*.py")
        if p.name != "__init__.py"
    }
    assert modules == {
        "basic/archive",
        "basic/create",
        "basic/get_by_id",
        "basic/get_page",
        "basic/update",
        "batch/archive",
        "batch/create",
        "batch/read",
        "batch/update",
        "batch/upsert",
        "search/do_search",
    }
    binding = bind(obj, f"hubspot_{obj}_api")
    body = binding.model("create_input").from_dict({"properties": {}})
    url = binding.builder("create")(body=body)
    assert url["url"] == f"/crm/v3/objects/{obj}"


def test_calls_through_the_generic_facade(out_dir: Path) -> None:
    emu = Emulator()
    binding = bind("calls", "hubspot_calls_api")
    auth = BearerToken("pat-emulator-token")
    with ObjectClient(binding, auth=auth, transport=emu.transport()) as calls:
        made = calls.create({"hs_timestamp": TS, "hs_call_title": "Discovery call"})
        got = calls.get(made.id, properties=["hs_call_title"])
        assert got.properties["hs_call_title"] == "Discovery call"
        title = {"propertyName": "hs_call_title", "operator": "EQ", "value": "Discovery call"}
        found = calls.search(filter_groups=[{"filters": [title]}], properties=["hs_call_title"])
        assert [o.id for o in found.results] == [made.id] and found.total == 1
    assert {(r.method, r.path) for r in emu.requests} == {
        ("POST", "/crm/v3/objects/calls"),
        ("GET", f"/crm/v3/objects/calls/{made.id}"),
        ("POST", "/crm/v3/objects/calls/search"),
    }
    # The record really is a call: the meetings store never saw it.
    assert emu.store("meetings").count() == 0 and emu.store("calls").count() == 1


@pytest.mark.anyio
async def test_async_tasks_with_typed_errors(out_dir: Path) -> None:
    emu = Emulator()
    binding = bind("tasks", "hubspot_tasks_api")
    auth = BearerToken("pat-emulator-token")
    async with AsyncObjectClient(binding, auth=auth, transport=emu.transport()) as tasks:
        made = await tasks.create({"hs_timestamp": TS, "hs_task_subject": "Follow up"})
        batch = await tasks.batch_read([made.id, "999"], properties=["hs_task_subject"])
        assert [o.properties["hs_task_subject"] for o in batch.results] == ["Follow up"]
        await tasks.archive(made.id)
        with pytest.raises(ApiError) as caught:
            await tasks.get(made.id)
        assert caught.value.status == 404


def test_generated_packages_are_separate_modules(out_dir: Path) -> None:
    calls = importlib.import_module("hubspot_calls_api")
    assert Path(calls.__file__ or "").parent == out_dir / "hubspot_calls_api"
