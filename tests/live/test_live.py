"""The seed walkthrough against the real api.hubapi.com (`make live`, with HUBSPOT_ACCESS_TOKEN).

HUBSPOT_DEMO_CONTACT_ID adds a contact association; HUBSPOT_DEMO_UNIQUE_PROPERTY names a
unique meeting property for batch upsert (skipped without it). Every record made is archived.
"""

from __future__ import annotations

import io
import os

import pytest

from hubspot_meetings import HubSpotMeetings
from hubspot_meetings._demo import walk

# Not part of `make test` (there is no HubSpot account in CI): `make live` runs it, and
# fails with the missing setting named when HUBSPOT_ACCESS_TOKEN is not set.
pytestmark = pytest.mark.live


def test_live_walkthrough() -> None:
    out = io.StringIO()
    with HubSpotMeetings.from_env() as client:
        result = walk(
            client,
            out,
            contact_id=os.environ.get("HUBSPOT_DEMO_CONTACT_ID") or None,
            unique_property=os.environ.get("HUBSPOT_DEMO_UNIQUE_PROPERTY") or None,
        )
    assert result.failed == 0, out.getvalue()
