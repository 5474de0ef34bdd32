"""Hypothesis settings for the indicator tests.

Property tests run with fixed examples (``derandomize``) and no per-example deadline: CI on a
busy two-core machine must not fail because one example was slow (speed is measured by
``cam-atlas bench``, never asserted in tests).
"""

from hypothesis import settings

settings.register_profile("cam-atlas", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("cam-atlas")
