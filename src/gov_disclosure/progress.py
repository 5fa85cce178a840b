"""Progress for batches, on stderr only: rich's bar when installed, a plain counter if not."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

__all__ = ["Progress"]


class Progress:
    """``with Progress(total) as p: p.advance(ok)``.  Silent when ``quiet``.

    On a terminal: rich's bar, or a counter redrawn in place.  Into a file or pipe: a
    line every 5 % for batches of 20 files or more, nothing for smaller ones.
    """

    def __init__(self, total: int, *, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.total = total
        self.quiet = quiet
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.failed = 0
        self._bar: Any = None
        self._task: Any = None
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._last = 0.0
        self._step = max(1, total // 20)

    def __enter__(self) -> Progress:
        if self.quiet or self.total == 0:
            return self
        if self._tty:
            try:
                from rich.console import Console
                from rich.progress import Progress as RichProgress
            except ImportError:
                pass
            else:
                self._bar = RichProgress(console=Console(file=self.stream), transient=True)
                self._bar.start()
                self._task = self._bar.add_task("reading", total=self.total)
        return self

    def advance(self, ok: bool) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        if self.quiet:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1)
            return
        now = time.monotonic()
        if self._tty:
            if now - self._last > 0.1 or self.done == self.total:
                self._last = now
                self.stream.write(f"\r{self._line()}")
                self.stream.flush()
        elif self.total >= 20 and (self.done % self._step == 0 or self.done == self.total):
            self.stream.write(self._line() + "\n")
            self.stream.flush()

    def _line(self) -> str:
        return f"{self.done}/{self.total} files, {self.failed} failed"

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif self._tty and not self.quiet and self.done:
            self.stream.write("\n")
            self.stream.flush()
