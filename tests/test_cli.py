"""The command line: check, read, plugins, and the examples (each one is run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gov_disclosure as gd
from gov_disclosure.cli import expand_inputs, main
from gov_disclosure.journal import Journal
from gov_disclosure.testing import value_differences

from .conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _broken_sample(tmp_path: Path) -> Path:
    """Sample 004 with 本年新收 自然人 changed from 1 to 7: the 三 table no longer adds up."""
    report = gd.read(SAMPLES[4])
    assert report.applications["received", "natural_person"] == 1
    broken = report.with_value("applications", "received", "natural_person", 7)
    path = tmp_path / "broken.md"
    path.write_text(str(gd.dumps(broken, "markdown")), encoding="utf-8")
    return path


def test_check_on_the_samples_prints_their_findings_and_exits_0(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["check", *map(str, SAMPLES), "--workers", "0"])
    out = capsys.readouterr().out
    assert status == 0
    for sample in SAMPLES:
        assert f"== {sample}" in out
    assert "GD110" in out  # sample 000's blank 行政复议 cells
    assert "GD113" in out  # sample 002's agency could not be established
    assert "汇总 Summary" in out
    assert "5 files, 0 个有错误或无法读取" in out


def test_check_names_the_wrong_cell_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = _broken_sample(tmp_path)
    status = main(["check", str(broken), str(SAMPLES[0]), "--workers", "0", "--lang", "en"])
    out = capsys.readouterr().out
    assert status == 1
    assert "error   GD202 applications/received" in out
    assert "Summary" in out
    assert "errors" in out.splitlines()[-3]


def test_check_json_select_and_ignore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken_sample(tmp_path)
    main(["check", str(broken), "--workers", "0", "--json"])
    everything = json.loads(capsys.readouterr().out)
    codes = {f["code"] for f in everything["files"][0]["findings"]}
    assert {"GD201", "GD202"} <= codes
    assert everything["exit_code"] == 1

    assert main(["check", str(broken), "--workers", "0", "--json", "--select", "GD202"]) == 1
    selected = json.loads(capsys.readouterr().out)
    assert {f["code"] for f in selected["files"][0]["findings"]} == {"GD202"}

    assert main(["check", str(broken), "--workers", "0", "--json", "--ignore", "gd2"]) == 0
    ignored = json.loads(capsys.readouterr().out)
    assert not [f for f in ignored["files"][0]["findings"] if f["code"].startswith("GD2")]
    assert ignored["exit_code"] == 0

    # a mistyped code (letter O for zero) selected nothing and passed a broken report
    assert main(["check", str(broken), "--workers", "0", "--select", "GD2O1"]) == 2
    assert "GD2O1" in capsys.readouterr().err
    assert main(["check", str(broken), "--workers", "0", "--ignore", "GD9999"]) == 2
    assert "GD9999" in capsys.readouterr().err
    for typo in ("101", "G101", "GD1O1"):  # GD101 without its letters, or mistyped
        assert main(["check", str(broken), "--workers", "0", "--select", typo]) == 2
        assert typo in capsys.readouterr().err
    # a plugin's own codes are its business
    assert main(["check", str(broken), "--workers", "0", "--select", "XY1"]) == 0
    assert main(["check", str(broken), "--workers", "0", "--select", "GZ001"]) == 0


def test_check_reports_an_unreadable_file_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "old.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert main(["check", str(bad), str(SAMPLES[1]), "--workers", "0"]) == 2
    out = capsys.readouterr().out
    assert "无法读取: UnsupportedFormat" in out
    assert "convert" in out


def test_read_writes_jsonl_json_and_both_csv_layouts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, inputs)
    (inputs / "notes.json").write_text("{}", encoding="utf-8")  # no reader's suffix: skipped
    (inputs / "bad.html").write_text("<html><body>=1+1</body></html>", encoding="utf-8")
    for name, extra in (
        ("a.jsonl", []),
        ("b.json", []),
        ("c.csv", []),
        ("d.csv", ["--format", "long"]),
    ):
        assert (
            main(["read", str(inputs), "-o", str(tmp_path / name), "-q", "--workers", "1", *extra])
            == 2
        )
    records = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    records.sort(key=lambda r: r["path"])  # the journal holds them in the order they finished
    assert [Path(r["path"]).name for r in records] == sorted(
        [*(s.name for s in SAMPLES), "bad.html"]
    )
    assert json.loads((tmp_path / "b.json").read_text("utf-8")) == [
        {k: v for k, v in r.items() if k != "elapsed"} for r in records
    ]
    wide = (tmp_path / "c.csv").read_bytes()
    assert wide.startswith(b"\xef\xbb\xbfsource,agency,year")
    assert wide.count(b"\r\n") == 1 + len(SAMPLES)
    long = (tmp_path / "d.csv").read_bytes()
    assert long.startswith(b"\xef\xbb\xbfsource,agency,year,template,table,row")
    failed = (tmp_path / "c.failed.csv").read_text("utf-8-sig")
    assert "bad.html,TemplateNotRecognised" in failed
    assert capsys.readouterr().out == ""  # nothing but results on stdout: here, nothing


def test_read_refuses_an_unknown_output_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["read", str(SAMPLES[0]), "-o", str(tmp_path / "x.xlsx")]) == 2
    assert "-o must end in" in capsys.readouterr().err


def test_expand_inputs_directories_globs_duplicates_and_missing(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("a/1.txt", "a/b/2.docx", "a/b/3.pdf", "a/skip.json", ".hidden/4.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    paths, warnings = expand_inputs(
        [
            str(tmp_path / "a"),
            str(tmp_path / "a" / "*.txt"),  # the same file again: once
            str(tmp_path / "nothing-*.html"),
            str(tmp_path / "missing.txt"),
            str(tmp_path / ".hidden"),
        ]
    )
    names = [Path(p).relative_to(tmp_path).as_posix() for p in paths]
    assert names == ["a/1.txt", "a/b/2.docx", "a/b/3.pdf", "missing.txt", ".hidden/4.txt"]
    assert any("no file matches" in w for w in warnings)


@pytest.mark.parametrize("command", ["check", "read"])
def test_an_input_naming_no_file_fails_the_run(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped glob or an empty directory must not pass a CI job (it exited 0)."""
    (tmp_path / "empty").mkdir()
    output = ["-o", str(tmp_path / "out.jsonl")] if command == "read" else []
    for argument in (str(tmp_path / "reports_2024" / "*.dcx"), str(tmp_path / "empty")):
        assert main([command, str(SAMPLES[0]), argument, "--quiet", *output]) == 2
        assert "error: " in capsys.readouterr().err


def test_an_output_that_cannot_be_written_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-dir" / "x.json"
    assert main(["convert", str(SAMPLES[0]), "-o", str(missing)]) == 2
    assert "cannot write" in capsys.readouterr().err
    (tmp_path / "out.csv").mkdir()  # a directory where the export goes
    assert main(["read", str(SAMPLES[0]), "-o", str(tmp_path / "out.csv"), "--quiet"]) == 2
    assert "error: " in capsys.readouterr().err
    with pytest.raises(gd.OutputError, match="cannot write"):
        gd.dump(gd.read(SAMPLES[0]), missing)
    assert not list(missing.parent.parent.glob("**/.gd-*.tmp"))
    with pytest.raises(gd.InputError, match="cannot read"):
        gd.load(tmp_path / "missing.json")
    with pytest.raises(gd.InputError, match="cannot read"):
        gd.load(tmp_path / "out.csv")  # a directory


def test_read_refuses_an_output_it_cannot_write_before_reading_anything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped output directory is refused at once, and none is made (it used to
    be made, wherever the typo pointed); a directory named as the export is refused
    before the batch, not after it."""
    missing = tmp_path / "no-such-dir" / "deeper" / "x.csv"
    assert main(["read", str(SAMPLES[0]), "-o", str(missing), "--quiet"]) == 2
    assert "no such directory" in capsys.readouterr().err
    assert not (tmp_path / "no-such-dir").exists()
    (tmp_path / "out.csv").mkdir()
    assert main(["read", str(SAMPLES[0]), "-o", str(tmp_path / "out.csv"), "--quiet"]) == 2
    assert "it is a directory" in capsys.readouterr().err
    assert not (tmp_path / "out.csv.jsonl").exists()  # nothing was read


def test_convert_and_consolidate_write_to_standard_output_with_dash(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["convert", str(SAMPLES[0]), "-o", "-", "--format", "json"]) == 0
    out = capsysbinary.readouterr().out
    assert gd.loads(out, "json") == gd.loads(gd.dumps(gd.read(SAMPLES[0]), "json"), "json")
    assert not (Path.cwd() / "-").exists()
    assert main(["convert", str(SAMPLES[0]), "-o", "-"]) == 2
    assert b"needs --format" in capsysbinary.readouterr().err
    two = [str(p) for p in SAMPLES[:2]]  # two agencies' reports for 2023
    code = main(["consolidate", *two, "-o", "-", "--format", "json"])
    captured = capsysbinary.readouterr()
    assert code in (0, 1)  # 1: the sum has findings, which go to stderr
    total = gd.loads(captured.out, "json")  # standard output holds the report alone
    assert total.meta.scope == "consolidated"
    assert total.meta.year == 2023


def test_outputs_replace_files_but_never_a_link_pipe_or_device(tmp_path: Path) -> None:
    """An output replaces a file atomically, keeping its permissions (new ones get the
    usual permissions, not 0600); it follows a symbolic link and replaces the file the
    link points to; a named pipe (like /dev/stdout or a device) is written to in place,
    never replaced by a file."""
    import threading

    from gov_disclosure.journal import atomic_write

    report = gd.read(SAMPLES[0])
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.json"
        gd.dump(report, fresh)
        assert fresh.stat().st_mode & 0o777 == 0o644
        atomic_write(tmp_path / "fresh.csv", "a,b\n")
        assert (tmp_path / "fresh.csv").stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(umask)
    fresh.chmod(0o640)
    gd.dump(report, fresh)
    assert fresh.stat().st_mode & 0o777 == 0o640
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "target.json")
    gd.dump(report, link)
    assert link.is_symlink()
    assert gd.load(tmp_path / "target.json") == gd.load(fresh)
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    gd.dump(report, pipe)
    reader.join(10)
    assert pipe.is_fifo()
    assert gd.loads(received[0], "json") == gd.load(fresh)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_journal_drops_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_bytes(b'{"path": "a.txt", "ok": true}\n{"path": "b.txt", "o')
    journal = Journal(path)
    assert [r["path"] for r in journal.records] == ["a.txt"]
    assert journal.repaired > 0
    assert path.read_bytes() == b'{"path": "a.txt", "ok": true}\n'
    assert journal.pending([str(tmp_path / "x"), "a.txt", "b.txt"]) == [
        str(tmp_path / "x"),
        "b.txt",
    ]
    journal.write("b.txt", '{"path": "b.txt", "ok": false}', "MalformedInput")
    assert journal.failures(["a.txt", "b.txt"]) == {"MalformedInput": 1}
    journal.close()
    assert Journal(path).pending(["a.txt", "b.txt"]) == []


# ------------------------------------------------------------------------ the example plugin


@pytest.fixture(scope="module")
def plugin_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("plugin")


@pytest.fixture(scope="module")
def plugin_env(plugin_root: Path) -> dict[str, str]:
    """examples/plugin installed with pip into a directory on PYTHONPATH (offline)."""
    root = plugin_root
    source = root / "src"
    shutil.copytree(EXAMPLES / "plugin", source)  # keep build artefacts out of the tree
    target = root / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = str(target)
    return env


def _as_csv(report: gd.Report) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for line in str(gd.dumps(report, "text-tab")).splitlines():
        writer.writerow(line.split("\t"))
    return out.getvalue().encode("gb18030")


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gov_disclosure", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_example_plugin_is_listed_and_reads_a_file(
    plugin_env: dict[str, str], tmp_path: Path
) -> None:
    listed = _cli(plugin_env, "plugins", "--json")
    assert listed.returncode == 0, listed.stderr
    plugins = json.loads(listed.stdout)
    assert {
        "kind": "reader",
        "name": "excel-csv",
        "version": "0.1.0",
        "distribution": "gd-csv-reader",
        "status": "available",
    } in plugins
    assert "excel-csv" not in _cli(dict(os.environ), "plugins").stdout

    truth = gd.read(SAMPLES[4]).with_value("applications", "received", "research", 12)
    data = tmp_path / "report.csv"
    data.write_bytes(_as_csv(truth))
    out = tmp_path / "out.jsonl"
    run = _cli(plugin_env, "read", str(data), "-o", str(out), "--workers", "1")
    assert run.returncode == 0, run.stderr
    record = json.loads(out.read_text("utf-8"))
    assert record["report"]["source"]["reader"] == "excel-csv"
    report = gd.loads(json.dumps(record["report"]), "json")
    assert value_differences(report, truth) == []


def test_the_example_plugins_own_conformance_test_passes(
    plugin_env: dict[str, str], plugin_root: Path
) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=plugin_root / "src",  # the copy: hypothesis writes its database beside the tests
        env=plugin_env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout


# ------------------------------------------------------------------------------ examples


def _example(name: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_example_quickstart(tmp_path: Path) -> None:
    run = _example("quickstart.py", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "金寨县" in run.stdout
    assert "Findings (0 errors" in run.stdout


def test_example_check_folder(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for sample in SAMPLES[:3]:
        shutil.copy(sample, folder)
    shutil.copy(_broken_sample(tmp_path), folder)
    (folder / "=cmd.txt").write_bytes(b"")
    run = _example("check_folder.py", str(folder), "summary.csv", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    data = (tmp_path / "summary.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbffile,status,agency")
    text = data.decode("utf-8-sig")
    assert ",errors,金寨县公共资源交易中心,2024,2021,2," in text  # GD201 + GD202
    assert "unreadable: MalformedInput" in text
    assert "'=" not in text.split("\r\n")[0]
    assert "5 files checked, 2 with errors or unreadable" in run.stdout


def test_example_panel(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    folder = tmp_path / "reports"
    folder.mkdir()
    for sample in SAMPLES:
        shutil.copy(sample, folder)
    shutil.copy(_broken_sample(tmp_path), folder / "broken-2024.md")
    (folder / "copy").mkdir()  # the same file name in another directory: its own row
    shutil.copy(SAMPLES[4], folder / "copy")
    run = _example("panel.py", str(folder), "panel.csv", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    panel = (tmp_path / "panel.csv").read_text("utf-8-sig").splitlines()
    header = "agency,year,file,applications_carried_over,applications_received,reviews_total"
    assert panel[0] == header
    # blank 行政复议 stays empty, not 0
    assert "米易县公共资源交易中心,2023,000_7805c73f1b090414.txt,0,0," in panel
    # the broken copy of sample 004 is a second report of its agency and year: both rows
    # are kept (a grouping by agency and year mixed them), with a note
    jinzhai = [line for line in panel if line.startswith("金寨县公共资源交易中心,2024,")]
    assert [line.split(",")[2] for line in jinzhai] == [
        "004_5d74269b466e49b9.txt",
        "broken-2024.md",
        "copy/004_5d74269b466e49b9.txt",
    ]
    assert [line.split(",")[4] for line in jinzhai] == ["1", "1", "1"]
    assert "several reports of 金寨县公共资源交易中心 for 2024" in run.stderr


def test_the_schema_document_names_every_column_and_field(tmp_path: Path) -> None:
    from gov_disclosure.serializers.csv import _WIDE_META, LONG_COLUMNS

    schema = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for column in (*LONG_COLUMNS, *_WIDE_META):
        assert f"`{column}`" in schema or f"{column}," in schema or f", {column}" in schema, column
    out = tmp_path / "a.jsonl"
    main(["read", str(SAMPLES[0]), "-o", str(out), "-q", "--workers", "0"])
    record = json.loads(out.read_text("utf-8"))
    for key in record:
        assert f'"{key}"' in schema, key
    for key in record["report"]:
        assert f'"{key}"' in schema, key
    for key in record["report"]["meta"]:
        assert f'"{key}"' in schema, key


def test_resuming_from_another_directory_matches_files_by_where_they_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relative inputs typed in two directories are different files, not one resumed."""
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, sample in ((first, SAMPLES[0]), (second, SAMPLES[4])):
        (folder / "in").mkdir(parents=True)
        shutil.copy(sample, folder / "in" / "r.txt")
    out = tmp_path / "out.json"
    monkeypatch.chdir(first)
    assert main(["read", "in/r.txt", "-o", str(out), "-q", "--workers", "0"]) == 0
    monkeypatch.chdir(second)
    assert main(["read", "in/r.txt", "-o", str(out), "-q", "--workers", "0"]) == 0
    records = json.loads(out.read_text("utf-8"))
    assert [r["report"]["meta"]["year"] for r in records] == [2024]  # b's report, not a's
    assert records[0]["abspath"] == str(second / "in" / "r.txt")


def test_progress_goes_to_its_stream_only_and_is_quiet_when_asked() -> None:
    import io

    from gov_disclosure.progress import Progress

    log = io.StringIO()
    with Progress(40, stream=log) as progress:
        for i in range(40):
            progress.advance(ok=i % 10 != 0)
    lines = log.getvalue().splitlines()
    assert len(lines) == 20  # a line every 5 %
    assert lines[-1] == "40/40 files, 4 failed"

    small = io.StringIO()
    with Progress(5, stream=small) as progress:
        for _ in range(5):
            progress.advance(ok=True)
    assert small.getvalue() == ""  # small batches into a file or pipe: silent

    quiet = io.StringIO()
    with Progress(40, stream=quiet, quiet=True) as progress:
        for _ in range(40):
            progress.advance(ok=False)
    assert quiet.getvalue() == ""
    assert progress.failed == 40


class _Terminal:
    """A stderr that says it is a terminal."""

    def __init__(self) -> None:
        import io

        self.buffer = io.StringIO()

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def flush(self) -> None:
        pass


def test_progress_on_a_terminal_without_rich_is_a_counter(monkeypatch: pytest.MonkeyPatch) -> None:
    from gov_disclosure.progress import Progress

    monkeypatch.setitem(sys.modules, "rich.console", None)  # as if rich were not installed
    terminal = _Terminal()
    with Progress(3, stream=terminal) as progress:  # type: ignore[arg-type]
        for _ in range(3):
            progress.advance(ok=True)
    assert terminal.buffer.getvalue().endswith("\r3/3 files, 0 failed\n")


def test_progress_on_a_terminal_with_rich_is_a_bar() -> None:
    pytest.importorskip("rich")
    from gov_disclosure.progress import Progress

    terminal = _Terminal()
    with Progress(3, stream=terminal) as progress:  # type: ignore[arg-type]
        for _ in range(3):
            progress.advance(ok=True)
    shown = terminal.buffer.getvalue()
    assert "reading" in shown
    assert "100%" in shown


def test_check_does_not_call_a_report_ok_when_relations_could_not_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Section 三 all blank: no relation of it can be evaluated (GD205, shown only with
    -v), and the summary said "ok" (found in review)."""
    report = gd.read(SAMPLES[4])
    for cell in report.applications.cells:
        report = report.with_value("applications", cell.row, cell.column, None)
    path = tmp_path / "blank.md"
    path.write_text(str(gd.dumps(report, "markdown")), encoding="utf-8")
    status = main(["check", str(path), "--workers", "0", "--lang", "en"])
    summary = capsys.readouterr().out.splitlines()[-2]
    assert status == 0
    assert "relation(s) not checked" in summary
    main(["check", str(path), "--workers", "0", "--json"])
    entry = json.loads(capsys.readouterr().out)["files"][0]
    assert entry["not_checked"] > 0


def test_check_runs_the_checks_across_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A disclosure office checks a folder: last year's 结转下年度 against this year's
    上年结转 (GD402) and copied narratives (GD406) are checked across the files."""
    import attrs

    this_year = gd.read(SAMPLES[4])
    last_year = attrs.evolve(
        this_year, meta=attrs.evolve(this_year.meta, year=2023, title=None, published=None)
    )
    for column in ("natural_person", "total"):
        last_year = last_year.with_value("applications", "carried_forward", column, 3)
    previous = tmp_path / "2023.md"
    previous.write_text(str(gd.dumps(last_year, "markdown")), encoding="utf-8")
    current = tmp_path / "2024.txt"
    shutil.copy(SAMPLES[4], current)

    main(["check", str(previous), str(current), "--workers", "0", "--json"])
    document = json.loads(capsys.readouterr().out)
    across = document["across"]
    assert {(f["code"], f["column"]) for f in across if f["code"] == "GD402"} == {
        ("GD402", "natural_person"),
        ("GD402", "total"),
    }
    assert all(f["report"] == str(current) for f in across if f["code"] == "GD402")
    assert sorted(f["report"] for f in across if f["code"] == "GD406") == sorted(
        [str(previous), str(current)]
    )

    main(["check", str(previous), str(current), "--workers", "0", "--lang", "en"])
    out = capsys.readouterr().out
    assert "== across reports" in out
    assert f"[{current}] warning GD402 applications/carried_over/natural_person" in out

    main(["check", str(previous), str(current), "--workers", "0", "--json", "--no-across"])
    assert json.loads(capsys.readouterr().out)["across"] == []


def test_check_across_reports_names_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two copies of one agency's report for one year: said (GD408), and the copied
    narrative is called a duplicate of the same year, not "another year"; the summary
    counts the findings about each file."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(SAMPLES[4], first)
    second.write_bytes(SAMPLES[4].read_bytes() + b"\n")
    main(["check", str(first), str(second), "--workers", "0", "--json", "--lang", "en"])
    document = json.loads(capsys.readouterr().out)
    codes = sorted((f["code"], f["report"]) for f in document["across"])
    assert codes == sorted(
        (code, str(path)) for code in ("GD406", "GD408") for path in (first, second)
    )
    copied = next(f for f in document["across"] if f["code"] == "GD406")
    assert "the same agency for the same year" in copied["message_en"]
    assert [e["across"] for e in document["files"]] == [2, 2]


def test_a_report_written_as_json_is_read_back_by_read_check_and_consolidate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Offices keep reports as JSON; reading one back took it for an unknown layout
    ("not an annual report"), so the command line could not check or sum its own
    output."""
    first, second = gd.read(SAMPLES[0]), gd.read(SAMPLES[1])
    gd.dump(first, tmp_path / "a.json")
    gd.dump(second, tmp_path / "b.json")
    assert gd.read(tmp_path / "a.json") == first
    assert gd.read_all(tmp_path / "a.json") == [first]
    (result,) = gd.read_many([tmp_path / "a.json"])
    assert result.report == first
    assert main(["check", str(tmp_path / "a.json"), "--workers", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["files"][0]["year"] == 2023
    out = tmp_path / "total.json"
    assert main(
        ["consolidate", str(tmp_path / "a.json"), str(tmp_path / "b.json"), "-o", str(out)]
    ) in (0, 1)
    assert gd.load(out).meta.scope == "consolidated"
    broken = tmp_path / "broken.json"
    broken.write_text(gd.dumps(first, "json").replace('"template": "2021"', '"template": "1999"'))
    with pytest.raises(gd.MalformedInput, match="cannot be read back"):
        gd.read(broken)


def test_a_file_whose_name_claims_a_format_its_bytes_lack_is_called_so(tmp_path: Path) -> None:
    damaged = tmp_path / "report.pdf"
    damaged.write_bytes(bytes(range(256)) * 8)  # no %PDF: random bytes, misnamed
    with pytest.raises(gd.UnsupportedFormat, match=r"named \.pdf but not a PDF"):
        gd.read(damaged)


def test_writing_to_this_processs_streams_goes_through_them(tmp_path: Path) -> None:
    """``gd.dump(report, "/dev/stdout")`` resolved the name to the file or pipe behind
    it and renamed a new file over it: through a pipe it failed, and into a file opened
    with ``>>`` it replaced what was there; what the process printed after it was lost.
    It now writes through the descriptor, after what was printed and before what is."""
    log = tmp_path / "app.log"
    log.write_text("OLD\n")
    script = (
        "import gov_disclosure as gd; print('before', flush=True); "
        f"gd.dump(gd.read({str(SAMPLES[0])!r}), '/dev/stdout', format='json'); print('after')"
    )
    with log.open("ab") as appended:
        subprocess.run([sys.executable, "-c", script], stdout=appended, check=True)
    text = log.read_text()
    assert text.startswith("OLD\nbefore\n{")
    assert text.endswith("}after\n")  # the JSON has no line end of its own
    assert gd.loads(text[len("OLD\nbefore\n") : -len("after\n")], "json").meta.year == 2023
    piped = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True)
    assert piped.stdout.startswith(b"before\n{")


def test_a_long_output_name_that_the_file_system_takes_is_written(tmp_path: Path) -> None:
    """The temporary file's name grew with the output's, past the 255-byte limit."""
    name = "报" * 80 + ".json"  # 245 bytes in UTF-8
    gd.dump(gd.read(SAMPLES[0]), tmp_path / name)
    assert gd.load(tmp_path / name).meta.year == 2023


def test_convert_to_a_closed_standard_output_is_an_error_not_a_traceback() -> None:
    done = subprocess.run(
        f"{sys.executable} -m gov_disclosure convert {SAMPLES[0]} -o - --format csv >&-",
        shell=True,
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert done.returncode == 2
    assert "standard output" in done.stderr
    assert "Traceback" not in done.stderr


def test_standard_output_by_any_name_is_written_through_it(tmp_path: Path) -> None:
    """A link to /dev/stdout (or /proc/thread-self/fd/1) resolved to the file the shell
    opened and replaced it: what a ``>>`` log held was lost, and what the command
    printed next went to the replaced file.  ``consolidate`` then put its findings
    after the JSON on standard output, which was no longer JSON."""
    link = tmp_path / "out.json"
    link.symlink_to("/dev/stdout")
    log = tmp_path / "log"
    log.write_text("PRECIOUS\n")
    command = [sys.executable, "-m", "gov_disclosure"]
    with log.open("ab") as appended:
        subprocess.run(
            [*command, "convert", str(SAMPLES[0]), "-o", str(link), "--format", "json"],
            stdout=appended,
            check=True,
        )
    assert log.read_text().startswith("PRECIOUS\n{")
    two = [str(SAMPLES[0]), str(SAMPLES[1])]
    for name in ("/dev/stdout", "/proc/thread-self/fd/1", str(link)):
        done = subprocess.run(
            [*command, "consolidate", *two, "-o", name, "--format", "json"],
            capture_output=True,
        )
        assert done.returncode in (0, 1), done.stderr
        assert gd.loads(done.stdout, "json").meta.scope == "consolidated"
        assert b"GD" in done.stderr  # the findings, beside the report


def test_a_batch_goes_on_past_a_report_that_cannot_come_back_from_its_worker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Numbers of any length were read (1,000,…,000.5 with 25 groups) but refused when
    the worker's report came back as JSON, and that stopped the whole batch.  Such a
    number is now unreadable where it stands; and a report that cannot come back is
    that file's failure alone."""
    from gov_disclosure.batch import _result

    text = SAMPLES[1].read_text(encoding="utf-8")
    big = "1" + ",000" * 25 + ".5"
    assert "\t0\t" in text
    (tmp_path / "big.txt").write_text(text.replace("\t0\t", f"\t{big}\t", 1), encoding="utf-8")
    shutil.copy(SAMPLES[0], tmp_path / "a.txt")
    shutil.copy(SAMPLES[3], tmp_path / "b.txt")
    files = [str(tmp_path / n) for n in ("a.txt", "big.txt", "b.txt")]
    assert main(["check", *files, "--workers", "0", "--json"]) == 1
    checked = json.loads(capsys.readouterr().out)["files"]
    assert [Path(f["path"]).name for f in checked] == ["a.txt", "big.txt", "b.txt"]
    assert gd.read(tmp_path / "big.txt").check().filter(code="GD105")
    broken = _result("x.txt", "ok", ('{"schema": "gov_disclosure.report"}', "text-tab"), 0.1)
    assert not broken.ok
    assert broken.error is not None
    assert broken.error.source == "x.txt"


def test_a_list_of_reports_or_a_read_export_in_json_is_read_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = gd.read(SAMPLES[0]), gd.read(SAMPLES[1])
    both = tmp_path / "both.json"
    both.write_text(str(gd.dumps([first, second], "json")), encoding="utf-8")
    assert gd.read_all(both) == [first, second]
    read = gd.read(both)
    assert value_differences(read, first) == []
    assert read.notes[-1].code == "GD125"
    export = tmp_path / "export.json"
    missing = tmp_path / "missing.txt"
    assert main(["read", str(SAMPLES[0]), str(missing), "-o", str(export), "--quiet"]) == 2
    (again,) = gd.read_all(export)  # the file that could not be read has no report
    assert value_differences(again, first) == []
    assert main(["check", str(export), "--workers", "0", "--quiet"]) == 0
    failed = tmp_path / "failed.json"
    assert main(["read", str(missing), "-o", str(failed), "--quiet"]) == 2
    for read_it in (gd.read, gd.read_all):  # every input failed: no report to give
        with pytest.raises(gd.MalformedInput, match="holds no report"):
            read_it(failed)
    capsys.readouterr()
    empty = tmp_path / "empty.json"
    empty.write_text("[]", encoding="utf-8")
    with pytest.raises(gd.TemplateNotRecognised):  # not ours: read as text, as before
        gd.read(empty)
