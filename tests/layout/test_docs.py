"""The user docs' examples run as they are, against the emulator: a recipe that stopped working
would fail here before a reader found out."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"
_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("name", ["meetings-in-context.md"])
def test_every_python_block_runs_in_order(name: str) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    blocks = _BLOCK.findall(text)
    assert len(blocks) >= 8, "the examples were not found"
    namespace: dict[str, object] = {"__name__": "docs_example"}
    printed = io.StringIO()
    for number, block in enumerate(blocks, 1):
        code = compile(block, f"{name}, block {number}", "exec")
        with contextlib.redirect_stdout(printed):
            exec(code, namespace)
    # What the examples print is what their comments say they print.
    out = printed.getvalue()
    assert "['Kickoff', 'Follow-up 2', 'Follow-up 4']" in out
    assert "label: association type 199 goes from contacts to meetings" in out
    assert "VALIDATION_ERROR One or more associations are invalid" in out
