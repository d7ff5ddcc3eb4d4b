"""What a build made: each format's result, the report, and the site's editions.json."""

from __future__ import annotations

import contextlib
import enum
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from editions.layout import FORMATS, MANIFEST
from editions.pipeline.publish import atomic_write
from editions.pipeline.status import manifest_entry, translation_status
from editions.project import Project


class Status(enum.StrEnum):
    OK = "ok"
    FAILED = "failed"
    #: Failed this time; the last good output is still published.
    STALE = "stale"
    MISSING = "missing"


def overall_status(statuses: list[Status]) -> Status:
    """An edition's status from its formats': the worst of them."""
    for worst in (Status.FAILED, Status.STALE):
        if worst in statuses:
            return worst
    return Status.OK if statuses else Status.MISSING


@dataclass
class FormatResult:
    language: str
    format: str
    status: Status
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    path: str = ""
    staged: str = ""  # the built output, waiting to be published
    unchanged: bool = False  # its inputs had not changed: published as it was, not built

    @property
    def ok(self) -> bool:
        return self.status == Status.OK


@dataclass
class BuildReport:
    results: list[FormatResult]
    site_dir: Path
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "site": str(self.site_dir), "notices": self.notices,
                "results": [{**asdict(r), "status": str(r.status)} for r in self.results]}




def mark_stale(project: Project, result: FormatResult) -> FormatResult:
    """A failed format whose last good output is still published is stale, not gone."""
    if result.ok:
        return result
    if existing_path(project, result.language, result.format):
        result.status = Status.STALE
    return result


def existing_path(project: Project, code: str, fmt: str) -> str:
    path = project.layout.path(code, fmt)
    return path if (project.site_dir / path).exists() else ""




def read_manifest(site_dir: Path) -> dict[str, Any]:
    path = site_dir / MANIFEST
    if path.exists():
        with contextlib.suppress(ValueError):
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    return {}


def write_manifest(project: Project, results: list[FormatResult],
                   only: list[str] | None = None) -> dict[str, Any]:
    """The site's editions.json; ``only`` some languages for a shard's partial one."""
    previous = {e["language"]: e for e in read_manifest(project.site_dir).get("editions", [])}
    editions = []
    translations = translation_status(project)
    for lang in project.languages:
        if only is not None and lang.code not in only:
            continue
        entry = previous.get(lang.code, {}).copy()
        formats = dict(entry.get("formats", {}))
        for result in results:
            if result.language == lang.code:
                formats[result.format] = {"status": str(result.status),
                                          "seconds": result.seconds,
                                          "problems": result.problems}
        entry.update({
            "language": lang.code,
            "name": lang.autonym,
            "direction": lang.direction,
            "title": project.title(lang.code),
            "author": project.author(lang.code),
            "formats": formats,
        })
        for fmt in FORMATS:
            path = existing_path(project, lang.code, fmt)
            if path:
                entry[fmt] = path
            else:
                entry.pop(fmt, None)
        statuses = [f["status"] for f in formats.values()]
        entry["status"] = str(overall_status([Status(s) for s in statuses]))
        entry["problems"] = [p for f in formats.values() for p in f["problems"]]
        entry["translation"] = manifest_entry(project, lang.code, translations)
        editions.append(entry)
    manifest = {
        "publication": {"title": project.title(project.source_language),
                        "author": project.author(project.source_language),
                        "source_language": project.source_language,
                        "identifier": project.settings.identifier},
        "editions": editions,
    }
    atomic_write(project.site_dir / MANIFEST,
                 json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return manifest
