"""Area codes: ISO 3166-2 for admin-1, pcodes for admin-2, built from the sources' own codes.

Kazakhstan: admin-1 ``"KZ-" + KATO[:2]`` (reproduces ISO 3166-2:KZ exactly), admin-2
``"KZ" + KATO[:6]``. Kyrgyzstan: admin-1 by the COD ``ADM1_PCODE`` -> ISO table below,
admin-2 the COD ``ADM2_PCODE``; Bishkek and Osh city use their ADM1 pcodes as admin-2 codes.
The sources' own ISO/HASC columns are not used: several are wrong (see RESEARCH.md).
"""

from __future__ import annotations

import re

COUNTRIES = ("KAZ", "KGZ")
COUNTRY_ALPHA2 = {"KAZ": "KZ", "KGZ": "KG"}

# Pre-2018 South Kazakhstan (Turkestan + Shymkent). ISO 3166-2 then said KZ-YUZ; we keep the
# numeric scheme "KZ-" + KATO[:2] used for every other Kazakh unit: its KATO prefix was 51.
SOUTH_KAZAKHSTAN = "KZ-51"

# COD ADM1_PCODE -> ISO 3166-2:KG (RESEARCH.md 3.2; WOF's own iso:code is wrong for Jalal-Abad).
KG_ADM1_ISO = {
    "KG02000000000": "KG-Y",  # Issyk-Kul
    "KG03000000000": "KG-J",  # Jalal-Abad
    "KG04000000000": "KG-N",  # Naryn
    "KG05000000000": "KG-B",  # Batken
    "KG06000000000": "KG-O",  # Osh oblast
    "KG07000000000": "KG-T",  # Talas
    "KG08000000000": "KG-C",  # Chui
    "KG11000000000": "KG-GB",  # Bishkek
    "KG21000000000": "KG-GO",  # Osh city
}
KG_BISHKEK_ADM2 = "KG11000000000"
KG_OSH_CITY_ADM2 = "KG21000000000"

# WOF record id -> COD ADM1_PCODE for the 9 WOF regions (SOURCE.md of wof-kg-regions).
WOF_KG_ADM1 = {
    "85672983": "KG02000000000",
    "85672997": "KG03000000000",
    "85672987": "KG04000000000",
    "85672995": "KG05000000000",
    "85673005": "KG06000000000",
    "85673003": "KG07000000000",
    "85672981": "KG08000000000",
    "85672975": "KG11000000000",
    "1108804891": "KG21000000000",
}

_CODE_PATTERNS = (
    (re.compile(r"^(KAZ|KGZ)$"), 0),
    (re.compile(r"^KZ-\d\d$"), 1),
    (re.compile(r"^KG-(B|C|GB|GO|J|N|O|T|Y)$"), 1),
    (re.compile(r"^KZ\d{6}$"), 2),
    (re.compile(r"^KG\d{11}$"), 2),
)


def kz_adm1_code(kato: str | int) -> str:
    """ISO 3166-2:KZ code of the region containing a 9-digit KATO code, e.g. ``KZ-10``."""
    return "KZ-" + str(kato).zfill(9)[:2]


def kz_adm2_code(kato: str | int) -> str:
    """Admin-2 pcode of a 9-digit KATO code: ``"KZ" + KATO[:6]``, e.g. ``KZ101000``."""
    return "KZ" + str(kato).zfill(9)[:6]


def kg_adm1_code(adm1_pcode: str) -> str:
    """ISO 3166-2:KG code of a COD ADM1_PCODE (KeyError for an unknown pcode)."""
    return KG_ADM1_ISO[adm1_pcode]


def code_level(code: str) -> int | None:
    """The level (0, 1, 2) a well-formed code belongs to, or None when it is not a code."""
    for pattern, level in _CODE_PATTERNS:
        if pattern.match(code):
            return level
    return None


def country_of(code: str) -> str:
    """ISO alpha-3 country of a code (``KAZ`` or ``KGZ``)."""
    if code in COUNTRIES:
        return code
    return "KAZ" if code.startswith("KZ") else "KGZ"
