"""``Deferred``: parts of the map page drawn only after its first map.

On a first visit the browser's main thread is the bottleneck (docs/PERFORMANCE.md): with the
bar chart and the Region panel's two searchable dropdowns rendered alongside it, the map waited
about 0.2 s for them. ``Deferred`` (``assets/cam-deferred.js``) renders its children once the
page's first map polygon is painted, the reader touches the page (pointer, key, wheel), or
``wait_ms`` have passed since it appeared (a map that cannot be drawn never holds them back).
Once released, every ``Deferred`` renders at once, so later page views are unaffected.

The children are part of the layout from the start, so callbacks see their components and
values exactly as without the wrapper; only their drawing waits.
"""

from __future__ import annotations

from typing import Any

from dash.development.base_component import Component

NAMESPACE = "cam_atlas"  # window.cam_atlas in assets/cam-deferred.js
FALLBACK_MS = 1500


class Deferred(Component):
    """A ``div`` whose children are rendered after the page's first map (see module doc)."""

    # Instance attributes on Dash's Component (read only), set per class as Dash's own do.
    _children_props: list[str] = []  # noqa: RUF012
    _base_nodes: list[str] = ["children"]  # noqa: RUF012
    _namespace = NAMESPACE
    _type = "Deferred"

    def __init__(
        self,
        children: Any = None,
        className: str | None = None,
        style: dict | None = None,
        wait_ms: int = FALLBACK_MS,
    ) -> None:
        """``children``: what to render later; ``wait_ms``: the longest wait (milliseconds
        after the container appears)."""
        self._prop_names = ["children", "className", "style", "wait_ms"]
        self._valid_wildcard_attributes: list[str] = []
        self.available_properties = list(self._prop_names)
        self.available_wildcard_properties: list[str] = []
        given = {"className": className, "style": style, "wait_ms": wait_ms}
        super().__init__(children=children, **{k: v for k, v in given.items() if v is not None})
