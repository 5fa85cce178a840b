"""Batch throughput with 2 workers against 1, and the supervisor's memory.

Target (issue #6): on 1,000 generated text reports, 2 workers read at least 1.8× as many
reports a second as 1 worker (both measured in this run, alternating, medians), and the
supervisor's resident memory does not grow with the number of files (sampled while
results stream past, over several thousand files).

Two paths are measured.  ``gov-disclosure read`` (the batch job): workers read, check and
serialise; the supervisor appends their JSON to the journal as is.  ``gd.read_many`` with
the reports used in this process: the supervisor also rebuilds every Report from JSON
(about 1 ms each), and on two cores that work competes with the workers, so it scales
less.  JSON rather than pickle crosses the process boundary on purpose: a worker that
parsed a hostile document must not be able to make the supervisor run code.

    python benchmarks/bench_batch.py [--files 1000] [--rounds 3] [--memory-files 5000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import gov_disclosure as gd
from gov_disclosure.cli import main as main_cli


def _generate(folder: Path, count: int) -> list[Path]:
    # Imported here: spawned workers import this script as their __main__ module, and
    # hypothesis would add a third of a second to every worker's start.
    from hypothesis import HealthCheck, given, settings

    from gov_disclosure.testing import reports

    made: list[gd.Report] = []

    @settings(max_examples=min(count, 200), database=None, suppress_health_check=list(HealthCheck))
    @given(reports())
    def collect(report: gd.Report) -> None:
        made.append(report)

    collect()
    layouts = ("text-tab", "text-pipe", "markdown", "text-lines", "text-cells")
    paths = []
    for i in range(count):
        layout = layouts[i % len(layouts)]
        path = folder / f"r{i:05d}.{'md' if layout == 'markdown' else 'txt'}"
        path.write_text(str(gd.dumps(made[i % len(made)], layout)), encoding="utf-8")
        paths.append(path)
    return paths


def _rate_read_many(paths: list[Path], workers: int) -> float:
    started = time.perf_counter()
    count = sum(1 for r in gd.read_many(paths, workers=workers, timeout=60) if r.ok)
    assert count == len(paths)
    return len(paths) / (time.perf_counter() - started)


def _rate_cli(paths: list[Path], workers: int) -> float:
    with tempfile.TemporaryDirectory() as out:
        journal = Path(out) / "out.jsonl"
        started = time.perf_counter()
        status = main_cli(
            ["read", *map(str, paths), "-o", str(journal), "-q", "--workers", str(workers)]
        )
        elapsed = time.perf_counter() - started
        assert status == 0
        assert journal.read_bytes().count(b"\n") == len(paths)
    return len(paths) / elapsed


def _compare(
    name: str, rate: Callable[[list[Path], int], float], paths: list[Path], rounds: int
) -> None:
    one, two = [], []
    for i in range(rounds):
        order = [(1, one), (2, two)] if i % 2 == 0 else [(2, two), (1, one)]
        for workers, rates in order:
            rates.append(rate(paths, workers))
    r1, r2 = statistics.median(one), statistics.median(two)
    print(f"{name}:")
    print(f"  1 worker : {r1:7.0f} reports/s")
    print(f"  2 workers: {r2:7.0f} reports/s   {r2 / r1:.2f}x one worker (target >= 1.8x)")


def _rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-files", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = _generate(Path(tmp), args.files)
        print(f"{args.files} generated text reports (5 layouts), {args.rounds} rounds, medians")
        _compare(
            "gov-disclosure read (read + check in workers, JSONL journal)",
            _rate_cli,
            paths,
            args.rounds,
        )
        _compare(
            "gd.read_many, reports rebuilt in the supervisor", _rate_read_many, paths, args.rounds
        )

        # Supervisor memory: stream many results and sample the resident set as they pass.
        stream = (paths * (args.memory_files // len(paths) + 1))[: args.memory_files]
        samples = []
        for n, _ in enumerate(gd.read_many(stream, workers=2, timeout=60), start=1):
            if n % (len(stream) // 10) == 0:
                samples.append((n, _rss_mib()))
        first, last = samples[1], samples[-1]  # skip the warm-up sample
        growth = (last[1] - first[1]) / (last[0] - first[0]) * 1000
        print(
            f"supervisor RSS over {len(stream)} files: "
            + ", ".join(f"{n}: {mib:.0f} MiB" for n, mib in samples)
        )
        print(f"  growth {growth:+.2f} MiB per 1,000 files (target: about 0)")


if __name__ == "__main__":
    main()
