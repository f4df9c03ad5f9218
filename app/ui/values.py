"""Moved: values are read and shown by app.model.values; the status colours are in
app.ui.status_colours.  Only main_window.py still imports them from here (another branch edits
that file); change its import to app.ui.status_colours and delete this module."""

from __future__ import annotations

from app.ui.status_colours import STATUS_COLOURS

__all__ = ["STATUS_COLOURS"]
