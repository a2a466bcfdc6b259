"""docs/per-request-control.md runs as written: its Python blocks, in order, in one namespace,
against the emulator they set up."""

from __future__ import annotations

import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "per-request-control.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def test_the_examples_run() -> None:
    blocks = _BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 9, "the examples were not found"
    namespace: dict[str, object] = {"__name__": "per_request_control"}
    for number, block in enumerate(blocks, 1):
        exec(compile(block, f"{DOC.name} block {number}", "exec"), namespace)
    assert namespace["owners_by_email"] and namespace["meeting_outcomes"]
