"""HubSpot's limits that the client plans around, in one place.

Each comes from HubSpot (its docs, its spec or its own SDKs); docs/hubspot-behaviour.md, "Limits,
paging and search", gives the source of every number. Batches are chunked, pages sized and
searches checked against these before anything is sent, so a caller learns of a limit from a
`RequestValidationError` naming the argument, not from a 400 in the middle of a job. (The
emulator models the same limits on its own side: the fake and the client must not share the code
that says what HubSpot allows.)
"""

from __future__ import annotations

import attrs

__all__ = [
    "ASSOCIATION_BATCH_READ_LIMIT",
    "ASSOCIATION_BATCH_WRITE_LIMIT",
    "ASSOCIATION_PAGE_LIMIT",
    "BATCH_LIMIT",
    "DEFAULT_SEARCH_PROPERTIES",
    "HISTORY_BATCH_LIMIT",
    "HISTORY_PAGE_SIZE",
    "KEYSET_PROPERTY",
    "LIST_LIMIT",
    "MAX_PATH_ID_CHARS",
    "SEARCH_LIMITS",
    "SEARCH_RESULT_WINDOW",
    "SearchLimits",
]

# Inputs per batch request; 50 when property history is read.
BATCH_LIMIT = 100
HISTORY_BATCH_LIMIT = 50
# Records per list page; 50 when property history is read.
LIST_LIMIT = 100
HISTORY_PAGE_SIZE = 50
# The longest id sent as a path segment (get/update/archive). HubSpot's own ids are at most 20
# digits; a unique property's value can be longer, but even fully percent-encoded (9 bytes a
# character for 3-byte UTF-8) 512 keeps the URL under the 8 KB many proxies accept, where the
# next stop would be httpx's own "URL too long" (not a HubSpotError) or a gateway's 414.
MAX_PATH_ID_CHARS = 512

# The associations v4 API: linked records per page of one record's associations; records per
# batch read (1,000 since February 2025, per HubSpot's changelog); pairs per batch write (the
# documented create limit, which the other batch writes are held to as well).
ASSOCIATION_PAGE_LIMIT = 500
ASSOCIATION_BATCH_READ_LIMIT = 1_000
ASSOCIATION_BATCH_WRITE_LIMIT = 2_000


@attrs.frozen
class SearchLimits:
    """What one CRM search request may contain."""

    groups: int = 5
    filters_per_group: int = 6
    filters_total: int = 18
    sorts: int = 1
    limit: int = 200
    query_chars: int = 3000


SEARCH_LIMITS = SearchLimits()
# HubSpot pages a search no further than this many results, whatever the total.
SEARCH_RESULT_WINDOW = 10_000
# What a search returns of each record whatever properties it asks for.
DEFAULT_SEARCH_PROPERTIES = frozenset({"hs_object_id", "hs_createdate", "hs_lastmodifieddate"})
# Unique and sortable on every CRM object: the key search_all continues past the window on.
KEYSET_PROPERTY = "hs_object_id"
