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
