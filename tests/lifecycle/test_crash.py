"""Power cut at any instant: 30 SIGKILLs at random points of Mark as filed, Revise (create, edit,
file) and a 10,000-row list rewrite, each in a child process (crash_driver.py).  After every kill:
the file passes PRAGMA integrity_check, every change the child acknowledged (printed after its
commit) is in the store, and the brought-forward figures agree with the filings (instruction 16:
an unfiled return of the month after a filed one brings forward that return's excess) — each
action happened whole or not at all.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from crash_driver import CLIENT, LIST_DEALER, LIST_ROWS, months

from app.model import history
from app.model.carry_forward import excess_of
from app.model.compute import compute
from app.store import Store
from app.store.store import DB_FILE

DRIVER = Path(__file__).with_name("crash_driver.py")
ROOT = Path(__file__).resolve().parents[2]
KILLS = 30

pytestmark = pytest.mark.sqlite_only(
    "SIGKILLs a process writing the SQLite file and reads the file back; PostgreSQL's own durability is the server's (a killed client's transaction is rolled back by it)"
)


@dataclass
class Acked:
    filed: set[int] = field(default_factory=set)
    revisions: set[int] = field(default_factory=set)
    edits: dict[int, Decimal] = field(default_factory=dict)
    list_marker: str = "M0"
    #: Rewrites started since the last acknowledged one, by any child: each may have committed
    #: before its child was killed (a later child's attempt does not undo an earlier one's commit).
    list_tried: set[str] = field(default_factory=set)

    def read(self, out: str) -> int:
        """Take in a child's output; returns how many changes it acknowledged.  A last line the
        kill cut short (no newline) was never said: an ACK is printed after its commit, a TRY
        before its attempt, so ignoring it claims nothing the store need hold."""
        n = 0
        for line in out.split("\n")[:-1]:
            words = line.split()
            if words[:2] == ["TRY", "list"]:
                self.list_tried.add(words[2])
            if not words or words[0] != "ACK":
                continue
            n += 1
            kind, value = words[1], words[2]
            if kind == "filed":
                self.filed.add(int(value))
            elif kind == "revision":
                self.revisions.add(int(value))
            elif kind == "edit":
                self.edits[int(value)] = Decimal(words[3])
            elif kind == "list":
                self.list_marker, self.list_tried = value, set()
        return n


def _driver(*args: str) -> list[str]:
    return [sys.executable, str(DRIVER), *args]


def check(data_dir: Path, acked: Acked) -> None:
    con = sqlite3.connect(data_dir / DB_FILE)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        con.close()
    with Store.open(data_dir, backups=False) as store:
        clients = {c.tin: c.id for c in store.list_clients()}
        # every acknowledged change is there
        for rid in acked.filed:
            assert store.return_info(rid).status == "filed", f"acknowledged filing {rid} lost"
        for rid in acked.revisions:
            store.return_info(rid)  # raises if the acknowledged revision is gone
        for rid, tax_paid in acked.edits.items():
            assert store.load_return(rid, lists=False).part2[0].tax_paid == tax_paid
        (lst,) = store.list_returns(clients[LIST_DEALER.tin])
        rows = store.load_return(lst.id).sales_list
        markers = {r.doc_no.split("/")[0] for r in rows}
        assert len(rows) == LIST_ROWS and len(markers) == 1, "a list rewrite was torn"
        assert markers <= {acked.list_marker, *acked.list_tried}, "an acknowledged rewrite lost"
        assert [r.doc_no.split("/")[1] for r in rows[:3]] == ["0", "1", "2"]
        # brought-forward figures follow the filings (instruction 16)
        everything = store.list_returns(clients[CLIENT.tin])
        for m in months()[:-1]:
            done = history.latest_filed(history.of_period(everything, m))
            nxt = history.of_period(everything, m.next())
            if done is None or history.filed(nxt):
                continue
            src = store.load_return(done.id, lists=False)
            want = excess_of(compute(src, with_lists=False).part3.as_dict())
            for r in nxt:
                got = store.load_return(r.id, lists=False).inputs.brought_forward
                assert got == want, f"{m.next()}: brought forward {got}, filed excess {want}"


@pytest.mark.slow
def test_nothing_acknowledged_is_lost_and_figures_agree_after_30_kills(tmp_path: Path) -> None:
    started = time.monotonic()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    subprocess.run(_driver("setup", str(tmp_path)), check=True, cwd=ROOT, env=env, timeout=120)
    rng = random.Random(20261201)
    acked = Acked()
    acks = mid_action = 0
    for kill in range(KILLS):
        err = tmp_path / "child.err"
        with err.open("w") as stderr:
            child = subprocess.Popen(
                _driver("run", str(tmp_path), str(rng.randrange(10**9))),
                stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT, env=env,
            )  # fmt: skip
            assert child.stdout is not None
            first = child.stdout.readline()
            assert first.strip() == "READY", err.read_text()
            time.sleep(rng.uniform(0.0, 0.45))
            child.send_signal(signal.SIGKILL)
            out = child.stdout.read()
            child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL, f"kill {kill}: {err.read_text()}"
        acks += acked.read(out)
        last = out.splitlines()[-1] if out.strip() else ""
        mid_action += last.startswith(("BEGIN", "TRY"))  # killed before the action's ACK
        check(tmp_path, acked)
    elapsed = time.monotonic() - started
    print(f"{KILLS} kills ({mid_action} in the middle of an action), {acks} acknowledged "
          f"changes, {len(acked.filed)} filings, {elapsed:.1f} s")  # fmt: skip
    assert mid_action >= KILLS // 3  # the kills really landed in work, not at start-up
    assert acked.filed and acked.revisions and acked.list_marker != "M0"
