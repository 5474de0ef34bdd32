"""The built layers: counts, codes, validity, topology, nesting, web files."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pycountry
import pytest
import shapely

from geodata import build, check, geometry, layers
from geodata.sources import COD_KGZ_ADM2

LAYER_IDS = [pytest.param(lid, id=lid.stem) for lid in build.LAYERS]
CONTRACT_COLUMNS = [
    "code", "parent_code", "country", "level", "vintage",
    "name_en", "name_ru", "name_kk", "name_ky", "geometry",
]  # fmt: skip


@pytest.mark.parametrize("lid", LAYER_IDS)
def test_layer_passes_every_check(built, lid):
    report = check.check_layer(lid)
    assert report.ok, report.problems
    assert report.units == check.EXPECTED_UNITS[lid.stem]


@pytest.mark.parametrize(
    ("country", "level", "vintage", "count"),
    [("KAZ", 1, None, 20), ("KAZ", 2, None, 224), ("KAZ", 1, "2018", 17),
     ("KAZ", 2, "2018", 216), ("KAZ", 1, "pre2018", 16), ("KGZ", 1, None, 9),
     ("KGZ", 2, None, 55)],
)  # fmt: skip
def test_counts_and_contract(built, country, level, vintage, count):
    gdf = layers.load_layer(country, level, vintage)
    assert len(gdf) == count
    assert list(gdf.columns) == CONTRACT_COLUMNS
    assert gdf.crs.to_epsg() == 4326
    assert gdf["code"].is_unique and gdf["code"].notna().all()
    assert (gdf[["name_en", "name_ru", "name_kk", "name_ky"]] != "").all().all()
    minx, miny, maxx, maxy = gdf.total_bounds
    assert minx >= 46 and maxx <= 88 and miny >= 39 and maxy <= 56
    assert len(layers.units(country, level, vintage)) == count


@pytest.mark.parametrize("alpha2", ["KZ", "KG"])
def test_admin1_codes_equal_pycountry(built, alpha2):
    country = {"KZ": "KAZ", "KG": "KGZ"}[alpha2]
    ours = set(layers.units(country, 1)["code"])
    iso = {s.code for s in pycountry.subdivisions.get(country_code=alpha2)}
    assert ours == iso


def test_admin2_code_formats(built):
    kz = layers.units("KAZ", 2)
    assert kz["code"].str.fullmatch(r"KZ\d{6}").all()
    assert (kz["code"].str[2:4] == kz["parent_code"].str[3:5]).all()  # KATO prefix = parent
    kg = layers.units("KGZ", 2)
    assert kg["code"].str.fullmatch(r"KG\d{11}").all()
    capitals = kg.set_index("code").loc[["KG11000000000", "KG21000000000"], "parent_code"]
    assert list(capitals) == ["KG-GB", "KG-GO"]


def test_every_admin2_has_an_admin1_parent(built):
    for lid in build.LAYERS:
        if lid.level == 2:
            parents = set(layers.units(lid.country, 1, lid.vintage)["code"])
            assert set(layers.units(lid.country, 2, lid.vintage)["parent_code"]) <= parents


@pytest.mark.parametrize("vintage", ["2024", "2018"])
def test_kazakh_admin1_matches_the_source_admin1_file(built, vintage):
    """Admin-1 is dissolved from admin-2; it must match geokz's own admin-1 polygons."""
    from geodata import acquire

    source = gpd.read_file(acquire.ensure_raw_files()[f"kaz_admbnda_adm1_{vintage}.shp"])
    source["code"] = "KZ-" + source["KATO"].astype(str).str[:2]
    ours = layers.load_layer("KAZ", 1, vintage).set_index("code").geometry
    for code, geom in zip(source["code"], source.geometry, strict=True):
        overlap = shapely.intersection(geom, ours[code]).area / shapely.union(geom, ours[code]).area
        # Known source discrepancy: geokz's 2024 admin-1 Astana includes a strip that its own
        # admin-2 layer gives to Tselinograd district (Akmola); we follow admin-2 (nesting).
        assert overlap > (0.99 if (code, vintage) == ("KZ-71", "2024") else 0.999), code


def test_kyrgyz_admin1_matches_who_is_on_first(built):
    from geodata import acquire, codes

    raw = acquire.ensure_raw_files()
    ours = layers.load_layer("KGZ", 1).set_index("code").geometry
    for wof_id, pcode in codes.WOF_KG_ADM1.items():
        wof = gpd.read_file(raw[f"{wof_id}.geojson"]).geometry.iloc[0]
        mine = ours[codes.kg_adm1_code(pcode)]
        assert shapely.intersection(wof, mine).area / shapely.union(wof, mine).area > 0.999
    assert COD_KGZ_ADM2 in raw


def test_south_kazakhstan_is_turkestan_plus_shymkent(built):
    pre = layers.load_layer("KAZ", 1, "pre2018").set_index("code")
    y2018 = layers.load_layer("KAZ", 1, "2018").set_index("code")
    assert "KZ-61" not in pre.index and "KZ-79" not in pre.index
    south = pre.geometry["KZ-51"]
    parts = shapely.union(y2018.geometry["KZ-61"], y2018.geometry["KZ-79"])
    assert abs(south.area - parts.area) < 1e-9
    assert pre.loc["KZ-51", "name_ru"] == "Южно-Казахстанская область"


def test_same_code_can_change_territory_between_vintages(built):
    """Almaty Region lost Zhetysu in 2022: the vintage, not the code, tells them apart."""
    new = layers.load_layer("KAZ", 1, "2024").set_index("code").geometry["KZ-19"]
    old = layers.load_layer("KAZ", 1, "2018").set_index("code").geometry["KZ-19"]
    assert new.area < 0.7 * old.area


@pytest.mark.parametrize("lid", LAYER_IDS)
def test_web_layer_is_ready_for_plotly(built, lid):
    path = layers.web_layer_path(lid.country, lid.level, lid.vintage)
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    ids = [f["id"] for f in collection["features"]]
    assert ids == [f["properties"]["code"] for f in collection["features"]]
    assert set(ids) == set(layers.units(lid.country, lid.level, lid.vintage)["code"])
    assert set(collection["features"][0]["properties"]) == set(build.WEB_PROPERTIES)
    decimals = {len(m) for m in re.findall(r"\.(\d+)", path.read_text()[:200_000])}
    assert max(decimals) <= 4
    web = gpd.read_file(path)
    assert geometry.all_exteriors_clockwise(web.geometry.values)
    assert path.stat().st_size <= check.WEB_BUDGET_BYTES


def test_web_admin1_borders_coincide_with_admin2(built):
    """Admin-1 web shapes are dissolved from the simplified admin-2, so outlines agree."""
    for country in ("KAZ", "KGZ"):
        adm1 = gpd.read_file(layers.web_layer_path(country, 1)).set_index("code").geometry
        adm2 = gpd.read_file(layers.web_layer_path(country, 2))
        for code, group in adm2.groupby("parent_code"):
            merged = shapely.union_all(group.geometry.values)
            assert shapely.symmetric_difference(merged, adm1[code]).area < 1e-8, code


def test_unknown_layer_is_a_user_facing_error():
    from geodata.errors import UserFacingError

    with pytest.raises(UserFacingError, match="available: 2018"):
        layers.web_layer_path("KGZ", 2, "2024")
    with pytest.raises(UserFacingError, match="KAZ or KGZ"):
        layers.load_layer("UZB", 1)


def test_names_in_four_languages_with_recorded_fallbacks(built):
    table = layers.all_units()
    adm1 = table[table["level"].le(1)]
    assert (adm1["name_fallback"] == "").all()  # admin-0/1: all four languages written
    kz2 = table[(table["country"] == "KAZ") & (table["level"] == 2)]
    assert (kz2["name_fallback"] == "ky<-ru").all()
    kg2 = table[(table["country"] == "KGZ") & (table["level"] == 2)]
    assert set(kg2["name_fallback"]) == {"kk<-ru", ""}  # the capitals have all four


def test_layouts_sort_newest_first_across_countries():
    from geodata.vintages import newest_first

    assert sorted(["pre2018", "2018", "2024"], key=newest_first) == ["2024", "2018", "pre2018"]
    assert newest_first("1999") == 3  # an unknown layout sorts last
