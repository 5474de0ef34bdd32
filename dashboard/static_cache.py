"""Long caching for Dash assets whose URL carries Dash's ``?m=<mtime>`` fingerprint.

Dash links every file of ``assets/`` as ``/assets/<file>?m=<modification time>``, so the URL
changes whenever the file does. Flask serves them with ``no-cache`` and an ETag, and with gzip
from Flask-Compress the revalidation misses, so a repeat visit downloaded the 485 KB plotly.js
bundle again. Fingerprinted asset URLs are cached for a year instead, as Dash does for
``/_dash-component-suites/``; an asset requested without ``m`` keeps Flask's revalidation.
"""

from __future__ import annotations

from flask import Flask, Response, request

CACHE_FOREVER = "public, max-age=31536000, immutable"


def install_asset_caching(server: Flask, assets_prefix: str = "/assets/") -> None:
    """Mark successful responses for ``<assets_prefix>...?m=...`` as cacheable for a year."""

    @server.after_request
    def _cache_fingerprinted(response: Response) -> Response:
        if (
            response.status_code == 200
            and request.path.startswith(assets_prefix)
            and request.args.get("m")
        ):
            response.headers["Cache-Control"] = CACHE_FOREVER
        return response
