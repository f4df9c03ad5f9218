"""What validation knows from outside the return (spec section 5, instructions 1 and 2): the
store's facts, given by the GUI and the store's lifecycle; the commands over upload files have
none (so they do without this module: issue 13)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Context:
    """Facts from outside the return (the store) that some rules need; all optional."""

    previous_filed: bool | None = None  # instruction 2
    registration_renewed: bool | None = None  # instruction 1
