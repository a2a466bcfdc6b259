"""Take a new upstream meetings spec: validate, regenerate, show what changed; all or nothing.

    python scripts/update_spec.py path/to/meetings.json        # or an https:// URL
    python scripts/update_spec.py SPEC --root /a/checkout      # another copy of the layout

A spec that is not JSON, not a CRM object spec, or structurally broken (dangling $refs,
malformed enum values: what HubSpot's broken publishes look like) is refused with the reason,
and nothing under openapi/ or generated/ changes. Otherwise everything is built in a temporary
folder first and swapped in only when it all worked: openapi/meetings-v3.json (verbatim),
openapi/meetings-v3.sanitized.json and generated/hubspot_meetings_api/. The previous verbatim
spec is not copied to openapi/history/: git keeps it, and history/ is a curated set of versions
that each cost a test run. Then the spec diff old -> new is printed for review.

Exit status: 0 updated (or already current), 1 refused, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate_into, package_name
from sanitize_spec import (
    SanitizeError,
    collection_of,
    dumps,
    sanitize,
    structural_problems,
    validate,
)
from spec_diff import diff_specs, render

DEFAULT_ROOT = Path(__file__).resolve().parent.parent
OBJECT = "meetings"


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


def check(raw: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """The parsed spec and its sanitized form, or Refused with every reason it cannot be taken."""
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
    paths: dict[str, Any] = spec["paths"]
    others = sorted({c for c in map(collection_of, paths) if c not in (None, OBJECT)}, key=str)
    if others:
        # Another object's spec, or a generic {objectType} one, would regenerate the meetings
        # client against the wrong paths.
        raise Refused(f"not a {OBJECT} spec: it has paths for {', '.join(map(str, others))}")
    try:
        return spec, sanitize(spec)
    except SanitizeError as exc:
        raise Refused(str(exc)) from exc


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
    """Install `raw` as the meetings spec under `root`: (changed?, spec-diff lines)."""
    spec, sanitized = check(raw)
    openapi = root / "openapi"
    current_file = openapi / f"{OBJECT}-v3.json"
    sanitized_file = openapi / f"{OBJECT}-v3.sanitized.json"
    package = package_name(OBJECT)
    target_pkg = root / "generated" / package
    old_raw = current_file.read_bytes() if current_file.exists() else None
    if old_raw == raw:
        return False, ["no change: the spec is byte-identical to openapi/meetings-v3.json"]
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
                work / "sanitized.json", package, work / "gen", openapi_dir=openapi
            )
        except (OSError, RuntimeError) as exc:
            raise Refused(f"the generator failed on it: {exc}") from exc
        staged_pkg = work / "package"
        shutil.copytree(built, staged_pkg, ignore=shutil.ignore_patterns("__pycache__"))
        (work / "upstream.json").write_bytes(raw)
        target_pkg.parent.mkdir(parents=True, exist_ok=True)
        _swap(
            [
                (staged_pkg, target_pkg),
                (work / "sanitized.json", sanitized_file),
                (work / "upstream.json", current_file),
            ]
        )
    lines = ["(no previous spec to compare with)"] if diff is None else list(render(diff))
    return True, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", help="path or http(s) URL of the new upstream meetings spec")
    parser.add_argument(
        "--root", type=Path, default=DEFAULT_ROOT, help="the checkout to update (openapi/, ...)"
    )
    args = parser.parse_args(argv)
    if not (args.root / "openapi" / "config.yaml").exists():
        print(f"update-spec: {args.root} has no openapi/config.yaml", file=sys.stderr)
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
