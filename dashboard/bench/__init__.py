"""``cam-atlas bench``: performance measured on the running app, never asserted in tests.

- ``server``: gunicorn on a free 127.0.0.1 port (as in tests/conftest.py).
- ``dashcall``: POST a Dash callback like the browser (body built from /_dash-dependencies).
- ``baseline``: the tutorial px.choropleth app (whole GeoJSON in every response).
- ``payload``: bytes and server time of an indicator change, real app vs baseline.
- ``browser``: first-load bytes and time to the first drawn map in headless Chromium.
- ``load``: bounded concurrent load on the map callback (Python client).
- ``run`` / ``report`` / ``cli``: orchestration, table output, the subcommand.

Method and latest figures: docs/PERFORMANCE.md.
"""
