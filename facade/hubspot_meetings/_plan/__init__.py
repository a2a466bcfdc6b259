"""Every decision that does no I/O: what to send, what an answer means, what comes next.

The sync and async shells in `_client` only send or await what these modules plan: single
records (`records`), batches (`batches`, `chunks`), pages and the search-all plan (`pages`,
`search_all`), request checks (`checks`), response parsing (`parsing`) and what one answer
means (`calls`). HubSpot's limits that they enforce are named in `limits`.
"""
