"""The ``editions`` command: a thin layer over operations that return data."""

from __future__ import annotations

import argparse
import atexit
import json
import os
import signal
import sys
import threading
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editions.pipeline.manifest import BuildReport
    from editions.project import Project


#: How much lower the rest of a build runs than a LuaLaTeX pass begun early (nice).
EARLY_PASS_PRIORITY = 10
#: Whether this process is the ``editions`` command itself (see :func:`run`).
_console = False


def _split(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def _emit(data: Any, as_json: bool, table: str) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(table)


def cmd_build(args: argparse.Namespace, project: Project) -> int:
    from editions.pipeline.workers import start_early

    # Before the pipeline's imports: the workers' server imports Sphinx meanwhile.
    start_early(project, _split(args.language), _split(args.format))
    from editions.pipeline.build import build
    from editions.pipeline.parallel_epub import parse_pairs

    pairs = parse_pairs(args.parallel) if args.parallel else None
    report = build(project, _split(args.language), _split(args.format), args.jobs, args.out,
                   parallel_epubs=pairs)
    return _report(report, args.json)


def cmd_assemble(args: argparse.Namespace, project: Project) -> int:
    from editions.pipeline.build import assemble

    return _report(assemble(project, args.shards, args.out), args.json)


def _report(report: BuildReport, as_json: bool) -> int:
    rows = [f"{r.language:4} {r.format:5} {r.status!s:7} "
            + ("  unchanged" if r.unchanged else f"{r.seconds:9.1f}s")
            + f"  {len(r.problems)} problem(s)" for r in report.results]
    details = [f"  {r.language}/{r.format}: {p}" for r in report.results for p in r.problems]
    notices = [f"notice: {n}" for n in report.notices]
    table = "\n".join(["edition format status       time  problems", *rows, *details,
                       *notices, f"site: {report.site_dir}"])
    _emit(report.as_dict(), as_json, table)
    return 0 if report.ok else 1


def cmd_update(args: argparse.Namespace, project: Project) -> int:
    from editions.catalogs.update import update_catalogs

    results = update_catalogs(project, _split(args.language), args.rewrite)
    rows = [f"{r.language:4} {r.domain:28} {'written' if r.written else 'unchanged':9} "
            f"new {r.added:3}  fuzzy {r.fuzzy:3}  obsolete {r.obsolete:3}" for r in results]
    _emit([asdict(r) for r in results], args.json, "\n".join(rows))
    return 0


def cmd_stats(args: argparse.Namespace, project: Project) -> int:
    from editions.catalogs.stats import catalog_stats, language_totals

    wanted = _split(args.language)
    stats = [catalog_stats(path, lang.code)
             for lang in project.translated_languages if not wanted or lang.code in wanted
             for path in sorted(project.catalog_dir(lang.code).glob("*.po"))]
    header = (f"{'lang':4} {'chapter':24} {'translated':>10} {'fuzzy':>6} {'untransl.':>9} "
              f"{'words':>11} {'%words':>7} {'unsafe':>6} {'%shown':>7}")
    totals = language_totals(stats)
    rows = [f"{s.language:4} {s.domain:24} {s.translated:10} {s.fuzzy:6} {s.untranslated:9} "
            f"{s.words_translated:5}/{s.words_total:<5} {s.percent:6.1f}% {s.fallen_back:6} "
            f"{100 * s.share:6.1f}%" + ("  source changed" if s.source_changed else "")
            for s in [*stats, *totals]]
    data = {"chapters": [s.as_dict() for s in stats],
            "languages": [s.as_dict() for s in totals]}
    _emit(data, args.json, "\n".join([header, *rows]))
    return 0


def cmd_check(args: argparse.Namespace, project: Project) -> int:
    from editions.catalogs.checks import run_checks

    report = run_checks(project, _split(args.language))
    lines = [f"{p.format()}\n    → {p.hint}" for p in report.problems]
    lines.append(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    _emit(report.as_dict(), args.json, "\n".join(lines))
    return 1 if report.errors else 0


def cmd_fmt(args: argparse.Namespace, project: Project) -> int:
    from editions.catalogs.fmt import format_catalogs

    results = format_catalogs(project, _split(args.language))
    rows = [f"{r.path}: {r.error or ('rewritten' if r.written else 'unchanged')}"
            for r in results]
    _emit([asdict(r) for r in results], args.json, "\n".join(rows))
    return 1 if any(r.error for r in results) else 0


def cmd_new(args: argparse.Namespace) -> int:
    from editions.pipeline.new import new_publication

    made = new_publication(args.directory, _split(args.languages) or [], args.source_language,
                           args.title, args.author)
    print(f"editions: wrote {', '.join(made.written)} and "
          f"{len({c.path for c in made.catalogs})} catalog(s) into {made.root}",
          file=sys.stderr)
    return _report(made.report, args.json)


def cmd_serve(args: argparse.Namespace, project: Project) -> int:
    from editions.pipeline.serve import serve

    serve(project, args.language, args.port)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="editions", description=__doc__)
    top.add_argument("--project", default=".", help="the publication's folder (with conf.py)")
    top.add_argument("--debug", action="store_true", help="show Python tracebacks")
    sub = top.add_subparsers(dest="command", required=True)
    commands = {
        "build": (cmd_build, "build editions into _build/site/"),
        "update": (cmd_update, "extract messages and merge them into every catalog"),
        "stats": (cmd_stats, "translation progress per language and chapter"),
        "check": (cmd_check, "check catalogs before they ship"),
        "fmt": (cmd_fmt, "rewrite every catalog in GNU msgcat's form"),
        "serve": (cmd_serve, "preview an edition, rebuilt on every change"),
        "assemble": (cmd_assemble, "merge shards built with 'build --out' into one site"),
    }
    new = sub.add_parser("new", help="start a publication in DIR and build it")
    new.set_defaults(func=None, make=cmd_new)
    new.add_argument("directory", type=Path, help="a new (or empty) folder")
    new.add_argument("--languages", "-l", required=True,
                     help="comma-separated language codes, the source's first: en,fa,tr")
    new.add_argument("--source-language", default=None,
                     help="the source text's language (default: the first of --languages)")
    new.add_argument("--title", default=None, help="the title (default: from DIR's name)")
    new.add_argument("--author", default=None, help="the author's name")
    new.add_argument("--json", action="store_true", help="machine-readable build report")
    for name, (func, help_text) in commands.items():
        cmd = sub.add_parser(name, help=help_text)
        cmd.set_defaults(func=func)
        if name != "assemble":
            cmd.add_argument("--language", "-l", help="comma-separated language codes")
        cmd.add_argument("--json", action="store_true", help="machine-readable output")
        if name == "build":
            cmd.add_argument("--format", "-f", help="comma-separated: html,pdf,epub")
            cmd.add_argument("--parallel", metavar="A,B",
                             help="with the EPUBs, a bilingual one: edition A's book with "
                                  "B's passages after its own (several: fa,az;az,fa)")
            cmd.add_argument("--jobs", "-j", type=int, default=None,
                             help="worker processes (default: one per core)")
            cmd.add_argument("--out", type=Path, default=None,
                             help="build a shard into this folder: its site tree and a "
                                  "partial editions.json, for 'editions assemble'")
        if name == "assemble":
            cmd.add_argument("shards", nargs="+", type=Path, help="folders from 'build --out'")
            cmd.add_argument("--out", type=Path, default=None,
                             help="the site to write (default: _build/site)")
        if name == "update":
            cmd.add_argument("--rewrite", action="store_true",
                             help="write every catalog anew, even one whose messages did not "
                                  "change (once, to drop the line numbers of older references)")
        if name == "serve":
            cmd.add_argument("--port", type=int, default=8000)
    return top


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if threading.current_thread() is threading.main_thread():
        # SIGTERM stops a build the way Ctrl-C does: the site stays as it was.
        signal.signal(signal.SIGTERM, _interrupt)
    if args.debug:
        os.environ["EDITIONS_DEBUG"] = "1"
    if args.func is cmd_build:
        from editions.pipeline.head_start import begin_early_passes

        # Before conf.py is read and Sphinx imported: an edit's LuaLaTeX pass starts now.
        begun = begin_early_passes(Path(args.project).resolve(), _split(args.language),
                                   _split(args.format))
        if begun and _console:
            # That pass is the build's critical path: the rest (this process, the Sphinx
            # workers, which inherit it) yields its core to it, and works on the other.
            # Only as the command: a program that calls main() keeps its priority.
            os.nice(EARLY_PASS_PRIORITY)
    from sphinx.errors import ConfigError

    from editions.project import Project, ProjectError

    try:
        if args.func is None:  # editions new: there is no publication yet
            made: int = args.make(args)
            return made
        project = Project.load(Path(args.project))
        code: int = args.func(args, project)
        return code
    except (ProjectError, ValueError, OSError, ConfigError) as exc:
        if args.debug:
            raise
        print(f"editions: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug, not a user error: still no traceback by default
        if args.debug:
            raise
        print(f"editions: internal error: {type(exc).__name__}: {exc}; run again with --debug "
              "for the traceback and report it", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("editions: interrupted; the published site is unchanged", file=sys.stderr)
        return 130


def run() -> None:
    """The console script: :func:`main`, then out at once. The exit handlers run (the
    multiprocessing ones, the early passes' stop); the interpreter's teardown of every
    module Sphinx loaded, 60 ms after a build, is skipped: nothing is left to write."""
    global _console
    _console = True
    code = main()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
