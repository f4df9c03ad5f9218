"""app.gc_pause: the collector paused while a command's modules are imported or rows are read,
then running again as before, what was made meanwhile out of its sight (issue 13)."""

from __future__ import annotations

import gc

from app import cli
from app.gc_pause import paused_gc


class Made:
    pass


def test_paused_then_running_again_with_what_was_made_frozen() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with paused_gc():
        assert not gc.isenabled()
        made = [Made() for _ in range(100)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(made)


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_choosing_a_command_leaves_the_collector_running() -> None:
    for name in ("validate", "export-json", "clients"):
        cli.build_parser(name)
        assert gc.isenabled(), name
