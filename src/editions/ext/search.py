"""Search in each edition's own language.

Sphinx's search index holds each word as ``SearchLanguage.split`` and ``stem``
make it, and ``searchtools.js`` looks a query up after its own ``splitQuery``,
``toLowerCase()`` and the JavaScript ``Stemmer``.  Russian has Sphinx's
Snowball stemmer on both sides.  Persian and Azerbaijani have no Sphinx
language, so each gets one here with a :class:`~editions.text.folding.Folding`,
applied to the index in Python and to the query in ``language_data.js`` (as
``splitQuery``, before anything else touches the query), both made from one
table (:mod:`editions.text.folding`):

- Persian: Arabic ي ى ك ة and the hamza forms أ إ آ ٱ ؤ ئ are the letters a
  Persian keyboard types (ی ک ه ا و); ZWNJ, tatweel and diacritics go, so
  ``می‌شود``, ``میشود`` and ``مى‌شود`` are one word.
- Persian digits (and Arabic-Indic ones) are the digits 0–9: ``۲۰۲۰`` is ``2020``.
- Azerbaijani: ``İ`` lowers to ``i`` and ``I`` to ``ı``; ``str.lower`` and
  JavaScript's ``toLowerCase`` would give ``i̇`` and ``i``.  Then the letters that
  a reader without an Azerbaijani keyboard types otherwise are the same letters
  (ə e, ı i, ö o, ü u, ğ g, ş s, ç c), and :class:`SuffixStemmer` takes the case,
  possessive and plural endings off (``Təbrizdə``, ``Təbrizin`` are ``tebriz``).

The search page's own script (static/editions-search.js) reads the same index
and the same ``language_data.js``: its ``editionsFold`` is one character's folding,
so matches are found and marked at the right letters of the original text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sphinx.search import SearchLanguage

from editions.text.folding import AZERBAIJANI, PERSIAN, Folding


@dataclass(frozen=True)
class SuffixStemmer:
    """Endings taken off a folded word, the longest first, while a stem of at least
    ``min_stem`` letters is left: a light stemmer for an agglutinative language."""

    suffixes: tuple[str, ...]
    min_stem: int = 4
    rounds: int = 3

    def stem(self, word: str) -> str:
        for _ in range(self.rounds):
            for suffix in self.suffixes:
                if word.endswith(suffix) and len(word) - len(suffix) >= self.min_stem:
                    word = word[: -len(suffix)]
                    break
            else:
                break
        return word

    def js_stemmer(self) -> str:
        """The same stemmer as ``Stemmer`` for ``language_data.js``."""
        suffixes = json.dumps(list(self.suffixes), ensure_ascii=True)
        return f"""\
/* editions: endings taken off as the index took them (editions.search.SuffixStemmer). */
var Stemmer = function () {{
  const suffixes = {suffixes};
  this.stemWord = (word) => {{
    for (let round = 0; round < {self.rounds}; round += 1) {{
      const suffix = suffixes.find(
        (s) => word.endsWith(s) && word.length - s.length >= {self.min_stem});
      if (!suffix) break;
      word = word.slice(0, word.length - suffix.length);
    }}
    return word;
  }};
}};
"""


#: Azerbaijani's case, possessive and plural endings, folded (ə is e, ı is i, ü is u).
AZERBAIJANI_SUFFIXES = SuffixStemmer(tuple(sorted({
    "larinin", "lerinin", "larindan", "lerinden", "larinda", "lerinde", "larina", "lerine",
    "larin", "lerin", "lari", "leri", "lar", "ler",
    "daki", "deki", "taki", "teki", "dan", "den", "tan", "ten", "da", "de", "ta", "te",
    "nin", "nun", "in", "un", "ni", "nu", "ya", "ye", "na", "ne", "la", "le",
    "si", "su", "i", "u", "a", "e",
}, key=lambda s: (-len(s), s))))


class FoldingSearchLanguage(SearchLanguage):
    """A language whose words are compared once folded, then stemmed if it has one."""

    folding = Folding()
    stemmer: SuffixStemmer | None = None

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(self.folding.fold(input))

    def stem(self, word: str) -> str:
        folded = self.folding.fold(word)
        return self.stemmer.stem(folded) if self.stemmer else folded


class SearchPersian(FoldingSearchLanguage):
    lang = "fa"
    language_name = "Persian"
    folding = PERSIAN
    js_splitter_code = PERSIAN.js_splitter()


class SearchAzerbaijani(FoldingSearchLanguage):
    lang = "az"
    language_name = "Azerbaijani"
    folding = AZERBAIJANI
    stemmer = AZERBAIJANI_SUFFIXES
    js_splitter_code = AZERBAIJANI.js_splitter()
    js_stemmer_code = AZERBAIJANI_SUFFIXES.js_stemmer()

