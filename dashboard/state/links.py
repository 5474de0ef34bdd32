"""The one link builder: every link between pages carries the shared state the same way.

``href("/scores", query)`` keeps the non-empty values of the shared keys
(:data:`dashboard.state.model.SHARED_KEYS`, the dataset included, always as
``dataset=<name>``) plus the target page's own keys passed in ``extra``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

from dashboard.state.model import DEFAULT_DATASET, SHARED_KEYS


def query_string(params: Mapping[str, object]) -> str:
    """``?key=value&...`` for the non-empty ``params`` (commas in ``areas`` kept readable;
    ``dataset=default`` left out: it is the default)."""
    kept = {
        k: str(v)
        for k, v in params.items()
        if v not in (None, "") and not (k == "dataset" and v == DEFAULT_DATASET)
    }
    return ("?" + urlencode(kept, safe=",")) if kept else ""


def shared(query: Mapping[str, object], keys: Iterable[str] = SHARED_KEYS) -> dict[str, object]:
    """The shared keys of a page state's query (``to_query()``), in one order."""
    return {key: query[key] for key in keys if key in query}


def href(
    path: str,
    query: Mapping[str, object],
    extra: Mapping[str, object] | None = None,
    keys: Iterable[str] = SHARED_KEYS,
) -> str:
    """The URL of the page at ``path`` (under the app's prefix) with the shared keys of
    ``query`` and the page keys ``extra`` (an ``extra`` value wins over a shared one)."""
    import dash

    return dash.get_relative_path(path) + query_string({**shared(query, keys), **(extra or {})})
