from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import gov_disclosure as gd

# Fast locally, more examples in CI (.ci/run sets HYPOTHESIS_PROFILE=ci).
settings.register_profile(
    "dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
settings.load_profile(PROFILE)
#: Examples per fuzz strategy per reader (RELIABILITY.md §6 item 1: >= 500 in CI).
FUZZ_EXAMPLES = int(os.environ.get("GD_FUZZ_EXAMPLES", 500 if PROFILE == "ci" else 40))

DATA = Path(__file__).parent / "data"
SAMPLES = sorted((DATA / "samples").glob("*.txt"))


def truth_of(sample: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (sample.parent / "truth" / (sample.stem + ".json")).read_text(encoding="utf-8")
    )
    return data


def truth_report(sample: Path) -> gd.Report:
    truth = truth_of(sample)
    return gd.Report.from_values(
        truth["template"],
        {key: truth[key] for key in ("active", "applications", "appeals")},
        agency=truth["agency"],
        year=truth["year"],
    )


@pytest.fixture(params=SAMPLES, ids=[p.name[:3] for p in SAMPLES])
def sample(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def read_ours(data: bytes, **options: Any) -> gd.Report | None:
    """Read, returning None on the library's expected errors.  A ReaderBug is re-raised:
    it is our type, but it means a reader let a foreign exception escape — exactly what
    the fuzz tests exist to catch."""
    try:
        return gd.read(data, **options)
    except gd.ReaderBug:
        raise
    except gd.GovDisclosureError:
        return None
