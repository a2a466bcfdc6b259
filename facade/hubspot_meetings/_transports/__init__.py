"""One httpx transport per concern, each wrapping an inner transport (sync and async side by
side in each module), the stack builder (`stack`) and the retry/outcome rule (`policy`)."""
