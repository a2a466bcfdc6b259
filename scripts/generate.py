"""Sanitize a HubSpot object spec and generate its low-level client, reproducibly.

    python scripts/generate.py                  # openapi/ -> generated/hubspot_meetings_api
    python scripts/generate.py --object calls   # into build/generated/hubspot_calls_api
    python scripts/generate.py --object calls --out DIR   # into DIR/hubspot_calls_api
    python scripts/generate.py --check          # fail with a diff when generated/ is stale

The generator writes into a fresh temporary folder that is then swapped in whole, because its
--overwrite mode keeps stale files outside api/ and models/.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from sanitize_spec import SanitizeError, dumps, sanitize  # noqa: E402

CONFIG = ROOT / "openapi" / "config.yaml"
OTHER_SPECS = ROOT / "openapi" / "other-objects"
# Only meetings is committed; the other objects' clients are build products (see docs).
OTHER_OUT = ROOT / "build" / "generated"


def spec_for(obj: str) -> Path:
    """Where the upstream spec of an object lives: openapi/ for meetings, other-objects/ else."""
    own = ROOT / "openapi" / f"{obj}-v3.json"
    return own if own.exists() else OTHER_SPECS / f"{obj}-v3.json"


def sanitized_path(obj: str) -> Path:
    return ROOT / "openapi" / f"{obj}-v3.sanitized.json"


def package_name(obj: str) -> str:
    return f"hubspot_{obj}_api"


def _tool(name: str) -> str:
    # Prefer the tools of the interpreter running us (the project's .venv), then PATH.
    local = Path(sys.executable).parent / name
    return str(local) if local.exists() else name


def generate_into(
    spec_file: Path, package: str, dest: Path, *, openapi_dir: Path = ROOT / "openapi"
) -> Path:
    """Run the generator on an already sanitized spec; return the package folder it wrote.

    `openapi_dir` holds config.yaml and templates/ (another checkout's, for update_spec --root).
    """
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    out = dest / package
    cmd = [
        _tool("openapi-python-client"),
        "generate",
        "--path",
        str(spec_file),
        "--config",
        str(openapi_dir / CONFIG.name),
        "--meta",
        "none",
        "--output-path",
        str(out),
        "--custom-template-path",
        str(openapi_dir / "templates"),
    ]
    run = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=dest, check=False)
    if run.returncode != 0 or not (out / "__init__.py").exists():
        raise RuntimeError(f"openapi-python-client failed:\n{run.stdout}\n{run.stderr}")
    (out / "py.typed").write_text("# Marker file for PEP 561\n", encoding="utf-8")
    return out


def build(obj: str, work: Path) -> tuple[str, Path]:
    """Sanitize and generate into `work`; return the sanitized text and the package folder."""
    upstream = json.loads(spec_for(obj).read_text(encoding="utf-8"))
    text = dumps(sanitize(upstream))
    spec_file = work / f"{obj}-v3.sanitized.json"
    spec_file.write_text(text, encoding="utf-8")
    return text, generate_into(spec_file, package_name(obj), work)


def _tree(folder: Path) -> dict[str, str]:
    # Decoded leniently: a stray binary file is a difference to show, not a crash.
    return {
        str(p.relative_to(folder)): p.read_bytes().decode("utf-8", errors="replace")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def diff_trees(old: Path, new: Path) -> list[str]:
    a, b = (_tree(old) if old.exists() else {}), _tree(new)
    lines: list[str] = []
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            lines.extend(
                difflib.unified_diff(
                    a.get(name, "").splitlines(keepends=True),
                    b.get(name, "").splitlines(keepends=True),
                    f"committed/{name}",
                    f"regenerated/{name}",
                )
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--object", default="meetings", help="HubSpot object (meetings, calls...)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where packages go (default: generated/ for meetings, build/generated/ otherwise)",
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    if args.out is None:
        args.out = ROOT / "generated" if args.object == "meetings" else OTHER_OUT
    package = package_name(args.object)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            text, built = build(args.object, Path(tmp))
        except (OSError, ValueError, SanitizeError, RuntimeError) as exc:
            print(f"generate: {args.object}: {exc}", file=sys.stderr)
            return 1
        target = args.out / package
        if args.check:
            old_spec = sanitized_path(args.object)
            problems = diff_trees(target, built)
            if not old_spec.exists() or old_spec.read_text(encoding="utf-8") != text:
                problems.append(f"{old_spec.relative_to(ROOT)} is stale\n")
            if problems:
                sys.stdout.writelines(problems[:400])
                print("\ngenerated/ is stale: run `make generate` and commit.", file=sys.stderr)
                return 1
            print(f"{target.relative_to(ROOT)} is up to date")
            return 0
        if args.object == "meetings" or sanitized_path(args.object).exists():
            sanitized_path(args.object).write_text(text, encoding="utf-8")
        args.out.mkdir(parents=True, exist_ok=True)
        staging = args.out / f".{package}.new"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(built, staging, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    print(f"generated {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
