"""A progress bar on stderr while an export or import runs, shown only when stderr is a
terminal: count, rate, and (when the total is known) percentage and ETA.

Drawn by tqdm, imported here and only when a bar is shown, so neither `import hubspot_meetings`
nor a piped or redirected CLI run loads it. Piped or redirected stderr (CI logs, files) gets
only the final count line from the command, never carriage-return noise.
"""

from __future__ import annotations

from typing import IO, Any

__all__ = ["Progress"]


class Progress:
    def __init__(
        self, stream: IO[str], verb: str, noun: str = "meetings", *, total: int | None = None
    ) -> None:
        self._stream = stream
        self._verb = verb
        self._noun = noun
        isatty = getattr(stream, "isatty", None)
        self.enabled = bool(callable(isatty) and isatty())
        self._total = total
        self._bar: Any = None

    def set_total(self, total: int | None) -> None:
        """The number of records the run will handle, once known (percentage and ETA)."""
        self._total = total
        if self._bar is not None and total is not None:
            self._bar.total = total
            self._bar.refresh()

    def update(self, count: int) -> None:
        """`count` records handled so far."""
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self._total,
                desc=self._verb,
                unit=f" {self._noun}",
                file=self._stream,
                leave=False,  # the command prints its own final line
                # Width measured once: tqdm's dynamic width draws nothing on a terminal that
                # reports 0 columns (a pty nobody sized, as under some CI runners).
                mininterval=0,  # a redraw per page or batch: few, each one new
                smoothing=0.1,
            )
        self._bar.update(count - self._bar.n)

    def finish(self) -> None:
        """Remove the bar, so the final count line starts clean."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
