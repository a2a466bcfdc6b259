"""scripts/update_spec.py takes a new upstream spec all or nothing: a broken or foreign spec is
refused with the reason and leaves openapi/ and generated/ byte-identical; a good one replaces
the spec, the sanitized spec and the generated package together, and prints the spec diff.

Each test works on a copy of the repository layout in tmp_path (update_spec --root)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pipeline_support import CURRENT, OPENAPI, ROOT, history, load
from sanitize_spec import dumps, sanitize
from update_spec import main

PACKAGE = "hubspot_meetings_api"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout's openapi/ and generated/ (what update_spec reads and writes)."""
    root = tmp_path / "repo"
    shutil.copytree(OPENAPI, root / "openapi")
    shutil.copytree(
        ROOT / "generated" / PACKAGE,
        root / "generated" / PACKAGE,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return root


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root (hidden leftovers included) -> its sha256."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_broken_publish_is_refused_and_nothing_changes(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(repo)
    status = main([str(history("2026-06-15")), "--root", str(repo)])
    err = capsys.readouterr().err
    assert status == 1
    assert "structurally broken" in err
    assert "malformed enum values ['BETWEEN(VALUE', 'HIGH_VALUE)']" in err
    assert "refers to missing schema 'StandardError'" in err
    assert "openapi/ and generated/ are unchanged" in err
    assert snapshot(repo) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html>502 Bad Gateway</html>", "not JSON"),
        (b'{"swagger": "2.0", "paths": {}}', "not an OpenAPI 3 document"),
        (
            json.dumps(
                {"openapi": "3.0.1", "paths": {"/pets": {"get": {}}}, "components": {"schemas": {}}}
            ).encode(),
            "GET /pets: not under a CRM object collection path",
        ),
    ],
    ids=["html", "swagger2", "not-crm"],
)
def test_foreign_documents_are_refused(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, reason: str
) -> None:
    spec = tmp_path / "new.json"
    spec.write_bytes(content)
    before = snapshot(repo)
    assert main([str(spec), "--root", str(repo)]) == 1
    assert reason in capsys.readouterr().err
    assert snapshot(repo) == before


def _merged_publish() -> dict[str, object]:
    """The 2026-02-09 publish: the v3 file carrying the generic 2025-09 operations as well."""
    spec = load(CURRENT)
    generic = load(OPENAPI / "dated" / "meetings-2026-03.json")
    for path, item in generic["paths"].items():
        if "{objectType}" in path:
            spec["paths"][path.replace("2026-03", "2025-09")] = item
    spec["paths"]["/crm/objects/2025-09/{objectType}"] = spec["paths"]["/crm/v3/objects/meetings"]
    spec["components"]["schemas"].update(generic["components"]["schemas"])
    return spec


@pytest.mark.parametrize(
    ("make_spec", "reason"),
    [
        (lambda: load(OPENAPI / "other-objects" / "calls-v3.json"), "not a meetings spec"),
        (_merged_publish, "not a meetings spec: it has paths for {objectType}"),
        (lambda: {**load(CURRENT), "components": []}, "no components.schemas object"),
        (lambda: {**load(CURRENT), "paths": {"/crm/v3/objects/meetings": "x"}}, "is not an object"),
    ],
    ids=["calls-spec", "merged-generic-publish", "components-not-object", "path-not-object"],
)
def test_wrong_or_misshapen_specs_are_refused_without_a_traceback(
    repo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_spec: object,
    reason: str,
) -> None:
    spec = tmp_path / "new.json"
    spec.write_text(json.dumps(make_spec()))  # type: ignore[operator]
    before = snapshot(repo)
    assert main([str(spec), "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err
    assert snapshot(repo) == before


def test_empty_sort_schema_publish_is_refused(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 2026-06-15: sorts.items became a $ref to an empty SortField, hidden by sanitation.
    broken = load(CURRENT)
    broken["components"]["schemas"]["SortField"] = {"type": "object", "example": None}
    search = broken["components"]["schemas"]["PublicObjectSearchRequest"]
    search["properties"]["sorts"]["items"] = {"$ref": "#/components/schemas/SortField"}
    spec = tmp_path / "new.json"
    spec.write_text(json.dumps(broken))
    assert main([str(spec), "--root", str(repo)]) == 1
    assert "search sorts refer to an empty schema" in capsys.readouterr().err


def test_generator_failure_leaves_everything_in_place(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A good spec, but this checkout's generator templates are broken: nothing may be half-done.
    template = next((repo / "openapi" / "templates").rglob("*.jinja"))
    template.write_text("{% if %}\n", encoding="utf-8")
    before = snapshot(repo)
    assert main([str(history("2024-09-09")), "--root", str(repo)]) == 1
    assert "the generator failed" in capsys.readouterr().err
    assert snapshot(repo) == before


def test_older_good_spec_is_installed_and_regenerated(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = history("2024-09-09")
    assert main([str(older), "--root", str(repo)]) == 0
    out = capsys.readouterr().out
    openapi, package = repo / "openapi", repo / "generated" / PACKAGE
    assert (openapi / "meetings-v3.json").read_bytes() == older.read_bytes()
    assert (openapi / "meetings-v3.sanitized.json").read_text() == dumps(sanitize(load(older)))
    # The package really is the 2024-09 client: its search page model has the old name.
    models = {p.stem for p in (package / "models").glob("*.py")}
    assert "collection_response_with_total_simple_public_object_forward_paging" in models
    assert "collection_response_with_total_simple_public_object" not in models
    assert (package / "api" / "batch" / "upsert.py").exists()
    # The diff old -> new was printed for review.
    assert (
        "BREAKING schema CollectionResponseWithTotalSimplePublicObject: model renamed to "
        "CollectionResponseWithTotalSimplePublicObjectForwardPaging"
    ) in out
    # No staging folders or backups are left behind.
    leftovers = [p.name for p in [*repo.iterdir(), *(repo / "generated").iterdir()]]
    assert sorted(leftovers) == sorted(["generated", "openapi", PACKAGE])
    assert not [p.name for p in openapi.iterdir() if p.name.startswith(".")]
    # Going back to the current spec restores the committed tree exactly.
    assert main([str(CURRENT), "--root", str(repo)]) == 0
    assert snapshot(repo / "generated" / PACKAGE) == snapshot(ROOT / "generated" / PACKAGE)
    sanitized = "meetings-v3.sanitized.json"
    assert (openapi / sanitized).read_bytes() == (OPENAPI / sanitized).read_bytes()


def test_same_spec_again_is_a_no_op(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(repo)
    assert main([str(CURRENT), "--root", str(repo)]) == 0
    assert "no change" in capsys.readouterr().out
    assert snapshot(repo) == before


def test_missing_file_and_wrong_root_are_usage_errors(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "absent.json"), "--root", str(repo)]) == 2
    assert main([str(CURRENT), "--root", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "absent.json" in err and "no openapi/config.yaml" in err
