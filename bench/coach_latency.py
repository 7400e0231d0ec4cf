"""Per-message latency of the message coach on one CPU core, its cold start and peak memory.

    .venv/bin/python bench/coach_latency.py

Exits with status 1 when the 95th percentile is over the 100 ms budget.
"""

import os

# One core, one BLAS thread: the budget is for one core of a small machine.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

import resource  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET_MS = 100.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timings(analyse, texts: list[str]) -> list[float]:
    out = []
    for text in texts:
        start = time.perf_counter()
        analyse(text)
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(name: str, values: list[float]) -> str:
    return (
        f"{name:<22} n={len(values):<5} p50 {percentile(values, 0.5):6.2f} ms  "
        f"p95 {percentile(values, 0.95):6.2f} ms  p99 {percentile(values, 0.99):6.2f} ms  "
        f"max {max(values):6.2f} ms  mean {statistics.fmean(values):6.2f} ms"
    )


def main() -> int:
    start = time.perf_counter()
    from steadfast.coach import analyse
    from steadfast.coach.classifier import load_corpus

    analyse("You never listen to me.")
    cold = time.perf_counter() - start

    corpus = [row["text"] for row in load_corpus()]
    long_messages = [" ".join(corpus[i : i + 60]) for i in range(0, len(corpus), 60)]
    huge = ["You always do this. " * 10_000, "🙄" * 50_000, "a" * 200_000]

    results = {
        "corpus messages": timings(analyse, corpus),
        "long (about 3-4k chars)": timings(analyse, long_messages),
        "huge (capped)": timings(analyse, huge),
    }
    everything = [value for values in results.values() for value in values]
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"CPU affinity: {sorted(os.sched_getaffinity(0))}  (one core)")
    print(f"cold start (import, train from corpus, first message): {cold:.2f} s")
    for name, values in results.items():
        print(summary(name, values))
    print(summary("all", everything))
    print(f"peak RSS: {peak_mib:.0f} MiB")
    p95 = percentile(everything, 0.95)
    print(
        f"budget: p95 {p95:.2f} ms of {BUDGET_MS:.0f} ms -> {'OK' if p95 <= BUDGET_MS else 'OVER'}"
    )
    return 1 if p95 > BUDGET_MS else 0


if __name__ == "__main__":
    sys.exit(main())
