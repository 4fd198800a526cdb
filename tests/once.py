"""Posting forms that carry a one-time token (enterprise.once)."""

from enterprise.once import FIELD, new_token


def once(data: dict | None = None, **fields) -> dict:
    """The form data with a fresh one-time token, as the rendered form has."""
    return {**(data or {}), **fields, FIELD: new_token()}
