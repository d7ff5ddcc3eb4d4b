"""What the parallel view costs: the cold build of the whole site's HTML, with and
without the parallel pages, in one run (docs/parallel.md quotes the result).

    .venv/bin/python benchmarks/parallel_cost.py [--repeat 2]

Each build is cold (a fresh copy of the publication, no _build); the two kinds
alternate, and the best time of each is kept. The parallel pages' own step (read
every built page, render every pair) is timed inside the build too: its share of that
same build (``ratio_within_build``, the median) does not depend on what else a shared
machine runs at the time, as the ratio of two builds' times does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from generate import copy_publication

from editions.pipeline import build as build_module
from editions.pipeline import parallel
from editions.project import Project

RESULTS = Path(__file__).resolve().parent / "results.json"


def cold_build(root: Path, with_parallel: bool) -> tuple[float, float, int]:
    """Seconds for the whole build, seconds for the parallel step, pages made."""
    spent: list[float] = []
    made: list[int] = []

    def timed(project: Project) -> parallel.ParallelReport:
        start = time.perf_counter()
        report = parallel.build_parallel(project)
        spent.append(time.perf_counter() - start)
        made.append(len(report.rendered))
        return report

    def skipped(project: Project) -> parallel.ParallelReport:
        return parallel.ParallelReport()

    build_module.build_parallel = timed if with_parallel else skipped  # type: ignore[assignment]
    start = time.perf_counter()
    report = build_module.build(Project.load(root), formats=["html"])
    seconds = time.perf_counter() - start
    if not report.ok:
        sys.exit(f"the build failed: {report.as_dict()}")
    return seconds, sum(spent), sum(made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    without: list[float] = []
    with_pages: list[float] = []
    step: list[float] = []
    pages = 0
    with tempfile.TemporaryDirectory(prefix="editions-parallel-cost-") as tmp:
        for run in range(args.repeat):
            for kind in (False, True):
                root = copy_publication(Path(tmp) / f"run{run}-{kind}")
                seconds, parallel_seconds, made = cold_build(root, kind)
                (with_pages if kind else without).append(seconds)
                if kind:
                    step.append(parallel_seconds)
                    pages = made
                print(f"run {run + 1}: {'with' if kind else 'without'} parallel pages: "
                      f"{seconds:.1f} s" + (f" (parallel step {parallel_seconds:.1f} s, "
                                            f"{made} pages)" if kind else ""), flush=True)
    # Within one build the step's share is immune to what else the machine runs; the
    # ratio of two separate builds is not (the machine is shared), so both are given.
    shares = sorted(total / (total - part) for total, part in zip(with_pages, step,
                                                                     strict=True))
    result = {"cold_html_without_parallel_s": round(min(without), 2),
              "cold_html_with_parallel_s": round(min(with_pages), 2),
              "parallel_step_s": round(min(step), 2), "parallel_pages": pages,
              "ratio_best_times": round(min(with_pages) / min(without), 3),
              "ratio_within_build": round(shares[len(shares) // 2], 3)}
    print(json.dumps(result, indent=2))
    data = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    data["parallel_cost"] = result
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
