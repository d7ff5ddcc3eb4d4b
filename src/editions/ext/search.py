"""Search in each edition's own language.

Sphinx's search index holds each word as ``SearchLanguage.split`` and ``stem``
make it, and ``searchtools.js`` looks a query up after its own ``splitQuery``,
``toLowerCase()`` and the JavaScript ``Stemmer``.  Russian has Sphinx's
Snowball stemmer on both sides.  Persian and Azerbaijani have no Sphinx
language, so each gets one here with a :class:`Folding`, applied to the index
in Python and to the query in ``language_data.js`` (as ``splitQuery``, before
anything else touches the query), both made from one table:

- Persian: Arabic ي ى ك ة and the hamza forms أ إ آ ٱ ؤ ئ are the letters a
  Persian keyboard types (ی ک ه ا و); ZWNJ, tatweel and diacritics go, so
  ``می‌شود``, ``میشود`` and ``مى‌شود`` are one word.
- Azerbaijani: ``İ`` lowers to ``i`` and ``I`` to ``ı``; ``str.lower`` and
  JavaScript's ``toLowerCase`` would give ``i̇`` and ``i``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from sphinx.search import SearchLanguage


@dataclass(frozen=True)
class Folding:
    """What both the index and the query undergo before their words are compared."""

    #: Each character and what it becomes (before lower-casing).
    replace: dict[str, str] = field(default_factory=dict)
    #: Characters removed (joiners, diacritics): a word without them is the same word.
    drop: str = ""

    def fold(self, text: str) -> str:
        text = text.translate({ord(c): r for c, r in self.replace.items()})
        if self.drop:
            text = re.sub(f"[{re.escape(self.drop)}]", "", text)
        return text.lower()

    def js_splitter(self) -> str:
        """``splitQuery`` for ``language_data.js``: the same folding, then Sphinx's split."""
        table = json.dumps(self.replace, ensure_ascii=True)
        drop = json.dumps(self.drop, ensure_ascii=True)
        return f"""\
/* editions: the query is folded as the index was (editions.search.Folding). */
var splitQuery = (() => {{
  const replace = {table};
  const drop = new Set({drop});
  const fold = (text) =>
    Array.from(text, (c) => (drop.has(c) ? "" : (replace[c] ?? c))).join("").toLowerCase();
  return (query) =>
    fold(query)
      .split(/[^\\p{{Letter}}\\p{{Number}}_\\p{{Emoji_Presentation}}]+/gu)
      .filter((term) => term);
}})();
"""


#: Unicode's Arabic diacritics (harakat, small high signs, superscript alef).
ARABIC_MARKS = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD),
                                         *range(0x06DF, 0x06E5), 0x06E7, 0x06E8,
                                         *range(0x06EA, 0x06EE)])

PERSIAN = Folding(
    replace={
        "\u064a": "\u06cc",  # ي Arabic yeh: ی
        "\u0649": "\u06cc",  # ى alef maksura: ی
        "\u0626": "\u06cc",  # ئ yeh with hamza: ی
        "\u0643": "\u06a9",  # ك Arabic kaf: ک
        "\u0629": "\u0647",  # ة teh marbuta: ه
        "\u06c0": "\u0647",  # ۀ heh with yeh: ه
        "\u0623": "\u0627",  # أ alef with hamza above: ا
        "\u0625": "\u0627",  # إ alef with hamza below: ا
        "\u0622": "\u0627",  # آ alef with madda: ا
        "\u0671": "\u0627",  # ٱ alef wasla: ا
        "\u0624": "\u0648",  # ؤ waw with hamza: و
    },
    # ZWNJ, ZWJ, the direction marks, tatweel and the diacritics.
    drop="\u200c\u200d\u200e\u200f\u0640" + ARABIC_MARKS,
)

AZERBAIJANI = Folding(replace={"İ": "i", "I": "ı"})


class FoldingSearchLanguage(SearchLanguage):
    """A language whose words are compared once folded; no stemmer (Sphinx has none)."""

    folding = Folding()

    def split(self, input: str) -> list[str]:
        return self._word_re.findall(self.folding.fold(input))

    def stem(self, word: str) -> str:
        return self.folding.fold(word)


class SearchPersian(FoldingSearchLanguage):
    lang = "fa"
    language_name = "Persian"
    folding = PERSIAN
    js_splitter_code = PERSIAN.js_splitter()


class SearchAzerbaijani(FoldingSearchLanguage):
    lang = "az"
    language_name = "Azerbaijani"
    folding = AZERBAIJANI
    js_splitter_code = AZERBAIJANI.js_splitter()
