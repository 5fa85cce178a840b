"""Batches: one bad file costs only itself; results stream in input order."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import gov_disclosure as gd

from .batch_plugins import register
from .conftest import SAMPLES


def _generated(tmp_path: Path, count: int) -> list[Path]:
    from hypothesis import HealthCheck, given, settings

    from gov_disclosure.testing import reports

    made: list[Path] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(reports())
    def write(report: gd.Report) -> None:
        if len(made) < count:
            path = tmp_path / f"r{len(made):03d}.txt"
            path.write_text(str(gd.dumps(report, "text-tab")), encoding="utf-8")
            made.append(path)

    write()
    return made


def test_workers_give_the_same_results_as_reading_alone(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    paths = [*SAMPLES, bad, *_generated(tmp_path, 6)]
    results = list(gd.read_many(paths, workers=2, timeout=30))
    assert [r.path for r in results] == [str(p) for p in paths]
    for path, result in zip(paths, results, strict=True):
        if path == bad:
            assert not result.ok
            assert result.category == "MalformedInput"
            continue
        alone = gd.read(path)
        assert result.report is not None
        assert gd.dumps(result.report, "json") == gd.dumps(alone, "json")


def test_a_crash_and_a_hang_cost_only_their_own_files(tmp_path: Path) -> None:
    good = SAMPLES[0].read_bytes()
    names = ["ok1", "abort", "ok2", "hang", "ok3", "ok4"]
    paths = []
    for name in names:
        path = tmp_path / f"{name}.txt"
        path.write_bytes(b"ABORT" if name == "abort" else b"HANG" if name == "hang" else good)
        paths.append(path)
    started = time.monotonic()
    results = list(
        gd.read_many(paths, workers=2, timeout=3, reader="misbehaving", initializer=register)
    )
    assert time.monotonic() - started < 30
    assert [Path(r.path).stem for r in results] == names
    by_name = {Path(r.path).stem: r for r in results}
    assert by_name["abort"].category == "WorkerCrashed"
    assert by_name["hang"].category == "ReadTimeout"
    for name in ("ok1", "ok2", "ok3", "ok4"):
        result = by_name[name]
        assert result.ok, result.error
        assert result.report is not None
        assert result.report.meta.agency == "米易县公共资源交易中心"


def test_memory_cap_turns_a_memory_hog_into_a_limit(tmp_path: Path) -> None:
    hog = tmp_path / "hog.txt"
    hog.write_bytes(b"HOG")
    ok = tmp_path / "ok.txt"
    ok.write_bytes(SAMPLES[1].read_bytes())
    results = list(
        gd.read_many(
            [hog, ok],
            workers=1,
            timeout=30,
            max_memory=512 * 1024**2,
            reader="misbehaving",
            initializer=register,
        )
    )
    assert results[0].category in ("LimitExceeded", "WorkerCrashed")
    assert results[1].ok


def test_any_executor_can_run_a_batch() -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(gd.read_many(SAMPLES, executor=pool))
    assert [r.path for r in results] == [str(p) for p in SAMPLES]
    assert all(r.ok for r in results)


def test_in_process_batch_keeps_going_after_a_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    results = list(gd.read_many([SAMPLES[0], bad, SAMPLES[1]]))
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, gd.MalformedInput)


@pytest.mark.parametrize("workers", [0, 2])
def test_missing_files_are_results_not_crashes(tmp_path: Path, workers: int) -> None:
    results = list(gd.read_many([tmp_path / "nope.txt", SAMPLES[2]], workers=workers))
    assert results[0].category == "InputError"
    assert results[1].ok


def test_workers_that_cannot_start_fail_the_files_instead_of_hanging() -> None:
    from .batch_plugins import broken

    started = time.monotonic()
    results = list(gd.read_many(SAMPLES[:3], workers=1, timeout=30, initializer=broken))
    assert time.monotonic() - started < 60
    assert [r.category for r in results] == ["WorkerCrashed"] * 3
    assert "could start" in str(results[0].error)


def test_workers_start_when_the_supervisor_is_pid_1(tmp_path: Path) -> None:
    """In a container the batch is often PID 1; workers must not mistake it for an
    orphaning (their parent's pid is 1 there)."""
    import shutil
    import subprocess
    import sys

    if shutil.which("unshare") is None:
        pytest.skip("no unshare")
    probe = subprocess.run(
        ["unshare", "--pid", "--fork", "--mount-proc", "true"], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip("cannot create a pid namespace here")
    out = tmp_path / "out.jsonl"
    run = subprocess.run(
        [
            *("unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-m"),
            *("gov_disclosure", "read", str(SAMPLES[0]), "-o", str(out), "--workers", "1", "-q"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    import json

    assert json.loads(out.read_text("utf-8"))["ok"]


def test_a_batch_driven_from_a_short_lived_thread_keeps_its_workers() -> None:
    import threading

    results: list[gd.ReadResult] = []

    def start() -> None:
        iterator = gd.read_many(SAMPLES[:2], workers=1, timeout=30)
        results.append(next(iterator))
        holder.append(iterator)

    holder: list[object] = []
    thread = threading.Thread(target=start)
    thread.start()
    thread.join()
    time.sleep(0.5)  # the thread that spawned the worker is gone now
    rest = list(holder[0])  # type: ignore[call-overload]
    assert [r.ok for r in results + rest] == [True, True]
