"""Dash callbacks, one module per page or shell part; each registers with ``dash.callback``."""
