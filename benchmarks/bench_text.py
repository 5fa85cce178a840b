"""Text layouts: reports per second for read + interpret + check, against a floor.

The floor (measured in the same run, interleaved): decode the bytes and tokenise them
with one regex into label and number cells — the least any reader must do.  Target
(issue #3): at most 10x the floor, about 0.5 ms per sample-sized report.

    python benchmarks/bench_text.py [--rounds 21] [--phases]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from _harness import phases, print_phases, ratio

import gov_disclosure as gd

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "samples"
TOKEN = re.compile(r"[^\t\n|]+")


def floor(data: bytes) -> int:
    text = data.decode("utf-8")
    return len(TOKEN.findall(text))


def ours(data: bytes, reader: str) -> int:
    report = gd.read(data, reader=reader)
    return len(report.check())


def measure(data: bytes, reader: str, rounds: int) -> tuple[float, float, float]:
    return ratio(lambda: ours(data, reader), lambda: floor(data), rounds)


def fixtures() -> dict[str, bytes]:
    out = {
        "text-tab (sample 001)": (SAMPLES / "001_6666bbdc11c23414.txt").read_bytes(),
        "text-cells (sample 002)": (SAMPLES / "002_384974d2e2d35c17.txt").read_bytes(),
        "text-lines (sample 004)": (SAMPLES / "004_5d74269b466e49b9.txt").read_bytes(),
    }
    report = gd.read(SAMPLES / "004_5d74269b466e49b9.txt")
    for layout in ("text-pipe", "markdown"):
        out[f"{layout} (sample 004 rewritten)"] = str(gd.dumps(report, layout)).encode("utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument(
        "--phases", action="store_true", help="also time reading, interpreting, checking"
    )
    args = parser.parse_args()
    print(f"{'layout':<32} {'ms/report':>10} {'reports/s':>10} {'floor ms':>9} {'x floor':>8}")
    for name, data in fixtures().items():
        reader = name.split()[0]
        t, f, ratio = measure(data, reader, args.rounds)
        print(f"{name:<32} {t * 1000:>10.3f} {1 / t:>10.0f} {f * 1000:>9.3f} {ratio:>8.1f}")
        if args.phases:
            print_phases(phases(data, reader, lambda d=data: floor(d), args.rounds))
    print("target: at most 10x the floor (issue #3)")


if __name__ == "__main__":
    main()
