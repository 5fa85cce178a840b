"""Copy detection (内容雷同) over 10,000 reports on one core.  Target (issue #8): < 60 s.

Narratives are random text from a Chinese alphabet (so unrelated reports share little),
with 1% of them copies of another report with the agency name swapped; the script checks
that every planted copy is found and prints the time.

    python benchmarks/bench_copies.py [--reports 10000]
"""

from __future__ import annotations

import argparse
import random
import time

import attrs

import gov_disclosure as gd
from gov_disclosure.model import Section

ALPHABET = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制"
    "机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--length", type=int, default=1500)
    args = parser.parse_args()
    rng = random.Random(2026)
    base = gd.Report.from_values("2021", {}, year=2024)
    reports = []
    planted = set()
    for i in range(args.reports):
        agency = f"测试县第{i}局"
        if i % 100 == 99:
            source = reports[rng.randrange(len(reports))]
            text = source.narrative[0].text.replace(source.meta.agency or "", agency)
            planted.add((reports.index(source), i))
        else:
            words = [rng.choice(ALPHABET) for _ in range(args.length)]
            words.insert(100, agency)
            text = "".join(words)
        meta = attrs.evolve(base.meta, agency=agency)
        reports.append(attrs.evolve(base, meta=meta, narrative=(Section(1, "一、总体情况", text),)))
    started = time.perf_counter()
    pairs = gd.find_copies(reports)
    elapsed = time.perf_counter() - started
    found = {(p.first, p.second) for p in pairs}
    print(f"{args.reports} reports, {args.length} characters each: {elapsed:.1f} s on one core")
    print(f"planted copies found: {len(planted & found)}/{len(planted)}")
    print(f"other pairs (copies of copies): {len(found - planted)}")
    print("target: under 60 s for 10,000 reports")


if __name__ == "__main__":
    main()
