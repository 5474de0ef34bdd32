"""Build the analysis-grade and web layers from the raw files (cached by input hash).

Recipe, per country and layout vintage:

1. read the source polygons (EPSG:4326) and give every unit its code and parent
   (``geodata.codes``); Kyrgyz admin-2 = 53 COD units + Bishkek and Osh city from WOF;
2. analysis grade: make_valid, then ``coverage_clean`` so the admin-2 units tile without
   overlaps or hairline gaps; admin-1 = the dissolve of its admin-2 units, so every admin-2
   lies exactly inside its parent (the source admin-1 files give names and are compared in
   the tests); pre-2018 Kazakhstan dissolves Turkestan + Shymkent into South Kazakhstan;
3. web grade: ``coverage_simplify`` of the cleaned admin-2 (KAZ 0.005 deg, KGZ 0.002 deg), rounding
   to 1e-4 deg, admin-1 dissolved from the simplified admin-2 (borders stay aligned), rings
   clockwise for Plotly; GeoJSON with ``id == code`` and the name properties only.

Outputs go to ``data_dir()/build/<key>/`` where ``key`` hashes the raw sha256 values, the
name tables and ``RECIPE_VERSION``; a build runs in a temporary directory that is renamed
into place, so concurrent processes never see a half-written build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata import codes, geometry, naming, settings
from geodata.sources import COD_KGZ_ADM2, RAW_FILES

RECIPE_VERSION = "1"
CRS = "EPSG:4326"
WEB_TOLERANCE_DEG = {"KAZ": 0.005, "KGZ": 0.002}
UNIT_COLUMNS = [
    "code", "parent_code", "country", "level", "vintage", "kind",
    "name_en", "name_ru", "name_kk", "name_ky", "name_fallback", "src_names", "source",
]  # fmt: skip
LAYER_COLUMNS = [
    "code", "parent_code", "country", "level", "vintage",
    "name_en", "name_ru", "name_kk", "name_ky", "geometry",
]  # fmt: skip
WEB_PROPERTIES = ["code", "parent_code", "name_en", "name_ru", "name_kk", "name_ky"]


@dataclass(frozen=True)
class LayerId:
    """One layer: country (KAZ/KGZ), level (1/2) and layout vintage."""

    country: str
    level: int
    vintage: str

    @property
    def stem(self) -> str:
        """File stem, e.g. ``kaz_adm1_2024``."""
        return f"{self.country.lower()}_adm{self.level}_{self.vintage}"


LAYERS = (
    LayerId("KAZ", 1, "2024"),
    LayerId("KAZ", 2, "2024"),
    LayerId("KAZ", 1, "2018"),
    LayerId("KAZ", 2, "2018"),
    LayerId("KAZ", 1, "pre2018"),
    LayerId("KGZ", 1, "2018"),
    LayerId("KGZ", 2, "2018"),
)


def cache_key() -> str:
    """Hash of everything a build depends on: raw sha256s, name tables, recipe code."""
    digest = hashlib.sha256(f"recipe={RECIPE_VERSION}".encode())
    for name in sorted(RAW_FILES):
        digest.update(f"{name}={RAW_FILES[name].sha256}".encode())
    for table in ("admin_names.csv", "name_fixes.csv"):
        digest.update((naming.DATA / table).read_bytes())
    # The recipe's own code is an input too: editing it must never serve a stale build.
    for module in (build_module_path(), Path(geometry.__file__), Path(naming.__file__)):
        digest.update(module.read_bytes())
    digest.update(Path(codes.__file__).read_bytes())
    return digest.hexdigest()[:16]


def build_module_path() -> Path:
    """This module's source file (hashed into the cache key)."""
    return Path(__file__)


def build_dir() -> Path:
    """Directory of the build matching the current inputs (may not exist yet)."""
    return settings.data_dir() / "build" / cache_key()


# --- reading the sources ---------------------------------------------------------------------


def _kaz_frames(raw: dict[str, Path], vintage: str) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """geokz admin-1 attributes and admin-2 polygons of one layout, with codes and src names."""
    adm1 = gpd.read_file(raw[f"kaz_admbnda_adm1_{vintage}.shp"]).to_crs(CRS)
    adm2 = gpd.read_file(raw[f"kaz_admbnda_adm2_{vintage}.shp"]).to_crs(CRS)
    kato1 = adm1["KATO"].astype(str).str.zfill(9)
    units1 = pd.DataFrame(
        {
            "code": kato1.map(codes.kz_adm1_code),
            "parent_code": "KAZ",
            "level": 1,
            "kind": np.where(kato1.str[:2].isin(["71", "75", "79"]), "city", "region"),
            "src_en": adm1["ADM1_EN"],
            "src_ru": adm1["ADM1_RU"],
            "src_kk": adm1["ADM1_KK"],
            "src_ky": "",
        }
    )
    kato2 = adm2["KATO"].astype(str).str.zfill(9)
    units2 = gpd.GeoDataFrame(
        {
            "code": kato2.map(codes.kz_adm2_code),
            "parent_code": kato2.map(codes.kz_adm1_code),
            "level": 2,
            "kind": [_kz_adm2_kind(k) for k in kato2],
            "src_en": adm2["ADM2_EN"],
            "src_ru": adm2["ADM2_RU"],
            "src_kk": adm2["ADM2_KK"],
            "src_ky": "",
        },
        geometry=adm2.geometry.values,
        crs=CRS,
    )
    for frame in (units1, units2):
        frame["country"] = "KAZ"
        frame["vintage"] = vintage
        frame["source"] = "geokz"
    return units1, units2


def _kz_adm2_kind(kato: str) -> str:
    """Kind of a KATO admin-2 unit: districts of the 3 big cities, cities (KATO digits 3-4
    below 32: cities of oblast significance and oblast centres) or districts."""
    if kato[:2] in ("71", "75", "79"):
        return "city_district"
    return "city" if int(kato[2:4]) < 32 else "district"


def _strip_city(name: str) -> str:
    """COD city names without their "(city)" / "г." / "ш." decorations."""
    name = name.replace("(city)", "").strip()
    if name.startswith("г."):
        name = name[2:]
    if name.endswith(" ш."):
        name = name[:-3]
    return name.strip()


def _kgz_frames(raw: dict[str, Path]) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Kyrgyz admin-1 attributes and the 55 admin-2 polygons (COD + WOF capitals)."""
    cod = gpd.read_file(raw[COD_KGZ_ADM2]).to_crs(CRS)
    is_city = cod["ADM2TYP_EN"].str.contains("city")
    units2 = gpd.GeoDataFrame(
        {
            "code": cod["ADM2_PCODE"],
            "parent_code": cod["ADM1_PCODE"].map(codes.kg_adm1_code),
            "level": 2,
            "kind": np.where(is_city, "city", "district"),
            "src_en": [
                _strip_city(n) if c else n for n, c in zip(cod["ADM2_EN"], is_city, strict=True)
            ],
            "src_ru": [
                _strip_city(n) if c else n for n, c in zip(cod["ADM2_RU"], is_city, strict=True)
            ],
            "src_kk": "",
            "src_ky": [
                _strip_city(n) if c else n for n, c in zip(cod["ADM2_KY"], is_city, strict=True)
            ],
            "src_names": [
                "|".join(dict.fromkeys(r)) for r in cod[["ADM2_EN", "ADM2_RU", "ADM2_KY"]].values
            ],
            "source": "ocha-cod-kgz",
        },
        geometry=cod.geometry.values,
        crs=CRS,
    )
    wof_rows, adm1_rows = [], []
    for wof_id, pcode in codes.WOF_KG_ADM1.items():
        feature = gpd.read_file(raw[f"{wof_id}.geojson"]).to_crs(CRS)
        props = json.loads(Path(raw[f"{wof_id}.geojson"]).read_text(encoding="utf-8"))["properties"]
        names = [props.get("wof:name", "")]
        for key, values in props.items():
            if key.startswith("name:") and key.split(":")[1][:3] in ("eng", "rus", "kir", "kaz"):
                names += values
        iso = codes.kg_adm1_code(pcode)
        kind = "city" if iso in ("KG-GB", "KG-GO") else "region"
        cod_rows = cod[cod["ADM1_PCODE"].eq(pcode)]
        if len(cod_rows):
            first = cod_rows.iloc[0]
            names += [first["ADM1_EN"], first["ADM1_RU"], first["ADM1_KY"]]
        src_names = "|".join(dict.fromkeys(n for n in names if n))
        adm1_rows.append(
            {"code": iso, "parent_code": "KGZ", "level": 1, "kind": kind, "src_en": "",
             "src_ru": "", "src_kk": "", "src_ky": "", "src_names": src_names, "source": "wof-kg"}
        )  # fmt: skip
        if kind == "city":
            wof_rows.append(
                {"code": pcode, "parent_code": iso, "level": 2, "kind": "city", "src_en": "",
                 "src_ru": "", "src_kk": "", "src_ky": "", "src_names": src_names,
                 "source": "wof-kg", "geometry": feature.geometry.iloc[0]}
            )  # fmt: skip
    units2 = pd.concat([units2, gpd.GeoDataFrame(wof_rows, crs=CRS)], ignore_index=True)
    units1 = pd.DataFrame(adm1_rows)
    for frame in (units1, units2):
        frame["country"] = "KGZ"
        frame["vintage"] = "2018"
    return units1, gpd.GeoDataFrame(units2, geometry="geometry", crs=CRS)


# --- assembling layers -----------------------------------------------------------------------


def _with_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical names; ``src_names`` (the raw source spellings, kept as aliases) defaults
    to the ``src_*`` columns when a reader did not set it."""
    src = frame[["src_en", "src_ru", "src_kk", "src_ky"]].fillna("").astype(str)
    joined = src.apply(lambda r: "|".join(dict.fromkeys(v for v in r if v)), axis=1)
    given = frame["src_names"].fillna("") if "src_names" in frame else pd.Series("", frame.index)
    frame = frame.assign(src_names=[g or j for g, j in zip(given, joined, strict=True)])
    return naming.canonical_names(frame)


def _layer(units: pd.DataFrame, geoms: dict[str, object] | np.ndarray) -> gpd.GeoDataFrame:
    if isinstance(geoms, dict):
        geoms = np.array([geoms[c] for c in units["code"]], dtype=object)
    return gpd.GeoDataFrame(units.reset_index(drop=True), geometry=list(geoms), crs=CRS)


def _country_layers(
    adm1: pd.DataFrame, adm2: gpd.GeoDataFrame, tolerance: float
) -> dict[str, tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]]:
    """Analysis and web layers of one country-vintage: ``{"adm1": (full, web), "adm2": ...}``."""
    adm1 = _with_names(adm1)
    adm2_units = _with_names(pd.DataFrame(adm2.drop(columns="geometry")))
    clean = geometry.clean_coverage(adm2.geometry.values)
    web = geometry.simplify_coverage(clean, tolerance)
    parents = list(adm2_units["parent_code"])
    missing = set(parents) - set(adm1["code"])
    if missing:
        raise RuntimeError(f"admin-2 parents without an admin-1 unit: {sorted(missing)}")
    full1 = geometry.dissolve(clean, parents)
    web1 = geometry.dissolve(web, parents)
    return {
        "adm1": (_layer(adm1, full1), _layer(adm1, geometry.orient_for_plotly(
            np.array([web1[c] for c in adm1["code"]], dtype=object)))),
        "adm2": (_layer(adm2_units, clean), _layer(adm2_units, geometry.orient_for_plotly(web))),
    }  # fmt: skip


def _south_kazakhstan(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The pre-2018 admin-1 layer: Turkestan (KZ-61) + Shymkent (KZ-79) dissolved as KZ-51."""
    keep = layer[~layer["code"].isin(["KZ-61", "KZ-79"])].copy()
    merged = geometry.dissolve(
        layer.loc[layer["code"].isin(["KZ-61", "KZ-79"]), "geometry"].values, ["KZ-51", "KZ-51"]
    )["KZ-51"]
    south = layer[layer["code"].eq("KZ-61")].copy()
    south["code"], south["kind"] = codes.SOUTH_KAZAKHSTAN, "region"
    south["src_names"] = ""
    south["geometry"] = [merged]
    out = pd.concat([keep, south], ignore_index=True).sort_values("code", ignore_index=True)
    out["vintage"] = "pre2018"
    return _with_curated(gpd.GeoDataFrame(out, geometry="geometry", crs=CRS))


def _with_curated(layer: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Re-apply curated names (needed after a unit changes code or vintage)."""
    for i, row in layer.iterrows():
        cur = naming.curated(row["code"], row["vintage"])
        if cur is not None:
            for lang in naming.LANGS:
                layer.at[i, f"name_{lang}"] = cur[f"name_{lang}"]
    return layer


def assemble(raw: dict[str, Path]) -> dict[LayerId, tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]]:
    """Every layer as ``{LayerId: (analysis grade, web grade)}`` (in memory)."""
    out: dict[LayerId, tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]] = {}
    for vintage in ("2024", "2018"):
        adm1, adm2 = _kaz_frames(raw, vintage)
        layers = _country_layers(adm1, adm2, WEB_TOLERANCE_DEG["KAZ"])
        out[LayerId("KAZ", 1, vintage)] = layers["adm1"]
        out[LayerId("KAZ", 2, vintage)] = layers["adm2"]
    full18, web18 = out[LayerId("KAZ", 1, "2018")]
    pre_web = _south_kazakhstan(web18)
    pre_web["geometry"] = geometry.orient_for_plotly(pre_web.geometry.values)
    out[LayerId("KAZ", 1, "pre2018")] = (_south_kazakhstan(full18), pre_web)
    adm1, adm2 = _kgz_frames(raw)
    layers = _country_layers(adm1, adm2, WEB_TOLERANCE_DEG["KGZ"])
    out[LayerId("KGZ", 1, "2018")] = layers["adm1"]
    out[LayerId("KGZ", 2, "2018")] = layers["adm2"]
    return out


# --- writing ---------------------------------------------------------------------------------


def _national_units() -> pd.DataFrame:
    rows = []
    for row in naming.admin_names():
        if row["level"] != "0":
            continue
        for vintage in dict.fromkeys(
            ("2024", "2018", "pre2018") if row["code"] == "KAZ" else ("2018",)
        ):
            rows.append({"code": row["code"], "parent_code": "", "country": row["country"],
                         "level": 0, "vintage": vintage, "kind": "country",
                         **{f"name_{x}": row[f"name_{x}"] for x in naming.LANGS},
                         "name_fallback": "", "src_names": "", "source": ""})  # fmt: skip
    return pd.DataFrame(rows)


def write_web_geojson(layer: gpd.GeoDataFrame, path: Path) -> int:
    """Write a compact FeatureCollection (``id == code``, 4-decimal coordinates); returns bytes."""
    web = layer[[*WEB_PROPERTIES, "geometry"]].copy()
    collection = json.loads(web.to_json(drop_id=True, to_wgs84=False))
    for feature, code in zip(collection["features"], web["code"], strict=True):
        feature["id"] = code
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return path.stat().st_size


def write_build(raw: dict[str, Path], target: Path) -> None:
    """Assemble every layer and write the build into ``target`` (atomically)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        (tmp / "layers").mkdir()
        (tmp / "web").mkdir()
        layers: dict[str, dict[str, int]] = {}
        manifest: dict[str, object] = {
            "key": target.name,
            "recipe": RECIPE_VERSION,
            "layers": layers,
        }
        tables = [_national_units()]
        for layer_id, (full, web) in assemble(raw).items():
            tables.append(pd.DataFrame(full.drop(columns="geometry")))
            full[LAYER_COLUMNS].to_parquet(tmp / "layers" / f"{layer_id.stem}.parquet")
            size = write_web_geojson(web, tmp / "web" / f"{layer_id.stem}.geojson")
            layers[layer_id.stem] = {"units": len(full), "web_bytes": size}
        units = pd.concat(tables, ignore_index=True)[UNIT_COLUMNS]
        units.to_csv(tmp / "units.csv", index=False, encoding="utf-8")
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        try:
            os.rename(tmp, target)
        except OSError:  # another process finished the same build first: keep theirs
            if not (target / "manifest.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def prune_stale_builds(keep: Path, min_age_s: float = 3600.0) -> list[Path]:
    """Delete other builds older than ``min_age_s`` (younger ones may still be in use by a
    running process); returns the deleted directories."""
    removed = []
    for other in keep.parent.iterdir():
        manifest = other / "manifest.json"
        if other == keep or other.name.startswith(".") or not manifest.is_file():
            continue
        if time.time() - manifest.stat().st_mtime > min_age_s:
            shutil.rmtree(other, ignore_errors=True)
            removed.append(other)
    return removed
