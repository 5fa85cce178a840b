"""`gov-disclosure read` on big batches: one record per input, resumable, bad files isolated.

RELIABILITY.md §6 items 13-17 at CI scale: 2,000 files made by our writers, 5 % of them
corrupt, some hanging and some crashing their worker (a test-only reader installed through
an entry point), then a run killed midway and resumed.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import gov_disclosure as gd
from gov_disclosure.testing import reports

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ("text-tab", "text-pipe", "text-cells", "text-lines", "markdown", "html", "docx")
SUFFIX = {"markdown": ".md", "html": ".html", "docx": ".docx"}
TIMEOUT = 3.0


def _generated(count: int) -> list[gd.Report]:
    made: list[gd.Report] = []

    @settings(max_examples=count, database=None, suppress_health_check=list(HealthCheck))
    @given(reports())
    def collect(report: gd.Report) -> None:
        made.append(report)

    collect()
    return made[:count]


def _install_misbehaving(where: Path) -> None:
    """A dist-info directory whose entry point names the test-only misbehaving reader."""
    info = where / "gd_test_misbehaving-0.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: gd-test-misbehaving\nVersion: 0.0.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[gov_disclosure.readers]\nmisbehaving = tests.batch_plugins:MisbehavingReader\n",
        encoding="utf-8",
    )


class Corpus:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.paths: list[Path] = []
        self.expected_error: dict[str, set[str]] = {}  # file name → acceptable categories
        self.env = dict(os.environ)
        plugins = root / "plugins"
        _install_misbehaving(plugins)
        self.env["PYTHONPATH"] = os.pathsep.join([str(plugins), str(ROOT)])

    def add(self, name: str, data: bytes, errors: set[str] | None = None) -> None:
        path = self.root / "in" / name
        path.write_bytes(data)
        self.paths.append(path)
        if errors is not None:
            self.expected_error[name] = errors

    def run(self, output: Path, *extra: str, paths: list[Path] | None = None) -> Any:
        listing = output.parent / "inputs.txt"
        files = [str(p) for p in (paths if paths is not None else self.paths)]
        command = [sys.executable, "-m", "gov_disclosure", "read", *files, "-o", str(output)]
        command += ["--workers", "2", "--timeout", str(TIMEOUT), *extra]
        listing.write_text("\n".join(files), encoding="utf-8")
        return subprocess.Popen(
            command,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    root = tmp_path_factory.mktemp("batch")
    (root / "in").mkdir()
    made = Corpus(root)
    generated = _generated(60)
    good: list[tuple[str, bytes]] = []
    for number, report in enumerate(generated):
        for layout in LAYOUTS:
            rendered = gd.dumps(report, layout)
            data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
            good.append((f"g{number:03d}-{layout}{SUFFIX.get(layout, '.txt')}", data))
    rng = random.Random(20261203)
    docx = next(data for name, data in good if name.endswith(".docx"))
    bad: list[tuple[str, bytes, set[str]]] = []
    inputs = {"MalformedInput", "EncodingError", "TemplateNotRecognised", "UnsupportedFormat"}
    for i in range(30):
        bad.append((f"bad-random{i:02d}.txt", rng.randbytes(rng.randrange(1, 3000)), inputs))
    for i in range(20):
        cut = docx[: rng.randrange(10, len(docx) - 100)]
        bad.append((f"bad-truncated{i:02d}.docx", cut, {"MalformedInput"}))
    for i in range(15):
        ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(600)
        bad.append((f"bad-old{i:02d}.doc", ole, {"UnsupportedFormat"}))
    for i in range(15):
        bad.append((f"bad-empty{i:02d}.txt", b"", {"MalformedInput"}))
    for i in range(10):
        page = f"<html><body><p>通知 {i}</p><table><tr><td>{i}</td></tr></table></body></html>"
        bad.append((f"bad-page{i:02d}.html", page.encode(), {"TemplateNotRecognised"}))
    for i in range(4):
        bad.append((f"bad-hang{i}.txt", b"HANG", {"ReadTimeout"}))
    for i in range(6):
        bad.append((f"bad-abort{i}.txt", b"ABORT", {"WorkerCrashed"}))
    assert len(bad) == 100
    total = 2000
    slots = sorted(rng.sample(range(total), len(bad)))
    good_iter = iter(range(total))
    placed = dict(zip(slots, bad, strict=True))
    for index in range(total):
        if index in placed:
            made.add(*placed[index])
        else:
            n = next(good_iter)
            name, data = good[n % len(good)]
            made.add(f"{n:04d}-{name}", data)
    return made


def _records(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _without_elapsed(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "elapsed"} for r in records]


def test_two_thousand_files_one_record_each(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    process = corpus.run(out)
    _, stderr = process.communicate(timeout=900)
    assert process.returncode == 2, stderr.decode()
    written = _records(out)  # in the order files finished
    by_path = {r["path"]: r for r in written}
    assert len(by_path) == len(written) == len(corpus.paths)
    records = [by_path[str(p)] for p in corpus.paths]
    for path, record in zip(corpus.paths, records, strict=True):
        expected = corpus.expected_error.get(path.name)
        if expected is not None:
            assert not record["ok"], path.name
            assert record["category"] in expected, (path.name, record["category"])
            assert record["report"] is None
            assert 0 < len(record["error"]) <= 200
            if record["category"] == "WorkerCrashed":
                assert record["exit_code"] == -signal.SIGABRT
            elif record["category"] != "ReadTimeout":
                assert record["exit_code"] is None
            if record["category"] in ("UnsupportedFormat", "TemplateNotRecognised"):
                assert record["reader"] is not None or record["category"] == "UnsupportedFormat"
            continue
        assert record["ok"], (path.name, record["category"], record["error"])
        assert record["reader"] == record["report"]["source"]["reader"]
    # Every good file's record equals reading it alone, in this process.
    for path, record in zip(corpus.paths, records, strict=True):
        if record["ok"]:
            alone = json.loads(gd.dumps(gd.read(path), "json"))
            assert record["report"] == alone, path.name
    summary = stderr.decode()
    assert "1900 read, 100 failed" in summary
    assert "ReadTimeout 4" in summary
    assert "WorkerCrashed 6" in summary


def _session_processes(session: int) -> list[int]:
    """Processes still alive in a session (the CLI and its workers started one)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def _kill_when(journal: Path, lines: int, process: Any) -> int:
    """SIGKILL the supervisor alone once the journal has ``lines`` records."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= lines:
            break
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    return journal.read_bytes().count(b"\n")


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc to find orphans")
def test_killed_three_times_then_rerun_gives_the_same_output(
    corpus: Corpus, tmp_path: Path
) -> None:
    paths = [p for p in corpus.paths if corpus.expected_error.get(p.name) != {"ReadTimeout"}]
    paths = paths[:900]
    clean_dir, resumed_dir = tmp_path / "clean", tmp_path / "resumed"
    clean_dir.mkdir()
    resumed_dir.mkdir()
    clean = corpus.run(clean_dir / "out.csv", "--workers", "1", paths=paths)
    clean.communicate(timeout=600)

    journal = resumed_dir / "out.csv.jsonl"
    rng = random.Random(17)
    done = 0
    for kill in range(3):
        run = corpus.run(resumed_dir / "out.csv", paths=paths)
        done = _kill_when(journal, done + rng.randrange(60, 200), run)
        assert done < len(paths), "the run was not interrupted"
        assert not (resumed_dir / "out.csv").exists()  # no half-written export
        deadline = time.monotonic() + 5
        while _session_processes(run.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _session_processes(run.pid) == [], "workers outlived their supervisor"
        if kill == 2:
            with journal.open("ab") as handle:  # a record torn by the kill
                handle.write(b'{"path": "' + str(paths[-1]).encode() + b'", "ok": tr')

    last = corpus.run(resumed_dir / "out.csv", paths=paths)
    _, stderr = last.communicate(timeout=600)
    assert last.returncode == clean.returncode == 2
    assert f"resuming: {done} of {len(paths)} already done" in stderr.decode()
    assert "torn" in stderr.decode()

    def by_path(path: Path) -> dict[str, Any]:
        records = _without_elapsed(_records(path))
        keyed = {r["path"]: r for r in records}
        assert len(keyed) == len(records)  # exactly one record per input
        return keyed

    assert by_path(journal) == by_path(clean_dir / "out.csv.jsonl")
    assert sorted(by_path(journal)) == sorted(map(str, paths))
    for name in ("out.csv", "out.failed.csv"):
        assert (resumed_dir / name).read_bytes() == (clean_dir / name).read_bytes(), name
    assert not [p for p in resumed_dir.iterdir() if p.name.endswith(".tmp")]

    # A further run has nothing left to do and changes nothing.
    before = journal.read_bytes()
    again = corpus.run(resumed_dir / "out.csv", paths=paths)
    _, stderr = again.communicate(timeout=120)
    assert f"resuming: {len(paths)} of {len(paths)} already done" in stderr.decode()
    assert journal.read_bytes() == before


def test_fail_fast_stops_at_the_first_failure(corpus: Corpus, tmp_path: Path) -> None:
    first_bad = next(i for i, p in enumerate(corpus.paths) if p.name in corpus.expected_error)
    paths = corpus.paths[: first_bad + 50]
    out = tmp_path / "out.jsonl"
    run = corpus.run(out, "--fail-fast", "--workers", "1", paths=paths)
    _, stderr = run.communicate(timeout=300)
    assert run.returncode == 2
    assert "stopping at the first failure" in stderr.decode()
    records = _records(out)
    assert records[-1]["path"] == str(paths[first_bad])
    assert len(records) == first_bad + 1
