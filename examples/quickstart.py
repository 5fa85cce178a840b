"""Read the bundled sample report, print its validated tables and its findings.

python examples/quickstart.py [FILE]
"""

from __future__ import annotations

import sys

import gov_disclosure as gd
from gov_disclosure.display import format_findings, format_report


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else gd.sample_path("jinzhai_2024.txt")
    report = gd.read(path)
    findings = report.check()
    print(format_report(report))
    print()
    print(f"Findings ({len(findings.errors)} errors, {len(findings.warnings)} warnings):")
    print(format_findings(findings.exclude("GD205")))
    return 0 if findings.ok else 1


if __name__ == "__main__":
    sys.exit(main())
