"""What the importers look things up in: the indicator catalogue and the area resolver.

Kept behind one small object so tests can run the importers against a fixed catalogue, and so
each import resolves a repeated region name (hundreds of rows per region) only once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Resolver = Callable[..., Any]  # geodata.resolve.resolve(name, country, level, year, parent)


@dataclass
class ImportContext:
    """The catalogue (indicator id → ``Indicator``) and area resolver an import uses."""

    catalogue: Mapping[str, Any]
    resolver: Resolver
    _cache: dict[tuple, Any] = field(default_factory=dict, repr=False)

    def resolve(self, name: str, country: str | None, year: int | None) -> Any:
        """``geodata.resolve.resolve`` with a per-import cache (errors are cached too)."""
        key = (name, country, year)
        if key not in self._cache:
            try:
                self._cache[key] = self.resolver(name, country=country, year=year)
            except Exception as exc:  # cached and re-raised: the same bad name on 500 rows
                self._cache[key] = exc
        result = self._cache[key]
        if isinstance(result, Exception):
            raise result
        return result

    def unit(self, indicator: str) -> str:
        """The catalogue unit of an indicator (e.g. ``persons``, ``percent``)."""
        return str(getattr(self.catalogue[indicator], "unit", "") or "")

    def closest_indicators(self, text: str, n: int = 3) -> list[str]:
        """Catalogue ids closest to ``text`` (by id and by English/Russian label)."""
        by_label: dict[str, str] = {}
        for ident, indicator in self.catalogue.items():
            by_label[ident.lower()] = ident
            labels = getattr(indicator, "labels", None) or {}
            for lang in ("en", "ru"):
                if labels.get(lang):
                    by_label[str(labels[lang]).lower()] = ident
        matches = difflib.get_close_matches(text.lower(), list(by_label), n=n * 3, cutoff=0.5)
        ids: list[str] = []
        for match in matches:
            if by_label[match] not in ids:
                ids.append(by_label[match])
        return ids[:n]


def default_context() -> ImportContext:
    """The real catalogue and ``geodata.resolve.resolve``."""
    from geodata.resolve import resolve
    from indicators.catalogue import catalogue

    return ImportContext(catalogue=catalogue(), resolver=resolve)
