"""results.svg: the benchmark's times as bars, one panel per book size, for a browser."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

WIDTH, LABEL, BAR, GAP = 760, 250, 22, 8
COLOURS = {"naive": "#9e9e9e", "editions": "#1565c0", "goal": "#c62828"}

MAIN_ROWS = (("naive_sequential", "naive loop, one after another", "naive"),
             ("naive_two_at_a_time", "naive loop, two at a time", "naive"),
             ("cold", "editions build, cold", "editions"),
             ("cold_first_on_machine", "cold, first build on the machine", "editions"),
             ("noop", "no-op", "editions"),
             ("edit_fa_html", "one fa msgstr → fa HTML", "editions"),
             ("edit_fa_pdf", "one fa msgstr → fa PDF", "editions"))
SCALE_ROWS = (("cold", "cold", "editions"), ("noop", "no-op", "editions"),
              ("edit_fa_html", "one fa msgstr → fa HTML", "editions"))


def panel(title: str, rows: list[tuple[str, float, str]], top: int,
          goal: float | None) -> tuple[list[str], int]:
    """One panel's SVG elements, and where the next one starts."""
    longest = max(seconds for _, seconds, _ in rows)
    scale = (WIDTH - LABEL - 90) / longest
    parts = [f'<text x="10" y="{top + 16}" class="title">{escape(title)}</text>']
    y = top + 28
    for label, seconds, kind in rows:
        width = max(1.0, seconds * scale)
        parts += [f'<text x="{LABEL - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>',
                  f'<rect x="{LABEL}" y="{y}" width="{width:.1f}" height="{BAR}" '
                  f'fill="{COLOURS[kind]}"><title>{seconds:.2f} s</title></rect>',
                  f'<text x="{LABEL + width + 6:.1f}" y="{y + 16}">{seconds:.2f} s</text>']
        y += BAR + GAP
    if goal is not None:
        x = LABEL + goal * scale
        parts += [f'<line x1="{x:.1f}" y1="{top + 24}" x2="{x:.1f}" y2="{y - GAP + 4}" '
                  f'stroke="{COLOURS["goal"]}" stroke-dasharray="4 3"/>',
                  f'<text x="{x + 4:.1f}" y="{y + 10}" fill="{COLOURS["goal"]}">goal: half the '
                  f'naive loop ({goal:.1f} s)</text>']
        y += 16
    return parts, y + 18


def write_chart(results: dict[str, Any], path: Path) -> None:
    main, scale = results["main"], results.get("scale")
    machine = results["machine"]
    rows = [(label, main[key]["seconds"], kind) for key, label, kind in MAIN_ROWS if key in main]
    parts, y = panel(f"The book ({len(main['languages'])} editions × HTML, PDF, EPUB), "
                     "wall seconds", rows, 34, main["naive_sequential"]["seconds"] / 2)
    if scale:
        more, y = panel(f"{scale['scale']}× the book ({scale['documents']} documents), "
                        "wall seconds",
                        [(label, scale[key]["seconds"], kind) for key, label, kind in SCALE_ROWS],
                        y, None)
        parts += more
    load = ", ".join(f"{x:.2f}" for x in machine["load_average_before"])
    heading = (f"editions benchmark, {machine['started']}, {machine['cpus']} CPUs, load "
               f"average before {load}")
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{y}" '
           f'viewBox="0 0 {WIDTH} {y}" font-family="sans-serif" font-size="13">',
           "<style>.title { font-weight: bold; }</style>",
           f'<rect width="{WIDTH}" height="{y}" fill="white"/>',
           f'<text x="10" y="20" class="title">{escape(heading)}</text>', *parts, "</svg>"]
    path.write_text("\n".join(svg) + "\n", encoding="utf-8")
