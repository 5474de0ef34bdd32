"""The registry of raw boundary files: pinned upstream URL, sha256 and licence of each.

Every file is a regular git blob at a pinned commit (no Git LFS), so the raw.githubusercontent
URL always returns the same bytes; the sha256 values were computed from the shared mirror
(``../shared/geodata-sources``), which is a byte-identical copy of those commits.
"""

from __future__ import annotations

from dataclasses import dataclass

GEOKZ_COMMIT = "41c1a00454ec9e01bda031b5074920bd82de02ce"
PRISM_COMMIT = "d60adbde8b76fc12bc3c923834accf1d265f4029"
WOF_KG_COMMIT = "8d126343dd9220dc59f0cc5ef214781d484acd84"

_GEOKZ = f"https://raw.githubusercontent.com/arodionoff/geokz/{GEOKZ_COMMIT}/inst/shape/"
_PRISM = (
    f"https://raw.githubusercontent.com/WFP-VAM/prism-app/{PRISM_COMMIT}"
    "/frontend/public/data/kyrgyzstan/"
)
_WOF = f"https://raw.githubusercontent.com/whosonfirst-data/whosonfirst-data-admin-kg/{WOF_KG_COMMIT}/data/"


@dataclass(frozen=True)
class Dataset:
    """An upstream boundary dataset: who made it, under which licence, how to credit it."""

    id: str
    title: str
    licence: str
    licence_url: str
    credit: str
    homepage: str


@dataclass(frozen=True)
class RawFile:
    """One raw file: its unique file name, pinned URL, sha256 and the dataset it belongs to."""

    name: str
    url: str
    sha256: str
    dataset: str


DATASETS: dict[str, Dataset] = {
    "geokz": Dataset(
        id="geokz",
        title="geokz: Kazakhstan administrative boundaries (2024 and 2018-2022 layouts)",
        licence="CC BY 4.0",
        licence_url="https://creativecommons.org/licenses/by/4.0/",
        credit=(
            "Kazakhstan boundaries: geokz (A. Rodionov), CC BY 4.0, based on the Bureau of "
            "National Statistics of the Republic of Kazakhstan"
        ),
        homepage=f"https://github.com/arodionoff/geokz/tree/{GEOKZ_COMMIT}",
    ),
    "ocha-cod-kgz": Dataset(
        id="ocha-cod-kgz",
        title="OCHA COD-AB Kyrgyzstan ADM2 (MoES 2018-11-19), copy in WFP PRISM",
        licence="CC BY-IGO 3.0",
        licence_url="https://creativecommons.org/licenses/by/3.0/igo/",
        credit=(
            "Kyrgyzstan boundaries: Ministry of Emergency Situations of the Kyrgyz Republic / "
            "UN OCHA, via HDX (CC BY-IGO 3.0)"
        ),
        homepage="https://data.humdata.org/dataset/cod-ab-kgz",
    ),
    "wof-kg": Dataset(
        id="wof-kg",
        title="Who's On First: Kyrgyzstan regions (Bishkek and Osh city polygons, names)",
        licence="CC0 1.0",
        licence_url="https://whosonfirst.org/docs/licenses/",
        credit="Data from Who's On First (CC0; geometry from OCHA COD-AB / MoES)",
        homepage=f"https://github.com/whosonfirst-data/whosonfirst-data-admin-kg/tree/{WOF_KG_COMMIT}",
    ),
}

_GEOKZ_SHA256 = {
    "kaz_admbnda_adm1_2024.cpg": "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    "kaz_admbnda_adm1_2024.dbf": "d54e7f6e68e2a0f8778b8231aba861d77794b38f0a4fc009006ac67a2010fd95",
    "kaz_admbnda_adm1_2024.prj": "a02a27b1d1982c8516d83398e85a3c8b1aef1713c13ef4d84d7bde17430c07c4",
    "kaz_admbnda_adm1_2024.shp": "e9cd4e520b263ebe2f984be026b25850be56853ecf6e623ab041cf21d0dfe6f7",
    "kaz_admbnda_adm1_2024.shx": "4bf4bbbd34a272c4fd43a482b190d2f57d4fe6d5cf97b9657f65eef4a07ef684",
    "kaz_admbnda_adm1_2018.cpg": "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    "kaz_admbnda_adm1_2018.dbf": "1121d41cbb7eee46ffb897ed0bb4f99e01e31898a8d96b6527b0abdd078f9bf0",
    "kaz_admbnda_adm1_2018.prj": "a02a27b1d1982c8516d83398e85a3c8b1aef1713c13ef4d84d7bde17430c07c4",
    "kaz_admbnda_adm1_2018.shp": "07b82daae13ca7cfd62cc5c7031b271adbe370065ef3326186f3e135e2cc1c23",
    "kaz_admbnda_adm1_2018.shx": "ea0f2f50b7fff5a1510003c83f5ae97f9bd98f804fa63a2eae35e4104fcc7b25",
    "kaz_admbnda_adm2_2024.cpg": "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    "kaz_admbnda_adm2_2024.dbf": "e0fb676d93cdacb3b3a583fa64a679ce1e0a5456b464308f05a2a1c09f1c1168",
    "kaz_admbnda_adm2_2024.prj": "a02a27b1d1982c8516d83398e85a3c8b1aef1713c13ef4d84d7bde17430c07c4",
    "kaz_admbnda_adm2_2024.shp": "6821c48a27c5c77c20d1cf71365a0c4078d48e28494b19fa9a6be4c7c2b63a49",
    "kaz_admbnda_adm2_2024.shx": "9486f1b1f95a2eaceb23fc6834f68bd549dbb4bf0b47d833075850fd6b1d9dd6",
    "kaz_admbnda_adm2_2018.cpg": "3ad3031f5503a4404af825262ee8232cc04d4ea6683d42c5dd0a2f2a27ac9824",
    "kaz_admbnda_adm2_2018.dbf": "4caafff36bb0a815bd134a659106790beee95f290a17cb16d83ae68e316fdfe3",
    "kaz_admbnda_adm2_2018.prj": "a02a27b1d1982c8516d83398e85a3c8b1aef1713c13ef4d84d7bde17430c07c4",
    "kaz_admbnda_adm2_2018.shp": "caa866a0b227288604f30b02054c942537aead65e071675d20bb58193be2a926",
    "kaz_admbnda_adm2_2018.shx": "bdec7b19a5374f5667b1416316c4c2886f2586dbb1ee1e3c3722af40cd5e5617",
}

COD_KGZ_ADM2 = "kgz_admbnda_adm2_moes_20181119.json"
_COD_SHA256 = "d04350c3ea71446751d1fcc13d36ffcd9435fde16fdb25f8de10a92f94e70053"

# WOF id -> sha256; the upstream path splits the id into groups of three digits.
_WOF_SHA256 = {
    "1108804891": "bef11a672ada0232a7b60e3ae86e7dd6171631af578ecb2f7de85e40a78bc452",
    "85672975": "fe9694a02ba5c932aa9cc5b782e2d6768b2993431da47ad9701861b34b9a7b3d",
    "85672981": "b7ec033a487b2437fab0898d93c3c66532442b82f40fae0b0979e9e6d6fa83e1",
    "85672983": "43be4d63417c1b15eeba793fe09be465fa521b766a2309661189114947d5757a",
    "85672987": "cab5248b0432d928b241462f1364043138f612072af51e222c331fd30d116fe6",
    "85672995": "2b849e053ee7382cf9d9b8b04a6edd876c1b3c3a928384ab6fa5cd7cb40f4c6b",
    "85672997": "8e69e9215372d4bc8ba23adc365a55a90f9e1c02db619a116fab0cb65713d468",
    "85673003": "57fc8ebe6a73d0b1d72fb026409848f185636761042c627ab9657ac7fdcabfc2",
    "85673005": "7d555b22f6c1647308d8a2c46231311453261f14f7d47342537f18a42d6a6f78",
}


def wof_path(wof_id: str) -> str:
    """The WOF repository path of a record, e.g. ``856/729/75/85672975.geojson``."""
    groups = [wof_id[i : i + 3] for i in range(0, len(wof_id), 3)]
    return "/".join(groups) + f"/{wof_id}.geojson"


def _registry() -> dict[str, RawFile]:
    files = [RawFile(n, _GEOKZ + n, h, "geokz") for n, h in _GEOKZ_SHA256.items()]
    files.append(RawFile(COD_KGZ_ADM2, _PRISM + COD_KGZ_ADM2, _COD_SHA256, "ocha-cod-kgz"))
    files += [
        RawFile(f"{i}.geojson", _WOF + wof_path(i), h, "wof-kg") for i, h in _WOF_SHA256.items()
    ]
    return {f.name: f for f in files}


RAW_FILES: dict[str, RawFile] = _registry()
