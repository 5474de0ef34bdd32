"""The Data availability page: layout, callbacks, state/view and the availability grid."""
