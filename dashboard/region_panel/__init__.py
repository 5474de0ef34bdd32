"""The Region panel beside the map: component, callbacks, area profile and trend chart."""
