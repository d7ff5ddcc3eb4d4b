"""The site around the editions: the landing page that links every edition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from babel.messages.pofile import read_po
from jinja2 import Environment, FileSystemLoader, select_autoescape

from editions.languages import get_language
from editions.project import Project
from editions.settings import PACKAGE_DIR


def interface_translator(code: str) -> Callable[[str], str]:
    """The package's own interface strings for a language (Sphinx ships no Azerbaijani)."""
    path = PACKAGE_DIR / "locale" / code / "LC_MESSAGES" / "sphinx.po"
    if not path.exists():
        return lambda text: text
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=code)

    def translate(text: str) -> str:
        message = catalog.get(text)
        return str(message.string) if message is not None and message.string else text

    return translate


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size = size / 1024  # type: ignore[assignment]
    return f"{size} B"


def render_landing_page(project: Project, manifest: dict[str, Any]) -> str:
    loader = FileSystemLoader([str(project.root / "_templates"), str(PACKAGE_DIR / "templates")])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True))
    template = env.get_template("landing.html")
    cards = []
    for entry in manifest.get("editions", []):
        lang = get_language(entry["language"])
        _ = interface_translator(lang.code)
        downloads = []
        for fmt in ("pdf", "epub"):
            if entry.get(fmt):
                size = (project.site_dir / entry[fmt]).stat().st_size
                downloads.append({"href": entry[fmt], "label": fmt.upper(),
                                  "size": lang_number(lang.code, human_size(size))})
        cards.append({"lang": lang, "entry": entry, "_": _, "downloads": downloads})
    source = get_language(project.source_language)
    return template.render(cards=cards, source=source,
                           title=project.title(project.source_language))


def lang_number(code: str, text: str) -> str:
    from editions.languages import localize_digits

    return localize_digits(text, get_language(code).digits)


