"""The one URL state of the app: shared keys, field parsers, notes (model) and links (links)."""
