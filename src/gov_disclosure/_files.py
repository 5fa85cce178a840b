"""Writing output files: whole or not at all, without harming what is at the path.

A regular file (or a missing one) is replaced atomically: the data goes to a temporary
file beside it, which is then renamed over it, so a reader sees the old file or the
new, never half.  The new file gets the old one's permissions, or the usual ones for a
new file (the umask applies).  A symbolic link is followed: the file it points to is
replaced and the link stays.

A named pipe or a device is written to in place: renaming a file over it would replace
the device or the pipe itself.  So is a name for one of the process's descriptors
(``/dev/stdout``, ``/dev/stderr``, ``/dev/fd/N``, ``/proc/self/fd/N``), whatever it
stands for (a terminal, a pipe, a file the shell opened with ``>`` or ``>>``): the data
goes through that descriptor, after what the process wrote there, and what it prints
next follows it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from pathlib import Path

__all__ = ["write_file"]


def write_file(path: str | os.PathLike[str], payload: bytes, *, make_parents: bool = False) -> None:
    """Write ``payload`` to ``path`` (see the module's docstring); OSError on failure.
    ``make_parents`` creates missing parent directories first."""
    if _in_place(path):
        for stream in (sys.stdout, sys.stderr):  # what the process wrote comes first
            if stream is not None:
                stream.flush()
        descriptor = _descriptor(path)
        if descriptor is None:
            with open(path, "ab") as handle:
                handle.write(payload)
            return
        view = memoryview(payload)
        while view:  # through the descriptor itself: its offset moves on, as for print
            view = view[os.write(descriptor, view) :]
        return
    real = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(real.stat().st_mode)
    except FileNotFoundError:
        mode = None
    if make_parents:
        real.parent.mkdir(parents=True, exist_ok=True)
    temporary, fd = _temporary(real.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


#: Names that stand for a descriptor of this process, not for a file to replace.
_STREAMS = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_DESCRIPTORS = ("/dev/fd/", "/proc/")


def _in_place(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is written where it is rather than replaced: a pipe, a device,
    or a name for one of the process's descriptors.  A directory is an error."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False  # a new file (or a link to one)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    if not stat.S_ISREG(mode):
        return True
    named = os.path.abspath(path)
    return named in _STREAMS or named.startswith(_DESCRIPTORS)


def _descriptor(path: str | os.PathLike[str]) -> int | None:
    """The descriptor of this process a name stands for (``/dev/stdout`` → 1,
    ``/dev/fd/3`` → 3, ``/proc/self/fd/3`` → 3), or None."""
    named = os.path.abspath(path)
    if named in _STREAMS:
        return _STREAMS[named]
    for prefix in ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/"):
        number = named[len(prefix) :]
        if named.startswith(prefix) and number.isdigit():
            return int(number)
    return None


def _temporary(directory: Path) -> tuple[Path, int]:
    """A new file in ``directory`` with a short name (a long output name must not grow
    past the file system's limit), created with mode 0666 less the umask — what a
    plain ``open`` gives a new file; ``tempfile.mkstemp`` would give 0600."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = directory / f".gd-{secrets.token_hex(6)}.tmp"
        try:
            return candidate, os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue
