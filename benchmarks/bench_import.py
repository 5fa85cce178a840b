"""Whole-process import time of gov_disclosure next to `import attrs, cattrs`.

Target (issue #2): `python -c "import gov_disclosure"` at most 1.3x
`python -c "import attrs, cattrs"`, medians of paired runs in the same session.

    python benchmarks/bench_import.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    ours, base = "import gov_disclosure", "import attrs, cattrs"
    for _ in range(2):  # warm the page cache
        wall(ours)
        wall(base)
    ratios, ours_t, base_t = [], [], []
    for i in range(args.runs):
        pair = [ours, base] if i % 2 else [base, ours]
        times = {code: wall(code) for code in pair}
        ours_t.append(times[ours])
        base_t.append(times[base])
        ratios.append(times[ours] / times[base])
    print(f"import attrs, cattrs : {statistics.median(base_t) * 1000:6.1f} ms")
    print(f"import gov_disclosure: {statistics.median(ours_t) * 1000:6.1f} ms")
    print(f"ratio (median of paired runs): {statistics.median(ratios):.2f}  (target <= 1.3)")


if __name__ == "__main__":
    main()
