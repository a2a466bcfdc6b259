"""Sanitize a HubSpot spec and generate its low-level client, reproducibly.

    python scripts/generate.py                  # every committed client: openapi/ -> generated/
    python scripts/generate.py --object associations   # generated/hubspot_associations_api only
    python scripts/generate.py --object calls   # into build/generated/hubspot_calls_api
    python scripts/generate.py --object calls --out DIR   # into DIR/hubspot_calls_api
    python scripts/generate.py --check          # fail with a diff when generated/ is stale

The committed clients are those whose spec lives in openapi/ itself (COMMITTED): the meetings
client and the associations v4 client. Other objects' specs are in openapi/other-objects/.

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
# Name -> the stem of its spec in openapi/: these clients are committed under generated/ and
# checked by --check. The other objects' clients are build products (see docs).
COMMITTED = {"meetings": "meetings-v3", "associations": "associations-v4"}
OTHER_OUT = ROOT / "build" / "generated"


def _stem(obj: str) -> str:
    return COMMITTED.get(obj, f"{obj}-v3")


def spec_for(obj: str) -> Path:
    """Where the upstream spec lives: openapi/ for a committed client, other-objects/ else."""
    own = ROOT / "openapi" / f"{_stem(obj)}.json"
    return own if own.exists() else OTHER_SPECS / f"{_stem(obj)}.json"


def sanitized_path(obj: str) -> Path:
    return ROOT / "openapi" / f"{_stem(obj)}.sanitized.json"


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
    spec_file = work / sanitized_path(obj).name
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


def _one(obj: str, out: Path | None, *, check: bool) -> int:
    """Generate (or with `check`, compare) one client; the exit status."""
    if out is None:
        out = ROOT / "generated" if obj in COMMITTED else OTHER_OUT
    package = package_name(obj)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            text, built = build(obj, Path(tmp))
        except (OSError, ValueError, SanitizeError, RuntimeError) as exc:
            print(f"generate: {obj}: {exc}", file=sys.stderr)
            return 1
        target = out / package
        if check:
            old_spec = sanitized_path(obj)
            problems = diff_trees(target, built)
            if not old_spec.exists() or old_spec.read_text(encoding="utf-8") != text:
                problems.append(f"{old_spec.relative_to(ROOT)} is stale\n")
            if problems:
                sys.stdout.writelines(problems[:400])
                print("\ngenerated/ is stale: run `make generate` and commit.", file=sys.stderr)
                return 1
            shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
            print(f"{shown} is up to date")
            return 0
        if obj in COMMITTED or sanitized_path(obj).exists():
            sanitized_path(obj).write_text(text, encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        staging = out / f".{package}.new"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(built, staging, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    print(f"generated {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--object",
        default=None,
        help=f"one client: {', '.join(COMMITTED)}, or another object (calls...); "
        "default: every committed client",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where packages go (default: generated/ for committed clients, build/generated/)",
    )
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    objects = list(COMMITTED) if args.object is None else [args.object]
    # Every client is checked even after a failure, so one run lists everything stale.
    return max(_one(obj, args.out, check=args.check) for obj in objects)


if __name__ == "__main__":
    sys.exit(main())
