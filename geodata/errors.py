"""Errors whose message is meant for the person at the keyboard (printed without a traceback)."""


class UserFacingError(Exception):
    """An error with a message that says what went wrong and what to do about it."""
