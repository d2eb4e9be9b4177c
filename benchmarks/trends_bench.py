"""Trends page benchmark: the figures behind the Trends page (theme_trends over 8 quarters and
theme_by_service_area) on the report benchmark's 100,000- and 1,000,000-record demo databases.

    .venv/bin/python benchmarks/trends_bench.py [--small PATH] [--large PATH] [--runs 3]

No target is set for this page (it loads in the background with a "Reading the figures" note);
the figures show how it scales. Build the databases first with benchmarks/report_bench.py (or
`voiceapp demo --db PATH --records N`)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voiceapp.db.engine import open_database  # noqa: E402
from voiceapp.domain.enums import UserRole  # noqa: E402
from voiceapp.domain.quarters import FinancialQuarter  # noqa: E402
from voiceapp.services import trends  # noqa: E402
from voiceapp.services.context import Actor  # noqa: E402

MANAGER = Actor(None, "manager", UserRole.MANAGER)
DEFAULT_DIR = Path(tempfile.gettempdir()) / "voiceapp-report-bench"


def measure(path: Path, quarter: FinancialQuarter, runs: int) -> tuple[float, float]:
    db = open_database(path)
    try:
        trends.theme_trends(db, MANAGER, quarter, 8)  # warm-up: imports and caches
        a, b = [], []
        for _ in range(runs):
            t = time.perf_counter()
            trends.theme_trends(db, MANAGER, quarter, 8)
            a.append(time.perf_counter() - t)
            t = time.perf_counter()
            trends.theme_by_service_area(db, MANAGER, quarter)
            b.append(time.perf_counter() - t)
        return statistics.median(a), statistics.median(b)
    finally:
        db.dispose()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--small", type=Path, default=DEFAULT_DIR / "demo_100000.sqlite")
    p.add_argument("--large", type=Path, default=DEFAULT_DIR / "demo_1000000.sqlite")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quarter", default="2026-27-Q2")
    args = p.parse_args()
    quarter = FinancialQuarter.parse(args.quarter)
    for path in (args.small, args.large):
        if not path.exists():
            print(f"{path} does not exist: build it with benchmarks/report_bench.py first.",
                  file=sys.stderr)
            return 1
        trend, area = measure(path, quarter, args.runs)
        print(f"{path.name}: theme trends (8 quarters) {trend:.2f} s, theme by service area "
              f"{area:.2f} s (medians of {args.runs})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
