"""`make check-generated` compares every committed client (meetings and associations v4) with a
fresh generation: any stray or changed file is reported, never a crash."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import pytest  # noqa: E402
from generate import diff_trees, main  # noqa: E402

PACKAGE = ROOT / "generated" / "hubspot_meetings_api"
ASSOCIATIONS = ROOT / "generated" / "hubspot_associations_api"


def test_identical_trees_have_no_diff(tmp_path: Path) -> None:
    copy = tmp_path / "pkg"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert diff_trees(copy, PACKAGE) == []


def test_stray_binary_and_edited_files_are_reported(tmp_path: Path) -> None:
    committed = tmp_path / "pkg"
    shutil.copytree(PACKAGE, committed, ignore=shutil.ignore_patterns("__pycache__"))
    (committed / "stray.bin").write_bytes(b"\xff\xfe\x00binary")
    edited = committed / "types.py"
    edited.write_text(edited.read_text() + "# hand edit\n")
    lines = "".join(diff_trees(committed, PACKAGE))
    assert "committed/stray.bin" in lines
    assert "-# hand edit" in lines


def test_check_covers_both_committed_clients(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for package in (PACKAGE, ASSOCIATIONS):
        shutil.copytree(package, tmp_path / package.name)
    (tmp_path / ASSOCIATIONS.name / "api" / "batch" / "read.py").unlink()
    assert main(["--check", "--out", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / PACKAGE.name} is up to date" in out
    assert "+++ regenerated/api/batch/read.py" in out
