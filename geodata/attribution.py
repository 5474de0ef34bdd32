"""Attribution and licence information for the boundary layers (rendered by the dashboard).

``BOUNDARY_ATTRIBUTION`` is the one-line footer credit; ``layer_sources(country, level,
vintage)`` gives the datasets (with licence and credit) behind one layer. The full licence
texts are in the NOTICE file at the repository root.
"""

from __future__ import annotations

from geodata.sources import DATASETS, Dataset

BOUNDARY_ATTRIBUTION = (
    "Boundaries: geokz (A. Rodionov, CC BY 4.0, based on the Bureau of National Statistics of "
    "Kazakhstan); Ministry of Emergency Situations of the Kyrgyz Republic / UN OCHA via HDX "
    "(CC BY-IGO 3.0); Who's On First (CC0). Simplified for display."
)

BOUNDARY_DISCLAIMER = (
    "The boundaries and names shown do not imply any opinion or endorsement concerning the "
    "legal status of any territory or the delimitation of its borders."
)

_LAYER_DATASETS = {
    "KAZ": ("geokz",),
    "KGZ": ("ocha-cod-kgz", "wof-kg"),
}


def layer_sources(
    country: str, level: int | None = None, vintage: str | None = None
) -> list[Dataset]:
    """Datasets behind a layer (all levels and vintages of a country share their sources)."""
    del level, vintage  # same sources for every level and layout of a country
    return [DATASETS[d] for d in _LAYER_DATASETS[str(country).upper()]]


def layer_attribution(country: str, level: int | None = None, vintage: str | None = None) -> str:
    """One line crediting the sources of a layer, with their licences."""
    return "; ".join(d.credit for d in layer_sources(country, level, vintage))
