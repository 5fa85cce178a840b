"""Encoding detection: accuracy on short windows of the samples, and its cost.

RELIABILITY.md §2.2 / §6 item 11.  The same windows as tests/test_encoding_accuracy.py
(fixed seeds): percentage decoded back exactly, per length and encoding; then the
median cost of one detection on 4 KB (target < 0.1 ms), next to a plain
``bytes.decode("utf-8")`` of the same bytes measured in the same run.

    python benchmarks/bench_encoding.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_encoding_accuracy import ENCODINGS, LENGTHS, accuracy, encode

from gov_disclosure.source import decode_text


def _median_ms(fn: object, data: bytes, rounds: int = 2000) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn(data)  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    print("chars  " + "  ".join(f"{e:>10}" for e in ENCODINGS))
    for length in (*LENGTHS, None):
        cells = []
        for encoding in ENCODINGS:
            right, total = accuracy(length, encoding)
            cells.append(f"{100 * right / total:9.1f}%")
        print(f"{length or 'full':>5}  " + "  ".join(cells))
    sample = (Path(__file__).resolve().parent.parent / "tests" / "data" / "samples").glob("*.txt")
    text = next(iter(sorted(sample))).read_text(encoding="utf-8")
    for encoding in ("utf-8", "gb18030", "utf-16-le"):
        _, data = encode(text, encoding)
        data = data[:4096]
        if encoding == "utf-16-le":
            data = data[: len(data) // 2 * 2]
        while True:  # cut at a character boundary of the encoding
            try:
                data.decode(encoding)
                break
            except UnicodeDecodeError:
                data = data[:-1]
        ours = _median_ms(decode_text, data)
        floor = _median_ms(lambda b, e=encoding: b.decode(e), data)
        print(
            f"4 KB {encoding:<10} detect + decode {ours:.4f} ms (target < 0.1 ms); "
            f"a plain decode {floor:.4f} ms"
        )


if __name__ == "__main__":
    main()
