"""The national SDG reporting platforms (Open SDG format) of Kyrgyzstan and Kazakhstan.

- ``platforms``: the platforms, their pinned builds and the sha256 registry; acquisition.
- ``mapping``: the reviewed mapping from platform files to catalogue ids.
- ``reader``: one build -> totals, breakdowns and sources with full provenance.
- ``versions``: stored versions per platform, the default dataset's Open SDG part, and
  ``update`` (a new build with a change report, stored atomically).
"""
