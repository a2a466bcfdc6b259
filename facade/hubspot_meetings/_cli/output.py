"""Where ``export -o PATH`` writes, decided before anything is downloaded.

The export is written to a temporary file beside its destination and renamed over it at the
end, so a failed run leaves the old file as it was. That only makes sense for a regular file
(or nothing yet) at the destination, so what is there is looked at first:

- a symlink is followed: the file it points to is the destination (replaced atomically, the
  link itself left alone), not the link, which a rename would have replaced with a file;
- a directory, FIFO, device node or socket is refused: renaming over a FIFO or a device would
  replace the node itself, and a directory only failed after downloading everything;
- a missing directory is refused, as is one that cannot be written to.

A refusal is a `UsageError` (exit status 2) with one line saying why.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from typing import IO

import attrs

__all__ = ["OutputError", "Target", "open_target", "resolve_target"]


class OutputError(Exception):
    """The destination cannot be written as asked (a usage error: nothing was downloaded)."""


@attrs.frozen
class Target:
    """A checked destination: `path` is what gets replaced (a symlink's target)."""

    given: str
    path: str
    mode: int | None  # the permission bits of the file replaced, kept on the new one


_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _is_a_standard_stream(given: str, path: str, st: os.stat_result) -> bool:
    """`/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/2`..., or the very file a shell redirected
    one of our standard streams to (`export -o /dev/stdout >> app.log` names app.log)."""
    if any(p.startswith(("/dev/std", "/dev/fd/", "/proc/")) for p in (given, path)):
        return True
    for fd in (0, 1, 2):
        try:
            other = os.fstat(fd)
        except OSError:
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            return True
    return False


def resolve_target(given: str) -> Target:
    """Check `given` before the export starts; `OutputError` says why it cannot be used."""
    # realpath follows every link in the chain (a dangling one names the file to create).
    path = os.path.realpath(given)
    shown = given if path == os.path.abspath(given) else f"{given} (-> {path})"
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(f"cannot use {shown}: {exc.strerror}") from None
    if st is not None and _is_a_standard_stream(given, path, st):
        raise OutputError(
            f"{shown} is this process's own standard input, output or error: -o replaces a "
            "file whole at the end, which would wipe what a shell redirection appends to it. "
            "To write to standard output, leave out -o"
        )
    if st is not None:
        for test, kind in _KINDS:
            if test(st.st_mode):
                raise OutputError(
                    f"{shown} is {kind}; -o writes a regular file (replaced whole, "
                    "atomically), so it refuses anything else. To stream into it, leave out -o "
                    "and redirect stdout"
                )
    parent = os.path.dirname(path) or "."
    if not os.path.isdir(parent):
        raise OutputError(f"cannot write {shown}: no such directory {parent}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {shown}: no permission to create files in {parent}")
    mode = stat.S_IMODE(st.st_mode) if st is not None else None
    return Target(given=given, path=path, mode=mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def open_target(target: Target) -> Iterator[IO[str]]:
    """A text stream whose content replaces `target.path` when the block ends without an
    error; on an error the destination is untouched and the temporary file removed."""
    directory, name = os.path.split(target.path)
    # A unique name beside the destination (same filesystem, so the rename is atomic); never
    # a fixed "PATH.partial", which could be a file of the caller's.
    fd, partial = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=directory or ".")
    try:
        with open(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file 0600: keep the replaced file's bits, or give a new file the
        # ones open() would have (0666 less the umask).
        os.chmod(partial, target.mode if target.mode is not None else 0o666 & ~_umask())
        os.replace(partial, target.path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
