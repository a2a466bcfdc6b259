"""``python -m hubspot_meetings export|import ...`` (console script ``hubspot-meetings``)."""

from __future__ import annotations

from ._cli import main

__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
