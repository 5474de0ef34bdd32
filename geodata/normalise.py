"""Name normalisation for matching published area names to units.

``normalise(name)`` returns ``Key(core, kind)``:

* ``kind`` is what the name's own marker words say the unit is: ``region`` (область, обл.,
  облысы, облусу, oblast, region, province), ``city`` (г., город, қаласы, шаары, city,
  "(қала)"), ``district`` (район, р-н, ауданы, району, rayon, district), ``country``
  (республика, republic, total), or None when the name carries no marker;
* ``core`` is the rest, folded so that case, spacing, punctuation, ё/е, Latin/Cyrillic
  look-alike letters, diacritics, Kazakh/Kyrgyz letters (қ→к, ү→у, ө→о, ң→н, і→и ...) and the
  usual transliteration variants (zh/dzh/j, y/i, q/k, doubled letters) do not matter.
  Footnote numbers after a name ("Туркестанская 1") are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

# Latin and Cyrillic letters that look alike (applied before case folding, so upper case
# pairs like B/В and H/Н count as well).
_LAT_TO_CYR = str.maketrans("AaBCcEeHKMOoPpTXxYyi", "АаВСсЕеНКМОоРрТХхУуі")
_CYR_TO_LAT = str.maketrans("АаВСсЕеНКМОоРрТХхУуіІ", "AaBCcEeHKMOoPpTXxYyiI")

_CYR_FOLD = str.maketrans(
    {"ё": "е", "й": "и", "ы": "и", "і": "и", "ї": "и", "э": "е", "ә": "а", "ғ": "г",
     "қ": "к", "ң": "н", "ӊ": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "ъ": "", "ь": ""}
)  # fmt: skip
_LAT_SEQ = (
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("gh", "g"),
    ("kh", "h"),
    ("q", "k"),
    ("y", "i"),
    ("w", "v"),
)
_CYR_SEQ = (("дж", "ж"),)

_MARKER_WORDS = {
    "region": "область обл облысы облысының облусу областы oblast oblasty oblusu oblysy oblys "
    "region reg province viloyati",
    "city": "г гор город каласы кала шаары шаар ш city shahar shaary qalasy",
    "district": "район р-н рн ауданы аудан району raion rayon district audany",
    "country": "республика республикасы republic total всего national country",
}
_MARKERS = {word: kind for kind, words in _MARKER_WORDS.items() for word in words.split()}
# Multi-word markers removed before tokenising (word sequences, after folding).
_PHRASES = (
    ("республиканского значения", "city"),
    ("областного значения", "city"),
    ("of republican significance", "city"),
    ("of regional significance", "city"),
    ("city of", "city"),
    ("қ ә", "city"),  # Kazakh "Қ.Ә." (қалалық әкімдігі: city administration), BNS tables
)
_PUNCT = re.compile(r"[\s\-‐‑‒–—―_.,;:!?'’‘`´\"«»“”„()\[\]{}/\\]+")


class Key(NamedTuple):
    """A normalised name: the folded core and the kind its marker words state (or None)."""

    core: str
    kind: str | None


def _fix_script(word: str) -> str:
    """Map look-alike letters of the minority script in a word to its majority script."""
    cyr = sum("\u0400" <= ch <= "\u04ff" for ch in word)
    lat = sum("a" <= ch.lower() <= "z" for ch in word)
    if cyr and lat:
        return word.translate(_LAT_TO_CYR) if cyr >= lat else word.translate(_CYR_TO_LAT)
    return word


def _fold_word(word: str) -> str:
    """Fold one lower-case word: letters, transliteration variants, doubled letters."""
    if any("\u0400" <= ch <= "\u04ff" for ch in word):
        word = word.translate(_CYR_FOLD)
        for a, b in _CYR_SEQ:
            word = word.replace(a, b)
    else:
        word = "".join(
            ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
        ).replace("ı", "i")
        for a, b in _LAT_SEQ:
            word = word.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", word)


def tokens(name: str) -> list[str]:
    """Lower-case words of a name, script look-alikes fixed, punctuation removed."""
    text = unicodedata.normalize("NFKC", str(name)).replace("р-н", " рн ")
    words = [_fix_script(w) for w in re.split(r"\s+", text.strip()) if w]
    return [t for t in _PUNCT.split(" ".join(words).casefold()) if t]


@lru_cache(maxsize=1)
def _folded_markers() -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
    markers = {_fold_word(word): kind for word, kind in _MARKERS.items()}
    phrases = tuple((" ".join(_fold_word(w) for w in p.split()), k) for p, k in _PHRASES)
    return markers, phrases


@lru_cache(maxsize=65536)
def normalise(name: str) -> Key:
    """The matching key of a published name (see the module docstring)."""
    markers, phrases = _folded_markers()
    text = " ".join(_fold_word(w) for w in tokens(name))
    kind = None
    for phrase, phrase_kind in phrases:
        if f" {phrase} " in f" {text} ":
            text = f" {text} ".replace(f" {phrase} ", " ").strip()
            kind = kind or phrase_kind
    core = []
    for word in text.split():
        marker = markers.get(word)
        if marker is not None:
            kind = kind or marker
            continue
        core.append(word)
    while len(core) > 1 and core[-1].isdigit() and len(core[-1]) <= 2:
        core.pop()  # footnote number
    return Key("".join(core), kind)


def display_fold(name: str) -> str:
    """A folded form for fuzzy comparison (difflib), keeping marker words out."""
    return normalise(name).core
