"""The practitioner's desk (issue 15): the actions that join the store, the files and the rules —
rolling a dealer forward, carrying a client to another PC, the due-date board, a problem report,
settings and the log.  Used by both the `form9` command and the windows (app.ui), so it sits
between them: it may import app.store, app.export and app.model, never app.ui.
"""

from __future__ import annotations


class DeskError(ValueError):
    """An action that cannot be done; the message is one line saying where and what."""
