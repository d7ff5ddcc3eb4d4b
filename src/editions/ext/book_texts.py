"""The few words a book's apparatus needs in each edition's language.

Headings of the notes, the translation credit, the accessibility summary: not
the publication's text (that is in the catalogs) but the edition's, written by
editions itself.  An edition in another language falls back on English.
"""

from __future__ import annotations

from editions.languages import localize_digits

NOTES = {"en": "Notes", "az": "Qeydlər", "fa": "یادداشت‌ها", "ru": "Примечания"}

#: "Translated from the English", by the edition's and the source's languages.
TRANSLATED_FROM = {
    ("az", "en"): "İngilis dilindən tərcümə",
    ("fa", "en"): "ترجمه از انگلیسی",
    ("ru", "en"): "Перевод с английского",
    ("en", "az"): "Translated from the Azerbaijani",
    ("en", "fa"): "Translated from the Persian",
    ("en", "ru"): "Translated from the Russian",
}
TRANSLATOR = {"en": "Translator: {name}", "az": "Tərcüməçi: {name}", "fa": "مترجم: {name}",
              "ru": "Переводчик: {name}"}
#: The package's schema:accessibilitySummary (EPUB Accessibility 1.1).
ACCESSIBILITY_SUMMARY = {
    "en": "A text-only publication, with headings, a table of contents and landmarks to "
          "move through it and notes linked from the text and back. Reading systems can "
          "enlarge and restyle the text. It meets EPUB Accessibility 1.1 at WCAG 2.2 "
          "Level AA.",
    "az": "Yalnız mətndən ibarət nəşr: başlıqlar, mündəricat və naviqasiya nişanları, "
          "mətndən qeydlərə və geriyə keçidlər var. Oxu proqramı mətni böyüdə və onun "
          "görünüşünü dəyişə bilər. Nəşr WCAG 2.2 AA səviyyəsində EPUB Accessibility 1.1 "
          "tələblərinə cavab verir.",
    "fa": "نشری تنها متنی، با سرفصل‌ها، فهرست مطالب و نشانه‌های ناوبری برای جابه‌جایی "
          "در آن، و یادداشت‌هایی که از متن به آن‌ها و از آن‌ها به متن پیوند دارند. "
          "برنامهٔ کتاب‌خوان می‌تواند متن را بزرگ کند و ظاهر آن را تغییر دهد. این نشر با "
          "EPUB Accessibility 1.1 در سطح AA از WCAG 2.2 مطابقت دارد.",
    "ru": "Издание содержит только текст: заголовки, оглавление и ориентиры для "
          "навигации, примечания со ссылками из текста и обратно. Программа чтения может "
          "увеличить текст и изменить его оформление. Издание соответствует EPUB "
          "Accessibility 1.1 на уровне WCAG 2.2 AA.",
}


def notes_heading(code: str) -> str:
    return NOTES.get(code, NOTES["en"])


def translated_from(code: str, source: str) -> str:
    """The credit line, or "" for a pair of languages not written here (then none)."""
    return TRANSLATED_FROM.get((code, source), "")


def translator_line(code: str, name: str) -> str:
    return TRANSLATOR.get(code, TRANSLATOR["en"]).format(name=name)


def accessibility_summary(code: str) -> str:
    return ACCESSIBILITY_SUMMARY.get(code, ACCESSIBILITY_SUMMARY["en"])


def translation_credit(code: str, source: str, translator: str) -> list[str]:
    """"Translated from the English" and the translator, in the edition's language."""
    if code == source:
        return []
    lines = [translated_from(code, source)]
    if translator:
        lines.append(translator_line(code, translator))
    return [line for line in lines if line]


def default_rights(copyright_line: str, author: str, year: int, digits: str) -> str:
    """``© 2024 <author>``: whose the text is, in the edition's script, claiming no more.
    The year is conf.py's copyright year when it starts with one, else ``year``."""
    first = copyright_line[:4]
    shown = first if first.isdigit() else str(year)
    return f"© {localize_digits(shown, digits)} {author}".strip()
