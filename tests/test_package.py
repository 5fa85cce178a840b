"""Package-level promises: a light import, a current findings catalogue, runnable examples."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import gov_disclosure as gd
from gov_disclosure.findings import CODES, catalogue_markdown

ROOT = Path(__file__).parent.parent


def test_import_is_light() -> None:
    code = (
        "import sys, gov_disclosure; "
        "heavy = [m for m in ('lxml', 'docx', 'pypdfium2', 'pdfplumber', 'pandas', "
        "'hypothesis', 'cattrs', 'gov_disclosure.interpreter', 'gov_disclosure.readers.text') "
        "if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_public_names_resolve() -> None:
    for name in gd.__all__:
        assert getattr(gd, name) is not None, name


def test_every_error_class_is_exported() -> None:
    import inspect

    from gov_disclosure import errors

    classes = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and value.__module__ == errors.__name__
    }
    assert classes == set(errors.__all__)
    assert classes <= set(gd.__all__)


def test_findings_catalogue_is_current() -> None:
    assert (ROOT / "docs" / "findings.md").read_text(encoding="utf-8") == catalogue_markdown()


def test_codes_are_well_formed_and_unique() -> None:
    slugs = [info.slug for info in CODES.values()]
    assert len(set(slugs)) == len(slugs)
    for code, info in CODES.items():
        assert code == info.code
        assert code[:2] == "GD"
        assert len(code) == 5
        assert code[2] in "12349"


def test_quickstart_example_runs() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "金寨县公共资源交易中心" in out.stdout
    assert "[received]" in out.stdout
    assert "自然人=1" in out.stdout
    assert "Findings" in out.stdout


def test_cli_show_and_convert(tmp_path: Path) -> None:
    sample = ROOT / "tests" / "data" / "samples" / "000_7805c73f1b090414.txt"
    out = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "show", str(sample), "--lang", "en"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "GD110" in out.stdout
    assert "review" in out.stdout
    target = tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "convert", str(sample), "-o", str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert gd.load(target).meta.agency == "米易县公共资源交易中心"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"nothing to see here")
    failed = subprocess.run(
        [sys.executable, "-m", "gov_disclosure", "show", str(bad)], capture_output=True, text=True
    )
    assert failed.returncode == 2
    assert "error" in failed.stderr
