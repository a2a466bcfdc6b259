"""What changed between two HubSpot specs, and whether it breaks code written for the old.

    python scripts/spec_diff.py OLD.json NEW.json [MORE.json ...]   # consecutive pairs
    python scripts/spec_diff.py --markdown openapi/history/*.json openapi/meetings-v3.json

Both sides are sanitized first (scripts/sanitize_spec.py), so operationId flips, query defaults
and the other rules in openapi/SANITATIONS.md never show up as changes, and operations are
matched by their stable (tag, name) rather than by path: a date-versioned spec lines up with v3.
Both sides must be of one kind: two CRM object specs, or two associations v4 specs.
Descriptions, summaries, examples and x- extensions are ignored. A change is *breaking* when code
written against the old generated client (or the facade bound to it) can stop working: an
operation, parameter, response field, status code or model disappears; a request field becomes
required; a request enum value goes away; a type changes. The raw new spec's structural problems
(dangling $refs, malformed enum values: a broken publish) are reported as breaking too.

Exit status: 1 when anything breaks, 0 otherwise, 2 when a file cannot be read as a spec.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sanitize_spec import (
    HTTP_METHODS,
    SanitizeError,
    operation_name,
    sanitize,
    schema_roles,
    spec_kind,
    structural_problems,
    validate,
)

GROUPS = (
    "broken",
    "operations",
    "paths",
    "parameters",
    "request",
    "responses",
    "enums",
    "schemas",
    "security",
)
# Doc-only keys: HubSpot rewrites them constantly and they change no generated behaviour.
_DOC_KEYS = frozenset({"description", "summary", "example", "examples", "externalDocs", "title"})
# Formats the generator turns into a distinct Python type; int32 vs int64 is still `int`.
_TYPED_FORMATS = frozenset({"date-time", "date", "uuid", "binary"})
_SCHEMA_REF = "#/components/schemas/"


@dataclass(frozen=True)
class Change:
    group: str  # one of GROUPS
    where: str  # operation name, "schema X.field", ...
    what: str  # what happened, in words
    breaking: bool

    def __str__(self) -> str:
        return f"{'BREAKING' if self.breaking else 'ok':<9}{self.where}: {self.what}"


class SpecInputError(ValueError):
    """A file that cannot be compared: unreadable, not JSON, or not a spec the sanitizer knows."""


def load(path: Path) -> dict[str, Any]:
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecInputError(f"{path}: cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise SpecInputError(f"{path}: not JSON: {exc}") from exc
    if not isinstance(spec, dict):
        raise SpecInputError(f"{path}: the spec is not a JSON object")
    return spec


def _operations(spec: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """{tag.name: ("METHOD path", operation)}; sanitize() already made the names unique."""
    ops: dict[str, tuple[str, dict[str, Any]]] = {}
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            if method in item:
                tag, name = operation_name(method, path)
                op = dict(item[method])
                op["parameters"] = [*shared, *op.get("parameters", [])]
                ops[f"{tag}.{_snake(name)}"] = (f"{method.upper()} {path}", op)
    return ops


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _ref(node: Any) -> str | None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            return ref[len(_SCHEMA_REF) :]
    return None


def _strip_docs(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: _strip_docs(v)
            for k, v in node.items()
            if k not in _DOC_KEYS and (not k.startswith("x-") or k == "x-known-values")
        }
    if isinstance(node, list):
        return [_strip_docs(v) for v in node]
    return node


class _Differ:
    def __init__(
        self, old: dict[str, Any], new: dict[str, Any], placeholders: tuple[set[str], set[str]]
    ) -> None:
        self.old, self.new = old, new
        # Schemas the sanitizer invented for dangling $refs (old side, new side).
        self.old_missing, self.new_missing = placeholders
        self.old_schemas: dict[str, Any] = old["components"]["schemas"]
        self.new_schemas: dict[str, Any] = new["components"]["schemas"]
        self.old_ops, self.new_ops = _operations(old), _operations(new)
        self.old_roles, self.new_roles = schema_roles(old), schema_roles(new)
        self.renames: dict[str, str] = {}  # old schema name -> new name
        self.changes: list[Change] = []

    def add(self, group: str, where: str, what: str, breaking: bool) -> None:
        self.changes.append(Change(group, where, what, breaking))

    # -- model renames: the same place in the API now points at a schema of another name --

    def find_renames(self) -> None:
        removed = set(self.old_schemas) - set(self.new_schemas)
        added = set(self.new_schemas) - set(self.old_schemas)
        for name in sorted(removed):
            same = [n for n in sorted(added) if self._same_shape(name, n)]
            if len(same) == 1 and same[0] not in self.renames.values():
                self.renames[name] = same[0]
        seen: set[tuple[str, str]] = set()
        for key in sorted(set(self.old_ops) & set(self.new_ops)):
            self._pair(self.old_ops[key][1], self.new_ops[key][1], removed, added, seen)

    def _same_shape(self, old_name: str, new_name: str) -> bool:
        return bool(
            _strip_docs(self.old_schemas[old_name]) == _strip_docs(self.new_schemas[new_name])
        )

    def _pair(
        self, a: Any, b: Any, removed: set[str], added: set[str], seen: set[tuple[str, str]]
    ) -> None:
        ra, rb = _ref(a), _ref(b)
        if ra is not None and rb is not None:
            if (ra, rb) in seen:
                return
            seen.add((ra, rb))
            fresh = ra not in self.renames and rb not in self.renames.values()
            if ra in removed and rb in added and fresh:
                self.renames[ra] = rb
            if ra in self.old_schemas and rb in self.new_schemas:
                self._pair(self.old_schemas[ra], self.new_schemas[rb], removed, added, seen)
        elif isinstance(a, dict) and isinstance(b, dict):
            for k in sorted(set(a) & set(b)):
                self._pair(a[k], b[k], removed, added, seen)
        elif isinstance(a, list) and isinstance(b, list):
            for x, y in zip(a, b, strict=False):
                self._pair(x, y, removed, added, seen)

    # -- types --

    def shape(self, node: Any, *, old: bool) -> str:
        if not isinstance(node, dict):
            return "any"
        ref = _ref(node)
        if ref is not None:
            return self.renames.get(ref, ref) if old else ref
        for kw in ("anyOf", "oneOf", "allOf"):
            if kw in node:
                inner = ", ".join(sorted(self.shape(x, old=old) for x in node[kw]))
                return f"{kw}[{inner}]"
        kind = str(node.get("type", "object" if "properties" in node else "any"))
        if kind == "array":
            return f"array[{self.shape(node.get('items'), old=old)}]"
        extra = node.get("additionalProperties")
        if kind == "object" and isinstance(extra, dict) and not node.get("properties"):
            return f"map[{self.shape(extra, old=old)}]"
        fmt = node.get("format")
        return f"{kind}({fmt})" if fmt in _TYPED_FORMATS else kind

    # -- one schema node against another, fields first --

    def compare(self, where: str, a: Any, b: Any, group: str, roles: set[str]) -> None:
        """`roles`: "request"/"response" when the node plays that part in BOTH specs; only
        code that already used it in that part can break."""
        if not isinstance(a, dict) or not isinstance(b, dict):
            return
        sa, sb = self.shape(a, old=True), self.shape(b, old=False)
        if sa != sb:
            self.add(group, where, f"type changed {sa} -> {sb}", True)
            return
        if _ref(b) is not None:
            return  # the component itself is compared once, under its own name
        self._enums(where, a, b, roles)
        request = "request" in roles
        pa, pb = a.get("properties", {}), b.get("properties", {})
        ra, rb = set(a.get("required", [])), set(b.get("required", []))
        for field in sorted(set(pa) - set(pb)):
            self.add(group, f"{where}.{field}", "field removed", True)
        for field in sorted(set(pb) - set(pa)):
            required = field in rb
            self.add(
                group,
                f"{where}.{field}",
                f"{'required' if required else 'optional'} field added",
                request and required,
            )
        for field in sorted(set(pa) & set(pb)):
            if field in rb and field not in ra:
                self.add(group, f"{where}.{field}", "made required", request)
            if field in ra and field not in rb:
                self.add(group, f"{where}.{field}", "no longer required", "response" in roles)
            self.compare(f"{where}.{field}", pa[field], pb[field], group, roles)
        if "items" in a and "items" in b:
            self.compare(f"{where}[]", a["items"], b["items"], group, roles)
        xa, xb = a.get("additionalProperties"), b.get("additionalProperties")
        if isinstance(xa, dict) and isinstance(xb, dict):
            self.compare(f"{where}{{}}", xa, xb, group, roles)

    def _enums(self, where: str, a: dict[str, Any], b: dict[str, Any], roles: set[str]) -> None:
        ea = set(a.get("enum", a.get("x-known-values", [])))
        eb = set(b.get("enum", b.get("x-known-values", [])))
        if not ea and not eb:
            return
        # Response enums are parsed leniently (SANITATIONS rule 7), so only a request value
        # going away can break a caller.
        request = "request" in roles
        for value in sorted(map(str, ea - eb)):
            self.add("enums", where, f"enum value {value!r} removed", request)
        for value in sorted(map(str, eb - ea)):
            self.add("enums", where, f"enum value {value!r} added", False)

    # -- the whole spec --

    def run(self) -> list[Change]:
        self.find_renames()
        self.operations()
        self.schemas()
        self.security()
        order = {g: i for i, g in enumerate(GROUPS)}
        return sorted(set(self.changes), key=lambda c: (order[c.group], c.where, c.what))

    def operations(self) -> None:
        for key in sorted(set(self.old_ops) - set(self.new_ops)):
            self.add("operations", key, f"operation removed ({self.old_ops[key][0]})", True)
        for key in sorted(set(self.new_ops) - set(self.old_ops)):
            self.add("operations", key, f"operation added ({self.new_ops[key][0]})", False)
        for key in sorted(set(self.old_ops) & set(self.new_ops)):
            (where_a, a), (where_b, b) = self.old_ops[key], self.new_ops[key]
            if where_a != where_b:
                self.add("paths", key, f"moved {where_a} -> {where_b}", False)
            self._parameters(key, a, b)
            self._body(key, a, b)
            self._responses(key, a, b)

    def _parameters(self, key: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        pa = {(p.get("in"), p.get("name")): p for p in a.get("parameters", []) if "name" in p}
        pb = {(p.get("in"), p.get("name")): p for p in b.get("parameters", []) if "name" in p}
        for loc, name in sorted(set(pa) - set(pb)):
            self.add("parameters", key, f"{loc} parameter {name!r} removed", True)
        for loc, name in sorted(set(pb) - set(pa)):
            required = bool(pb[(loc, name)].get("required"))
            kind = "required" if required else "optional"
            self.add("parameters", key, f"{kind} {loc} parameter {name!r} added", required)
        for loc, name in sorted(set(pa) & set(pb)):
            old, new = pa[(loc, name)], pb[(loc, name)]
            if new.get("required") and not old.get("required"):
                self.add("parameters", key, f"{loc} parameter {name!r} made required", True)
            self.compare(
                f"{key} {loc} parameter {name!r}",
                old.get("schema"),
                new.get("schema"),
                "parameters",
                {"request"},
            )

    def _body(self, key: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        ba, bb = a.get("requestBody"), b.get("requestBody")
        if ba is None and bb is None:
            return
        if ba is None or bb is None:
            what = "request body removed" if bb is None else "request body added"
            self.add("request", key, what, True)
            return
        if bb.get("required") and not ba.get("required"):
            self.add("request", key, "request body made required", True)
        ca, cb = ba.get("content", {}), bb.get("content", {})
        for media in sorted(set(ca) - set(cb)):
            self.add("request", key, f"request content type {media} removed", True)
        for media in sorted(set(ca) & set(cb)):
            self.compare(
                f"{key} request body",
                ca[media].get("schema"),
                cb[media].get("schema"),
                "request",
                {"request"},
            )

    def _responses(self, key: str, a: dict[str, Any], b: dict[str, Any]) -> None:
        ra, rb = a.get("responses", {}), b.get("responses", {})
        for code in sorted(set(ra) - set(rb)):
            # A vanished status is one the generated parser no longer turns into a model.
            self.add("responses", key, f"response {code} removed", code != "default")
        for code in sorted(set(rb) - set(ra)):
            self.add("responses", key, f"response {code} added", False)
        for code in sorted(set(ra) & set(rb)):
            ha, hb = ra[code].get("headers", {}), rb[code].get("headers", {})
            for header in sorted(set(ha) - set(hb)):
                self.add("responses", key, f"response {code} header {header} removed", False)
            for header in sorted(set(hb) - set(ha)):
                self.add("responses", key, f"response {code} header {header} added", False)
            ca, cb = ra[code].get("content", {}), rb[code].get("content", {})
            for media in sorted(set(ca) - set(cb)):
                self.add("responses", key, f"response {code} {media} body removed", True)
            for media in sorted(set(ca) & set(cb)):
                self.compare(
                    f"{key} response {code}",
                    ca[media].get("schema"),
                    cb[media].get("schema"),
                    "responses",
                    {"response"},
                )

    def schemas(self) -> None:
        for name in sorted(self.new_missing - self.old_missing):
            if name in self.old_schemas:
                what = "model missing from the spec (dangling $ref): generated as an empty object"
                self.add("schemas", f"schema {name}", what, True)
        for name in sorted(self.old_missing - self.new_missing):
            if name in self.new_schemas:
                self.add("schemas", f"schema {name}", "model restored", False)
        gone = set(self.old_schemas) - set(self.new_schemas)
        for name in sorted(gone):
            if name in self.renames:
                what = f"model renamed to {self.renames[name]}"
            else:
                what = "model removed"
            self.add("schemas", f"schema {name}", what, True)
        renamed_to = set(self.renames.values())
        for name in sorted(set(self.new_schemas) - set(self.old_schemas) - renamed_to):
            self.add("schemas", f"schema {name}", "model added", False)
        pairs = [(n, n) for n in sorted(set(self.old_schemas) & set(self.new_schemas))]
        pairs += sorted(self.renames.items())
        for a, b in pairs:
            if a in self.old_missing or b in self.new_missing:
                continue  # reported above; a placeholder has no fields to compare
            (old_req, old_resp), (new_req, new_resp) = self.old_roles, self.new_roles
            roles = {"request"} if a in old_req and b in new_req else set()
            if a in old_resp and b in new_resp:
                roles.add("response")
            group = "request" if b in new_req or a in old_req else "responses"
            self.compare(f"schema {b}", self.old_schemas[a], self.new_schemas[b], group, roles)

    def security(self) -> None:
        # The generator ignores securitySchemes (auth is an httpx.Auth the caller chooses),
        # so these are news for the maintainer, never a break.
        sa = set(self.old.get("components", {}).get("securitySchemes", {}))
        sb = set(self.new.get("components", {}).get("securitySchemes", {}))
        for name in sorted(sa - sb):
            self.add("security", f"security scheme {name}", "removed", False)
        for name in sorted(sb - sa):
            self.add("security", f"security scheme {name}", "added", False)


def diff_specs(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The changes from `old` to `new` (both upstream, unsanitized), grouped and sorted.

    Raises SanitizeError when either side is not a spec the sanitizer knows, or the two
    describe different APIs.
    """
    clean_old, clean_new = sanitize(old), sanitize(new)
    kinds = spec_kind(old), spec_kind(new)
    if kinds[0] != kinds[1]:
        raise SanitizeError(f"cannot compare specs of two APIs: {kinds[0]} and {kinds[1]}")
    differ = _Differ(
        clean_old, clean_new, (_placeholders(old, clean_old), _placeholders(new, clean_new))
    )
    before = set(structural_problems(old))
    for problem in structural_problems(new):
        if problem not in before:
            differ.add("broken", "spec", problem, True)
    for problem in sorted(before - set(structural_problems(new))):
        differ.add("broken", "spec", f"repaired: {problem}", False)
    return differ.run()


def _placeholders(raw: dict[str, Any], clean: dict[str, Any]) -> set[str]:
    before, after = raw["components"]["schemas"], clean["components"]["schemas"]
    # Invented by the sanitizer and without fields: stand-ins for dangling $refs.
    return {n for n in set(after) - set(before) if not after[n].get("properties")}


def is_breaking(changes: Iterable[Change]) -> bool:
    return any(c.breaking for c in changes)


def render(changes: list[Change]) -> Iterator[str]:
    """One line per change under a heading per group; a single line when nothing changed."""
    if not changes:
        yield "no structural change (descriptions, examples or key order only)"
        return
    for group in GROUPS:
        mine = [c for c in changes if c.group == group]
        if mine:
            yield f"{group}:"
            yield from (f"  {c}" for c in mine)


def _summary(changes: list[Change]) -> str:
    broken = sum(c.breaking for c in changes)
    return f"{len(changes)} change(s), {broken} breaking"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("specs", nargs="+", type=Path, help="two or more specs, oldest first")
    parser.add_argument("--markdown", action="store_true", help="write a markdown report")
    args = parser.parse_args(argv)
    if len(args.specs) < 2:
        print("spec_diff: give at least two specs (OLD NEW)", file=sys.stderr)
        return 2
    try:
        specs = [load(p) for p in args.specs]
        for path, spec in zip(args.specs, specs, strict=True):
            try:
                validate(spec)
            except SanitizeError as exc:
                raise SpecInputError(f"{path}: {exc}") from exc
        results = [
            (a, b, diff_specs(sa, sb))
            for (a, sa), (b, sb) in zip(
                zip(args.specs, specs, strict=True),
                zip(args.specs[1:], specs[1:], strict=True),
                strict=False,
            )
        ]
    except (SpecInputError, SanitizeError) as exc:
        print(f"spec_diff: {exc}", file=sys.stderr)
        return 2
    for a, b, changes in results:
        if args.markdown:
            print(f"## {a.name} -> {b.name}\n\n{_summary(changes)}\n\n```")
        elif len(results) > 1:
            print(f"== {a.name} -> {b.name}: {_summary(changes)}")
        for line in render(changes):
            print(line)
        print("```\n" if args.markdown else "")
    return 1 if any(is_breaking(c) for _, _, c in results) else 0


if __name__ == "__main__":
    sys.exit(main())
