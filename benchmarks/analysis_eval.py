"""Measure voiceapp.analysis on the labelled evaluation set in tests/unit/analysis/data.

Run:  PYTHONPATH=src .venv/bin/python benchmarks/analysis_eval.py [--no-demo]
Prints sentiment macro-F1 (plain VADER with its standard +/-0.05 thresholds vs voiceapp), theme
recall@3, safeguarding recall and false-alarm rates, and redaction recall per type plus the share
of ordinary words kept; figures are given for the whole set and its dev/holdout splits.

Then, as an independent check of safeguarding triage, the same figures on the demo free-text
generator (voiceapp.services.demo_text, written by another author and never used to write the
rules): recall on sampled disclosures of all its templates and roles, and the false-alarm rate
on its ordinary texts (fixed seeds, so the figures repeat).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

from voiceapp.analysis import Analyzer
from voiceapp.analysis.evaluation import evaluate, format_report
from voiceapp.analysis.safeguarding import check

DATA = Path(__file__).resolve().parent.parent / "tests" / "unit" / "analysis" / "data"
AGE_BANDS = (None, "0-4", "5-10", "11-15", "16-17", "18-25")


def demo_corpus_report(seeds: range = range(100, 110), per_role: int = 30,
                       ordinary_per_seed: int = 500) -> str:
    from voiceapp.domain.enums import RecordKind
    from voiceapp.domain.reference import RESPONDENT_ROLES, SERVICE_AREAS
    from voiceapp.services.demo_text import TextFactory

    roles = [code for code, _label in RESPONDENT_ROLES]
    areas = [code for code, _label in SERVICE_AREAS]
    kinds = list(RecordKind)
    disclosures = missed = 0
    missed_texts: list[str] = []
    for seed in seeds:
        factory = TextFactory(random.Random(seed))
        for role in roles:
            for k in range(per_role):
                band = AGE_BANDS[k % len(AGE_BANDS)] if role == "child_young_person" else None
                text = factory.safeguarding_disclosure(role, band).text
                disclosures += 1
                if not check(text).flag:
                    missed += 1
                    missed_texts.append(text)
    ordinary = 0
    alarms: Counter[str] = Counter()
    for seed in seeds:
        factory = TextFactory(random.Random(seed + 1000))
        pick = random.Random(seed)
        for k in range(ordinary_per_seed):
            role = roles[(k // len(kinds)) % len(roles)]
            band = pick.choice(AGE_BANDS) if role == "child_young_person" else None
            text = factory.compose(kinds[k % len(kinds)], role, pick.choice(areas),
                                   age_band=band).text
            ordinary += 1
            result = check(text)
            if result.flag:
                alarms[", ".join(f"{r.category}: {r.matched_text.lower()}"
                                 for r in result.reasons)] += 1
    lines = ["", "Safeguarding on the demo generator's texts (independent of the rules)",
             f"  recall on disclosures     {1 - missed / disclosures:.3f}  "
             f"(n={disclosures}, every role, {len(seeds)} seeds)",
             f"  false alarms on ordinary  {sum(alarms.values()) / ordinary:.4f}  (n={ordinary})"]
    lines += [f"    missed: {t}" for t in missed_texts[:10]]
    lines += [f"    false alarm x{n}: {what}" for what, n in alarms.most_common(5)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-demo", action="store_true",
                        help="skip the check on the demo generator's texts")
    args = parser.parse_args()
    report = evaluate(DATA, Analyzer())
    print(format_report(report))
    if not args.no_demo:
        print(demo_corpus_report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
