"""UI strings in English, Russian, Kazakh and Kyrgyz, looked up with :func:`t`.

Catalogues are JSON files in this folder, one per namespace (``common.json``, ``map.json``, ...),
each ``{key: {"en": ..., "ru": ..., "kk": ..., "ky": ...}}``. A key is addressed as
``"<namespace>.<key>"``, e.g. ``t("map.indicator", "ru")``. Text may hold ``str.format`` fields
(``{year}``); a value may instead be a plural table ``{"one": ..., "few": ..., "many": ...,
"other": ...}`` chosen by ``count``.

English and Russian are complete (tested). A missing Kazakh or Kyrgyz string falls back to Russian,
which readers in both countries share, then to English.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGUAGES: tuple[str, ...] = ("en", "ru", "kk", "ky")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "ru": "Русский",
    "kk": "Қазақша",
    "ky": "Кыргызча",
}
FALLBACKS: dict[str, tuple[str, ...]] = {
    "en": ("en",),
    "ru": ("ru", "en"),
    "kk": ("kk", "ru", "en"),
    "ky": ("ky", "ru", "en"),
}


def normalise_language(value: object) -> str:
    """A supported language code for ``value`` (e.g. from a URL); the default when unknown."""
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalogue(namespace: str) -> dict[str, dict]:
    """The parsed catalogue ``<namespace>.json`` (cached per process)."""
    path = resources.files(__package__).joinpath(f"{namespace}.json")
    return json.loads(path.read_text(encoding="utf-8"))


def namespaces() -> list[str]:
    """Names of all catalogue files in this folder."""
    files = resources.files(__package__).iterdir()
    return sorted(f.name[: -len(".json")] for f in files if f.name.endswith(".json"))


def plural_category(lang: str, count: int) -> str:
    """CLDR plural category for an integer ``count``: Russian one/few/many, others one/other.

    Kazakh and Kyrgyz nouns stay singular after numerals, so they use ``other`` only.
    """
    n = abs(int(count))
    if lang == "ru":
        if n % 10 == 1 and n % 100 != 11:
            return "one"
        if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
            return "few"
        return "many"
    if lang == "en":
        return "one" if n == 1 else "other"
    return "other"


def _pick_plural(forms: dict[str, str], lang: str, count: int) -> str:
    """The form for ``count`` from a plural table, tolerating tables with fewer categories."""
    category = plural_category(lang, count)
    return (
        forms.get(category) or forms.get("other") or forms.get("many") or next(iter(forms.values()))
    )


def t(key: str, lang: str, count: int | None = None, **fmt: object) -> str:
    """The text for ``"<namespace>.<key>"`` in ``lang``, formatted with ``count`` and ``fmt``.

    Falls back through :data:`FALLBACKS`; an unknown key raises ``KeyError`` so that typos fail in
    tests rather than showing a key to users.
    """
    namespace, _, name = key.partition(".")
    entry = catalogue(namespace)[name]
    lang = normalise_language(lang)
    for candidate in FALLBACKS[lang]:
        value = entry.get(candidate)
        if value is not None:
            if isinstance(value, dict):
                value = _pick_plural(value, candidate, 0 if count is None else count)
            return value.format(count=count, **fmt) if (fmt or count is not None) else value
    raise KeyError(f"{key}: no text in {lang} or its fallbacks")
