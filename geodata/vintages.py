"""Layout vintages: which boundary layout a statistic of a given year was published in.

Kazakhstan (admin-1): ``2024`` (20 units, from 2022: Abai, Zhetysu, Ulytau), ``2018``
(17 units, 2017-2021) and ``pre2018`` (16 units, up to 2016: South Kazakhstan KZ-51 instead of
Turkestan KZ-61 + Shymkent KZ-79). The reform took effect in June 2018, but BNS re-based its
series to the new layout from 1 January 2017 (its population table has Shymkent from 2017 and
"Туркестанская 1" meaning South Kazakhstan only for 2000-2016), so 2017 belongs to ``2018``.
Admin-2 has two layouts only (``2024``, ``2018``); years before 2017 use ``2018``, the oldest
district layout available (districts of South Kazakhstan then carry the 2018 parents).
Kyrgyzstan has one layout, ``2018`` (9 / 55 units, COD 2018-11-19).

In the years around a reform publications mix both layouts (a 2017 report may still say
"Южно-Казахстанская", a 2022 one may still print 17 regions), so the resolver also accepts
the neighbouring layout there (``fallback_vintages``), after the primary one.
"""

from __future__ import annotations

from geodata.errors import UserFacingError

CURRENT = {"KAZ": "2024", "KGZ": "2018"}

VINTAGES: dict[tuple[str, int], tuple[str, ...]] = {
    ("KAZ", 0): ("2024", "2018", "pre2018"),
    ("KAZ", 1): ("2024", "2018", "pre2018"),
    ("KAZ", 2): ("2024", "2018"),
    ("KGZ", 0): ("2018",),
    ("KGZ", 1): ("2018",),
    ("KGZ", 2): ("2018",),
}

# Years in which a publication may use the layout on either side of a reform.
_TRANSITION = {
    ("KAZ", 1): {2017: ("pre2018",), 2018: ("pre2018",), 2022: ("2018",)},
    ("KAZ", 2): {2022: ("2018",)},
}


def _check(country: str, level: int) -> tuple[str, int]:
    key = (str(country).upper(), int(level))
    if key not in VINTAGES:
        raise UserFacingError(
            f"no boundary layout for country {country!r} level {level!r}: "
            "use country KAZ or KGZ and level 0, 1 or 2"
        )
    return key


def current_vintage(country: str) -> str:
    """The newest layout of a country: ``2024`` for KAZ, ``2018`` for KGZ."""
    return CURRENT[_check(country, 1)[0]]


def vintages(country: str, level: int) -> tuple[str, ...]:
    """All layouts of a country and level, newest first."""
    return VINTAGES[_check(country, level)]


def newest_first(vintage: str) -> int:
    """Sort key of a layout name across both countries, newest first (``2024`` 0, ``2018`` 1,
    ``pre2018`` 2; an unknown name last)."""
    order = tuple(dict.fromkeys(v for layouts in VINTAGES.values() for v in layouts))
    return order.index(vintage) if vintage in order else len(order)


def vintage_for_year(country: str, level: int, year: int | None) -> str:
    """The layout a statistic for ``year`` refers to (the current one when year is None)."""
    country, level = _check(country, level)
    if year is None or country == "KGZ":
        return CURRENT[country]
    year = int(year)
    if year >= 2022:
        return "2024"
    if year >= 2017 or level == 2:
        return "2018"
    return "pre2018"


def fallback_vintages(country: str, level: int, year: int | None) -> tuple[str, ...]:
    """Layouts also accepted for ``year`` when a name is not found in its primary layout."""
    key = _check(country, level)
    if year is None:
        return ()
    return _TRANSITION.get(key, {}).get(int(year), ())
