"""Every spec HubSpot has published (current and historical) sanitizes and generates, and each
operation comes out under the same module name whatever operationId HubSpot gave it that day."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from generate import generate_into  # noqa: E402
from sanitize_spec import HTTP_METHODS, dumps, sanitize  # noqa: E402

HISTORY = sorted((ROOT / "openapi" / "history").glob("*.json"))
SPECS = [ROOT / "openapi" / "meetings-v3.json", *HISTORY]

# The public low-level names, by tag, fixed by (method, path below the collection).
EXPECTED = {
    ("get", ""): "basic/get_page",
    ("post", ""): "basic/create",
    ("get", "/{meetingId}"): "basic/get_by_id",
    ("patch", "/{meetingId}"): "basic/update",
    ("delete", "/{meetingId}"): "basic/archive",
    ("post", "/batch/create"): "batch/create",
    ("post", "/batch/read"): "batch/read",
    ("post", "/batch/update"): "batch/update",
    ("post", "/batch/archive"): "batch/archive",
    ("post", "/batch/upsert"): "batch/upsert",
    ("post", "/search"): "search/do_search",
}


@pytest.mark.parametrize("spec_file", SPECS, ids=[p.stem for p in SPECS])
def test_spec_generates_with_stable_names(spec_file: Path, tmp_path: Path) -> None:
    upstream = json.loads(spec_file.read_text())
    sanitized = tmp_path / "spec.json"
    sanitized.write_text(dumps(sanitize(upstream)))
    package = generate_into(sanitized, "hubspot_meetings_api", tmp_path)
    modules = {
        str(p.relative_to(package / "api").with_suffix(""))
        for p in (package / "api").glob("*/*.py")
        if p.name != "__init__.py"
    }
    prefix = "/crm/v3/objects/meetings"
    present = {
        (method, path[len(prefix) :])
        for path, item in upstream["paths"].items()
        if path.startswith(prefix)
        for method in HTTP_METHODS
        if method in item
    }
    expected = {EXPECTED[key] for key in present if key in EXPECTED}
    assert expected <= modules
    assert len(expected) >= 10, "every published version has at least the CRUD and batch basics"
    # Modules only ever get our names: no operationId-derived module slips through.
    assert not any("crm" in m or "objects" in m for m in modules), modules


def test_dated_and_other_object_paths_get_the_same_names() -> None:
    from sanitize_spec import operation_name

    assert operation_name("get", "/crm/objects/2026-03/meetings") == ("basic", "getPage")
    assert operation_name("post", "/crm/objects/2026-09/{objectType}/batch/upsert") == (
        "batch",
        "upsert",
    )
    assert operation_name("patch", "/crm/v3/objects/calls/{callId}") == ("basic", "update")
    assert operation_name("post", "/crm/v3/objects/tasks/search") == ("search", "doSearch")
