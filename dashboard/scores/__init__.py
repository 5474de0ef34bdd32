"""The Gap scores page: layout, callbacks, state, the pure score view and its parts."""
