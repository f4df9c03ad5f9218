"""Child process of the crash test (test_crash.py): works on a store until it is killed.

    python crash_driver.py setup DATA_DIR          make the store (the parent does this once)
    python crash_driver.py run DATA_DIR SEED       work until SIGKILL

`run` prints READY once the store is open, then loops over user actions chosen at random (each
announced by a BEGIN line) —
Mark as filed of the next month, Revise a filed month (create, edit, file), and a 10,000-row
sales-list rewrite — and prints an ACK line only after the action's transaction has committed:

    ACK filed RID             the return is filed
    ACK revision RID          the revision exists
    ACK edit RID TAX_PAID     the revision's Part 2 row 1 tax paid is TAX_PAID
    ACK list MARKER           the list return's 10,000 rows all carry MARKER
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lifecycle_builders import CLIENT, month_return, pay  # noqa: E402

from app.model.client import ClientProfile  # noqa: E402
from app.model.form9 import Form9Return, ListRow  # noqa: E402
from app.model.periods import Period  # noqa: E402
from app.store import Store  # noqa: E402
from app.store import lifecycle as lc  # noqa: E402

FIRST = Period(2024, 8)
MONTHS = 48
LIST_ROWS = 10_000
LIST_DEALER = ClientProfile(tin="32999999993", name="Crash Test Lists")


def months() -> list[Period]:
    out, p = [], FIRST
    for _ in range(MONTHS):
        out.append(p)
        p = p.next()
    return out


def due(p: Period) -> date:
    """Not a large dealer, nature Other: the 15th of the next month."""
    nxt = p.next()
    return date(nxt.year, nxt.month, 15)


def list_rows(marker: str) -> list[ListRow]:
    day = date(2024, 8, 1)
    return [
        ListRow("Sales", "first", "32000000009", "Buyer", f"{marker}/{n}", day,
                Decimal("100.00"), Decimal("10.00"), Decimal(0))
        for n in range(LIST_ROWS)
    ]  # fmt: skip


def setup(data_dir: Path) -> None:
    with Store.open(data_dir, backups=False) as store:
        cid = store.add_client(CLIENT)
        for p in months():
            ret = month_return(str(p), kgst="50000.00", kvat="100000.00", itc="29000.00",
                               on=due(p))  # fmt: skip
            pay(ret, "KGST", "5000.00", due(p))
            lc.new_return(store, cid, ret)
        lid = store.add_client(LIST_DEALER)
        lst = Form9Return(header=LIST_DEALER.header_for(str(FIRST)))
        lst.sales_list = list_rows("M0")
        store.create_return(lid, lst)


def ack(*words: object) -> None:
    print("ACK", *words, flush=True)


class Driver:
    def __init__(self, store: Store, rng: random.Random) -> None:
        self.s, self.rng = store, rng
        self.cid = next(c.id for c in store.list_clients() if c.tin == CLIENT.tin)
        lid = next(c.id for c in store.list_clients() if c.tin == LIST_DEALER.tin)
        self.list_rid = store.list_returns(lid)[0].id

    def versions(self) -> list[lc.ReturnInfoLike]:
        return list(self.s.list_returns(self.cid))

    def step(self) -> None:
        print("BEGIN", flush=True)  # an action starts (the parent counts kills that land in one)
        everything = self.versions()
        pending = [r for r in everything if r.return_type == "revision" and r.status != "filed"]
        if pending:
            self.finish_revision(pending[0].id)
            return
        choice = self.rng.random()
        if choice < 0.45 and self.file_next(everything):
            return
        if choice < 0.75 and self.revise(everything):
            return
        self.rewrite_list()

    def file_next(self, everything: list[lc.ReturnInfoLike]) -> bool:
        unfiled = sorted(
            (r for r in everything if r.status != "filed" and r.return_type == "original"),
            key=lambda r: r.period,
        )
        if not unfiled:
            return False
        r = unfiled[0]
        on = due(Period.parse(r.period))
        lc.mark_filed(self.s, r.id, f"ACK-{r.period}", on, today=on)
        ack("filed", r.id)
        return True

    def revise(self, everything: list[lc.ReturnInfoLike]) -> bool:
        filed = [r for r in everything if r.status == "filed"]
        if not filed:
            return False
        target = self.rng.choice(filed)
        rid = lc.create_revision(self.s, target.id)
        ack("revision", rid)
        self.finish_revision(rid)
        return True

    def finish_revision(self, rid: int) -> None:
        info = self.s.return_info(rid)
        ret = self.s.load_return(rid)
        filed = self.s.latest_filed(self.cid, info.period)
        assert filed is not None
        base = self.s.load_return(filed.id, lists=False).part2[0].tax_paid
        on = (filed.filed_on or due(Period.parse(info.period))) + timedelta(days=1)
        if ret.part2[0].tax_paid == base:  # not edited yet: more input tax, a larger excess
            ret.part2[0].tax_paid = base + Decimal(1000)
            ret.declaration.date = on
            self.s.save_parts(rid, ret, {"part2", "declaration"})
            ack("edit", rid, ret.part2[0].tax_paid)
        lc.mark_filed(self.s, rid, f"ACK-{info.period}-R{info.revision_no}", on, today=on)
        ack("filed", rid)

    def rewrite_list(self) -> None:
        marker = f"M{self.rng.randrange(1, 10**9)}"
        ret = self.s.load_return(self.list_rid, lists=False)
        ret.sales_list = list_rows(marker)
        print("TRY list", marker, flush=True)
        self.s.save_parts(self.list_rid, ret, {"sales_list"})
        ack("list", marker)


def run(data_dir: Path, seed: int) -> None:
    with Store.open(data_dir, backups=False) as store:
        driver = Driver(store, random.Random(seed))
        print("READY", flush=True)
        while True:
            driver.step()


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "setup":
        setup(folder)
    else:
        run(folder, int(sys.argv[3]))
