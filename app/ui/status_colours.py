"""The colours of a return's status, the same in every list of the app."""

from __future__ import annotations

#: Status colours (text, background): filed green, ready blue, draft amber, no return grey.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "filed": ("#137333", "#e6f4ea"),
    "ready": ("#1a56b0", "#e8f0fe"),
    "draft": ("#8a5a00", "#fef3d6"),
    "": ("#80868b", "#f1f3f4"),
}
