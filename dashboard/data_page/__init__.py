"""The Data & downloads page: layout, callbacks, state, table, chart and download files."""
