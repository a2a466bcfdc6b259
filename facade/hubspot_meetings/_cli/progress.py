"""A one-line progress counter on stderr, shown only when stderr is a terminal.

Piped or redirected stderr (CI logs, files) gets only the final count line from the command,
never carriage-return noise.
"""

from __future__ import annotations

from typing import IO

__all__ = ["Progress"]


class Progress:
    def __init__(self, stream: IO[str], verb: str, noun: str = "meetings") -> None:
        self._stream = stream
        self._verb = verb
        self._noun = noun
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(callable(isatty) and isatty())
        self._shown = False

    def update(self, count: int) -> None:
        if not self.enabled:
            return
        self._stream.write(f"\r{self._verb} {count} {self._noun}...")
        self._stream.flush()
        self._shown = True

    def finish(self) -> None:
        """Erase the counter line, so the final count line starts clean."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False
