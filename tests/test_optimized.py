"""``python -O`` (asserts stripped) reads the same and the kit still fails bad readers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_python_dash_o_reads_every_format_the_same() -> None:
    script = Path(__file__).parent / "optimized_check.py"
    run = subprocess.run(
        [sys.executable, "-O", str(script)], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.strip().endswith("optimized ok")
