"""Shared timing: a path interleaved with its floor in the same process, median ratios.

Each round times a calibrated batch (>= 40 ms) of the subject and of the floor, in
alternating order; the ratio is the median of the per-round ratios (PERFORMANCE.md).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def batch_time(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def calibrate(fn: Callable[[], object]) -> int:
    n = 1
    while batch_time(fn, n) * n < 0.04:
        n *= 2
    return n


def ratio(
    subject: Callable[[], object], floor: Callable[[], object], rounds: int
) -> tuple[float, float, float]:
    """Median seconds of the subject, of the floor, and median subject/floor ratio."""
    subject()
    floor()
    n_subject, n_floor = calibrate(subject), calibrate(floor)
    ratios, times, floors = [], [], []
    for i in range(rounds):
        order = [(subject, n_subject), (floor, n_floor)]
        if i % 2:
            order.reverse()
        result = {fn: batch_time(fn, n) for fn, n in order}
        times.append(result[subject])
        floors.append(result[floor])
        ratios.append(result[subject] / result[floor])
    return statistics.median(times), statistics.median(floors), statistics.median(ratios)


def phases(
    data: bytes, reader: str, floor: Callable[[], object], rounds: int
) -> list[tuple[str, float, float]]:
    """Where the time of ``gd.read(data, reader=reader).check()`` goes: reading the
    layout into a Document, interpreting it, checking the Report — each as
    ``(phase, median seconds, median ratio to the floor)``, timed like :func:`ratio`."""
    from gov_disclosure.api import read_document
    from gov_disclosure.interpreter import interpret

    document = read_document(data, reader=reader)[0]
    report = interpret(document)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("read layout", lambda: read_document(data, reader=reader)),
        ("interpret", lambda: interpret(document)),
        ("check", report.check),
    ]
    out = []
    for name, step in steps:
        seconds, _, times_floor = ratio(step, floor, rounds)
        out.append((name, seconds, times_floor))
    return out


def print_phases(rows: list[tuple[str, float, float]]) -> None:
    for name, seconds, times_floor in rows:
        print(f"    {name:<28} {seconds * 1000:>9.3f} ms {times_floor:>8.1f} x floor")
