"""Independent read-only parts of a service call, run on two threads.

SQLite and the PostgreSQL driver release Python's lock while a query runs, and the quarterly
report and the Trends page spend most of their time inside GROUP BY queries over a quarter's
records, so two threads (the machines voiceapp targets have two cores or more) finish in a
little over half the time. Each part must open its own session: sessions and connections are
never shared between threads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

from voiceapp.db.engine import Database

Progress = Callable[[float, str], None]
WORKERS = 2


def reading(db: Database, fn: Callable[..., object], *args, **kwargs) -> Callable[[], object]:
    """A part that calls fn(session, *args, **kwargs) in a read session of its own."""

    def part() -> object:
        with db.read_session() as s:
            return fn(s, *args, **kwargs)

    return part


def run_parallel(parts: Sequence[tuple[str, str, Callable[[], object]]],
                 progress: Progress | None = None, start: float = 0.0, stop: float = 1.0
                 ) -> dict[str, object]:
    """Run `parts` ((key, progress text, function) triples) on a two-thread pool, in the order
    given (put the longest first so the threads finish together), and return {key: result}.

    The calling thread waits, calling `progress(fraction, text)` as parts finish (from `start`
    to `stop`, naming the first part still running). An exception from a part, or from
    `progress` (how the Reports page cancels), is raised at once without waiting for the other
    parts, whose results are then dropped."""
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="voiceapp-part")
    try:
        futures = {pool.submit(fn): i for i, (_key, _text, fn) in enumerate(parts)}
        pending = set(futures)
        if progress is not None and parts:
            progress(start, parts[0][1])
        while pending:
            done, pending = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for f in done:
                f.result()  # a part's error surfaces here, at once
            if pending and progress is not None:
                first = min(futures[f] for f in pending)
                progress(start + (stop - start) * (len(futures) - len(pending)) / len(futures),
                         parts[first][1])
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return {parts[i][0]: f.result() for f, i in futures.items()}
