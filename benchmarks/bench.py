"""Time ``editions build`` against the naive loop, all in one run on this machine.

    .venv/bin/python benchmarks/bench.py            # or: make bench
    .venv/bin/python benchmarks/bench.py --scale 0  # without the 10× book

On a copy of the publication in a temporary folder (never the repository's _build),
committed to a git repository of its own as a publisher's project is (its commit dates
the books; the edits below stay uncommitted), with a frozen copy of the package (an
edit to src/ meanwhile is no changed input):

naive, one after another   one-language.sh for az, en, fa, ru in turn: one sphinx-build
                           per format, latexmk for the PDF, no validation
naive, two at a time       printf 'az\\nen\\nfa\\nru\\n' | xargs -P2 -n1 one-language.sh
cold                       editions build, no _build (every check: EPUBCheck, PDF/A);
                           the machine's cache (EPUBCheck's launcher and class-data
                           archive, font facts, font subsets, msgfmt's and msgcat's
                           verdicts) warm, as luaotfload's is: ``cold_first_on_machine``,
                           run first with it empty, warms it. The naive loop's
                           sphinx-build (the same extension) reads the same cache.
no-op                      the same again
one fa msgstr → fa HTML    ``editions build -f html`` after one Persian msgstr edit
one fa msgstr → fa PDF     ``editions build -f pdf`` after another
10× book                   each chapter copied with its catalogs (generate.py): cold,
                           no-op, one fa msgstr → fa HTML

Every run records wall seconds, its own CPU seconds, the largest resident set of any one
of its processes (wait4) and the largest sum over its processes at once (sampled), the
load average, and the CPU time other processes took meanwhile (from /proc/stat), which
says how far a time can be trusted. Writes benchmarks/results.json and results.svg.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from chart import write_chart
from generate import REPO, commit, copy_publication, generate

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
CHART = HERE / "results.svg"
ONE_LANGUAGE = HERE / "one-language.sh"
EDITED = "locale/fa/LC_MESSAGES/background.po"
TICKS = os.sysconf("SC_CLK_TCK")

#: Measured on this machine when issue 19 was filed (nothing else running).
BASELINE = {"naive_sequential_s": 41.5, "naive_two_at_a_time_s": 21.6, "cold_s": 26.5,
            "noop_s": 0.44, "edit_fa_html_s": 1.7, "scale10_cold_s": 160.0,
            "scale10_noop_s": 0.44, "scale10_edit_fa_html_s": 3.9,
            "scale10_peak_rss_mib": 752.0}


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float  # the largest single process
    peak_tree_rss_mib: float  # the largest sum over the run's processes at one moment
    others_cpu_seconds: float  # what other processes on the machine took meanwhile
    load_average: list[float]
    returncode: int
    output: str = ""

    def record(self) -> dict[str, Any]:
        data = asdict(self)
        del data["output"], data["returncode"]
        return data


def busy_seconds() -> float:
    """CPU time every process of the machine has used since boot (/proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICKS


def tree_rss_kib(root: int) -> int:
    """The resident memory of ``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
        found = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        rss[int(entry)] = int(found[1]) if found else 0
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run(cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None,
        stdin: str | None = None) -> Run:
    """Run ``cmd``: its time, CPU, memory, and what else the machine did meanwhile."""
    with log.open("w", encoding="utf-8") as out:
        busy, start = busy_seconds(), time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.PIPE if stdin is not None else None,
                                env={**os.environ, **(env or {})}, text=True)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.25):
                peak[0] = max(peak[0], tree_rss_kib(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        # wait4 gives the child's usage, which takes in the descendants it waited for.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        others = busy_seconds() - busy
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(round(seconds, 2), round(cpu, 2), round(usage.ru_maxrss / 1024, 1),
               round(peak[0] / 1024, 1), round(max(0.0, others - cpu), 2),
               [round(x, 2) for x in os.getloadavg()], proc.returncode,
               log.read_text(encoding="utf-8", errors="replace"))


def editions(root: Path, log: Path, *args: str, cache: Path) -> Run:
    result = run([str(BIN / "editions"), "--project", str(root), "build", "--json", *args],
                 root, log, env={"EDITIONS_CACHE_DIR": str(cache)})
    if result.returncode != 0:
        raise SystemExit(f"editions build {' '.join(args)} failed; see {log}")
    return result


def rebuilt(result: Run) -> list[str]:
    """Which language/format the run built (the others were unchanged)."""
    data = json.loads(result.output[result.output.index("{"):])
    return [f"{r['language']}/{r['format']}" for r in data["results"] if not r["unchanged"]]


def naive(root: Path, langs: list[str], basename: str, work: Path, parallel: int,
          cache: Path) -> Run:
    """one-language.sh for every language through xargs, ``parallel`` at a time."""
    out = work / f"naive-{parallel}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    env = {"EDITIONS_CACHE_DIR": str(cache),
           "NAIVE_ROOT": str(root), "NAIVE_OUT": str(out), "NAIVE_BASENAME": basename,
           "NAIVE_BIN": str(BIN)}
    result = run(["xargs", f"-P{parallel}", "-n1", str(ONE_LANGUAGE)], root,
                 work / f"naive-{parallel}.log", env, stdin="".join(f"{c}\n" for c in langs))
    if result.returncode != 0:
        raise SystemExit(f"the naive loop failed; see {out}/*.log")
    return result


def naive_passes(work: Path, parallel: int) -> dict[str, int]:
    """LuaLaTeX runs latexmk made per language in a naive run."""
    return {log.name.split(".")[0]: log.read_text(errors="replace").count("Run number ")
            for log in sorted((work / f"naive-{parallel}").glob("*.latexmk.log"))}


def editions_passes(root: Path) -> dict[str, str]:
    """What each edition's account of its LuaLaTeX passes says (``<name>.passes.txt``)."""
    return {log.parents[1].name: log.read_text(errors="replace").splitlines()[0]
            for log in sorted((root / "_build/work").glob("*/latex/*.passes.txt"))}


def edit_msgstr(root: Path, count: int) -> None:
    """Change the first translated paragraph of one Persian catalog (a new word each time)."""
    po = root / EDITED
    text = po.read_text(encoding="utf-8")
    pattern = re.compile(r'(msgid ""\n(?:".*"\n)+msgstr ""\n(?:".*"\n)*?".*)(\."\n\n)')
    po.write_text(pattern.sub(lambda m: f"{m[1]} {'۰۱۲۳۴۵۶۷۸۹'[count % 10]}{m[2]}", text,
                              count=1), encoding="utf-8")


def best(runs: list[Run], **extra: Any) -> dict[str, Any]:
    fastest = min(runs, key=lambda r: r.seconds)
    return {**fastest.record(), "runs": [r.seconds for r in runs],
            "peak_rss_mib": max(r.peak_rss_mib for r in runs),
            "peak_tree_rss_mib": max(r.peak_tree_rss_mib for r in runs), **extra}


def say(name: str, result: dict[str, Any]) -> None:
    print(f"    {name:28} {result['seconds']:8.2f} s  (runs {result['runs']}, load "
          f"{result['load_average'][0]}, others' CPU {result['others_cpu_seconds']} s)",
          flush=True)


def edits(root: Path, logs: Path, fmt: str, repeat: int, first: int,
          cache: Path) -> dict[str, Any]:
    """One fa msgstr edited, then ``editions build -f fmt``, ``repeat`` times."""
    runs = []
    for i in range(repeat):
        edit_msgstr(root, first + i)
        runs.append(editions(root, logs / f"edit-{fmt}-{i}.log", "-f", fmt, cache=cache))
    return best(runs, rebuilt=rebuilt(runs[-1]))


def measure_book(root: Path, logs: Path, repeat: int, cache: Path,
                 pdf_edit: bool) -> dict[str, Any]:
    """cold, no-op, one msgstr → fa HTML (and → fa PDF) on the publication at ``root``."""
    result: dict[str, Any] = {}
    result["cold"] = best([editions(root, logs / "cold.log", cache=cache)])
    result["cold"]["lualatex_passes"] = editions_passes(root)
    say("cold", result["cold"])
    result["noop"] = best([editions(root, logs / f"noop-{i}.log", cache=cache)
                           for i in range(repeat)])
    result["noop"]["rebuilt"] = rebuilt(
        editions(root, logs / "noop-check.log", cache=cache))
    say("no-op", result["noop"])
    result["edit_fa_html"] = edits(root, logs, "html", repeat, 0, cache)
    say("one fa msgstr → fa HTML", result["edit_fa_html"])
    if pdf_edit:
        result["edit_fa_pdf"] = edits(root, logs, "pdf", repeat, repeat, cache)
        result["edit_fa_pdf"]["lualatex_passes"] = editions_passes(root)["fa"]
        say("one fa msgstr → fa PDF", result["edit_fa_pdf"])
    return result


def ratios_of(main: dict[str, Any]) -> dict[str, float]:
    cold = main["cold"]["seconds"]
    ratios = {"naive_sequential_over_cold": main["naive_sequential"]["seconds"] / cold,
              "naive_two_at_a_time_over_cold": main["naive_two_at_a_time"]["seconds"] / cold,
              "naive_cpu_over_cold_cpu": (main["naive_sequential"]["cpu_seconds"]
                                          / main["cold"]["cpu_seconds"]),
              "noop_over_cold": main["noop"]["seconds"] / cold,
              "edit_fa_html_over_cold": main["edit_fa_html"]["seconds"] / cold,
              "edit_fa_pdf_over_cold": main["edit_fa_pdf"]["seconds"] / cold}
    return {k: round(v, 3) for k, v in ratios.items()}


def targets_of(main: dict[str, Any], scale: dict[str, Any] | None) -> dict[str, bool]:
    ratios = main["ratios"]
    targets = {
        "cold_at_least_2x_faster_than_naive_sequential":
            ratios["naive_sequential_over_cold"] >= 2.0,
        "cold_faster_than_naive_two_at_a_time": ratios["naive_two_at_a_time_over_cold"] > 1.0,
        "edit_fa_pdf_at_most_20pct_of_cold": ratios["edit_fa_pdf_over_cold"] <= 0.20,
        "noop_kept": main["noop"]["seconds"] <= BASELINE["noop_s"] * 1.1,
        "edit_fa_html_kept": main["edit_fa_html"]["seconds"] <= BASELINE["edit_fa_html_s"] * 1.1,
    }
    if scale:
        targets.update({
            "scale10_cold_kept": scale["cold"]["seconds"] <= BASELINE["scale10_cold_s"],
            "scale10_noop_kept": scale["noop"]["seconds"] <= BASELINE["scale10_noop_s"] * 1.1,
            "scale10_edit_kept":
                scale["edit_fa_html"]["seconds"] <= BASELINE["scale10_edit_fa_html_s"] * 1.1,
            # The 752 MiB is its largest process (LuaLaTeX); two of them run
            # at once on two cores, so the sum is recorded beside it, not compared.
            "scale10_peak_kept": scale["cold"]["peak_rss_mib"]
                <= BASELINE["scale10_peak_rss_mib"]})
    return targets


def main_run(args: argparse.Namespace, tmp: Path, cache: Path) -> dict[str, Any]:
    from editions.project import Project

    root = copy_publication(tmp / "publication")
    commit(root)
    project = Project.load(root)
    langs = project.language_codes
    main: dict[str, Any] = {"languages": langs, "load_average_before": os.getloadavg()}
    logs = tmp / "logs-1"
    logs.mkdir()
    print("editions build, first on this machine (an empty machine cache)", flush=True)
    main["cold_first_on_machine"] = best([editions(root, logs / "cold-first.log",
                                                   cache=cache)])
    say("cold, first on machine", main["cold_first_on_machine"])
    shutil.rmtree(root / "_build")
    print("naive loop (one sphinx-build per language × format, latexmk, no validation)",
          flush=True)
    main["naive_sequential"] = best([naive(root, langs, project.basename, tmp, 1, cache)])
    main["naive_sequential"]["lualatex_passes"] = naive_passes(tmp, 1)
    say("one after another", main["naive_sequential"])
    main["naive_two_at_a_time"] = best([naive(root, langs, project.basename, tmp, 2,
                                              cache)])
    main["naive_two_at_a_time"]["lualatex_passes"] = naive_passes(tmp, 2)
    say("two at a time (xargs -P2)", main["naive_two_at_a_time"])
    print("editions build", flush=True)
    main.update(measure_book(root, logs, args.repeat, cache, pdf_edit=True))
    main["ratios"] = ratios_of(main)
    return main


def scale_run(args: argparse.Namespace, tmp: Path, cache: Path) -> dict[str, Any]:
    root = tmp / f"scale-{args.scale}"
    size = generate(args.scale, root)
    commit(root)
    print(f"{args.scale}× book: {size['documents']} documents, {size['notes']} notes",
          flush=True)
    logs = tmp / f"logs-{args.scale}"
    logs.mkdir()
    result = {**size, **measure_book(root, logs, args.repeat, cache, pdf_edit=False)}
    cold = result["cold"]["seconds"]
    result["ratios"] = {"noop_over_cold": round(result["noop"]["seconds"] / cold, 4),
                        "edit_fa_html_over_cold":
                            round(result["edit_fa_html"]["seconds"] / cold, 4)}
    shutil.rmtree(root)
    return result


def table(results: dict[str, Any]) -> str:
    main, scale = results["main"], results.get("scale")
    lines = [f"{'run':34} {'seconds':>8} {'CPU s':>8} {'MiB one':>8} {'MiB all':>8} "
             f"{'load':>5} {'others s':>8}"]
    rows = [(k, main[k]) for k in ("naive_sequential", "naive_two_at_a_time",
                                   "cold_first_on_machine", "cold", "noop", "edit_fa_html",
                                   "edit_fa_pdf") if k in main]
    rows += [(f"{results['scale']['scale']}x {k}", scale[k])
             for k in ("cold", "noop", "edit_fa_html")] if scale else []
    for name, row in rows:
        lines.append(f"{name:34} {row['seconds']:8.2f} {row['cpu_seconds']:8.2f} "
                     f"{row['peak_rss_mib']:8.1f} {row['peak_tree_rss_mib']:8.1f} "
                     f"{row['load_average'][0]:5.2f} {row['others_cpu_seconds']:8.2f}")
    lines += [f"{k:44} {v}" for k, v in main["ratios"].items()]
    if scale:
        lines += [f"{results['scale']['scale']}x {k:41} {v}" for k, v in scale["ratios"].items()]
    lines += [f"{k:44} {v}" for k, v in results["targets_met"].items()]
    return "\n".join(lines)


def freeze_package(dest: Path) -> None:
    """Run a copy of the package: an edit to src/ during the benchmark (a changed input)
    would make every build after it a full one."""
    shutil.copytree(REPO / "src" / "editions", dest / "editions",
                    ignore=shutil.ignore_patterns("__pycache__"))
    # Compiled once, as an installed package is (PYTHONDONTWRITEBYTECODE may be set here).
    compileall.compile_dir(dest / "editions", quiet=1)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(dest), *filter(None, [os.environ.get("PYTHONPATH")])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10,
                        help="the synthetic book this many times the size (0: none)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of no-op and each edit")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="editions-bench-"))
    cache = tmp / "machine-cache"
    freeze_package(tmp / "package")
    started = time.time()
    try:
        main = main_run(args, tmp, cache)
        scale = scale_run(args, tmp, cache) if args.scale > 1 else None
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    results["machine"] = {"cpus": os.cpu_count(), "platform": platform.platform(),
                          "python": platform.python_version(),
                          "started": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                   time.gmtime(started)),
                          "load_average_before": main.pop("load_average_before"),
                          "load_average_after": os.getloadavg()}
    results["main"] = main
    if scale:
        results["scale"] = scale
    else:
        results.pop("scale", None)
    results["baseline_issue_19"] = BASELINE
    results["targets_met"] = targets_of(main, scale)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    write_chart(results, CHART)
    print(table(results))
    print(f"wrote {RESULTS} and {CHART}")


if __name__ == "__main__":
    main()
