"""Writing output files: whole or not at all, without harming what is at the path.

A regular file (or a missing one) is replaced atomically: the data goes to a temporary
file beside it, which is then renamed over it, so a reader sees the old file or the
new, never half.  The new file gets the old one's permissions, or the usual ones for a
new file (the umask applies).  A symbolic link is followed: the file it points to is
replaced and the link stays.

A named pipe or a device is written to in place: renaming a file over it would replace
the device or the pipe itself.  A name for this process's standard output or error —
``/dev/stdout``, ``/proc/thread-self/fd/1``, a link to them, or any name of the file a
shell redirected them to — and ``/dev/fd/N`` are written through the process's own
descriptor, after what it wrote there, so that what it prints next follows.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import select
import stat
import sys
from pathlib import Path

__all__ = ["own_descriptor", "write_descriptor", "write_file"]


def write_file(path: str | os.PathLike[str], payload: bytes, *, make_parents: bool = False) -> None:
    """Write ``payload`` to ``path`` (see the module's docstring); OSError on failure.
    ``make_parents`` creates missing parent directories first."""
    descriptor = own_descriptor(path)
    if descriptor is not None:
        write_descriptor(descriptor, payload)
        return
    if _in_place(path):
        with open(path, "ab") as handle:
            handle.write(payload)
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


def own_descriptor(path: str | os.PathLike[str]) -> int | None:
    """The descriptor of this process that ``path`` names, or None: standard output or
    error by any name that leads to the same file, pipe or terminal (``/dev/stdout``,
    ``/proc/thread-self/fd/1``, a link to them …), or ``/dev/fd/N``."""
    named = os.path.abspath(path)
    for prefix in ("/dev/fd/", "/proc/self/fd/", f"/proc/{os.getpid()}/fd/"):
        number = named[len(prefix) :]
        if named.startswith(prefix) and number.isdigit():
            return int(number)
    try:
        target = os.stat(path)
    except OSError:
        return None
    for descriptor in (1, 2):
        try:
            stream = os.fstat(descriptor)
        except OSError:
            continue
        if (stream.st_dev, stream.st_ino) == (target.st_dev, target.st_ino):
            return descriptor
    return None


def write_descriptor(descriptor: int, payload: bytes) -> None:
    """Write all of ``payload`` to an open descriptor of this process, after what Python
    buffered for standard output and error (so what it prints next follows), waiting
    while a non-blocking pipe is full rather than writing part of it."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, OSError, ValueError):  # closed, replaced
            stream.flush()
    view = memoryview(payload)
    while view:
        try:
            view = view[os.write(descriptor, view) :]
        except BlockingIOError:
            select.select([], [descriptor], [])


def _in_place(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is written where it is rather than replaced: a pipe or a
    device.  A directory is an error."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False  # a new file (or a link to one)
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "Is a directory", os.fspath(path))
    return not stat.S_ISREG(mode)


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
