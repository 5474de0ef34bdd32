"""The Map page: layout, callbacks, URL state, data access and figure building."""
