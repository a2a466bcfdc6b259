"""The package logger, the credentials it knows of, and the redaction every log line, repr and
error message goes through.

Redaction by construction: a credential is *marked* where it enters (the auth objects, the token
endpoint's answers, URL userinfo, and whatever secret-looking header or query parameter a
request carries on its way to the wire). From then on every text that goes through
`redact_text` (error messages, reprs, and every record of the loggers we drive: ours, httpx,
httpcore, h2, hpack) has that value replaced, under whatever name it travels. What is never
marked (a refused key from elsewhere, say) is still hidden where its position gives it away:
secret query parameter names, URL userinfo, secret header names.
"""

from __future__ import annotations

import base64
import contextlib
import importlib
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, quote_plus

import httpx

logger = logging.getLogger("hubspot_meetings")
# A library leaves output to the application: without this, Python's last-resort handler
# prints our warnings to stderr in programs that never configured logging.
if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
    logger.addHandler(logging.NullHandler())

# Query parameters that carry credentials somewhere in HubSpot's APIs (hapikey is the legacy
# developer key; the OAuth ones appear in v1 token URLs and in user-built links). An ApiKey
# with another parameter name adds its own (`mark_secret_param`).
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

# Shorter values are redacted by position only: replacing every occurrence of a three-letter
# value would garble unrelated text while hiding little.
MIN_MARKED_LENGTH = 8
# Old tokens stay marked (a rotated one is still a credential somewhere), up to this many
# values (a token has one to three written forms): a process rarely holds more than a few.
_MAX_MARKED = 1024

# `scheme://user:password@`: the userinfo of any URL in free text.
_USERINFO_RE = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^\s/?#@'\"<>]+@")
# A secret header's value as the loggers we drive print it: `(b'authorization', b'...')`
# (httpcore, hpack's decoder) or `b'authorization'=b'...'` (hpack's encoder).
_HEADER_VALUE_RE = re.compile(
    r"(?i)(b?['\"](?:" + "|".join(sorted(SECRET_HEADERS)) + r")['\"](?:,\s*|=)b?(['\"]))"
    r"(?:(?!\2).)*"
)
# Header names a request may carry a credential in, whatever auth put it there.
_SECRET_HEADER_NAME_RE = re.compile(
    r"(?i)(authorization|cookie|token|secret|api[-_]?key|password|session|signature)"
)


class _Marked:
    """The credential values and query parameter names known to this process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, None] = {}  # insertion-ordered: the oldest is evicted first
        self._ordered: tuple[str, ...] = ()
        self._params: set[str] = set(SECRET_PARAMS)
        self._param_re: re.Pattern[str] = self._build_param_re()

    def _build_param_re(self) -> re.Pattern[str]:
        names = "|".join(re.escape(n) for n in sorted(self._params))
        return re.compile(r"(?i)([?&;](?:" + names + r")=)[^&#\s\"'<>]*")

    def add_value(self, value: str) -> None:
        if value in self._values:
            return  # the common case: the same token on every request
        forms = {f for f in _forms(value) if len(f) >= MIN_MARKED_LENGTH}
        with self._lock:
            if forms <= self._values.keys():
                return
            for form in forms:
                self._values[form] = None
            while len(self._values) > _MAX_MARKED:
                del self._values[next(iter(self._values))]
            # Longest first, so that a value containing another is replaced whole.
            self._ordered = tuple(sorted(self._values, key=len, reverse=True))

    def add_param(self, name: str) -> None:
        with self._lock:
            if name.lower() in self._params:
                return
            self._params.add(name.lower())
            self._param_re = self._build_param_re()

    def redact(self, text: str) -> str:
        # A substring test per value (C speed) rather than one regex alternation: that would
        # be compiled again whenever a token is issued, and scan once per alternative anyway.
        for value in self._ordered:
            if value in text:
                text = text.replace(value, REDACTED)
        return self._param_re.sub(lambda m: m.group(1) + REDACTED, text)

    @property
    def param_re(self) -> re.Pattern[str]:
        return self._param_re


_marked = _Marked()


def _forms(value: str) -> set[str]:
    """`value` as it may be written where it travels: as is, percent-encoded in a URL, escaped
    in a Python or JSON string or a bytes repr, and without surrounding whitespace."""
    core = value.strip()
    forms = {value, core}
    for v in (value, core):
        forms.add(quote(v, safe=""))
        forms.add(quote_plus(v, safe=""))
        forms.add(repr(v)[1:-1])
        forms.add(json.dumps(v)[1:-1])
        forms.add(repr(v.encode("utf-8", "backslashreplace"))[2:-1])
    return forms


def mark_secret(value: str | None) -> None:
    """From now on, `value` is replaced wherever redaction runs (logs, errors, reprs)."""
    if isinstance(value, str) and value:
        _marked.add_value(value)


def mark_secret_param(name: str) -> None:
    """From now on, the value of query parameter `name` is redacted in any URL."""
    if isinstance(name, str) and name:
        _marked.add_param(name)


def mark_url_credentials(url: httpx.URL | str | None) -> None:
    """Mark the password (and the Basic credentials httpx would build) of a URL's userinfo."""
    if url is None:
        return
    try:
        parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    except httpx.InvalidURL:
        return
    if not parsed.userinfo:
        return
    mark_secret(parsed.password)
    userinfo = parsed.userinfo.decode("ascii", errors="replace")
    mark_secret(userinfo)
    plain = f"{parsed.username}:{parsed.password}".encode()
    mark_secret(base64.b64encode(plain).decode("ascii"))


# Whether a header name (as sent: bytes) is secret-looking. Every request asks for the same
# few names, so the answer is remembered rather than matched each time (up to a bound: a caller
# could send any number of names).
_secret_header_names: dict[bytes, bool] = {}
_MAX_HEADER_NAMES = 256


def _secret_header_name(name: bytes) -> bool:
    known = _secret_header_names.get(name)
    if known is None:
        known = bool(_SECRET_HEADER_NAME_RE.search(name.decode("latin-1")))
        if len(_secret_header_names) < _MAX_HEADER_NAMES:
            _secret_header_names[name] = known
    return known


def mark_request_secrets(request: httpx.Request) -> None:
    """Mark what `request` carries as a credential, whatever auth put it there: secret-looking
    headers, secret query parameters, and URL userinfo."""
    for name, raw in request.headers.raw:
        if _secret_header_name(name):
            value = raw.decode(request.headers.encoding)
            scheme, _, rest = value.partition(" ")
            mark_secret(value)
            if rest and scheme.isalpha():
                mark_secret(rest)  # the token after "Bearer " / "Basic "
    url = request.url
    query = url.query
    if query:
        for match in _marked.param_re.finditer("?" + query.decode("ascii", errors="replace")):
            mark_secret(match.group(0)[len(match.group(1)) :])
    if url.userinfo:
        mark_url_credentials(url)


def mask_secret(value: str, *, keep: int = 4) -> str:
    """A short prefix only, and nothing of short values (a prefix could be most of them)."""
    if len(value) < 12:
        return REDACTED
    return f"{value[:keep]}…{REDACTED}"


def redact_text(text: str) -> str:
    """`text` with every marked credential, every secret query value and header value, and
    every URL userinfo replaced."""
    text = _marked.redact(text)
    text = _USERINFO_RE.sub(lambda m: m.group(1) + REDACTED + "@", text)
    return _HEADER_VALUE_RE.sub(lambda m: m.group(1) + REDACTED, text)


def redact_url(url: httpx.URL | str) -> str:
    """The URL as text with its userinfo and every credential-carrying query value replaced."""
    return redact_text(str(url))


def describe_request(request: httpx.Request) -> str:
    """`METHOD path?query` with secrets removed: the form used in logs and error messages."""
    path = request.url.raw_path.decode("ascii", errors="replace")
    return f"{request.method} {redact_url(path)}"


def _printable(data: bytes | bytearray | memoryview) -> bool:
    return all(0x20 <= b < 0x7F for b in bytes(data))


def _safe_arg(arg: Any) -> Any:
    # hpack logs whole header blocks as bytes. Literal text in them is redacted like any text,
    # but a Huffman-coded value cannot be found by searching for it, and anyone can decode it:
    # binary data is shown by its length only.
    if isinstance(arg, bytes | bytearray | memoryview) and not _printable(arg):
        return f"<{len(bytes(arg))} bytes>"
    return arg


class _RedactingFilter(logging.Filter):
    """Rewrites a record of a logger we drive so that no credential can be printed from it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(_safe_arg(a) for a in record.args)
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: logging reports it, with nothing to leak
            return True
        clean = redact_text(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Formatted now, redacted once: handlers reuse exc_text rather than format again.
            record.exc_text = redact_text(logging.Formatter().formatException(record.exc_info))
        return True


# The loggers whose records we redact: our own, and the HTTP stack we drive. A filter on a
# logger sees only its own records (not its children's), so each module's logger gets one.
_DRIVEN_PREFIXES = ("hubspot_meetings", "httpx", "httpcore", "h2", "hpack")
_DRIVEN_LOGGERS = (
    "httpcore.connection",
    "httpcore.connection_pool",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack.hpack",
    "hpack.table",
    "hpack.huffman",
    "h2.connection",
    "h2.stream",
)
# Imported first so their module loggers exist when the filter is attached.
_DRIVEN_MODULES = ("httpcore", "h2.connection", "hpack.hpack", "hpack.table")

_filter = _RedactingFilter()


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
_header_filter = _HeaderValuesFilter()

_filter_lock = threading.Lock()
_filter_installed = False


def install_log_redaction() -> None:
    """Attach the redacting filter, once per process, to every logger of the HTTP stack we
    drive and to ours, so a DEBUG configuration cannot print a credential."""
    global _filter_installed
    with _filter_lock:
        if _filter_installed:
            return
        for module in _DRIVEN_MODULES:
            with contextlib.suppress(ImportError):  # HTTP/2 support is optional
                importlib.import_module(module)
        names = set(_DRIVEN_PREFIXES) | set(_DRIVEN_LOGGERS)
        names |= {
            name
            for name in list(logging.Logger.manager.loggerDict)
            if name.startswith(tuple(p + "." for p in _DRIVEN_PREFIXES))
        }
        for name in sorted(names):
            log = logging.getLogger(name)
            if _filter not in log.filters:
                log.addFilter(_filter)
        for name in _HEADER_LOGGERS:
            logging.getLogger(name).addFilter(_header_filter)
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
    install_log_redaction()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_LOG_FORMAT))
    handler.set_name("HUBSPOT_LOG")
    for name in ("hubspot_meetings", "httpx"):
        target = logging.getLogger(name)
        if not any(h.get_name() == "HUBSPOT_LOG" for h in target.handlers):
            target.addHandler(handler)
        target.setLevel(level)
    return handler
