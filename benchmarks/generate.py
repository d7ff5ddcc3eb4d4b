"""A synthetic publication N times the size of the real one, with its catalogs.

Every chapter is replicated N-1 times as ``<chapter>-<k>.md`` with the same mix
of scripts, photos and notes (footnote labels are per document, so the copies
keep theirs), and every language's catalog of that chapter is copied beside it
as ``<chapter>-<k>.po``: each copy is translated as fully as the original.

    python benchmarks/generate.py 20 /tmp/pub20      # about 1,700 notes
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PARTS = ("conf.py", "source", "locale", "_templates")


def copy_publication(dest: Path, repo: Path = REPO) -> Path:
    """The publication's inputs only: never its _build."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PARTS:
        src = repo / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("*.mo"))
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def commit(root: Path) -> None:
    """Make ``root`` a git repository with one commit, as a publisher's project is: its
    last commit dates the books, so a later uncommitted edit leaves the date alone
    (outside git every build would be dated by the clock)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@localhost",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@localhost",
           "GIT_AUTHOR_DATE": "2026-12-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-12-01T00:00:00Z"}
    for command in (["git", "init", "-q"], ["git", "add", "-A", *PARTS],
                    ["git", "commit", "-q", "-m", "The publication"]):
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)


def chapters(root: Path) -> list[str]:
    """The chapters named in the root document's toctree, in order."""
    index = (root / "source" / "index.md").read_text(encoding="utf-8")
    block = re.search(r"```\{toctree\}\n(.*?)```", index, re.S)
    if block is None:
        raise SystemExit("source/index.md has no toctree")
    return [line.strip() for line in block.group(1).splitlines()
            if line.strip() and not line.strip().startswith(":")]


def generate(scale: int, dest: Path) -> dict[str, int]:
    """Write the publication at ``scale`` into ``dest``; return its size."""
    root = copy_publication(dest)
    names = chapters(root)
    copies = [f"{name}-{k}" for k in range(2, scale + 1) for name in names]
    for k in range(2, scale + 1):
        for name in names:
            replicate(root, name, f"{name}-{k}")
    index = root / "source" / "index.md"
    text = index.read_text(encoding="utf-8")
    listed = "\n".join(names)
    index.write_text(text.replace(listed, "\n".join([*names, *copies])), encoding="utf-8")
    notes = sum(len(re.findall(r"^\[\^[^\]]+\]:", p.read_text(encoding="utf-8"), re.M))
                for p in (root / "source").glob("*.md"))
    return {"scale": scale, "documents": len(names) * scale + 1, "notes": notes}


def replicate(root: Path, name: str, copy: str) -> None:
    source = root / "source"
    shutil.copy2(source / f"{name}.md", source / f"{copy}.md")
    for catalog in sorted(root.glob(f"locale/*/LC_MESSAGES/{name}.po")):
        text = catalog.read_text(encoding="utf-8")
        text = text.replace(f"source/{name}.md:", f"source/{copy}.md:")
        catalog.with_name(f"{copy}.po").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scale", type=int, help="how many times the real publication")
    parser.add_argument("dest", type=Path, help="an empty folder to write it into")
    args = parser.parse_args()
    print(generate(args.scale, args.dest))


if __name__ == "__main__":
    main()
