"""``hubspot-meetings export|import``: stream every meeting out, or create/upsert them from a file.

Both commands run on the library's own client (lazy ``list_all``, chunked ``batch_create`` /
``batch_upsert``), so they get the same validation, retries and pacing as any program.
Data goes to stdout or the named file; progress (only when stderr is a terminal), the final
count line and failures go to stderr. Exit status: 0 when every row made it, 1 when some rows
(or the whole run) failed, 2 for bad usage or configuration (including an output path that
cannot be written: that is found before anything is downloaded).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

import attrs

from .._auth import BearerToken
from .._exceptions import (
    AuthenticationError,
    ConfigurationError,
    ForbiddenError,
    HubSpotError,
    RequestValidationError,
)
from .._meetings import MEETING_RULES, HubSpotMeetings
from .._plan.checks import check_properties
from .._types import BatchResult, CrmObject
from .formats import FORMATS, Format, RecordWriter, Row, RowError, guess_format, read_rows
from .output import OutputError, Target, open_target, resolve_target
from .progress import Progress

__all__ = ["DEFAULT_EXPORT_PROPERTIES", "build_parser", "main"]

PROG = "hubspot-meetings"
DEFAULT_EXPORT_PROPERTIES: tuple[str, ...] = (
    "hs_timestamp",
    "hs_meeting_title",
    "hs_meeting_body",
    "hs_internal_meeting_notes",
    "hs_meeting_location",
    "hs_meeting_start_time",
    "hs_meeting_end_time",
    "hs_meeting_outcome",
    "hubspot_owner_id",
)
# Computed by HubSpot: exported for reference, never sent back on import.
READ_ONLY_PROPERTIES = frozenset({"hs_object_id", "hs_createdate", "hs_lastmodifieddate"})
MAX_LISTED_FAILURES = 1000


class UsageError(Exception):
    """Bad arguments or configuration: exit status 2."""


# --seed makes demo meetings in memory: past this, a typo would fill the machine's memory.
_MAX_SEED = 100_000


def _nonempty(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return text


def _seed_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= count <= _MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be between 0 and {_MAX_SEED:,}, got {count:,}")
    return count


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Export or import HubSpot meetings. Credentials come from "
        "HUBSPOT_ACCESS_TOKEN, or HUBSPOT_CLIENT_ID + HUBSPOT_CLIENT_SECRET + "
        "HUBSPOT_REFRESH_TOKEN (and optionally HUBSPOT_BASE_URL).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--emulator",
        action="store_true",
        help="run against an in-process HubSpot emulator instead of HubSpot (no credentials)",
    )
    common.add_argument(
        "--format",
        choices=FORMATS,
        help="file format (default: from the file name, .csv is CSV, anything else JSONL)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{export,import}")

    export = sub.add_parser(
        "export", parents=[common], help="stream every meeting to stdout or a file"
    )
    export.add_argument(
        "--properties",
        help=f"comma-separated property names (default: {','.join(DEFAULT_EXPORT_PROPERTIES)})",
    )
    export.add_argument("--output", "-o", type=_nonempty, help="write here instead of stdout")
    export.add_argument(
        "--seed",
        type=_seed_count,
        default=0,
        metavar="N",
        help="with --emulator: first create N demo meetings",
    )

    imp = sub.add_parser(
        "import", parents=[common], help="create (or upsert) meetings from JSONL or CSV"
    )
    imp.add_argument("file", help="the JSONL or CSV file to read ('-' for stdin)")
    keyed = imp.add_mutually_exclusive_group()
    keyed.add_argument(
        "--upsert-by",
        type=_nonempty,
        metavar="PROP",
        help="update the meeting whose unique property PROP has the row's value, else create",
    )
    keyed.add_argument(
        "--dedupe-on",
        type=_nonempty,
        metavar="PROP",
        help="create each row keyed on its value of the unique property PROP, so a re-run or "
        "a resent request never makes a duplicate (a row whose meeting exists updates it)",
    )
    return parser


# ---------------------------------------------------------------------------------- client


def _demo_meetings(count: int) -> Iterator[dict[str, str]]:
    outcomes = ("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED")
    for i in range(count):
        day, hour = 1 + i % 28, 8 + i % 9
        start = f"2026-03-{day:02d}T{hour:02d}:00:00.000Z"
        yield {
            "hs_timestamp": start,
            "hs_meeting_title": f"Demo meeting {i + 1}",
            "hs_meeting_body": f"Agenda item {i + 1}, follow-ups",
            "hs_meeting_start_time": start,
            "hs_meeting_end_time": f"2026-03-{day:02d}T{hour:02d}:30:00.000Z",
            "hs_meeting_outcome": outcomes[i % len(outcomes)],
        }


@contextlib.contextmanager
def _open_client(args: argparse.Namespace) -> Iterator[HubSpotMeetings]:
    if args.emulator:
        from hubspot_emulator import Emulator, EmulatorConfig

        # Rate limits are beside the point of a local run; keep it quick.
        emu = Emulator(EmulatorConfig(rate_limits_enabled=False))
        seed = getattr(args, "seed", 0)
        if seed:
            emu.seed("meetings", _demo_meetings(seed))
        with HubSpotMeetings(
            auth=BearerToken(emu.token), transport=emu.transport(), pacing=None
        ) as client:
            yield client
        return
    try:
        client = HubSpotMeetings.from_env()
    except ConfigurationError as exc:
        raise UsageError(f"no HubSpot credentials: {exc.reason}") from None
    with client:
        yield client


# ---------------------------------------------------------------------------------- export


def _property_list(text: str | None) -> list[str]:
    if text is None:
        return list(DEFAULT_EXPORT_PROPERTIES)
    names = [p.strip() for p in text.split(",")]
    if not all(names):
        raise UsageError(f"--properties: empty property name in {text!r}")
    return list(dict.fromkeys(names))


@contextlib.contextmanager
def _output(target: Target | None, stdout: IO[str]) -> Iterator[IO[str]]:
    if target is None:
        yield stdout
        stdout.flush()
        return
    with open_target(target) as stream:
        yield stream


def _record_count(client: HubSpotMeetings) -> int | None:
    """How many meetings an export will write, for the bar's percentage and ETA: one search
    (the list endpoint has no total), asked only when a bar is shown; None if it fails."""
    try:
        return client.search(limit=1).total
    except HubSpotError:
        return None


def _export(
    args: argparse.Namespace, client: HubSpotMeetings, stdout: IO[str], stderr: IO[str]
) -> int:
    properties = _property_list(args.properties)
    fmt = guess_format(args.output, args.format)
    target = None
    if args.output not in (None, "-"):
        try:
            target = resolve_target(args.output)
        except OutputError as exc:
            raise UsageError(str(exc)) from None
    progress = Progress(stderr, "exported")
    if progress.enabled:
        progress.set_total(_record_count(client))
    try:
        with _output(target, stdout) as stream:
            writer = RecordWriter(stream, fmt, properties)
            count = 0
            for page in client.iter_pages(properties=properties):
                for record in page.results:
                    writer.write(record)
                count += len(page.results)
                progress.update(count)
    finally:
        progress.finish()
    where = f" to {args.output}" if args.output not in (None, "-") else ""
    print(f"exported {count} meetings{where}", file=stderr)
    return 0


# ---------------------------------------------------------------------------------- import


def _prepare(row: Row, upsert_by: str | None, dedupe_on: str | None = None) -> dict[str, Any]:
    """The batch input for one row, or RequestValidationError naming what is wrong."""
    props = {k: v for k, v in row.properties.items() if k not in READ_ONLY_PROPERTIES}
    if upsert_by is None:
        # Checked per row here, so one row without its key fails alone, not the whole batch.
        if dedupe_on is not None and not row.properties.get(dedupe_on, "").strip():
            raise RequestValidationError(dedupe_on, "has no value, and --dedupe-on needs one")
        checked = check_properties(props, "properties", MEETING_RULES, creating=True)
        return {"properties": checked}
    key = row.properties.get(upsert_by, "").strip()
    if not key:
        raise RequestValidationError(upsert_by, "has no value, and --upsert-by needs one")
    checked = check_properties(props, "properties", MEETING_RULES)
    return {"id": key, "properties": checked}


def _batches(
    rows: Iterator[Row | RowError],
    size: int,
    upsert_by: str | None,
    failures: list[RowError],
    ignored: set[str],
    dedupe_on: str | None = None,
) -> Iterator[tuple[list[Row], list[dict[str, Any]]]]:
    """Valid rows and their inputs, ``size`` at a time; invalid rows go to ``failures``, and
    the names of the fields HubSpot sets itself (not sent) to ``ignored``."""
    batch: list[Row] = []
    inputs: list[dict[str, Any]] = []
    for row in rows:
        if isinstance(row, RowError):
            failures.append(row)
            continue
        ignored.update(row.ignored)
        ignored.update(READ_ONLY_PROPERTIES.intersection(row.properties))
        try:
            inputs.append(_prepare(row, upsert_by, dedupe_on))
        except RequestValidationError as exc:
            failures.append(RowError(row.number, row.line, str(exc)))
            continue
        batch.append(row)
        if len(batch) == size:
            yield batch, inputs
            batch, inputs = [], []
    if batch:
        yield batch, inputs


@attrs.define
class _Tally:
    """What an import has done so far: the summary reports it however the run ends."""

    failures: list[RowError] = attrs.field(factory=list)
    ignored: set[str] = attrs.field(factory=set)
    created: int = 0
    updated: int = 0
    last_sent: int | None = None  # number of the last row of the last batch answered
    sending: tuple[int, int] | None = None  # first and last row number of a batch in flight


def _record_outcome(rows: list[Row], result: BatchResult[CrmObject], tally: _Tally) -> None:
    """Count `result`, list its failed rows; then raise an authentication or permission error
    (every further request would fail the same way: stop rather than list them all)."""
    for obj in result.results:
        if obj.new is False:
            tally.updated += 1
        else:
            tally.created += 1
    failures = tally.failures
    for err in result.errors:
        for index in err.input_indexes:
            row = rows[index]
            failures.append(RowError(row.number, row.line, err.message))
    for err in result.unknown_errors:
        for index in err.input_indexes:
            row = rows[index]
            reason = f"outcome unknown, check before re-running: {err.message}"
            failures.append(RowError(row.number, row.line, reason))
    for err in [*result.errors, *result.unknown_errors]:
        if isinstance(err.error, AuthenticationError | ForbiddenError):
            raise err.error


@contextlib.contextmanager
def _input(path: str, stdin: IO[str]) -> Iterator[IO[str]]:
    if path == "-":
        yield stdin
        return
    try:
        # Not a `with`: only a failure to open is a usage error, not one while importing.
        stream = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror}") from None
    with stream:
        yield stream


def _row_count(stream: IO[str], fmt: Format) -> int | None:
    """How many rows a seekable input holds (the bar's total), read once ahead; None for a
    pipe. Rows that fail count too: the bar tracks rows handled."""
    try:
        if not stream.seekable():
            return None
        start = stream.tell()
    except (OSError, ValueError):
        return None
    try:
        return sum(1 for _ in read_rows(stream, fmt))
    except ValueError:
        return None  # an unusable file: the import itself reports it
    finally:
        stream.seek(start)


def _import(
    args: argparse.Namespace,
    client: HubSpotMeetings,
    stdin: IO[str],
    stderr: IO[str],
) -> int:
    fmt: Format = guess_format(None if args.file == "-" else args.file, args.format)
    tally = _Tally()
    progress = Progress(stderr, "imported", noun="rows")
    # Enough rows per call for the client to keep all its concurrent chunks busy.
    size = 100 * max(1, client.max_concurrency)
    with _input(args.file, stdin) as stream:
        if progress.enabled:
            progress.set_total(_row_count(stream, fmt))
        try:
            rows = read_rows(stream, fmt)
            for batch, inputs in _batches(
                rows, size, args.upsert_by, tally.failures, tally.ignored, args.dedupe_on
            ):
                tally.sending = (batch[0].number, batch[-1].number)
                if args.upsert_by is not None:
                    result = client.batch_upsert(inputs, id_property=args.upsert_by)
                else:
                    result = client.batch_create(inputs, dedupe_on=args.dedupe_on)
                tally.sending, tally.last_sent = None, batch[-1].number
                _record_outcome(batch, result, tally)
                progress.update(tally.created + tally.updated + len(tally.failures))
        except (Exception, KeyboardInterrupt) as exc:
            # Whatever ends the run early, say what was already imported before the error.
            progress.finish()
            _print_summary(tally, stderr, stopped=True)
            if isinstance(exc, ValueError):
                # A broken CSV header, or undecodable bytes: the file itself is unusable.
                raise UsageError(f"{args.file}: {exc}") from None
            raise
    progress.finish()
    _print_summary(tally, stderr, stopped=False)
    return 1 if tally.failures else 0


def _print_summary(tally: _Tally, stderr: IO[str], *, stopped: bool) -> None:
    failures = sorted(tally.failures, key=lambda f: f.number)
    imported = tally.created + tally.updated
    summary = f"imported {imported} meetings ({tally.created} created, {tally.updated} updated)"
    if failures:
        summary += f"; {len(failures)} rows failed"
    print(summary, file=stderr)
    if stopped:
        if tally.last_sent is None:
            print("  stopped early, before any row was answered", file=stderr)
        else:
            later = "" if tally.sending is not None else "; later rows were not imported"
            print(
                f"  stopped early: row {tally.last_sent} was the last row sent and answered"
                + later,
                file=stderr,
            )
        if tally.sending is not None:
            first, last = tally.sending
            print(
                f"  rows {first}-{last} were being sent when it stopped: check which of them "
                "exist before re-running; later rows were not sent",
                file=stderr,
            )
    if tally.ignored:
        print(
            f"  not sent: {', '.join(sorted(tally.ignored))} (HubSpot sets these itself; "
            "--upsert-by PROP matches existing meetings)",
            file=stderr,
        )
    for failure in failures[:MAX_LISTED_FAILURES]:
        print(f"  {failure}", file=stderr)
    if len(failures) > MAX_LISTED_FAILURES:
        print(f"  ... and {len(failures) - MAX_LISTED_FAILURES} more", file=stderr)


# ---------------------------------------------------------------------------------- main


def main(
    argv: Sequence[str] | None = None,
    *,
    client: HubSpotMeetings | None = None,
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the CLI and return its exit status. ``client`` and the streams replace the real
    ones (a program embedding the CLI, or tests); the client is not closed."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    stderr = sys.stderr if stderr is None else stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage error
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        seed = getattr(args, "seed", 0)
        if seed < 0:
            raise UsageError(f"--seed must be >= 0, got {seed}")
        if seed and not args.emulator:
            raise UsageError("--seed only applies with --emulator")
        with contextlib.ExitStack() as stack:
            if client is None:
                client = stack.enter_context(_open_client(args))
            if args.command == "export":
                return _export(args, client, stdout, stderr)
            return _import(args, client, stdin, stderr)
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=stderr)
        return 2
    except HubSpotError as exc:
        # Typed errors carry no secrets (the error layer redacts them), so say what happened.
        print(f"{PROG}: {args.command} failed: {exc}", file=stderr)
        return 1
    except OSError as exc:
        # The run itself failed (a full disk, a vanished directory): one line, not a traceback.
        what = f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else "")
        print(f"{PROG}: {args.command} failed: {what}", file=stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=stderr)
        return 130
