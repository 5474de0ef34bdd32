"""Bytes and server time of one indicator change: the real map callback against the baseline.

Both apps run under gunicorn on 127.0.0.1 and are called over HTTP with the same request shape
the browser sends. For each scenario (a country/level view, a year, two indicators that share
the same boundary layout), the map card is first drawn once so the client holds the view in its
``view`` store, exactly as a browser would (``cam.drawMap`` copies it from the reply's
``figure-data``); after that every call switches the indicator (A, B, A, ...) and the real app
answers with a ``Patch`` of the map's compact data (``dashboard.map.compact``; the browser
builds the figure and the bar chart from it, at no cost on the wire). Calls to the two apps are
interleaved so both see the same machine conditions.

Bytes are response bodies: ``*_bytes`` uncompressed, ``*_gzip_bytes`` as sent with
``Accept-Encoding: gzip``. Times are wall-clock milliseconds per request on loopback (request
sent to body read), median of the repeats: ``*_server_ms`` with gzip (as a browser asks),
``*_server_ms_identity`` without.
"""

from __future__ import annotations

import json
import logging
import statistics
from dataclasses import asdict, dataclass
from typing import Any

from dashboard.bench.dashcall import Client, Reply, find_dependency, output_value, short_name
from dashboard.components.map_card import MapCard

log = logging.getLogger(__name__)
FIGURE_DATA = "figure-data"  # the map card's store that render_map writes
# Only the map card's callback is the one measured.
MAP_COMPONENT = MapCard.ids.figure_data("main")["component"]


@dataclass(frozen=True)
class Scenario:
    """A map view and an indicator change: codes as in ``dashboard.map.state`` (country
    ``KAZ|KGZ|both``, admin level 1|2), a reference year and two catalogue indicator ids."""

    key: str
    label: str
    country: str
    level: int
    year: int
    indicators: tuple[str, str]


def pick_scenario(key: str, label: str, country: str, level: int) -> Scenario | None:
    """The latest year in which two indicators have values for the view (most areas first);
    None when the default dataset has no such pair."""
    from dashboard.map import data
    from dashboard.map.state import MapState

    countries = MapState(country=country).countries()
    cov = data.coverage()
    rows = cov[cov["country"].isin(countries) & cov["level"].eq(level)]
    for year in sorted(rows["year"].unique(), reverse=True):
        ids = sorted(set(rows.loc[rows["year"].eq(year), "indicator"]))
        if len(ids) >= 2:
            counts = {i: _area_count(i, int(year), countries, level) for i in ids}
            best = sorted(ids, key=lambda i: (-counts[i], i))[:2]
            return Scenario(key, label, country, level, int(year), (best[0], best[1]))
    return None


def _area_count(indicator: str, year: int, countries: tuple[str, ...], level: int) -> int:
    """How many areas have a value of ``indicator`` in ``year``."""
    from dashboard.map import data
    from indicators.query import map_values

    return sum(len(map_values(data.dataset(), indicator, year, c, level)) for c in countries)


def default_scenarios() -> list[Scenario]:
    """Districts of both countries (~280 polygons; the headline) and the default view
    (regions of Kyrgyzstan), each when the dataset allows an indicator change there."""
    wanted = [
        ("districts-both", "districts (level 2), both countries", "both", 2),
        ("regions-kgz", "regions (level 1), Kyrgyzstan (the default view)", "KGZ", 1),
    ]
    found = [pick_scenario(*w) for w in wanted]
    return [s for s in found if s is not None]


def map_values_for(
    scenario: Scenario, indicator: str, view: dict | None, year: int | None = None
) -> dict[str, Any]:
    """Inputs and states of the map callback by short name, as the page sends them
    (``year`` defaults to the scenario's)."""
    from dashboard.map.state import MapState

    shown = scenario.year if year is None else year
    state = MapState(
        country=scenario.country, level=scenario.level, indicator=indicator, year=shown
    )
    return {**state.to_query(), "level": scenario.level, "lang": "en", "view": view}


def baseline_values_for(scenario: Scenario, indicator: str) -> dict[str, Any]:
    """Inputs of the baseline callback (``dashboard.bench.baseline``)."""
    return {
        "country": scenario.country,
        "level": scenario.level,
        "indicator": indicator,
        "year": scenario.year,
    }


def _checked(reply: Reply, what: str) -> dict:
    """The reply's JSON; RuntimeError when the call failed (the bench must not time errors)."""
    if reply.status != 200:
        raise RuntimeError(f"{what}: HTTP {reply.status}: {reply.body[:300]!r}")
    return reply.json()


def _outputs(dep: dict, aio_id: str = "main") -> list[tuple[str | dict, str]]:
    """``(concrete id, property)`` of the dependency's outputs."""
    from dashboard.bench.dashcall import concrete_id, split_output

    return [(concrete_id(i, aio_id), p) for i, p in split_output(dep["output"])]


def _output_id(dep: dict, name: str, prop: str | None = None) -> str | dict:
    """The id of the dependency's output ``name`` (with ``prop`` when given); LookupError
    when the callback has no such output."""
    for cid, p in _outputs(dep):
        if short_name(cid) == name and prop in (None, p):
            return cid
    raise LookupError(f"the map callback has no output {name}.{prop or '*'}")


def output_sizes(dep: dict, reply_json: dict) -> dict[str, int]:
    """Uncompressed JSON bytes of each output in a callback reply, by short name."""
    sizes = {}
    for cid, prop in _outputs(dep):
        try:
            value = output_value(reply_json, cid, prop)
        except KeyError:
            continue
        sizes[f"{short_name(cid)}.{prop}"] = len(json.dumps(value, separators=(",", ":")))
    return sizes


def is_patch(value: object) -> bool:
    """Whether a returned value is a ``dash.Patch`` (a list of operations, no full figure)."""
    return isinstance(value, dict) and "__dash_patch_update" in value


class MapCaller:
    """Calls the real map callback for a scenario, holding the ``view`` store like a browser."""

    def __init__(self, client: Client, scenario: Scenario) -> None:
        from dashboard.bench.dashcall import callback_body

        self.client, self.scenario, self._body = client, scenario, callback_body
        self.dep = find_dependency(client.dependencies(), FIGURE_DATA, "data", MAP_COMPONENT)
        self.data_id = next(
            cid for cid, prop in _outputs(self.dep) if short_name(cid) == FIGURE_DATA
        )
        self.view: dict | None = None

    def body(self, indicator: str, view: dict | None, year: int | None = None) -> dict:
        """The request body for drawing ``indicator`` with the browser holding ``view``."""
        values = map_values_for(self.scenario, indicator, view, year)
        return self._body(self.dep, values, "indicator")

    def first_draw(self, indicator: str | None = None, year: int | None = None) -> Reply:
        """Draw an indicator from scratch (the whole store) and remember the view, as the
        browser's ``cam.drawMap`` does."""
        shown = indicator or self.scenario.indicators[0]
        reply = self.client.call(self.body(shown, None, year))
        self.view = self.figure(reply)["view"]
        return reply

    def change(self, indicator: str, compressed: bool) -> Reply:
        """Switch to ``indicator`` (the browser already has the view)."""
        return self.client.call(self.body(indicator, self.view), compressed)

    def figure(self, reply: Reply) -> Any:
        """The map's compact data (or its Patch) in a reply."""
        return output_value(_checked(reply, "map update"), self.data_id, "data")


class BaselineCaller:
    """Calls the baseline app's one callback (whole px.choropleth figure every time)."""

    def __init__(self, client: Client, scenario: Scenario) -> None:
        from dashboard.bench.dashcall import callback_body

        self.client, self.scenario, self._body = client, scenario, callback_body
        self.dep = find_dependency(client.dependencies(), "map", "figure")

    def change(self, indicator: str, compressed: bool) -> Reply:
        """Draw ``indicator`` the tutorial way."""
        body = self._body(self.dep, baseline_values_for(self.scenario, indicator), "indicator")
        reply = self.client.call(body, compressed)
        _checked(reply, "baseline update")
        return reply


@dataclass
class Samples:
    """Per-request measurements of one side (map or baseline)."""

    bytes: list[int]
    gzip_bytes: list[int]
    ms_gzip: list[float]
    ms_identity: list[float]

    def summary(self, prefix: str) -> dict[str, float | int]:
        """Medians under ``<prefix>_update_*`` keys."""
        return {
            f"{prefix}_update_bytes": int(statistics.median(self.bytes)),
            f"{prefix}_update_gzip_bytes": int(statistics.median(self.gzip_bytes)),
            f"{prefix}_update_server_ms": round(statistics.median(self.ms_gzip), 2),
            f"{prefix}_update_server_ms_identity": round(statistics.median(self.ms_identity), 2),
        }


def _sample(change, indicator: str, samples: Samples) -> Reply:
    """One gzip and one identity request for ``indicator``; returns the identity reply."""
    zipped = change(indicator, True)
    plain = change(indicator, False)
    samples.gzip_bytes.append(len(zipped.wire))
    samples.ms_gzip.append(zipped.ms)
    samples.bytes.append(len(plain.body))
    samples.ms_identity.append(plain.ms)
    return plain


def geometry_sizes(client: Client, url: str | None) -> dict[str, Any]:
    """The geometry file the map references (fetched once by the browser, then cached):
    URL, feature count, bytes uncompressed and gzip-compressed."""
    if not url:
        return {"geometry_url": None}
    path = url.removeprefix(client.prefix)
    plain, zipped = client.request("GET", path), client.request("GET", path, compressed=True)
    features = len(plain.json().get("features", [])) if plain.status == 200 else None
    return {
        "geometry_url": url,
        "geometry_features": features,
        "geometry_bytes": len(plain.body),
        "geometry_gzip_bytes": len(zipped.wire),
    }


def _ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator`` rounded, or None when the denominator is 0."""
    return round(numerator / denominator, 1) if denominator else None


def measure_scenario(
    app_url: str, baseline_url: str, scenario: Scenario, repeats: int, warmup: int = 2
) -> dict[str, Any]:
    """Interleaved indicator changes against both apps; medians, ratios and a breakdown."""
    app, base = Client(app_url), Client(baseline_url)
    try:
        mapc, basec = MapCaller(app, scenario), BaselineCaller(base, scenario)
        first = mapc.first_draw()
        a, b = scenario.indicators
        for k in range(warmup):  # worker caches and lazy loads on both sides
            for change in (mapc.change, basec.change):
                change(b if k % 2 == 0 else a, False)
        ours, theirs = Samples([], [], [], []), Samples([], [], [], [])
        patch_seen, last = True, first
        for k in range(repeats):
            indicator = b if k % 2 == 0 else a
            last = _sample(mapc.change, indicator, ours)
            patch_seen &= is_patch(mapc.figure(last))
            _sample(basec.change, indicator, theirs)
        result = {
            **asdict(scenario),
            "indicators": list(scenario.indicators),
            "repeats": repeats,
            "map_update_is_patch": patch_seen,
            **ours.summary("map"),
            **theirs.summary("baseline"),
            "map_update_parts_bytes": output_sizes(mapc.dep, last.json()),
            "map_first_draw_bytes": len(first.body),
            **geometry_sizes(app, (mapc.view or {}).get("url")),
        }
    finally:
        app.close()
        base.close()
    result["bytes_ratio"] = _ratio(result["baseline_update_bytes"], result["map_update_bytes"])
    result["bytes_ratio_gzip"] = _ratio(
        result["baseline_update_gzip_bytes"], result["map_update_gzip_bytes"]
    )
    result["server_time_ratio"] = _ratio(
        result["baseline_update_server_ms"], result["map_update_server_ms"]
    )
    result["server_time_ratio_identity"] = _ratio(
        result["baseline_update_server_ms_identity"], result["map_update_server_ms_identity"]
    )
    return result
