"""The resolver: codes, names in four languages, aliases, markers, years, ambiguity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata import gazetteer, layers
from geodata.errors import UserFacingError
from geodata.resolve import AmbiguousAreaError, ResolveError, UnknownAreaError, resolve

pytestmark = pytest.mark.usefixtures("built")


@pytest.mark.parametrize(
    ("name", "kwargs", "code", "vintage"),
    [
        # Russian official forms, abbreviations, city markers
        ("Жамбылская область", {}, "KZ-31", "2024"),
        ("Жамбылская обл.", {}, "KZ-31", "2024"),
        ("г. Бишкек", {}, "KG-GB", "2018"),
        ("город республиканского значения Алматы", {}, "KZ-75", "2024"),
        ("Алматинская", {"year": 2020}, "KZ-19", "2018"),
        # Kazakh and Kyrgyz forms
        ("Түркістан облысы", {}, "KZ-61", "2024"),
        ("Баткен облусу", {}, "KG-B", "2018"),
        ("Бишкек шаары", {}, "KG-GB", "2018"),
        ("Ош шаары", {}, "KG-GO", "2018"),
        ("Шымкент қаласы", {}, "KZ-79", "2024"),
        ("Алматы облусу", {}, "KZ-19", "2024"),
        # transliteration variants
        ("Issyk-Kul", {}, "KG-Y", "2018"),
        ("Ysyk-Kol", {}, "KG-Y", "2018"),
        ("Ysyk-Köl", {}, "KG-Y", "2018"),
        ("Ысык-Көл облусу", {}, "KG-Y", "2018"),
        ("Zhetysu", {}, "KZ-33", "2024"),
        ("Jetisu", {}, "KZ-33", "2024"),
        ("Chui", {}, "KG-C", "2018"),
        ("Chuy", {}, "KG-C", "2018"),
        ("Chüy Region", {}, "KG-C", "2018"),
        ("Djalal-Abad oblast", {}, "KG-J", "2018"),
        # renamed units
        ("Nur-Sultan", {}, "KZ-71", "2024"),
        ("город Нур-Султан", {"year": 2020}, "KZ-71", "2018"),
        ("Akmola city", {}, "KZ-71", "2024"),
        ("Akmola", {}, "KZ-11", "2024"),
        ("Kara-Buura", {}, "KG07215000000", "2018"),
        ("Aitmatov", {}, "KG07215000000", "2018"),
        ("Ak-Bashy", {}, "KG04220000000", "2018"),
        ("At-Bashy", {"level": 2}, "KG04220000000", "2018"),
        ("Zharasemey", {}, "KZ101010", "2024"),
        # Shymkent's status change and South Kazakhstan
        ("Южно-Казахстанская область", {"year": 2016}, "KZ-51", "pre2018"),
        ("Туркестанская 1", {"year": 2010}, "KZ-51", "pre2018"),
        ("Туркестанская 1", {"year": 2017}, "KZ-61", "2018"),
        ("г. Шымкент", {"year": 2017}, "KZ-79", "2018"),
        ("Южно-Казахстанская область", {"year": 2017}, "KZ-51", "pre2018"),  # reform year
        ("Shymkent", {"year": 2023}, "KZ-79", "2024"),
        # national level
        ("Республика Казахстан", {}, "KAZ", "2024"),
        ("Кыргызстан (total)", {}, "KGZ", "2018"),
        ("Kyrgyz Republic", {}, "KGZ", "2018"),
        # bare city names vs regions of the same name
        ("Osh", {}, "KG-GO", "2018"),
        ("Ош", {}, "KG-GO", "2018"),
        ("Osh region", {}, "KG-O", "2018"),
        ("Almaty", {}, "KZ-75", "2024"),
        ("Almaty Region", {}, "KZ-19", "2024"),
        ("Алматы", {}, "KZ-75", "2024"),
        # level-2 names, parents in parentheses
        ("Zhambyl", {"level": 2, "parent": "Алматинская область"}, "KZ194200", "2024"),
        ("Zhambyl", {"level": 2, "parent": "KZ-59"}, "KZ594600", "2024"),
        ("Tüp District (Issyk-Kul Region)", {}, "KG02225000000", "2018"),
        ("Naryn", {"level": 2}, "KG04245000000", "2018"),  # COD: bare "Naryn" is the district
        ("Naryn city", {"level": 2}, "KG04400000010", "2018"),
        ("г.Костанай", {"level": 2}, "KZ391000", "2024"),
        ("Костанайский район", {}, "KZ395400", "2024"),
        ("Bishkek", {"level": 2}, "KG11000000000", "2018"),
    ],
)
def test_published_names(name, kwargs, code, vintage):
    match = resolve(name, **kwargs)
    assert (match.code, match.vintage) == (code, vintage)


@pytest.mark.parametrize(
    "variant",
    ["ЖАМБЫЛСКАЯ ОБЛАСТЬ", "  жамбылская   область ", "Жамбылская область.", "Жамбылская-область",
     "Жамбылская oбласть", "Жaмбылскaя область", "Жамбылская region", "Жамбылская обл"],
)  # fmt: skip
def test_case_spacing_punctuation_and_lookalikes_do_not_matter(variant):
    assert resolve(variant).code == "KZ-31"


def test_codes_resolve_to_themselves():
    for code in ["KZ-10", "KZ101000", "KG-GB", "KG11000000000", "KAZ", "KGZ", "KG02205000000"]:
        assert resolve(code).code == code
    assert resolve("kz-10").code == "KZ-10"
    assert resolve("KZ10").code == "KZ-10"  # geokz ADM1_PCODE
    assert resolve("KG02000000000").code == "KG-Y"  # COD ADM1_PCODE
    assert resolve("101000000").code == "KZ101000"  # KATO
    assert resolve("KZ-YUZ", year=2010).code == "KZ-51"  # pre-2020 ISO alpha code
    assert resolve("KZ-AKM").code == "KZ-11"


def test_year_picks_the_layout():
    assert resolve("KZ-19", year=2021).vintage == "2018"
    assert resolve("KZ-19", year=2022).vintage == "2024"
    assert resolve("KZ-19", year=2010).vintage == "pre2018"
    with pytest.raises(UnknownAreaError) as err:
        resolve("область Абай", year=2019)  # Abai Region was created in 2022
    assert "layout 2024" in str(err.value)
    assert [c.code for c in err.value.candidates] == ["KZ-10"]
    with pytest.raises(UnknownAreaError, match="layout of that year"):
        resolve("Shymkent", year=2010)  # then a city inside South Kazakhstan Region


def test_ambiguous_district_lists_candidates_with_parents():
    with pytest.raises(AmbiguousAreaError) as err:
        resolve("Zhambyl", level=2)
    parents = {c.parent_code for c in err.value.candidates}
    assert parents == {"KZ-19", "KZ-31", "KZ-59"}
    assert "KZ-19" in str(err.value) and "parent" in str(err.value)


def test_level_one_is_preferred_when_level_is_not_given():
    assert resolve("Zhambyl").code == "KZ-31"
    assert resolve("Talas").code == "KG-T"


def test_city_and_district_of_the_same_name_need_a_marker():
    with pytest.raises(AmbiguousAreaError) as err:
        resolve("Kostanay", level=2)
    assert {c.code for c in err.value.candidates} == {"KZ391000", "KZ395400"}


def test_unknown_name_suggests_closest():
    with pytest.raises(UnknownAreaError) as err:
        resolve("Almaty Regoin")
    assert err.value.candidates[0].code == "KZ-19"
    assert len(err.value.candidates) <= 5
    with pytest.raises(UnknownAreaError):
        resolve("Urban")
    with pytest.raises(UnknownAreaError):
        resolve("")


def test_country_filter_and_errors_are_user_facing():
    with pytest.raises(UnknownAreaError):
        resolve("Osh", country="KAZ")
    assert resolve("Talas", country="KAZ", level=2).code == "KZ316200"
    assert issubclass(ResolveError, UserFacingError)
    with pytest.raises(UserFacingError, match="KAZ or KGZ"):
        resolve("Osh", country="UZB")


def test_every_canonical_name_resolves_to_its_unit():
    """All units, all vintages, all four languages: the name leads back to the code."""
    table = layers.all_units()
    year_of = {"2024": 2023, "2018": 2019, "pre2018": 2010}
    failures = []
    for row in table.to_dict("records"):
        year = None if row["country"] == "KGZ" else year_of[row["vintage"]]
        for lang in ("en", "ru", "kk", "ky"):
            name = row[f"name_{lang}"]
            try:
                got = resolve(name, country=row["country"], level=row["level"], year=year,
                              parent=row["parent_code"] if row["level"] == 2 else None)  # fmt: skip
            except ResolveError as exc:
                failures.append((row["code"], row["vintage"], name, str(exc)[:80]))
                continue
            if got.code != row["code"]:
                failures.append((row["code"], row["vintage"], name, got.code))
    assert failures == []


def test_names_of_a_code():
    assert gazetteer.names("KG-O") == {
        "en": "Osh Region", "ru": "Ошская область", "kk": "Ош облысы", "ky": "Ош облусу",
    }  # fmt: skip
    assert gazetteer.names("KZ-51")["ru"] == "Южно-Казахстанская область"
    with pytest.raises(UserFacingError):
        gazetteer.names("KZ-99")


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_random_case_and_spacing(data):
    table = layers.units(level=1)
    row = data.draw(st.sampled_from(table.to_dict("records")))
    name = row[f"name_{data.draw(st.sampled_from(['en', 'ru', 'kk', 'ky']))}"]
    words = name.split()
    seps = data.draw(st.lists(st.sampled_from([" ", "  ", " - ", "\t", ". "]), min_size=len(words),
                              max_size=len(words)))  # fmt: skip
    mangled = "".join(w + s for w, s in zip(words, seps, strict=True))
    flips = data.draw(st.lists(st.booleans(), min_size=len(mangled), max_size=len(mangled)))
    mangled = "".join(c.upper() if f else c.lower() for c, f in zip(mangled, flips, strict=True))
    assert resolve(mangled, country=row["country"]).code == row["code"]
