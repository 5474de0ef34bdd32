"""UI string catalogues: complete in English and Russian, consistent placeholders, plural rules."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dashboard import i18n
from dashboard.i18n.numbers import NBSP, format_number, plotly_separators
from dashboard.i18n.plotly_locales import LOCALES, graph_locale_config


def _texts(value: object) -> list[str]:
    """All text variants of a catalogue value (a string or a plural table)."""
    return list(value.values()) if isinstance(value, dict) else [value]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


ENTRIES = [
    (namespace, key, entry)
    for namespace in i18n.namespaces()
    for key, entry in i18n.catalogue(namespace).items()
]


@pytest.mark.parametrize(("namespace", "key", "entry"), ENTRIES, ids=lambda v: str(v)[:40])
def test_english_and_russian_are_complete_with_matching_placeholders(namespace, key, entry):
    assert "en" in entry and "ru" in entry, f"{namespace}.{key} lacks en or ru"
    english = set().union(*(_fields(t) for t in _texts(entry["en"])))
    for lang in i18n.LANGUAGES:
        for text in _texts(entry.get(lang, "")):
            assert _fields(text) <= english | {"count"}, f"{namespace}.{key} [{lang}]"


def test_russian_plural_tables_have_all_categories():
    for namespace, key, entry in ENTRIES:
        if isinstance(entry["ru"], dict):
            assert set(entry["ru"]) >= {"one", "few", "many"}, f"{namespace}.{key}"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "one"),
        (2, "few"),
        (4, "few"),
        (5, "many"),
        (11, "many"),
        (12, "many"),
        (21, "one"),
        (22, "few"),
        (111, "many"),
        (0, "many"),
    ],
)
def test_russian_plural_category(count, expected):
    assert i18n.plural_category("ru", count) == expected


def test_lookup_formats_and_picks_plural():
    assert i18n.t("map.vintage.part.1", "en", count=1, year=2018) == "2018 for 1 region"
    assert i18n.t("map.vintage.part.1", "ru", count=3, year=2018) == "за 2018 год для 3 регионов"
    assert i18n.t("map.vintage.part.1", "ru", count=21, year=2018) == "за 2018 год для 21 региона"


def test_kazakh_and_kyrgyz_fall_back_to_russian_then_english(monkeypatch):
    entries = {"partial": {"en": "Map", "ru": "Карта", "ky": "Карта (ky)"}, "en_only": {"en": "X"}}
    monkeypatch.setattr(i18n, "catalogue", lambda namespace: entries)
    assert i18n.t("test.partial", "kk") == "Карта"  # no Kazakh: Russian, not English
    assert i18n.t("test.partial", "ky") == "Карта (ky)"
    assert i18n.t("test.en_only", "ru") == "X"
    assert i18n.t("test.partial", "xx") == "Map"  # unknown language -> English


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        i18n.t("map.no_such_key", "en")


def test_normalise_language_accepts_only_known_codes():
    assert i18n.normalise_language("RU") == "ru"
    assert i18n.normalise_language("ru-RU") == "ru"
    assert i18n.normalise_language("<script>") == "en"
    assert i18n.normalise_language(None) == "en"


def test_number_format_follows_language():
    assert format_number(12345.678, "en", 1) == "12,345.7"
    assert format_number(12345.678, "ru", 1) == f"12{NBSP}345,7"
    assert format_number(0.5, "kk", 2) == "0,50"
    assert format_number(float("nan"), "ru", 1) == ""
    assert format_number(None, "en") == ""
    assert plotly_separators("en") == ".,"
    assert plotly_separators("ky") == "," + NBSP


def test_plotly_locales_use_decimal_comma_and_list_twelve_months():
    for lang in ("ru", "kk", "ky"):
        fmt = LOCALES[lang]["format"]
        assert fmt["decimal"] == ","
        assert len(fmt["months"]) == len(fmt["shortMonths"]) == 12
        assert len(fmt["days"]) == len(fmt["shortDays"]) == 7
    assert graph_locale_config("en")["locale"] == "en"
    assert graph_locale_config("ky")["locale"] == "ky"


def _code_text() -> str:
    """The app's own code: every Python module of ``dashboard`` and the non-vendored scripts."""
    root = Path(i18n.__file__).resolve().parents[2]
    files = [*(root / "dashboard").rglob("*.py"), *(root / "assets").glob("*.js")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def test_every_key_is_used_by_the_app():
    """A key nobody looks up is a text nobody maintains: remove it. Keys made at run time
    count through the f-string prefix they are made with (``f"common.status.{status}"``)."""
    code = _code_text()
    prefixes = tuple(re.findall(r"""f["']([a-z_]+\.[A-Za-z0-9_.]*)\{""", code))
    unused = [
        f"{namespace}.{key}"
        for namespace, key, _ in ENTRIES
        if f"{namespace}.{key}" not in code and not f"{namespace}.{key}".startswith(prefixes)
    ]
    assert not unused, f"unused keys: {unused}"
