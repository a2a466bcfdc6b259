"""scripts/update_spec.py takes a new upstream spec all or nothing: a broken or foreign spec, or
one whose client would lack a name the facade binds, is refused with the reason and leaves
openapi/ and generated/ byte-identical; a good one replaces the spec, the sanitized spec and the
generated package of its kind (meetings or associations v4) together, and prints the spec diff.

Each test works on a copy of the repository layout in tmp_path (update_spec --root)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from pipeline_support import ASSOCIATIONS, CURRENT, OPENAPI, ROOT, history, load
from sanitize_spec import dumps, sanitize
from update_spec import main

PACKAGE = "hubspot_meetings_api"
ASSOCIATIONS_PACKAGE = "hubspot_associations_api"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout's openapi/, generated/ (what update_spec reads and writes) and the facade
    whose binding a new client must satisfy."""
    root = tmp_path / "repo"
    shutil.copytree(OPENAPI, root / "openapi")
    no_cache = shutil.ignore_patterns("__pycache__")
    for folder in ("generated", "facade"):
        shutil.copytree(ROOT / folder, root / folder, ignore=no_cache)
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
        (
            lambda: {
                **load(CURRENT),
                "paths": {**load(CURRENT)["paths"], **load(ASSOCIATIONS)["paths"]},
            },
            "the spec must describe one API, not: associations-v4, crm-object",
        ),
    ],
    ids=[
        "calls-spec",
        "merged-generic-publish",
        "components-not-object",
        "path-not-object",
        "meetings-and-associations",
    ],
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


def test_spec_without_a_bound_operation_is_refused_before_anything_moves(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # HubSpot's v3 file of 2024-04: sound, but from before batch/upsert, which the facade binds.
    before = snapshot(repo)
    assert main([str(history("2024-04-30")), "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    assert "the facade binds names its new client lacks" in err
    assert f"{PACKAGE}.api.batch.upsert missing: bound as 'batch_upsert'" in err
    assert f"{PACKAGE}.models.SimplePublicUpsertObject missing: bound as 'upsert_object'" in err
    assert "openapi/ and generated/ are unchanged" in err
    assert snapshot(repo) == before


def test_older_spec_with_every_bound_name_is_installed_and_regenerated(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = history("2026-04-03")
    assert main([str(older), "--root", str(repo)]) == 0
    out = capsys.readouterr().out
    openapi, package = repo / "openapi", repo / "generated" / PACKAGE
    assert (openapi / "meetings-v3.json").read_bytes() == older.read_bytes()
    assert (openapi / "meetings-v3.sanitized.json").read_text() == dumps(sanitize(load(older)))
    # The package really is the 2026-04 client: no warnings model yet.
    models = {p.stem for p in (package / "models").glob("*.py")}
    assert "public_object_warning" not in models
    assert "simple_public_upsert_object" in models
    # Breaking for callers of the generated client, not for the facade: reported, installed.
    assert "BREAKING schema PublicObjectWarning: model removed" in out
    # No staging folders or backups are left behind; the associations client is untouched.
    leftovers = [p.name for p in [*repo.iterdir(), *(repo / "generated").iterdir()]]
    assert sorted(leftovers) == sorted(
        ["facade", "generated", "openapi", PACKAGE, ASSOCIATIONS_PACKAGE]
    )
    assert not [p.name for p in openapi.iterdir() if p.name.startswith(".")]
    # Going back to the current spec restores the committed tree exactly.
    assert main([str(CURRENT), "--root", str(repo)]) == 0
    assert snapshot(repo / "generated") == snapshot(ROOT / "generated")
    sanitized = "meetings-v3.sanitized.json"
    assert (openapi / sanitized).read_bytes() == (OPENAPI / sanitized).read_bytes()


def _associations_without(tmp_path: Path, method: str, path: str) -> Path:
    spec = load(ASSOCIATIONS)
    del spec["paths"][path][method]
    if not spec["paths"][path]:
        del spec["paths"][path]
    out = tmp_path / f"associations-without-{method}.json"
    out.write_text(json.dumps(spec))
    return out


def test_associations_spec_is_recognised_and_checked_against_its_own_binding(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(repo)
    read = "/crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read"
    assert main([str(_associations_without(tmp_path, "post", read)), "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    assert f"{ASSOCIATIONS_PACKAGE}.api.batch.read missing: bound as 'batch_read'" in err
    assert snapshot(repo) == before
    # An operation the facade does not bind may go: the spec replaces the associations files.
    report = "/crm/v4/associations/usage/high-usage-report/{userId}"
    smaller = _associations_without(tmp_path, "post", report)
    assert main([str(smaller), "--root", str(repo)]) == 0
    assert "BREAKING report.high_usage: operation removed" in capsys.readouterr().out
    assert (repo / "openapi" / "associations-v4.json").read_bytes() == smaller.read_bytes()
    assert not (repo / "generated" / ASSOCIATIONS_PACKAGE / "api" / "report").exists()
    after = snapshot(repo)
    changed = {name for name in set(before) | set(after) if before.get(name) != after.get(name)}
    assert changed and all(
        name.startswith((f"generated/{ASSOCIATIONS_PACKAGE}/", "openapi/associations-v4."))
        for name in changed
    ), sorted(changed)


@pytest.mark.parametrize("spec", [CURRENT, ASSOCIATIONS], ids=["meetings", "associations"])
def test_same_spec_again_is_a_no_op(
    repo: Path, capsys: pytest.CaptureFixture[str], spec: Path
) -> None:
    before = snapshot(repo)
    assert main([str(spec), "--root", str(repo)]) == 0
    assert (
        f"no change: the spec is byte-identical to openapi/{spec.name}" in capsys.readouterr().out
    )
    assert snapshot(repo) == before


def test_missing_file_and_wrong_root_are_usage_errors(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "absent.json"), "--root", str(repo)]) == 2
    assert main([str(CURRENT), "--root", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "absent.json" in err and "no openapi/config.yaml" in err
