"""``python -m hubspot_emulator``: serve a local HubSpot until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from typing import Any

from . import Emulator, EmulatorConfig
from .config import DEFAULT_TOKEN
from .server import serve


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hubspot_emulator",
        description="Serve a local HubSpot CRM objects API (meetings, calls, notes, tasks...).",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=_positive_int,
        default=8080,
        help="port; 0 picks a free one (default %(default)s)",
    )
    parser.add_argument("--certfile", help="TLS certificate (PEM); enables HTTPS and HTTP/2")
    parser.add_argument("--keyfile", help="TLS private key (PEM) for --certfile")
    parser.add_argument(
        "--token",
        action="append",
        dest="tokens",
        metavar="T",
        help=f"accepted private-app token; repeatable (default {DEFAULT_TOKEN})",
    )
    parser.add_argument(
        "--rate-limit",
        type=_positive_int,
        metavar="N",
        help="requests allowed per 10 s window; 0 disables rate limiting",
    )
    parser.add_argument(
        "--seed-meetings", type=_positive_int, default=0, metavar="N", help="create N meetings"
    )
    parser.add_argument(
        "--base-url",
        default="https://api.hubapi.com",
        metavar="URL",
        help="the host paging links name (default %(default)s, as HubSpot's do)",
    )
    return parser


def build_emulator(args: argparse.Namespace) -> Emulator:
    settings: dict[str, Any] = {
        "private_app_tokens": frozenset(args.tokens or [DEFAULT_TOKEN]),
        "base_url": args.base_url,
    }
    if args.rate_limit == 0:
        settings["rate_limits_enabled"] = False
    elif args.rate_limit is not None:
        settings["ten_second_limit"] = args.rate_limit
    emulator = Emulator(EmulatorConfig(**settings))
    if args.seed_meetings:
        emulator.seed(
            "meetings",
            (
                {
                    "hs_meeting_title": f"Seeded meeting {i + 1}",
                    "hs_meeting_body": f"Agenda item {i + 1}",
                    "hs_meeting_outcome": "SCHEDULED",
                }
                for i in range(args.seed_meetings)
            ),
        )
    return emulator


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if (args.certfile is None) != (args.keyfile is None):
        parser.error("--certfile and --keyfile must be given together")
    try:
        emulator = build_emulator(args)
    except ValueError as exc:
        parser.error(str(exc))
    try:
        handle = serve(
            emulator, host=args.host, port=args.port, certfile=args.certfile, keyfile=args.keyfile
        )
    except (OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    tokens = ", ".join(sorted(args.tokens or [DEFAULT_TOKEN]))
    # The token is printed on purpose: it is the emulator's own local credential, which the
    # user needs to configure a client, not a real HubSpot secret.
    print(f"HubSpot emulator listening on {handle.url}", flush=True)
    print(f"Accepted token(s): Authorization: Bearer {tokens}", flush=True)
    if args.seed_meetings:
        print(f"Seeded {args.seed_meetings} meetings", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
