"""Chunking, bounded concurrency and merged results for batch operations (object-agnostic).

A batch call splits any iterable of inputs into chunks HubSpot accepts (100 inputs, 50 when
property history is asked for), sends them with at most `max_concurrency` in flight, and merges
the answers into one `BatchResult` in which every input is accounted for: it produced a result,
or it is named by a `BatchError`, or its outcome is unknown (the chunk's write may or may not
have been applied). A chunk that fails as a whole fails only its own inputs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from .._exceptions import ApiError, HubSpotError, ResponseValidationError, UnknownOutcomeError
from .._types import BatchError, BatchResult, Status

__all__ = [
    "Chunk",
    "ChunkAnswer",
    "ErrorKeys",
    "chunked",
    "context_values",
    "error_keys",
    "merge",
    "sliced",
    "unexpected_failure",
]

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen
class Chunk:
    """A slice of the caller's inputs: `start` is the index of its first input in the batch.

    `originals` are the inputs as the caller gave them (handed back in errors so they can be
    resent), `payload` what is sent, `keys` how HubSpot names each input in per-item errors
    (its objectWriteTraceId and/or id).
    """

    start: int
    originals: list[Any]
    payload: list[dict[str, Any]]
    keys: list[tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.originals)


@attrs.frozen
class ChunkAnswer(Generic[T]):
    """What one chunk's request returned: its records and HubSpot's per-item errors (207)."""

    results: list[T]
    errors: list[dict[str, Any]] = attrs.field(factory=list)


def chunked(items: Iterable[tuple[Any, dict[str, Any], tuple[str, ...]]], size: int) -> list[Chunk]:
    """Split (original, payload, keys) triples into chunks of at most `size`."""
    chunks: list[Chunk] = []
    originals: list[Any] = []
    payload: list[dict[str, Any]] = []
    keys: list[tuple[str, ...]] = []
    start = 0
    for index, (original, body, key) in enumerate(items):
        if len(originals) == size:
            chunks.append(Chunk(start, originals, payload, keys))
            originals, payload, keys, start = [], [], [], index
        originals.append(original)
        payload.append(body)
        keys.append(key)
    if originals:
        chunks.append(Chunk(start, originals, payload, keys))
    return chunks


def sliced(
    originals: list[Any], payload: list[dict[str, Any]], keys: list[tuple[str, ...]], size: int
) -> list[Chunk]:
    """`chunked` for inputs already in three parallel lists: chunks are slices of them."""
    return [
        Chunk(
            start,
            originals[start : start + size],
            payload[start : start + size],
            keys[start : start + size],
        )
        for start in range(0, len(originals), size)
    ]


def unexpected_failure(chunk: Chunk, exc: Exception, *, writes: bool) -> HubSpotError:
    """A failure outside this package's errors (a caller's auth hook, event hook or transport)
    stays in its own chunk: the other chunks' results, possibly already stored, are kept.

    Nothing says whether the request had left when it was raised, so for a write the
    outcome is unknown (never "failed", which a caller might re-send into a duplicate).
    Only the exception's type is named: its text is the caller's and may carry a credential
    (it stays reachable as `__cause__`). Exception, not BaseException: KeyboardInterrupt and
    cancellation still stop the batch.
    """
    where = f"the request for inputs {chunk.start}..{chunk.start + len(chunk) - 1}"
    error: HubSpotError
    if writes:
        error = UnknownOutcomeError(
            f"{where} raised {type(exc).__name__} (see __cause__); the write may or may not "
            "have been applied",
            inputs=list(chunk.originals),
        )
    else:
        error = HubSpotError(f"{where} raised {type(exc).__name__} (see __cause__)")
    error.__cause__ = exc
    return error


ErrorKeys = Callable[[Mapping[str, Any]], list[str]]


def context_values(error: Mapping[str, Any], *names: str) -> list[str]:
    """The values a per-item error's `context` gives under `names`, as strings."""
    context = error.get("context")
    if not isinstance(context, Mapping):
        return []
    values: list[str] = []
    for name in names:
        found = context.get(name)
        if isinstance(found, list):
            values.extend(str(v) for v in found)
        elif isinstance(found, str | int):
            values.append(str(found))
    return values


def error_keys(error: Mapping[str, Any]) -> list[str]:
    """The keys (trace ids, record ids) a CRM object batch's per-item error names its inputs by."""
    return context_values(error, "objectWriteTraceId", "ids")


def _whole_chunk_error(chunk: Chunk, exc: HubSpotError) -> BatchError:
    category = exc.category if isinstance(exc, ApiError) else type(exc).__name__
    if type(exc) is HubSpotError and exc.__cause__ is not None:
        category = type(exc.__cause__).__name__  # wrapped by `_unexpected`
    return BatchError(
        inputs=list(chunk.originals),
        input_indexes=list(range(chunk.start, chunk.start + len(chunk))),
        error=exc,
        category=category,
        message=str(exc),
    )


def _placed(
    keys: list[str],
    positions: Mapping[str, list[int]],
    failed: set[int],
    to_come: dict[str, int],
) -> list[int]:
    """The inputs an error naming `keys` is about. Per key, the first input it names that has
    not failed yet; but the last error naming a key (`to_come` counts the errors still to be
    placed that name it) takes every input of that key still unfailed, since no other error
    will. So N errors for N inputs sharing a key fail one each, and a single error about a
    repeated id (a batch read by a value given twice) fails each of its inputs."""
    hit: set[int] = set()
    for key in dict.fromkeys(keys):
        to_come[key] -= 1
        unfailed = [p for p in positions.get(key, ()) if p not in failed and p not in hit]
        hit.update(unfailed if to_come[key] <= 0 else unfailed[:1])
    return sorted(hit)


def _item_errors(
    chunk: Chunk, raw_errors: Sequence[dict[str, Any]], error_keys: ErrorKeys
) -> tuple[list[BatchError], set[int]]:
    """A chunk's per-item errors, each placed on the inputs it names (see `_placed`), and the
    positions in the chunk they failed."""
    if not raw_errors:
        return [], set()
    # Every position a key names: an error about a repeated id may concern each of its inputs.
    positions: dict[str, list[int]] = {}
    for pos, input_keys in enumerate(chunk.keys):
        for key in input_keys:
            positions.setdefault(key, []).append(pos)
    named = [error_keys(raw) for raw in raw_errors]
    to_come = Counter(key for keys in named for key in dict.fromkeys(keys))
    failed: set[int] = set()
    errors: list[BatchError] = []
    for raw, keys in zip(raw_errors, named, strict=True):
        hit = _placed(keys, positions, failed, to_come)
        failed.update(hit)
        category = raw.get("category")
        message = raw.get("message")
        errors.append(
            BatchError(
                inputs=[chunk.originals[p] for p in hit],
                input_indexes=[chunk.start + p for p in hit],
                error=raw,
                category=category if isinstance(category, str) else None,
                message=message if isinstance(message, str) else "batch item failed",
            )
        )
    return errors, failed


def _missing_results(
    chunk: Chunk,
    results: Sequence[T],
    failed: set[int],
    result_key: Callable[[T], str | None] | None,
) -> BatchError | None:
    """The inputs of a chunk that got neither a result nor an error, as one error; None when
    every input is accounted for."""
    if not failed and len(results) >= len(chunk):
        return None  # the usual answer: a result for every input, no error
    remaining = [p for p in range(len(chunk)) if p not in failed]
    # Counting suffices when nothing failed; once something did, a result may be the failed
    # input's own (HubSpot answering and refusing one id), so results are matched where they can.
    if len(results) >= len(remaining) and (result_key is None or not failed):
        return None
    missing = remaining
    if result_key is not None:
        seen = {result_key(r) for r in results}
        missing = [p for p in remaining if seen.isdisjoint(chunk.keys[p])]
    if not missing:
        return None  # repeated inputs (a read of one id twice) share one result
    return BatchError(
        inputs=[chunk.originals[p] for p in missing],
        input_indexes=[chunk.start + p for p in missing],
        error={"category": "MISSING_RESULT"},
        category="MISSING_RESULT",
        message=(
            f"HubSpot returned {len(results)} results and no error for {len(remaining)} inputs"
        ),
    )


def _status(total: int, failed: int, unknown: int, results: int, errors: int) -> Status:
    if failed == 0 and not unknown and not errors:
        return "COMPLETE"
    if total - failed - unknown <= 0 and not unknown and not results:
        return "FAILED"
    return "PARTIAL"


def merge(
    chunks: Sequence[Chunk],
    answers: Sequence[ChunkAnswer[T] | HubSpotError],
    *,
    writes: bool,
    result_key: Callable[[T], str | None] | None = None,
    error_keys: ErrorKeys = error_keys,
) -> BatchResult[T]:
    """One BatchResult from the chunks' answers (same order as `chunks`).

    `writes`: a response that cannot be parsed leaves a write's outcome unknown (it was
    applied, but what came of it is unreadable); for a read it is a failure.
    `result_key` names a result the way the chunk's `keys` name inputs; it is used to find
    which inputs got neither a result nor an error. `error_keys` reads the keys a per-item error
    names its inputs by; an error naming a key several inputs share goes to the first of them
    not yet failed, and the last error naming that key to all of them still unfailed: N errors
    for N inputs with one key fail one each, one error for N inputs with one key fails all N.
    """
    results: list[T] = []
    errors: list[BatchError] = []
    unknown: list[Any] = []
    unknown_errors: list[BatchError] = []
    for chunk, answer in zip(chunks, answers, strict=True):
        if isinstance(answer, HubSpotError):
            whole = _whole_chunk_error(chunk, answer)
            in_doubt = isinstance(answer, UnknownOutcomeError) or (
                writes and isinstance(answer, ResponseValidationError)
            )
            if in_doubt:
                unknown.extend(chunk.originals)
                unknown_errors.append(whole)
            else:
                errors.append(whole)
            continue
        results.extend(answer.results)
        item_errors, failed = _item_errors(chunk, answer.errors, error_keys)
        errors.extend(item_errors)
        gap = _missing_results(chunk, answer.results, failed, result_key)
        if gap is None:
            continue
        if writes and result_key is None:
            # Results cannot be matched to inputs (creates: HubSpot does not echo trace
            # ids), so any unfailed input may be one that was written: calling them all
            # failed would have the caller resend, and duplicate, the ones that were.
            unknown.extend(gap.inputs)
            unknown_errors.append(gap)
        else:
            errors.append(gap)
    total = sum(len(chunk) for chunk in chunks)
    failed_count = sum(len(e.input_indexes) for e in errors)
    return BatchResult(
        results=results,
        errors=errors,
        # An error that names no input still says something went wrong: not COMPLETE.
        status=_status(total, failed_count, len(unknown), len(results), len(errors)),
        total=total,
        requests=len(chunks),
        unknown=unknown,
        unknown_errors=unknown_errors,
    )
