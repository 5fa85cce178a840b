"""Plugin registries: lazy built-ins, fake entry points good and bad, kill switch."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

import gov_disclosure as gd
from gov_disclosure import registry

from .conftest import SAMPLES


@attrs.frozen
class FakeDist:
    name: str
    version: str = "1.0"


@attrs.frozen
class FakeEntryPoint:
    name: str
    value: str
    group: str
    dist: FakeDist


def _install(monkeypatch: pytest.MonkeyPatch, group: str, *eps: FakeEntryPoint) -> None:
    real = registry._entry_points

    def fake(g: str) -> Any:
        return [ep for ep in eps if ep.group == g] if g == group else real(g)

    monkeypatch.setattr(registry, "_entry_points", fake)
    registry.refresh()


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    registry.refresh()
    yield
    registry.refresh()


G = registry.READERS_GROUP


def test_builtins_are_listed_without_loading() -> None:
    code = (
        "import sys, gov_disclosure as gd; names = list(gd.list_readers()); "
        "assert 'text-tab' in names and 'markdown' in names, names; "
        "assert 'gov_disclosure.readers.text' not in sys.modules; "
        "print(gd.list_readers()['text-tab'].status)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "available"


def test_a_good_plugin_is_found_and_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    _install(
        monkeypatch,
        G,
        FakeEntryPoint(
            "upper-tsv", "tests.fake_plugins:UpperCaseTabReader", G, FakeDist("upper-dist")
        ),
    )
    info = gd.list_readers()["upper-tsv"]
    assert (info.distribution, info.version, info.builtin) == ("upper-dist", "1.0", False)
    data = b"REPORT-TSV\n" + SAMPLES[0].read_bytes()
    report = gd.read(data, name="x.utsv")
    assert report.source.reader == "upper-tsv"
    assert gd.list_readers()["upper-tsv"].status == "loaded"


def test_a_broken_plugin_warns_and_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    _install(
        monkeypatch,
        G,
        FakeEntryPoint("broken", "no_such_module_xyz:Reader", G, FakeDist("broken-dist")),
    )
    with pytest.warns(gd.PluginWarning, match="broken-dist"):
        report = gd.read(SAMPLES[1])
    assert report.source.reader == "text-tab"
    assert gd.list_readers()["broken"].status.startswith("broken")
    with pytest.raises(gd.PluginError, match="broken-dist"):
        gd.read(SAMPLES[1], reader="broken")


def test_a_plugin_never_replaces_a_builtin(monkeypatch: pytest.MonkeyPatch) -> None:
    _install(
        monkeypatch,
        G,
        FakeEntryPoint("text-tab", "tests.fake_plugins:CrashingReader", G, FakeDist("evil")),
    )
    with pytest.warns(gd.PluginWarning, match="already taken by a built-in"):
        infos = gd.list_readers()
    assert infos["text-tab"].builtin
    assert gd.read(SAMPLES[0]).source.reader == "text-tab"


def test_duplicate_plugins_first_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    _install(
        monkeypatch,
        G,
        FakeEntryPoint("dup", "tests.fake_plugins:UpperCaseTabReader", G, FakeDist("a-dist")),
        FakeEntryPoint("dup", "tests.fake_plugins:CrashingReader", G, FakeDist("b-dist")),
    )
    with pytest.warns(gd.PluginWarning, match="b-dist"):
        assert gd.list_readers()["dup"].distribution == "a-dist"


def test_kill_switch_and_block_list(monkeypatch: pytest.MonkeyPatch) -> None:
    _install(
        monkeypatch,
        G,
        FakeEntryPoint("upper-tsv", "tests.fake_plugins:UpperCaseTabReader", G, FakeDist("d")),
    )
    monkeypatch.setenv(registry.AUTOLOAD_ENV, "1")
    registry.refresh()
    assert "upper-tsv" not in gd.list_readers()
    assert "text-tab" in gd.list_readers()
    monkeypatch.delenv(registry.AUTOLOAD_ENV)
    monkeypatch.setenv(registry.BLOCK_ENV, "upper-tsv")
    registry.refresh()
    assert "upper-tsv" not in gd.list_readers()


def test_crashing_reader_gives_only_our_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    _install(
        monkeypatch,
        G,
        FakeEntryPoint("crashing", "tests.fake_plugins:CrashingReader", G, FakeDist("c")),
    )
    with pytest.warns(gd.PluginWarning, match="failed to sniff"):
        assert gd.read(SAMPLES[0]).source.reader == "text-tab"
    with pytest.raises(gd.ReaderBug) as info:
        gd.read(SAMPLES[0], reader="crashing")
    assert isinstance(info.value.__cause__, KeyError)


def test_runtime_registration() -> None:
    from tests.fake_plugins import UpperCaseTabReader

    gd.register_reader("runtime-tsv", UpperCaseTabReader())
    try:
        assert gd.list_readers()["runtime-tsv"].status == "runtime"
        with pytest.raises(gd.PluginError):
            gd.register_reader("runtime-tsv", UpperCaseTabReader())
        with pytest.raises(gd.PluginError):
            gd.register_reader("text-tab", UpperCaseTabReader())
        report = gd.read(b"REPORT-TSV\n" + SAMPLES[0].read_bytes(), reader="runtime-tsv")
        assert report.meta.agency == "米易县公共资源交易中心"
    finally:
        registry.reader_registry().unregister("runtime-tsv")


def test_unknown_reader_names_what_is_installed() -> None:
    with pytest.raises(gd.PluginError, match="text-tab"):
        gd.read(SAMPLES[0], reader="no-such-reader")


def test_nothing_matches_lists_what_was_tried() -> None:
    with pytest.raises(gd.UnsupportedFormat, match="tried") as info:
        gd.read(b"\x89PNG\r\n\x1a\n" + bytes(100), name="scan.png")
    assert "text-tab" in str(info.value)


def test_a_builtin_whose_extra_is_missing_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib.util

    import gov_disclosure as gd

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "pypdfium2" else real(name, *a),
    )
    status = gd.list_readers()["pdf"].status
    assert status == 'needs the extra: pip install "gov-disclosure[pdf]"'
    assert gd.list_readers()["text-tab"].status in ("available", "loaded")
