"""The return editor's status line: one statement about the return — its status and what stands
between it and filing — never two that disagree ("Draft ✔ Ready to file")."""

from __future__ import annotations

from app.model.status import FILED, READY
from app.model.status import LABELS as STATUS_LABELS
from app.ui.qt import QLabel, QWidget
from app.ui.session import ReturnSession

LONGEST = "Ready to file — no errors, 999 warnings · not saved"


def status_line(
    status: str, *, validated: bool, errors: int, warnings: int, unsaved: bool
) -> tuple[str, str]:
    """The line and its colour: "Draft — 3 errors to fix", "Draft — ready to file (no errors)",
    "Ready to file — no errors, 2 warnings", "Filed — read-only; …"."""
    if status == FILED:
        return "Filed — read-only; a correction is a revision (Return ▸ Revise)", "#1f3f74"
    label = STATUS_LABELS.get(status, status)
    warned = f"{warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    if not validated:
        text, colour = f"{label} — checking…", "#5f6368"
    elif errors:
        noun = f"{errors} error{'s' * (errors != 1)}"
        text, colour = f"{label} — {noun} to fix" + (f", {warned}" if warned else ""), "#b3261e"
    elif status == READY:
        text, colour = "Ready to file — no errors" + (f", {warned}" if warned else ""), "#137333"
    else:
        extra = f", {warned}" if warned else ""
        text, colour = f"{label} — ready to file (no errors{extra})", "#137333"
    if unsaved:
        text, colour = text + " · not saved", "#b3261e"
    return text, colour


class StatusLine(QLabel):
    """The line in the editor's status bar, room kept for the longest so it never shows cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text_now = ""
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(LONGEST) + 16)

    def show_for(self, s: ReturnSession) -> None:
        text, colour = status_line(
            s.status, validated=s.validated, errors=s.error_count(),
            warnings=s.warning_count(), unsaved=s.has_unsaved,
        )  # fmt: skip
        self.text_now = text
        self.setText(f"<b style='color:{colour}'>{text}</b>")
