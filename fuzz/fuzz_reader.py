"""Coverage-guided fuzzing of one reader with atheris (libFuzzer), for long runs.

    pip install atheris
    python fuzz/fuzz_reader.py --reader=docx fuzz/corpus/docx -max_total_time=600 \\
        -timeout=10 -rss_limit_mb=2048

Every input goes through ``gd.read(data, reader=...)``, the same boundary users call.  Our
own errors are the expected outcome for junk; anything else — a foreign exception, or a
``ReaderBug`` (a foreign exception the boundary caught) — is a crash that libFuzzer saves
as ``crash-<sha1>`` for a regression test in ``tests/corpus/``.  Hangs past ``-timeout``
and memory past ``-rss_limit_mb`` are findings too.  ``make_seeds.py`` writes a starting
corpus of rendered reports for every reader.  For DOCX a custom mutator changes the XML
inside the package's members, so that mutations reach the XML handling instead of all
failing the zip checks.
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import random
import sys
import zipfile

import atheris

with atheris.instrument_imports(include=["gov_disclosure"]):
    import gov_disclosure as gd

    # The package imports its readers lazily; import every module now, inside the
    # block, so that all of it is instrumented and coverage guides the fuzzer.
    for module in pkgutil.walk_packages(gd.__path__, "gov_disclosure."):
        if not module.name.startswith(("gov_disclosure.testing", "gov_disclosure.__main__")):
            importlib.import_module(module.name)


def _reader() -> str:
    for arg in sys.argv[1:]:
        if arg.startswith("--reader="):
            sys.argv.remove(arg)
            return arg.split("=", 1)[1]
    raise SystemExit("usage: fuzz_reader.py --reader=NAME [corpus dir] [libFuzzer flags]")


READER = _reader()


def test_one_input(data: bytes) -> None:
    try:
        gd.read(data, reader=READER, name=f"fuzz.{READER}")
    except gd.ReaderBug:
        raise
    except gd.GovDisclosureError:
        pass


def mutate_package(data: bytes, max_size: int, seed: int) -> bytes:
    """For DOCX: mutate the XML inside one zip member and repack, so mutations get past
    the CRC checks to the XML handling (half the time; plain byte mutation otherwise)."""
    rng = random.Random(seed)
    if rng.random() < 0.5:
        return bytes(atheris.Mutate(data, max_size))
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        names = source.namelist()
        target = "word/document.xml" if rng.random() < 0.7 else rng.choice(names)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as packed:
            for name in names:
                member = source.read(name)
                if name == target:
                    member = bytes(atheris.Mutate(member, len(member) + 256))
                packed.writestr(name, member)
        return out.getvalue()[:max_size]
    except Exception:  # not a zip (any more): fall back to bytes
        return bytes(atheris.Mutate(data, max_size))


def main() -> None:
    if READER == "docx":
        atheris.Setup(sys.argv, test_one_input, custom_mutator=mutate_package)
    else:
        atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
