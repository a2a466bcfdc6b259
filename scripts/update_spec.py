"""Take a new upstream spec: validate, regenerate, check the binding, show what changed; all or
nothing.

    python scripts/update_spec.py path/to/meetings.json        # or an https:// URL
    python scripts/update_spec.py path/to/associations.json    # the associations v4 spec
    python scripts/update_spec.py SPEC --root /a/checkout      # another copy of the layout

The kind of spec decides what it replaces: a CRM object spec must be the meetings one and
replaces openapi/meetings-v3.json and generated/hubspot_meetings_api/; the associations v4 spec
replaces openapi/associations-v4.json and generated/hubspot_associations_api/.

A spec that is not JSON, not one of those two kinds, or structurally broken (dangling $refs,
malformed enum values: what HubSpot's broken publishes look like) is refused with the reason,
and nothing under openapi/ or generated/ changes. Otherwise everything is built in a temporary
folder first; the new client must then pass the facade's binding check (the checkout's
facade/hubspot_meetings/_generated.py, run in a separate interpreter): a spec that lost an
operation or renamed a model the facade uses is refused with the missing names listed. Only
then is it swapped in: the verbatim spec, its sanitized form and the generated package. The
previous verbatim spec is not copied to openapi/history/: git keeps it, and history/ is a
curated set of versions that each cost a test run. Then the spec diff old -> new is printed.

Exit status: 0 updated (or already current), 1 refused, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import COMMITTED, generate_into, package_name
from sanitize_spec import (
    ASSOCIATIONS_V4,
    CRM_OBJECT,
    SanitizeError,
    collection_of,
    dumps,
    sanitize,
    spec_kind,
    structural_problems,
    validate,
)
from spec_diff import diff_specs, render

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
OBJECT = "meetings"
# The facade module whose binding check a new client must pass, relative to the checkout.
BINDING = Path("facade") / "hubspot_meetings" / "_generated.py"


class Target(NamedTuple):
    """What a spec of one kind replaces, and the binding check its client must pass."""

    name: str  # as in generate.COMMITTED
    check: str  # the function of BINDING that checks the generated package

    @property
    def spec_file(self) -> str:
        return f"{COMMITTED[self.name]}.json"

    @property
    def sanitized_file(self) -> str:
        return f"{COMMITTED[self.name]}.sanitized.json"

    @property
    def package(self) -> str:
        return package_name(self.name)


TARGETS = {
    CRM_OBJECT: Target(OBJECT, "check_package"),
    ASSOCIATIONS_V4: Target("associations", "check_associations_package"),
}

# Run in a fresh interpreter: the current one may already have imported the committed client
# under the same package name. -B keeps it from writing bytecode into the checkout.
_CHECK_BINDING = """
import importlib, sys
facade, generated, check, package = sys.argv[1:]
sys.path[:0] = [generated, facade]
binding = importlib.import_module("hubspot_meetings._generated")
try:
    getattr(binding, check)(package)
except binding.GeneratedApiMismatch as exc:
    print(exc, file=sys.stderr)
    sys.exit(3)
"""


class Refused(Exception):
    """The new spec must not replace the current one; the message says why."""


def fetch(source: str) -> bytes:
    """The bytes of a local file, or of an http(s) URL (needs network)."""
    if source.startswith(("http://", "https://")):
        import httpx  # only the URL case needs it

        try:
            response = httpx.get(source, follow_redirects=True, timeout=30.0)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise OSError(f"cannot download {source}: {exc}") from exc
        return response.content
    return Path(source).read_bytes()


def check(raw: bytes) -> tuple[dict[str, Any], dict[str, Any], Target]:
    """The parsed spec, its sanitized form and what it replaces, or Refused with every reason
    it cannot be taken."""
    try:
        spec: dict[str, Any] = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Refused(f"not JSON: {exc}") from exc
    try:
        validate(spec)
    except SanitizeError as exc:
        raise Refused(str(exc)) from exc
    problems = structural_problems(spec)
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise Refused(f"structurally broken (a bad publish?):\n{listed}")
    target = TARGETS[spec_kind(spec)]
    paths: dict[str, Any] = spec["paths"]
    others = sorted({c for c in map(collection_of, paths) if c not in (None, OBJECT)}, key=str)
    if others:
        # Another object's spec, or a generic {objectType} one, would regenerate the meetings
        # client against the wrong paths.
        raise Refused(f"not a {OBJECT} spec: it has paths for {', '.join(map(str, others))}")
    try:
        return spec, sanitize(spec), target
    except SanitizeError as exc:
        raise Refused(str(exc)) from exc


def check_binding(root: Path, generated: Path, target: Target) -> None:
    """Refused unless the client generated into `generated` has every name the facade of the
    checkout `root` binds."""
    run = subprocess.run(
        [
            sys.executable,
            "-B",
            "-c",
            _CHECK_BINDING,
            str(root / BINDING.parts[0]),
            str(generated),
            target.check,
            target.package,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode == 3:
        raise Refused(f"the facade binds names its new client lacks:\n{run.stderr.strip()}")
    if run.returncode != 0:
        raise Refused(f"cannot check the facade's binding:\n{run.stderr.strip()}")


def _swap(pairs: list[tuple[Path, Path]]) -> None:
    """Move each staged path over its target; on any failure put the old ones back."""
    done: list[tuple[Path, Path | None]] = []
    try:
        for staged, target in pairs:
            backup = None
            if target.exists():
                backup = target.with_name(f".{target.name}.old")
                shutil.rmtree(backup, ignore_errors=True)
                target.rename(backup)
            done.append((target, backup))
            staged.rename(target)
    except OSError:
        for target, backup in reversed(done):
            if target.exists():
                if target.is_dir():
                    shutil.rmtree(target)
                else:
                    target.unlink()
            if backup is not None:
                backup.rename(target)
        raise
    for _, backup in done:
        if backup is not None:
            if backup.is_dir():
                shutil.rmtree(backup)
            else:
                backup.unlink()


def update(raw: bytes, root: Path) -> tuple[bool, list[str]]:
    """Install `raw` under `root` as the spec of its kind: (changed?, spec-diff lines)."""
    spec, sanitized, target = check(raw)
    openapi = root / "openapi"
    current_file = openapi / target.spec_file
    target_pkg = root / "generated" / target.package
    old_raw = current_file.read_bytes() if current_file.exists() else None
    if old_raw == raw:
        return False, [f"no change: the spec is byte-identical to openapi/{target.spec_file}"]
    try:
        old_spec = json.loads(old_raw) if old_raw is not None else None
        diff = None if old_spec is None else diff_specs(old_spec, spec)
    except (json.JSONDecodeError, SanitizeError) as exc:
        diff = None
        print(f"update-spec: cannot diff against the current spec: {exc}", file=sys.stderr)
    text = dumps(sanitized)
    # Staging inside root keeps every final move a same-filesystem rename.
    with tempfile.TemporaryDirectory(prefix=".update-spec-", dir=root) as tmp:
        work = Path(tmp)
        (work / "sanitized.json").write_text(text, encoding="utf-8")
        (work / "gen").mkdir()
        try:
            built = generate_into(
                work / "sanitized.json", target.package, work / "gen", openapi_dir=openapi
            )
        except (OSError, RuntimeError) as exc:
            raise Refused(f"the generator failed on it: {exc}") from exc
        check_binding(root, work / "gen", target)
        staged_pkg = work / "package"
        shutil.copytree(built, staged_pkg, ignore=shutil.ignore_patterns("__pycache__"))
        (work / "upstream.json").write_bytes(raw)
        target_pkg.parent.mkdir(parents=True, exist_ok=True)
        _swap(
            [
                (staged_pkg, target_pkg),
                (work / "sanitized.json", openapi / target.sanitized_file),
                (work / "upstream.json", current_file),
            ]
        )
    lines = ["(no previous spec to compare with)"] if diff is None else list(render(diff))
    return True, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "spec", help="path or http(s) URL of the new upstream meetings or associations v4 spec"
    )
    parser.add_argument(
        "--root", type=Path, default=DEFAULT_ROOT, help="the checkout to update (openapi/, ...)"
    )
    args = parser.parse_args(argv)
    for needed in (Path("openapi") / "config.yaml", BINDING):
        if not (args.root / needed).exists():
            print(f"update-spec: {args.root} has no {needed}", file=sys.stderr)
            return 2
    try:
        raw = fetch(args.spec)
    except OSError as exc:
        print(f"update-spec: {args.spec}: {exc}", file=sys.stderr)
        return 2
    try:
        changed, lines = update(raw, args.root)
    except Refused as exc:
        print(f"update-spec: refused {args.spec}: {exc}", file=sys.stderr)
        print("update-spec: openapi/ and generated/ are unchanged", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    if changed:
        print(f"update-spec: installed {args.spec} into {args.root / 'openapi'}; review the diff")
    return 0


if __name__ == "__main__":
    sys.exit(main())
