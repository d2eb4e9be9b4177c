"""Quarterly report benchmark: generate the board report on a 100,000- and a 1,000,000-record
demo database. Target: the 1,000,000-record report within 1.5x the 100,000-record time, and
under 10 s.

    .venv/bin/python benchmarks/report_bench.py [--small PATH] [--large PATH] [--runs 3]
        [--quarter 2026-27-Q2] [--no-readme]

Databases that do not exist are built with `voiceapp demo --db PATH --records N` (the million
takes several minutes). Each run is timed twice:
- in process: the reporting service (every figure) and the PDF layout, after one warm-up run;
- end to end: `voiceapp report ... --out X.pdf` as a new process (Python start-up, sign-in,
  figures, PDF), which is what a user waits for at the command line.

Writes the figures and the machine into benchmarks/README.md under "## Quarterly report"
(replacing that section only)."""

from __future__ import annotations

import argparse
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from voiceapp.db.engine import open_database  # noqa: E402
from voiceapp.domain.enums import UserRole  # noqa: E402
from voiceapp.domain.quarters import FinancialQuarter  # noqa: E402
from voiceapp.services.context import Actor  # noqa: E402

VOICEAPP = [sys.executable, "-m", "voiceapp"]
MANAGER = Actor(None, "manager", UserRole.MANAGER)
DEFAULT_DIR = Path(tempfile.gettempdir()) / "voiceapp-report-bench"


def build(path: Path, records: int) -> float:
    path.parent.mkdir(parents=True, exist_ok=True)
    print(f"building {path} with {records:,} records (voiceapp demo)...", flush=True)
    t = time.perf_counter()
    subprocess.run([*VOICEAPP, "demo", "--db", str(path), "--records", str(records)],
                   check=True, cwd=ROOT)
    return time.perf_counter() - t


def facts(path: Path) -> dict:
    con = sqlite3.connect(str(path))
    try:
        n = con.execute("SELECT COUNT(*) FROM feedback").fetchone()[0]
        last = con.execute("SELECT MAX(received_on) FROM feedback").fetchone()[0]
        indexes = {r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
    finally:
        con.close()
    return dict(records=n, last=date.fromisoformat(last), indexes=indexes)


def in_process(path: Path, quarter: FinancialQuarter, runs: int, out: Path) -> dict:
    from voiceapp.reports.quarterly import ReportOptions, write_quarterly_report
    from voiceapp.services import reporting

    db = open_database(path)
    data_t, pdf_t, per_quarter = [], [], 0
    try:
        for i in range(runs + 1):  # the first run warms caches and imports; not counted
            t0 = time.perf_counter()
            report = reporting.quarterly_report_data(db, MANAGER, quarter)
            t1 = time.perf_counter()
            write_quarterly_report(report, out, ReportOptions(author="Benchmark"))
            t2 = time.perf_counter()
            if i:
                data_t.append(t1 - t0)
                pdf_t.append(t2 - t1)
            per_quarter = report.record_count
    finally:
        db.dispose()
    total = [a + b for a, b in zip(data_t, pdf_t, strict=True)]
    return dict(data=statistics.median(data_t), pdf=statistics.median(pdf_t),
                total=statistics.median(total), runs=total, quarter_records=per_quarter)


def end_to_end(paths: dict[str, Path], quarter: FinancialQuarter, runs: int, out: Path
               ) -> dict[str, dict]:
    """`voiceapp report` as a new process, alternating the databases (small, large, small,
    large...) so that a change in the machine's load during the benchmark affects both sizes
    alike rather than biasing their ratio."""
    env = dict(os.environ, VOICEAPP_USER="manager", VOICEAPP_PASSWORD="demo")
    times: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(runs):
        for name, path in paths.items():
            t = time.perf_counter()
            subprocess.run([*VOICEAPP, "report", "--db", str(path), "--quarter", quarter.code,
                            "--out", str(out), "--force"], check=True, env=env, cwd=ROOT,
                           capture_output=True)
            times[name].append(time.perf_counter() - t)
    return {name: dict(median=statistics.median(ts), runs=ts) for name, ts in times.items()}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, AttributeError):
        pass
    return (f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def load() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def write_readme(text: str) -> None:
    path = ROOT / "benchmarks" / "README.md"
    old = path.read_text() if path.exists() else "# Benchmarks\n"
    section = re.compile(r"\n## Quarterly report\n.*?(?=\n## |\Z)", re.S)
    block = "\n## Quarterly report\n\n" + text.strip() + "\n"
    new = section.sub(lambda _m: block, old) if section.search(old) else \
        old.rstrip() + "\n" + block
    path.write_text(new)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--small", type=Path, default=DEFAULT_DIR / "demo_100000.sqlite")
    p.add_argument("--large", type=Path, default=DEFAULT_DIR / "demo_1000000.sqlite")
    p.add_argument("--small-records", type=int, default=100_000)
    p.add_argument("--large-records", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quarter", help="default: the last complete quarter of the data")
    p.add_argument("--no-readme", action="store_true")
    args = p.parse_args()

    built = {}
    for path, n in ((args.small, args.small_records), (args.large, args.large_records)):
        if not path.exists():
            built[path] = build(path, n)
    small, large = facts(args.small), facts(args.large)
    for name, f in (("small", small), ("large", large)):
        if "ix_feedback_report" not in f["indexes"]:
            print(f"warning: the {name} database has no ix_feedback_report index (built before "
                  "this release's report indexes); rebuild it for representative figures.",
                  file=sys.stderr)
    quarter = FinancialQuarter.parse(args.quarter) if args.quarter else \
        FinancialQuarter.containing(min(small["last"], large["last"])).previous()
    load_before = load()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "r.pdf"
        results = {}
        for name, path in (("small", args.small), ("large", args.large)):
            print(f"{name}: in process...", flush=True)
            results[name] = in_process(path, quarter, args.runs, out)
        print("end to end (alternating the databases)...", flush=True)
        e2e_all = end_to_end({"small": args.small, "large": args.large}, quarter, args.runs,
                             out)
        for name in results:
            ip, e2e = results[name], e2e_all[name]
            results[name] = (ip, e2e)
            print(f"  {name}: figures {ip['data']:.2f} s, PDF {ip['pdf']:.2f} s, total "
                  f"{ip['total']:.2f} s; command {e2e['median']:.2f} s", flush=True)
    load_after = load()
    (s_ip, s_e2e), (l_ip, l_e2e) = results["small"], results["large"]
    ratio_ip = l_ip["total"] / s_ip["total"]
    ratio_e2e = l_e2e["median"] / s_e2e["median"]
    ok = ratio_e2e <= 1.5 and l_e2e["median"] < 10
    print(f"ratio in process {ratio_ip:.2f}x, end to end {ratio_e2e:.2f}x; "
          f"target {'met' if ok else 'NOT met'} (<= 1.5x and < 10 s)")

    def runs(xs):
        return ", ".join(f"{x:.2f}" for x in xs)

    built_text = "".join(f" Built {p.name} with `voiceapp demo` in {t:.0f} s." for p, t in
                         built.items())
    text = f"""
`benchmarks/report_bench.py --runs {args.runs}` ({date.today():%-d %B %Y}, SQLite): the {quarter.label} board report (PDF) on two demo databases built with `voiceapp demo --records N`.{built_text}

| database | records | records in the quarter | figures (s) | PDF layout (s) | in process (s) | `voiceapp report` command (s) |
|---|---|---|---|---|---|---|
| {args.small.name} | {small['records']:,} | {s_ip['quarter_records']:,} | {s_ip['data']:.2f} | {s_ip['pdf']:.2f} | {s_ip['total']:.2f} | {s_e2e['median']:.2f} |
| {args.large.name} | {large['records']:,} | {l_ip['quarter_records']:,} | {l_ip['data']:.2f} | {l_ip['pdf']:.2f} | {l_ip['total']:.2f} | {l_e2e['median']:.2f} |
| ratio | | | {l_ip['data'] / s_ip['data']:.2f}x | | {ratio_ip:.2f}x | {ratio_e2e:.2f}x (target 1.5x, and under 10 s: {'met' if ok else 'not met'}) |

Medians of {args.runs} runs (in process: after a warm-up; commands: alternating the two databases). All runs (s): in process {runs(s_ip['runs'])} / {runs(l_ip['runs'])}; command {runs(s_e2e['runs'])} / {runs(l_e2e['runs'])}.

Machine: {machine()}; load average {load_before} before and {load_after} after (1/5/15 min; the machine is shared with other work, so figures vary between runs).

How it scales: the demo spreads N records over the same three and a half years, so a quarter of the million-record database holds ten times the records of the 100,000 one, and every figure is exact, so the report reads them: the figures grow with the records in the quarters compared, not with the history. The feedback figures are GROUP BYs per quarter answered from covering indexes (`ix_feedback_report`, `ix_feedback_theme_report`), never the wide feedback rows; the names removed from quotes are read by a loose index scan over partial name indexes (one seek per distinct name); complaint stages open at a date are counted from `ix_complaint_stage_open`; the told-back rate starts from the action links; quotes read at most 400 candidate rows. The figures are gathered as nine parts on two threads, longest first, so both threads finish together (SQLite releases Python's lock inside queries). The PDF layout does not depend on the database size, and the command's fixed costs (Python start-up and imports, opening the database, signing in, the PDF) are the same at either size.
"""
    if not args.no_readme:
        write_readme(text)
        print("wrote benchmarks/README.md (## Quarterly report)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
