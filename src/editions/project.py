"""A publication on disk: ``conf.py``, ``source/``, ``locale/`` and its build folders.

The ``editions`` command reads conf.py here, without starting Sphinx, into the
same typed model the extension reads (:class:`editions.config.EditionsConfig`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from editions.config import EditionsConfig, EditionsConfigError
from editions.languages import Language
from editions.layout import SiteLayout


class ProjectError(Exception):
    """A problem with the publication itself; the message says what to do."""


@dataclass(frozen=True)
class Project:
    root: Path
    conf: dict[str, Any] = field(hash=False, compare=False)
    #: Where the site goes instead of ``_build/site`` (a shard, or an assembled site).
    site: Path | None = None

    @classmethod
    def load(cls, root: Path | str = ".") -> Project:
        root = Path(root).resolve()
        conf_py = root / "conf.py"
        if not conf_py.is_file():
            raise ProjectError(f"no conf.py in {root}: run editions from the publication's "
                               "folder or pass --project DIR")
        try:
            conf = eval_config_file(conf_py, Tags())
        except Exception as exc:  # the user's own Python: report it, whatever it is
            raise ProjectError(f"{conf_py}: {exc}: fix conf.py") from None
        return cls(root, conf)

    @cached_property
    def settings(self) -> EditionsConfig:
        try:
            return EditionsConfig.from_conf(self.conf)
        except EditionsConfigError as exc:
            raise ProjectError(f"{self.root / 'conf.py'}: {exc}") from None

    @property
    def srcdir(self) -> Path:
        return self.root / "source"

    @property
    def locale_dir(self) -> Path:
        return self.root / self.settings.locale_dir

    @property
    def build_dir(self) -> Path:
        return self.root / "_build"

    def work_dir(self, code: str) -> Path:
        """An edition's own build folder: doctrees, Sphinx's outputs, stamps."""
        return self.build_dir / "work" / code

    @property
    def site_dir(self) -> Path:
        return self.site or self.build_dir / "site"

    @property
    def layout(self) -> SiteLayout:
        return SiteLayout(self.settings.basename)

    def with_site(self, site: Path | str | None) -> Project:
        """The same publication, publishing into ``site`` (``None``: the default)."""
        return dataclasses.replace(self, site=Path(site).resolve() if site else None)

    @property
    def source_language(self) -> str:
        return self.settings.source_language

    @property
    def language_codes(self) -> list[str]:
        return list(self.settings.languages)

    @property
    def languages(self) -> list[Language]:
        return [self.settings.language(code) for code in self.language_codes]

    @property
    def translated_languages(self) -> list[Language]:
        return [lang for lang in self.languages if lang.code != self.source_language]

    def title(self, code: str) -> str:
        return self.settings.localized("titles", code, str(self.conf.get("project", "Untitled")))

    def author(self, code: str) -> str:
        return self.settings.localized("authors", code, str(self.conf.get("author", "")))

    @property
    def basename(self) -> str:
        return self.settings.basename

    def catalog_dir(self, code: str) -> Path:
        return self.locale_dir / code / "LC_MESSAGES"

    def validate(self) -> None:
        """Problems that no edition can build past, said before anything is built."""
        _ = self.settings  # a wrong conf value: one line, naming it
        if not self.srcdir.is_dir() or not any(self.srcdir.rglob("*.md")):
            raise ProjectError(f"{self.srcdir} holds no MyST documents (*.md): add index.md "
                               "and the chapters it lists")
        if not (self.srcdir / "index.md").exists():
            raise ProjectError(f"{self.srcdir / 'index.md'} is missing: the root document "
                               "with the title and the toctree of chapters")

    def unconfigured_catalogs(self) -> list[str]:
        """Catalog folders of languages that conf.py does not build."""
        if not self.locale_dir.is_dir():
            return []
        return [f"{path.relative_to(self.root)}: catalogs for {path.name!r}, which is not in "
                f"editions_languages: add it to conf.py to build that edition, or remove the "
                f"folder" for path in sorted(self.locale_dir.iterdir())
                if path.is_dir() and path.name not in self.language_codes
                and any(path.rglob("*.po"))]

    def documents(self) -> list[str]:
        """The source documents, as Sphinx names them (``background``, ``index``)."""
        return sorted(p.relative_to(self.srcdir).with_suffix("").as_posix()
                      for p in self.srcdir.rglob("*.md") if not p.name.startswith("_"))
