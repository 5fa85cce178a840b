"""Writing output files: whole or not at all, without harming what is at the path.

A regular file (or a missing one) is replaced atomically: the data goes to a temporary
file beside it, which is then renamed over it, so a reader sees the old file or the
new, never half.  The new file gets the old one's permissions, or the usual ones for a
new file (the umask applies).  A symbolic link is followed: the file it points to is
replaced and the link stays.  Anything else at the path — ``/dev/stdout``, a named pipe,
a device — is written to in place, as ``open(path, "wb")`` would: renaming a file over
it would replace the device or the pipe itself.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

__all__ = ["write_file"]


def write_file(path: str | os.PathLike[str], payload: bytes, *, make_parents: bool = False) -> None:
    """Write ``payload`` to ``path`` (see the module's docstring); OSError on failure.
    ``make_parents`` creates missing parent directories first."""
    real = Path(os.path.realpath(path))
    try:
        mode: int | None = stat.S_IMODE(real.stat().st_mode)
        regular = real.is_file()
    except FileNotFoundError:
        mode, regular = None, True
    if not regular:
        if real.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(path))
        with open(real, "wb") as handle:  # a device, a pipe: written, never replaced
            handle.write(payload)
        return
    if make_parents:
        real.parent.mkdir(parents=True, exist_ok=True)
    temporary, fd = _temporary(real)
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


def _temporary(target: Path) -> tuple[Path, int]:
    """A new file beside ``target``, created with mode 0666 less the umask (what a
    plain ``open`` gives a new file; ``tempfile.mkstemp`` would give 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return candidate, os.open(candidate, flags, 0o666)
        except FileExistsError:
            continue
