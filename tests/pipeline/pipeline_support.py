"""Helpers for the spec pipeline tests: where the real spec files are, and how to load them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"

OPENAPI = ROOT / "openapi"
HISTORY = sorted((OPENAPI / "history").glob("meetings-v3-*.json"))  # names sort by date
CURRENT = OPENAPI / "meetings-v3.json"
DATED_2026_03 = OPENAPI / "dated" / "meetings-2026-03.json"
ASSOCIATIONS = OPENAPI / "associations-v4.json"


def history(date: str) -> Path:
    """The history file published on `date` (YYYY-MM-DD)."""
    (match,) = [p for p in HISTORY if p.name.startswith(f"meetings-v3-{date}-")]
    return match


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
