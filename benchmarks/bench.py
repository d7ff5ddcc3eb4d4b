"""Time the naive loop against ``editions build``: cold, no-op, and one msgstr edited.

Run it with the project's Python, on a copy of the publication in a temporary
folder (never the repository's _build):

    .venv/bin/python benchmarks/bench.py                      # the real publication
    .venv/bin/python benchmarks/bench.py --scale 1,5,20 -f html --no-naive

(a) naive: one ``sphinx-build`` per language and format into a fresh folder,
    then latexmk for the PDF and epubcheck for the EPUB, one after another;
(b) ``editions build`` cold (no _build); (c) the same again, nothing changed;
(d) one Persian msgstr edited, then ``editions build -f html`` (Persian HTML up to
    date) and ``editions build`` of every format (only Persian rebuilt).
Each time is the best of ``--repeat`` runs where that is cheap (no-op, edit);
peak memory is the largest resident set of any process of the run (one edition
per worker process), from ``wait4``. Results are merged into benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generate import REPO, copy_publication, generate

from editions.pipeline.steps import QUICK_JVM

BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results.json"
EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
BUILDERS = {"html": "html", "epub": "epub", "pdf": "latex"}
EDITED = "locale/fa/LC_MESSAGES/background.po"


@dataclass
class Run:
    seconds: float
    peak_rss_mib: float
    cpu_seconds: float
    returncode: int
    output: str = ""


def run(cmd: list[str], cwd: Path, log: Path) -> Run:
    """Run ``cmd``; its time and the peak memory of its whole process tree."""
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives the child's usage, which takes in the descendants it waited for.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(round(seconds, 2), round(usage.ru_maxrss / 1024, 1),
               round(usage.ru_utime + usage.ru_stime, 2), proc.returncode,
               log.read_text(encoding="utf-8", errors="replace"))


def editions(root: Path, log: Path, *args: str) -> Run:
    result = run([str(BIN / "editions"), "--project", str(root), "build", "--json", *args],
                 root, log)
    if result.returncode != 0:
        raise SystemExit(f"editions build {' '.join(args)} failed; see {log}")
    return result


def rebuilt(result: Run) -> list[str]:
    """Which language/format the run built (the others were unchanged)."""
    data = json.loads(result.output[result.output.index("{"):])
    return [f"{r['language']}/{r['format']}" for r in data["results"] if not r["unchanged"]]


def naive(root: Path, langs: list[str], formats: list[str], work: Path,
          basename: str) -> dict[str, Any]:
    """One sphinx-build per language and format, fresh each time, one after another."""
    steps = {"sphinx": 0.0, "latexmk": 0.0, "epubcheck": 0.0, "epubcheck_quick_jvm": 0.0}
    peak = cpu = quick_cpu = 0.0
    for lang in langs:
        for fmt in formats:
            out = work / f"naive-{lang}-{fmt}"
            shutil.rmtree(out, ignore_errors=True)
            todo = [("sphinx", [str(BIN / "sphinx-build"), "-q", "-b", BUILDERS[fmt], "-c",
                                str(root), "-D", f"language={lang}", "-d", str(out / "doctrees"),
                                str(root / "source"), str(out / "build")], root)]
            if fmt == "pdf":
                todo.append(("latexmk", ["latexmk", "-lualatex", "-interaction=nonstopmode",
                                         "-halt-on-error", f"{basename}.tex"], out / "build"))
            if fmt == "epub":
                todo.append(("epubcheck", ["java", "-jar", str(EPUBCHECK_JAR),
                                           f"{basename}.epub"], out / "build"))
                # What the naive loop would take with the JVM flag editions uses.
                todo.append(("epubcheck_quick_jvm", ["java", QUICK_JVM, "-jar",
                                                     str(EPUBCHECK_JAR), f"{basename}.epub"],
                             out / "build"))
            for step, cmd, cwd in todo:
                done = run(cmd, cwd, work / f"naive-{lang}-{fmt}-{step}.log")
                steps[step] += done.seconds
                peak = max(peak, done.peak_rss_mib)
                if step == "epubcheck_quick_jvm":
                    quick_cpu += done.cpu_seconds
                else:
                    cpu += done.cpu_seconds
    base = steps["sphinx"] + steps["latexmk"]
    return {"seconds": round(base + steps["epubcheck"], 2), "without_epubcheck": round(base, 2),
            "with_quick_jvm_epubcheck": round(base + steps["epubcheck_quick_jvm"], 2),
            "steps": {k: round(v, 2) for k, v in steps.items()}, "peak_rss_mib": peak,
            "cpu_seconds": round(cpu, 2)}


def edit_msgstr(root: Path, count: int) -> None:
    """Change the first translated paragraph of one Persian catalog (a new word each time)."""
    po = root / EDITED
    text = po.read_text(encoding="utf-8")
    pattern = re.compile(r'(msgid ""\n(?:".*"\n)+msgstr ""\n(?:".*"\n)*?".*)(\."\n\n)')
    po.write_text(pattern.sub(lambda m: f"{m[1]} {'۰۱۲۳۴۵۶۷۸۹'[count % 10]}{m[2]}", text,
                              count=1), encoding="utf-8")


def fa_html_ready(root: Path, start: float) -> float:
    """When the Persian HTML was published: index.html's copy into the site (its ctime)."""
    return round((root / "_build/site/fa/index.html").stat().st_ctime - start, 2)


def best(runs: list[Run]) -> dict[str, Any]:
    fastest = min(runs, key=lambda r: r.seconds)
    return {"seconds": fastest.seconds, "runs": [r.seconds for r in runs],
            "peak_rss_mib": max(r.peak_rss_mib for r in runs),
            "cpu_seconds": fastest.cpu_seconds}


def measure(root: Path, formats: list[str], repeat: int, cold_repeat: int, jobs: int | None,
            logs: Path) -> dict[str, Any]:
    """(b) cold, (c) no-op, (d) one msgstr edited, on the publication at ``root``."""
    jobs_arg = ["-j", str(jobs)] if jobs else []
    fmt = ["-f", ",".join(formats), *jobs_arg]
    colds = []
    for i in range(cold_repeat):
        shutil.rmtree(root / "_build", ignore_errors=True)
        colds.append(editions(root, logs / f"cold-{i}.log", *fmt))
    noops = [editions(root, logs / f"noop-{i}.log", *fmt) for i in range(repeat)]
    noop_rebuilt = sorted({x for r in noops for x in rebuilt(r)})
    edits, ready = [], []
    for i in range(repeat):
        edit_msgstr(root, i)
        start = time.time()
        edits.append(editions(root, logs / f"edit-html-{i}.log", "-f", "html", *jobs_arg))
        ready.append(fa_html_ready(root, start))
    edit_html_rebuilt = rebuilt(edits[-1])
    result: dict[str, Any] = {
        "cold": best(colds), "noop": {**best(noops), "rebuilt": noop_rebuilt},
        "edit_fa_html": {**best(edits), "rebuilt": edit_html_rebuilt},
    }
    if formats != ["html"]:
        edit_msgstr(root, repeat)
        start = time.time()
        everything = editions(root, logs / "edit-all.log", *fmt)
        result["edit_fa_all_formats"] = {**best([everything]), "rebuilt": rebuilt(everything),
                                         "fa_html_published_after": fa_html_ready(root, start)}
    return result


def main_run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    from editions.project import Project

    root = copy_publication(tmp / "publication")
    project = Project.load(root)
    langs = project.language_codes
    result: dict[str, Any] = {"formats": args.formats, "languages": langs}
    if args.naive:
        print("(a) naive: one sphinx-build per language and format …", flush=True)
        runs = [naive(root, langs, args.formats, tmp, project.basename)
                for _ in range(args.naive_repeat)]
        result["naive"] = {**min(runs, key=lambda r: r["seconds"]),
                           "runs": [r["seconds"] for r in runs]}
        print(f"    {result['naive']['runs']} s", flush=True)
    print("(b–d) editions build: cold, no-op, one msgstr edited …", flush=True)
    result.update(measure(root, args.formats, args.repeat, args.cold_repeat, args.jobs, tmp))
    cold = result["cold"]["seconds"]
    ratios = {"noop_over_cold": round(result["noop"]["seconds"] / cold, 4),
              "edit_fa_html_over_cold": round(result["edit_fa_html"]["seconds"] / cold, 4)}
    if "naive" in result:
        ratios["naive_over_cold"] = round(result["naive"]["seconds"] / cold, 2)
        ratios["naive_quick_jvm_over_cold"] = round(
            result["naive"]["with_quick_jvm_epubcheck"] / cold, 2)
        ratios["naive_without_epubcheck_over_cold"] = round(
            result["naive"]["without_epubcheck"] / cold, 2)
    if "naive" in result:
        ratios["naive_cpu_over_cold_cpu"] = round(
            result["naive"]["cpu_seconds"] / result["cold"]["cpu_seconds"], 2)
    result["ratios"] = ratios
    result["targets_met"] = {
        "cold_1.8x_faster_than_naive": ratios.get("naive_over_cold", 0) >= 1.8,
        "noop_at_most_2pct_of_cold": ratios["noop_over_cold"] <= 0.02,
        "edit_fa_html_at_most_15pct_of_cold": ratios["edit_fa_html_over_cold"] <= 0.15,
    }
    return result


def scale_run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    rows = {}
    for scale in args.scale:
        root = tmp / f"scale-{scale}"
        size = generate(scale, root)
        print(f"scale {scale}×: {size['documents']} documents, {size['notes']} notes …",
              flush=True)
        logs = tmp / f"logs-{scale}"
        logs.mkdir()
        rows[str(scale)] = {**size, **measure(root, args.formats, args.repeat, 1, args.jobs,
                                              logs)}
        shutil.rmtree(root)
    return {"formats": args.formats, "by_scale": rows}


def table(results: dict[str, Any]) -> str:
    lines = []
    main = results.get("main")
    if main:
        lines.append(f"{'run':34} {'seconds':>9} {'CPU s':>9} {'peak MiB':>9}")
        for key in ("naive", "cold", "noop", "edit_fa_html", "edit_fa_all_formats"):
            if key in main:
                lines.append(f"{key:34} {main[key]['seconds']:9.2f} "
                             f"{main[key]['cpu_seconds']:9.2f} {main[key]['peak_rss_mib']:9.1f}")
        lines += [f"{k:34} {v}" for k, v in main["ratios"].items()]
        lines += [f"{k:34} {v}" for k, v in main["targets_met"].items()]
    scale = results.get("scale")
    if scale:
        lines.append(f"{'scale':>5} {'docs':>5} {'notes':>6} {'cold s':>8} {'no-op s':>8} "
                     f"{'edit s':>8} {'peak MiB':>9}")
        for key, row in scale["by_scale"].items():
            peak = max(row[k]["peak_rss_mib"] for k in ("cold", "noop", "edit_fa_html"))
            lines.append(f"{key:>5} {row['documents']:5} {row['notes']:6} "
                         f"{row['cold']['seconds']:8.2f} {row['noop']['seconds']:8.2f} "
                         f"{row['edit_fa_html']['seconds']:8.2f} {peak:9.1f}")
    return "\n".join(lines)


def freeze_package(dest: Path) -> None:
    """Run a copy of the package: an edit to src/ during the benchmark (a changed input)
    would make every build after it a full one."""
    shutil.copytree(REPO / "src" / "editions", dest / "editions",
                    ignore=shutil.ignore_patterns("__pycache__"))
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(dest), *filter(None, [os.environ.get("PYTHONPATH")])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--formats", default="html,pdf,epub")
    parser.add_argument("--scale", default="", help="e.g. 1,5,20: the synthetic publication "
                        "at these sizes instead of the real one (cold, no-op, edit)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of no-op and edit")
    parser.add_argument("--cold-repeat", type=int, default=1, help="cold runs")
    parser.add_argument("--naive-repeat", type=int, default=1, help="naive runs")
    parser.add_argument("--no-naive", dest="naive", action="store_false")
    parser.add_argument("-j", "--jobs", type=int, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    args.formats = [f for f in args.formats.split(",") if f]
    args.scale = [int(s) for s in args.scale.split(",") if s]
    tmp = Path(tempfile.mkdtemp(prefix="editions-bench-"))
    freeze_package(tmp / "package")
    try:
        section = scale_run(args, tmp) if args.scale else main_run(args, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "python": platform.python_version(),
                          "load_average_after": os.getloadavg()}
    results["scale" if args.scale else "main"] = section
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    print(table(results))


if __name__ == "__main__":
    main()
