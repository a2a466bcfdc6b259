"""The package logger and the redaction every log line, repr and error message goes through."""

from __future__ import annotations

import logging
import os
import re
import sys
import threading
from collections.abc import Mapping
from typing import Any

import httpx

logger = logging.getLogger("hubspot_meetings")
# A library leaves output to the application: without this, Python's last-resort handler
# prints our warnings to stderr in programs that never configured logging.
if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
    logger.addHandler(logging.NullHandler())

# Query parameters that carry credentials somewhere in HubSpot's APIs (hapikey is the legacy
# developer key; the OAuth ones appear in v1 token URLs and in user-built links).
SECRET_PARAMS = frozenset(
    {
        "hapikey",
        "api_key",
        "apikey",
        "access_token",
        "refresh_token",
        "client_secret",
        "code",
        "token",
    }
)
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
REDACTED = "****"

_QUERY_SECRET_RE = re.compile(r"(?i)([?&](?:" + "|".join(sorted(SECRET_PARAMS)) + r")=)[^&#\s\"']*")


def mask_secret(value: str, *, keep: int = 4) -> str:
    """A short prefix only, and nothing of short values (a prefix could be most of them)."""
    if len(value) < 12:
        return REDACTED
    return f"{value[:keep]}…{REDACTED}"


def redact_url(url: httpx.URL | str) -> str:
    """The URL as text with every credential-carrying query value replaced."""
    return _QUERY_SECRET_RE.sub(lambda m: m.group(1) + REDACTED, str(url))


def redact_text(text: str) -> str:
    """Redact credential query values anywhere inside free text (error messages, log lines)."""
    return _QUERY_SECRET_RE.sub(lambda m: m.group(1) + REDACTED, text)


def redact_headers(headers: httpx.Headers) -> dict[str, str]:
    return {
        name: (REDACTED if name.lower() in SECRET_HEADERS else value)
        for name, value in headers.items()
    }


def describe_request(request: httpx.Request) -> str:
    """`METHOD path?query` with secrets removed: the form used in logs and error messages."""
    path = request.url.raw_path.decode("ascii", errors="replace")
    return f"{request.method} {redact_url(path)}"


class _RedactingFilter(logging.Filter):
    """Rewrites httpx's own INFO line (`HTTP Request: GET <url> ...`), which prints the full URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_redact_arg(arg) for arg in record.args)
        return True


def _redact_arg(arg: Any) -> Any:
    if isinstance(arg, httpx.URL | str):
        text = str(arg)
        redacted = redact_text(text)
        return redacted if redacted != text else arg
    return arg


class _HeaderValuesFilter(logging.Filter):
    """hpack logs header names and values at DEBUG as it encodes and decodes HTTP/2 header
    blocks. h2 marks Authorization as sensitive (hpack then prints it redacted), but not a
    caller's extra header, which may be a gateway's credential: every argument is replaced."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(REDACTED if not isinstance(a, int) else a for a in args)
        return True


# Loggers that print request or response header values at DEBUG.
_HEADER_LOGGERS = ("hpack.hpack", "hpack.table")

_filter_lock = threading.Lock()
_filter_installed = False


def install_httpx_log_redaction() -> None:
    """Attach the redacting filters to the `httpx` and `hpack` loggers once per process.

    httpx logs every request URL at INFO; with ApiKey auth that URL carries `hapikey`.
    """
    global _filter_installed
    with _filter_lock:
        if not _filter_installed:
            logging.getLogger("httpx").addFilter(_RedactingFilter())
            for name in _HEADER_LOGGERS:
                logging.getLogger(name).addFilter(_HeaderValuesFilter())
            _filter_installed = True


_LOG_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_LOG_FORMAT = "[%(asctime)s %(name)s %(levelname)s] %(message)s"


def log_from_env(env: Mapping[str, str] | None = None) -> logging.Handler | None:
    """HUBSPOT_LOG=debug|info: this package's log (and httpx's request lines, both redacted)
    to stderr at that level, as the official HubSpot SDK does; any other value: nothing.
    Returns the handler it attached (once per process)."""
    level = _LOG_LEVELS.get((os.environ if env is None else env).get("HUBSPOT_LOG", "").lower())
    if level is None:
        return None
    install_httpx_log_redaction()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    handler.set_name("HUBSPOT_LOG")
    for name in ("hubspot_meetings", "httpx"):
        target = logging.getLogger(name)
        if not any(h.get_name() == "HUBSPOT_LOG" for h in target.handlers):
            target.addHandler(handler)
        target.setLevel(level)
    return handler
