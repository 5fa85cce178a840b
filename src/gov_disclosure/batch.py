"""Reading many files: one bad file costs only itself.

``read_many(paths, workers=2, timeout=60, max_memory=2 GiB)`` keeps long-lived worker
processes (spawned, one pipe each; RELIABILITY.md §5.2).  The supervisor hands out one
path at a time and holds a deadline per file: a worker that crashes (``WorkerCrashed``),
hangs past the deadline (``ReadTimeout``, the worker is killed) or runs out of its memory
cap (``LimitExceeded``) costs only its current file, and is replaced.  Reports travel back
as JSON (exact round trip).  Results stream in input order.  ``workers=0`` reads in this
process; ``executor=`` accepts any ``concurrent.futures.Executor`` (a Dask or Ray executor
for a cluster) — there a crash is whatever that executor makes of it.

>>> import gov_disclosure as gd
>>> [r.ok for r in gd.read_many([gd.sample_path()])]
[True]
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Executor
from multiprocessing.connection import Connection, wait
from typing import Any

import attrs

from . import errors
from .errors import GovDisclosureError, ReadTimeout, WorkerCrashed
from .limits import Limits
from .model import Report

__all__ = ["ReadResult", "read_many", "read_raw"]


@attrs.frozen(slots=True)
class ReadResult:
    """One input: a report, or the error that stopped it (never both)."""

    path: str
    report: Report | None
    error: GovDisclosureError | None
    elapsed: float

    @property
    def ok(self) -> bool:
        return self.report is not None

    @property
    def category(self) -> str | None:
        """The error's class name (``MalformedInput``, ``ReadTimeout`` …), or None."""
        return type(self.error).__name__ if self.error is not None else None


def _read_one(
    path: str, reader: str | None, checks: bool = False, limits: Limits | None = None
) -> tuple[str, Any, float]:
    """Read one file: ``("ok", (json, reader), s)`` or ``(class name, (message, reader), s)``.

    ``checks=True`` runs the checks here, in the worker, and puts their findings in the JSON.
    """
    from .api import dumps, read

    started = time.perf_counter()
    try:
        report = read(path, reader=reader, limits=limits)
        return (
            "ok",
            (str(dumps(report, "json", checks=checks, indent=None)), report.source.reader),
            time.perf_counter() - started,
        )
    except GovDisclosureError as exc:
        return type(exc).__name__, (exc.message, exc.reader), time.perf_counter() - started
    except MemoryError:
        return "LimitExceeded", ("ran out of memory", None), time.perf_counter() - started


def _result(path: str, kind: Any, payload: Any, elapsed: float) -> ReadResult:
    if kind is ReadResult:  # made by the supervisor (a crash, a timeout)
        result: ReadResult = payload
        return result
    if kind == "ok":
        from .api import loads

        try:
            return ReadResult(path, loads(payload[0], "json"), None, elapsed)
        except GovDisclosureError as exc:  # this file's failure, not the batch's
            exc.source = path
            exc.reader = exc.reader or payload[1]
            return ReadResult(path, None, exc, elapsed)
    message, reader = payload
    cls = getattr(errors, kind, None)
    if not (isinstance(cls, type) and issubclass(cls, GovDisclosureError)):
        cls = errors.ReaderBug
    try:
        error = cls(message, source=path, reader=reader)
    except TypeError:  # a class with another signature: keep the category in the text
        error = errors.ReaderBug(f"{kind}: {message}", source=path, reader=reader)
    return ReadResult(path, None, error, elapsed)


def _die_with_parent(parent: int | None) -> None:
    """On Linux, have the kernel kill this worker when the supervisor dies (kill -9
    included), so a worker stuck in a hostile file is never left behind as an orphan.

    ``parent`` is the supervisor's pid, or None when the pool was started from a thread
    other than the main one: the kernel signals when the creating *thread* ends, which
    would kill the workers of a batch driven from a short-lived thread.
    """
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the supervisor died before the call took effect
            os._exit(1)
    except (OSError, AttributeError):  # pragma: no cover - an unusual libc
        pass


_READY = "ready"


def _worker(
    conn: Connection,
    max_memory: int | None,
    initializer: Callable[[], Any] | None,
    parent: int | None = None,
) -> None:
    _die_with_parent(parent)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if max_memory:
            resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass
    if initializer is not None:
        initializer()
    from . import api  # noqa: F401  # the imports a first read needs, before "ready"

    conn.send(_READY)  # the supervisor starts a file's clock only from here
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, path, reader, checks, limits = message
        kind, payload, elapsed = _read_one(path, reader, checks, limits)
        conn.send((index, kind, payload, elapsed))


@attrs.define
class _Slot:
    process: Any
    conn: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0
    served: int = 0
    ready: bool = False
    born: float = attrs.field(factory=time.monotonic)


class _Pool:
    def __init__(
        self,
        workers: int,
        max_memory: int | None,
        initializer: Callable[[], Any] | None,
        recycle: int,
    ) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.max_memory = max_memory
        self.initializer = initializer
        self.recycle = recycle
        self.failed_starts = 0
        self.slots = [self._spawn() for _ in range(workers)]

    def _spawn(self) -> _Slot:
        parent, child = self.context.Pipe()
        main = threading.current_thread() is threading.main_thread()
        process = self.context.Process(
            target=_worker,
            args=(child, self.max_memory, self.initializer, os.getpid() if main else None),
            daemon=True,
        )
        process.start()
        child.close()
        return _Slot(process, parent)

    def replace(self, slot: _Slot, *, kill: bool) -> None:
        if kill and slot.process.is_alive():
            slot.process.kill()
        slot.process.join(5)
        slot.conn.close()
        fresh = self._spawn()
        index = self.slots.index(slot)
        self.slots[index] = fresh

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError, ValueError):
                slot.conn.send(None)
        for slot in self.slots:
            slot.process.join(2)
            if slot.process.is_alive():
                slot.process.kill()
            slot.conn.close()


def read_many(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 0,
    timeout: float = 60.0,
    max_memory: int | None = 2 * 1024**3,
    reader: str | None = None,
    executor: Executor | None = None,
    initializer: Callable[[], Any] | None = None,
    recycle: int = 500,
    limits: Limits | None = None,
) -> Iterator[ReadResult]:
    """Read many files; yields one :class:`ReadResult` per input, in input order.

    ``workers=0`` (the default) reads in this process.  ``workers=N`` uses N isolated
    worker processes with a per-file ``timeout`` (seconds) and ``max_memory`` (bytes of
    address space, RLIMIT_AS).  ``initializer`` runs once in each worker (e.g. to register
    a reader); ``recycle`` replaces a worker after that many files, bounding leaks;
    ``limits`` applies to every file (:class:`~gov_disclosure.limits.Limits`).

    Workers are new Python processes (spawned): in a script, call this with
    ``workers > 0`` under ``if __name__ == "__main__":``, or each worker runs the
    script again and none starts.  Notebooks need nothing of the kind.
    """
    items = [str(p) for p in paths]
    for path, kind, payload, elapsed in read_raw(
        items,
        workers=workers,
        timeout=timeout,
        max_memory=max_memory,
        reader=reader,
        executor=executor,
        initializer=initializer,
        recycle=recycle,
        limits=limits,
    ):
        yield _result(path, kind, payload, elapsed)


def read_raw(
    items: list[str],
    *,
    workers: int = 0,
    timeout: float = 60.0,
    max_memory: int | None = 2 * 1024**3,
    reader: str | None = None,
    executor: Executor | None = None,
    initializer: Callable[[], Any] | None = None,
    recycle: int = 500,
    checks: bool = False,
    ordered: bool = True,
    limits: Limits | None = None,
) -> Generator[tuple[str, Any, Any, float], None, None]:
    """:func:`read_many` before decoding: ``(path, kind, payload, elapsed)`` per input.

    ``kind`` is ``"ok"`` (payload: ``(the report's JSON, reader)``, the JSON with the
    check findings when ``checks``), an error class name (payload: ``(message, reader)``), or
    :class:`ReadResult` for a failure the supervisor made itself (crash, timeout; payload:
    the result).  The command line writes these straight to its journal without
    rebuilding the report.  ``ordered=False`` yields each file as soon as it is done (with
    workers), so that nothing finished waits in memory behind a slow file.
    """
    if executor is not None:
        futures = [executor.submit(_read_one, path, reader, checks, limits) for path in items]
        for path, future in zip(items, futures, strict=True):
            try:
                yield (path, *future.result())
            except Exception as exc:  # the executor's own failure (a lost worker …)
                crashed = WorkerCrashed(f"{type(exc).__name__}: {exc}", source=path)
                yield path, ReadResult, ReadResult(path, None, crashed, 0.0), 0.0
        return
    if workers <= 0:
        if initializer is not None:
            initializer()
        for path in items:
            yield (path, *_read_one(path, reader, checks, limits))
        return
    yield from _supervise(
        items, workers, timeout, max_memory, reader, initializer, recycle, checks, ordered, limits
    )


#: A worker that has not started after this many seconds is replaced; after this many
#: failed starts in a row the remaining files fail with WorkerCrashed.
_START_TIMEOUT = 120.0
_START_ATTEMPTS = 3
_NO_START = (
    "no worker process could start; a script that reads with workers must do so under "
    '`if __name__ == "__main__":` (each worker is a new Python that imports the '
    "script's main module)"
)


def _supervise(
    items: list[str],
    workers: int,
    timeout: float,
    max_memory: int | None,
    reader: str | None,
    initializer: Callable[[], Any] | None,
    recycle: int,
    checks: bool,
    ordered: bool,
    limits: Limits | None,
) -> Iterator[tuple[str, Any, Any, float]]:
    pool = _Pool(min(workers, max(len(items), 1)), max_memory, initializer, recycle)
    pending = list(enumerate(items))
    pending.reverse()
    done: dict[int, tuple[str, Any, Any, float]] = {}
    next_out = 0
    try:
        while next_out < len(items):
            if pool.failed_starts >= _START_ATTEMPTS:  # workers cannot even start
                for index, path in reversed(pending):
                    dead = WorkerCrashed(_NO_START, source=path)
                    done[index] = (path, ReadResult, ReadResult(path, None, dead, 0.0), 0.0)
                pending.clear()
            for slot in pool.slots:
                if slot.ready and slot.task is None and pending:
                    index, path = pending.pop()
                    slot.conn.send((index, path, reader, checks, limits))
                    slot.task, slot.started = (index, path), time.monotonic()
            watched = [s for s in pool.slots if s.task is not None or not s.ready]
            ready = wait([s.conn for s in watched], timeout=0.2) if watched else []
            for slot in list(watched):
                if slot.conn not in ready:
                    continue
                if not slot.ready:
                    try:
                        slot.conn.recv()  # the ready signal
                        slot.ready = True
                        pool.failed_starts = 0
                    except (EOFError, OSError):  # died while starting (an initializer?)
                        pool.failed_starts += 1
                        pool.replace(slot, kill=True)
                    continue
                assert slot.task is not None
                index, path = slot.task
                try:
                    got, kind, payload, elapsed = slot.conn.recv()
                except (EOFError, OSError):
                    slot.process.join(1)
                    code = slot.process.exitcode
                    crashed = WorkerCrashed(
                        f"the worker died (exit code {code}) reading this file",
                        source=path,
                        exit_code=code,
                    )
                    spent = time.monotonic() - slot.started
                    done[index] = (
                        path,
                        ReadResult,
                        ReadResult(path, None, crashed, spent),
                        spent,
                    )
                    pool.replace(slot, kill=True)
                    continue
                done[got] = (path, kind, payload, elapsed)
                slot.task = None
                slot.served += 1
                if slot.served >= recycle:
                    slot.conn.send(None)
                    pool.replace(slot, kill=False)
            now = time.monotonic()
            for slot in list(pool.slots):
                if not slot.ready and now - slot.born > _START_TIMEOUT:
                    pool.failed_starts += 1
                    pool.replace(slot, kill=True)
                elif slot.task is not None and now - slot.started > timeout:
                    index, path = slot.task
                    late = ReadTimeout(
                        f"reading took longer than {timeout:g} s; stopped", source=path
                    )
                    spent = now - slot.started
                    done[index] = (path, ReadResult, ReadResult(path, None, late, spent), spent)
                    pool.replace(slot, kill=True)
            if ordered:
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
            else:  # next_out counts what has been yielded
                for index in sorted(done):
                    yield done.pop(index)
                    next_out += 1
    finally:
        pool.close()
