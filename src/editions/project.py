"""A publication on disk: ``conf.py``, ``source/``, ``locale/`` and its build folders."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from editions.languages import Language, get_language


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

    @property
    def srcdir(self) -> Path:
        return self.root / "source"

    @property
    def locale_dir(self) -> Path:
        return self.root / str(self.conf.get("editions_locale_dir", "locale"))

    @property
    def build_dir(self) -> Path:
        return self.root / "_build"

    @property
    def site_dir(self) -> Path:
        return self.site or self.build_dir / "site"

    def with_site(self, site: Path | str | None) -> Project:
        """The same publication, publishing into ``site`` (``None``: the default)."""
        return dataclasses.replace(self, site=Path(site).resolve() if site else None)

    @property
    def source_language(self) -> str:
        return str(self.conf.get("editions_source_language", "en"))

    @property
    def language_codes(self) -> list[str]:
        codes = self.conf.get("editions_languages", [self.source_language])
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ProjectError(f"editions_languages in {self.root / 'conf.py'} must be a list "
                               f"of language codes such as ['az', 'en'], not {codes!r}")
        return codes

    @property
    def languages(self) -> list[Language]:
        return [get_language(code) for code in self.language_codes]

    @property
    def translated_languages(self) -> list[Language]:
        return [lang for lang in self.languages if lang.code != self.source_language]

    def title(self, code: str) -> str:
        titles = self.conf.get("editions_titles", {})
        return str(titles.get(code) or self.conf.get("project", "Untitled"))

    def author(self, code: str) -> str:
        authors = self.conf.get("editions_authors", {})
        return str(authors.get(code) or self.conf.get("author", ""))

    @property
    def basename(self) -> str:
        return str(self.conf.get("editions_basename", "publication"))

    def catalog_dir(self, code: str) -> Path:
        return self.locale_dir / code / "LC_MESSAGES"

    def validate(self) -> None:
        """Problems that no edition can build past, said before anything is built."""
        codes = self.language_codes
        for name in ("editions_titles", "editions_authors"):
            value = self.conf.get(name, {})
            if not isinstance(value, dict):
                raise ProjectError(f"{name} in {self.root / 'conf.py'} must map language codes "
                                   f"to text, such as {{'fa': '…'}}, not {value!r}")
        for code in codes:
            try:
                get_language(code)
            except ValueError as exc:
                raise ProjectError(f"editions_languages in {self.root / 'conf.py'}: {exc}"
                                   ) from None
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
