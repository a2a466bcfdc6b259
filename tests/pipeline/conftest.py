"""Fixtures for the spec pipeline tests: clients generated from the real spec files once per
session, under unique package names (so they never clash with hubspot_meetings_api)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# scripts/ is not a package; every test module here imports from it.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from generate import generate_into
from pipeline_support import load
from sanitize_spec import dumps, sanitize


@pytest.fixture(scope="session")
def generated_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("generated")
    sys.path.insert(0, str(folder))
    yield folder
    sys.path.remove(str(folder))


@pytest.fixture(scope="session")
def generate(generated_dir: Path) -> Callable[[Path, str], str]:
    """generate(spec_file, package) -> package name, importable; each generated only once."""
    done: dict[str, Path] = {}

    def make(spec_file: Path, package: str) -> str:
        if package in done:
            assert done[package] == spec_file, f"{package} already generated from another spec"
            return package
        sanitized = generated_dir / f"{package}.json"
        sanitized.write_text(dumps(sanitize(load(spec_file))), encoding="utf-8")
        generate_into(sanitized, package, generated_dir)
        done[package] = spec_file
        return package

    return make
