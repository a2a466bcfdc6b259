"""scripts/spec_diff.py finds the real changes in HubSpot's published meetings history (and in
associations v4 specs), marks each breaking or not for code written against the old client,
ignores doc-only churn, and refuses to compare specs of two different APIs."""

from __future__ import annotations

import copy
import itertools
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pipeline_support import (
    ASSOCIATIONS,
    CURRENT,
    DATED_2026_03,
    HISTORY,
    OPENAPI,
    ROOT,
    SCRIPTS,
    history,
    load,
)
from sanitize_spec import SanitizeError
from spec_diff import Change, diff_specs, is_breaking, main, render

V3_OPERATIONS = {
    "basic.get_page",
    "basic.create",
    "basic.get_by_id",
    "basic.update",
    "basic.archive",
    "batch.create",
    "batch.read",
    "batch.update",
    "batch.archive",
    "batch.upsert",
    "search.do_search",
}


def find(changes: list[Change], where: str, what: str) -> Change:
    hits = [c for c in changes if c.where == where and what in c.what]
    assert len(hits) == 1, f"{where}: {what!r} not reported once in:\n" + "\n".join(
        map(str, changes)
    )
    return hits[0]


def diff(old: str | Path, new: str | Path) -> list[Change]:
    a = old if isinstance(old, Path) else history(old)
    b = new if isinstance(new, Path) else history(new)
    return diff_specs(load(a), load(b))


def test_merge_and_gdpr_delete_removed_in_2024_04_break() -> None:
    changes = diff("2023-09-07", "2024-04-30")
    assert find(changes, "public_object.merge", "operation removed").breaking
    assert find(changes, "gdpr.purge", "operation removed").breaking
    assert find(changes, "schema PublicMergeInput", "model removed").breaking
    assert find(changes, "schema PublicGdprDeleteInput", "model removed").breaking
    # The search cursor changed type: a caller passing an int breaks.
    after = find(changes, "schema PublicObjectSearchRequest.after", "type changed")
    assert after.breaking and after.what == "type changed integer -> string"


def test_batch_upsert_added_in_2024_09_is_not_breaking() -> None:
    changes = diff("2024-04-30", "2024-09-09")
    upsert = find(changes, "batch.upsert", "operation added")
    assert not upsert.breaking and "POST /crm/v3/objects/meetings/batch/upsert" in upsert.what
    assert not find(changes, "schema SimplePublicUpsertObject", "model added").breaking
    trace = find(changes, "schema SimplePublicObjectInput.objectWriteTraceId", "field added")
    assert trace.what == "optional field added" and not trace.breaking
    assert not is_breaking(changes)


def test_renamed_models_are_paired_not_reported_as_drop_and_add() -> None:
    changes = diff("2024-09-09", "2026-04-03")
    renamed = find(
        changes, "schema CollectionResponseWithTotalSimplePublicObjectForwardPaging", "renamed"
    )
    assert renamed.what == "model renamed to CollectionResponseWithTotalSimplePublicObject"
    assert renamed.breaking  # low-level imports of the old class name break
    find(changes, "schema BatchInputSimplePublicObjectInputForCreate", "renamed to")
    wheres = {c.where for c in changes}
    assert "schema CollectionResponseWithTotalSimplePublicObject" not in wheres  # no "added"
    # Inside the renamed model, the real change still shows.
    paging = find(changes, "schema CollectionResponseWithTotalSimplePublicObject.paging", "type")
    assert paging.what == "type changed ForwardPaging -> Paging"
    work = find(changes, "schema AssociationSpec.associationCategory", "'WORK' added")
    assert not work.breaking and work.group == "enums"


def test_broken_2026_06_15_publish_is_reported_as_breaking() -> None:
    changes = diff("2026-04-03", "2026-06-15")
    broken = [c for c in changes if c.group == "broken"]
    assert all(c.breaking for c in broken)
    text = "\n".join(c.what for c in broken)
    assert "malformed enum values ['BETWEEN(VALUE', 'HIGH_VALUE)']" in text
    assert "refers to missing schema 'StandardError'" in text
    assert "refers to missing schema 'SimplePublicUpsertObject'" in text
    # After sanitizing, the garbage values are gone and the real one with them.
    assert find(changes, "schema Filter.operator", "'BETWEEN' removed").breaking
    assert find(changes, "schema StandardError", "dangling $ref").breaking
    header = find(changes, "basic.create", "header Location added")
    assert not header.breaking


def test_the_fix_after_the_broken_publish_repairs_and_adds_warnings() -> None:
    changes = diff(history("2026-06-15"), CURRENT)
    repaired = [c for c in changes if c.group == "broken"]
    assert repaired and all(not c.breaking and c.what.startswith("repaired:") for c in repaired)
    assert not find(changes, "schema StandardError", "model restored").breaking
    assert not find(changes, "schema PublicObjectWarning", "model added").breaking
    assert not find(changes, "schema SimplePublicObject.warnings", "field added").breaking


def test_description_summary_example_and_operation_id_churn_is_not_a_change() -> None:
    old = load(CURRENT)
    new = copy.deepcopy(old)

    def churn(node: Any) -> None:
        if isinstance(node, dict):
            for key in list(node):
                if key in ("description", "summary"):
                    node[key] = f"{node[key]} (reworded)"
                elif key == "example":
                    node[key] = {"changed": True}
                elif key == "operationId":
                    node[key] = f"{node[key]}_flipped"
                else:
                    churn(node[key])
        elif isinstance(node, list):
            for item in node:
                churn(item)

    churn(new)
    assert new != old
    assert diff_specs(old, new) == []
    assert list(render([])) == ["no structural change (descriptions, examples or key order only)"]


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = spec["components"]["schemas"]
    return result


def test_request_and_response_changes_are_classified_for_callers() -> None:
    old = load(CURRENT)
    new = copy.deepcopy(old)
    create = _schemas(new)["SimplePublicObjectInputForCreate"]
    create["properties"]["ownerToken"] = {"type": "string"}
    create["required"] = [*create.get("required", []), "ownerToken"]
    _schemas(new)["SimplePublicObjectInput"]["properties"]["note"] = {"type": "string"}
    operator = _schemas(new)["Filter"]["properties"]["operator"]
    operator["enum"] = [v for v in operator["enum"] if v != "CONTAINS_TOKEN"] + ["NEAR"]
    del _schemas(new)["SimplePublicObject"]["properties"]["archivedAt"]
    status = _schemas(new)["BatchResponseSimplePublicObject"]["properties"]["status"]
    status["enum"] = [v for v in status["enum"] if v != "CANCELED"]
    changes = diff_specs(old, new)
    assert find(changes, "schema SimplePublicObjectInputForCreate.ownerToken", "").breaking
    assert not find(changes, "schema SimplePublicObjectInput.note", "optional field").breaking
    assert find(changes, "schema Filter.operator", "'CONTAINS_TOKEN' removed").breaking
    assert not find(changes, "schema Filter.operator", "'NEAR' added").breaking
    assert find(changes, "schema SimplePublicObject.archivedAt", "field removed").breaking
    # Response enums are parsed leniently: a value HubSpot stops sending breaks nobody.
    assert not find(changes, "schema BatchResponseSimplePublicObject.status", "'CANCELED'").breaking


def test_parameter_changes() -> None:
    old = load(CURRENT)
    new = copy.deepcopy(old)
    params = new["paths"]["/crm/v3/objects/meetings"]["get"]["parameters"]
    new["paths"]["/crm/v3/objects/meetings"]["get"]["parameters"] = [
        p for p in params if p["name"] != "archived"
    ] + [{"name": "region", "in": "query", "required": True, "schema": {"type": "string"}}]
    changes = diff_specs(old, new)
    assert find(changes, "basic.get_page", "query parameter 'archived' removed").breaking
    assert find(changes, "basic.get_page", "required query parameter 'region' added").breaking


def test_dated_2026_03_keeps_every_v3_operation_and_schema() -> None:
    changes = diff(CURRENT, DATED_2026_03)
    assert not is_breaking(changes), "\n".join(str(c) for c in changes if c.breaking)
    moved = {c.where for c in changes if c.group == "paths"}
    assert moved == V3_OPERATIONS
    assert all("-> " in c.what and "/crm/objects/2026-03/meetings" in c.what
               for c in changes if c.group == "paths")  # fmt: skip
    added = {c.where for c in changes if c.group == "operations"}
    assert all(a.startswith("associations.") for a in added) and len(added) == 3
    # Nothing about the 11 operations' parameters, bodies or responses changed.
    assert not [c for c in changes if c.group in ("parameters", "responses", "enums")]
    assert {c.what for c in changes if c.group == "schemas"} == {"model added"}


def test_history_in_date_order_reports_every_named_change() -> None:
    files = [*HISTORY, CURRENT]
    dates = [re.search(r"\d{4}-\d{2}-\d{2}", p.name) for p in HISTORY]
    assert [d.group() for d in dates if d] == sorted(d.group() for d in dates if d)
    seen = [diff_specs(load(a), load(b)) for a, b in itertools.pairwise(files)]
    assert [is_breaking(c) for c in seen] == [True, False, True, True, True]


def test_cli_exit_status_and_grouped_output(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(SCRIPTS / "spec_diff.py"), *args],
            capture_output=True,
            text=True,
            check=False,
        )

    upsert_added = run(str(history("2024-04-30")), str(history("2024-09-09")))
    assert upsert_added.returncode == 0, upsert_added.stderr
    assert upsert_added.stdout.splitlines()[:2] == [
        "operations:",
        "  ok       batch.upsert: operation added (POST /crm/v3/objects/meetings/batch/upsert)",
    ]
    merge_removed = run(str(history("2023-09-07")), str(history("2024-04-30")))
    assert merge_removed.returncode == 1
    assert "  BREAKING public_object.merge: operation removed" in merge_removed.stdout
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    bad = run(str(CURRENT), str(garbage))
    assert bad.returncode == 2 and "garbage.json: not JSON" in bad.stderr
    swagger = tmp_path / "swagger.json"
    swagger.write_text(json.dumps({"swagger": "2.0", "paths": {}}))
    bad = run(str(swagger), str(CURRENT))
    assert bad.returncode == 2 and "swagger.json: not an OpenAPI 3 document" in bad.stderr
    assert main([str(CURRENT)]) == 2


def test_docs_spec_history_is_the_current_output() -> None:
    """docs/spec-history.md carries the diff over the history; regenerate it when this fails:
    python scripts/spec_diff.py --markdown openapi/history/*.json openapi/meetings-v3.json"""
    files = [str(p.relative_to(ROOT)) for p in [*HISTORY, CURRENT]]
    run = subprocess.run(
        [sys.executable, str(SCRIPTS / "spec_diff.py"), "--markdown", *files],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert run.returncode == 1
    doc = (ROOT / "docs" / "spec-history.md").read_text(encoding="utf-8")
    assert run.stdout.strip() in doc
    assert OPENAPI.name == "openapi"


def test_associations_v4_changes_are_classified_like_object_ones() -> None:
    old = load(ASSOCIATIONS)
    new = copy.deepcopy(old)
    read = "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read"
    del new["paths"][read]
    for item in new["paths"].values():
        for op in item.values():
            op["operationId"] += "_renamed"  # HubSpot's operationId churn: never a change
    labels = new["components"]["schemas"]["AssociationSpecWithLabel"]["properties"]
    labels["label"]["type"] = "integer"
    changes = diff_specs(old, new)
    assert find(changes, "batch.read", f"operation removed (POST {read})").breaking
    assert find(changes, "schema AssociationSpecWithLabel.label", "type changed").breaking
    assert not [c for c in changes if c.group == "paths"]
    assert diff_specs(old, copy.deepcopy(old)) == []


def test_specs_of_two_apis_are_not_compared() -> None:
    assert main([str(CURRENT), str(ASSOCIATIONS)]) == 2
    with pytest.raises(SanitizeError, match="two APIs: crm-object and associations-v4"):
        diff_specs(load(CURRENT), load(ASSOCIATIONS))
