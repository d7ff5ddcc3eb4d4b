"""Search folding: what a word and a query both undergo before they are compared.

One :class:`Folding` per language or script, applied to the index in Python and
to the query in the browser (``js_splitter``), both made from one table.
:func:`folding_for` finds a language's own, else its script's, else plain
lower-casing:

- Persian: Arabic ي ى ك ة and the hamza forms أ إ آ ٱ ؤ ئ are the letters a
  Persian keyboard types (ی ک ه ا و); ZWNJ, tatweel and diacritics go, so
  ``می‌شود``, ``میشود`` and ``مى‌شود`` are one word; Persian and Arabic-Indic
  digits are the digits 0–9 (``۲۰۲۰`` is ``2020``).
- Arabic script: the hamza forms of alef are alef, ى is ي and ة is ه (as Arabic
  search engines fold them); tatweel, joiners and diacritics go; digits as above.
- Azerbaijani: ``İ`` and ``I`` are folded before lower-casing (``str.lower`` and
  JavaScript's ``toLowerCase`` would give ``i̇`` and ``i``), and the letters a
  reader without an Azerbaijani keyboard types otherwise are the same letters.
- Turkish (and the other Turkic Latin alphabets): ``İ`` lowers to ``i``, ``I`` to ``ı``.
- Greek and Hebrew: accents, breathings, points and cantillation go; ς is σ.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field


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
        """``splitQuery`` for ``language_data.js``: the same folding, then Sphinx's split;
        and ``editionsFold``, one character folded (what editions-search.js maps with)."""
        table = json.dumps(self.replace, ensure_ascii=True)
        drop = json.dumps(self.drop, ensure_ascii=True)
        return f"""\
/* editions: the query is folded as the index was (editions.text.folding.Folding). */
var editionsFold = (() => {{
  const replace = {table};
  const drop = new Set({drop});
  return (c) => (drop.has(c) ? "" : (replace[c] ?? c).toLowerCase());
}})();
var splitQuery = (query) =>
  Array.from(query, editionsFold).join("")
    .split(/[^\\p{{Letter}}\\p{{Number}}_\\p{{Emoji_Presentation}}]+/gu)
    .filter((term) => term);
"""


#: Unicode's Arabic diacritics (harakat, small high signs, superscript alef).
ARABIC_MARKS = "".join(chr(c) for c in [*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD),
                                         *range(0x06DF, 0x06E5), 0x06E7, 0x06E8,
                                         *range(0x06EA, 0x06EE)])
#: ZWNJ, ZWJ, the direction marks and tatweel: no letter, whether typed or not.
_JOINERS = "\u200c\u200d\u200e\u200f\u0640"

#: Persian (extended Arabic-Indic) and Arabic-Indic digits: the digits 0–9.
DIGITS = {chr(base + d): str(d) for base in (0x06F0, 0x0660) for d in range(10)}

_ALEF_FORMS = {
    "\u0623": "\u0627",  # أ alef with hamza above: ا
    "\u0625": "\u0627",  # إ alef with hamza below: ا
    "\u0622": "\u0627",  # آ alef with madda: ا
    "\u0671": "\u0627",  # ٱ alef wasla: ا
}

PERSIAN = Folding(
    replace={
        "\u064a": "\u06cc",  # ي Arabic yeh: ی
        "\u0649": "\u06cc",  # ى alef maksura: ی
        "\u0626": "\u06cc",  # ئ yeh with hamza: ی
        "\u0643": "\u06a9",  # ك Arabic kaf: ک
        "\u0629": "\u0647",  # ة teh marbuta: ه
        "\u06c0": "\u0647",  # ۀ heh with yeh: ه
        **_ALEF_FORMS,
        "\u0624": "\u0648",  # ؤ waw with hamza: و
        **DIGITS,
    },
    drop=_JOINERS + ARABIC_MARKS,
)

ARABIC = Folding(
    replace={
        **_ALEF_FORMS,
        "\u0649": "\u064a",  # ى alef maksura: ي
        "\u0629": "\u0647",  # ة teh marbuta: ه
        **DIGITS,
    },
    drop=_JOINERS + ARABIC_MARKS,
)

#: Azerbaijani's own Latin letters, as typed on a keyboard without them.  The
#: capitals are folded first, so that ``İ`` and ``I`` never pass through lower().
AZERBAIJANI_LETTERS = {"İ": "i", "I": "i", "ı": "i", "Ə": "e", "ə": "e", "Ö": "o", "ö": "o",
                       "Ü": "u", "ü": "u", "Ğ": "g", "ğ": "g", "Ş": "s", "ş": "s",
                       "Ç": "c", "ç": "c"}
AZERBAIJANI = Folding(replace=AZERBAIJANI_LETTERS)

#: Turkish and the Turkic Latin alphabets: the dotted and the dotless i stay apart.
TURKISH = Folding(replace={"İ": "i", "I": "ı"})


def _without_marks(first: int, last: int) -> dict[str, str]:
    """Each precomposed letter of a Unicode block as its base letter (ά: α)."""
    table = {}
    for code in range(first, last + 1):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[:1]
        if base != char and base.isalpha():
            table[char] = base
    return table


GREEK = Folding(replace={**_without_marks(0x0370, 0x03FF), **_without_marks(0x1F00, 0x1FFF),
                         "ς": "σ"},
                drop="".join(chr(c) for c in range(0x0300, 0x0370)))

#: Hebrew's points and cantillation marks (the letters are 05D0–05EA).
HEBREW = Folding(drop="".join(chr(c) for c in [*range(0x0591, 0x05BE), 0x05BF, 0x05C1, 0x05C2,
                                                 0x05C4, 0x05C5, 0x05C7]))

PLAIN = Folding()

LANGUAGE_FOLDINGS = {"fa": PERSIAN, "az": AZERBAIJANI, "tr": TURKISH, "crh": TURKISH,
                     "gag": TURKISH, "tt": TURKISH}
SCRIPT_FOLDINGS = {"Arab": ARABIC, "Grek": GREEK, "Hebr": HEBREW}


def folding_for(language_code: str, script: str) -> Folding:
    """The folding of a language (``fa``, ``az_AZ``), else of its script, else lower-casing."""
    language = re.split(r"[-_]", language_code, maxsplit=1)[0].lower()
    return LANGUAGE_FOLDINGS.get(language) or SCRIPT_FOLDINGS.get(script) or PLAIN
