"""The store's tables as plain SQLAlchemy Core (spec sections 3, 4 and 7): no ORM, nothing heavy
at import.

The columns of the return's parts come from the form catalogue (app.store.columns): every amount
an integer number of paise, every rate integer 1/10000ths, stock quantities integer hundredths;
dates in row tables ISO text `YYYY-MM-DD`.  Rows of a part keep their order in `position`
(0-based; `seq` in list_row).  Each row table and the return row have a nullable `extra` JSON
text for the fields a later version of the form adds; `form_version` records the version a
return is on.

The schema itself is made only by the Alembic migrations in app/store/migrations; these tables
are what the code reads and writes, and a test checks both agree (on SQLite and PostgreSQL).
Migration 0002 adds triggers that refuse any change to a filed return and its rows (FILED_GUARDED
lists the row tables).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from app.store.columns import STORE_FORM, Stored, row_columns, section_columns

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
METADATA = MetaData(naming_convention=NAMING)

#: Row tables of a return (column return_id) that the filed-return triggers guard.
FILED_GUARDED = ("return_branch", "part1a_row", "part1b_row", "part2_row", "part5_row", "stock_row",
                 "list_row", "filed_facts", "filed_part3")  # fmt: skip

#: list_row.kind for the two enclosure lists.
LIST_KINDS = {"sales_list": 1, "purchase_list": 2}


def _money(name: str) -> Column[Any]:
    return Column(name, BigInteger, nullable=False, default=0)


def _text(name: str) -> Column[Any]:
    return Column(name, Text, nullable=False, default="")


def _stored(c: Stored, section: str = "") -> Column[Any]:
    default: Any = None
    if not c.nullable:
        default = {"text": "", "upper": "", "choice": "", "yes_no": False}.get(c.kind, 0)
    return Column(c.name, c.sql_type(section), nullable=c.nullable, default=default)


def _extra() -> Column[Any]:
    """Values of fields a later form version adds (JSON text; NULL when the row has none)."""
    return Column("extra", Text, nullable=True)


def _return_fk() -> Column[Any]:
    return Column(
        "return_id",
        ForeignKey("tax_return.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )


def _position() -> Column[Any]:
    return Column("position", Integer, primary_key=True, autoincrement=False)


def _row_table(name: str, part: str) -> Table:
    return Table(
        name,
        METADATA,
        _return_fk(),
        _position(),
        *(_stored(c) for c in row_columns(part)),
        _extra(),
    )


#: A dealer (app.model.client.ClientProfile).
CLIENT = Table(
    "client",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("tin", String(32), nullable=False, unique=True),
    *(_text(n) for n in ("kgst_no", "cst_no", "tps_division", "tps_circle", "name", "address",
                         "trade_name", "constitution", "nature_of_business", "gstin")),
    Column("large_dealer", Boolean, nullable=False, default=False),
    _text("renewed_until"),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)  # fmt: skip

CLIENT_BRANCH = Table(
    "client_branch",
    METADATA,
    Column(
        "client_id",
        ForeignKey("client.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    _position(),
    _text("name"),
    _text("address"),
)

#: One FORM No. 9 return: its status and the single-valued parts (header, inputs, declaration).
RETURN = Table(
    "tax_return",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("client_id", ForeignKey("client.id", ondelete="CASCADE"), nullable=False, index=True),
    # status (spec section 7)
    Column("status", String(8), nullable=False, default="draft"),
    _text("ack_no"),
    Column("filed_on", Date),
    _money("payable"),  # cached summary for lists (paise)
    _text("rate_pack"),  # the rate pack version the return is computed with
    #: The version of the form the return is on (app.forms), chosen by its period when created.
    Column("form_version", String(16), nullable=False, server_default=STORE_FORM),
    #: Optimistic locking: +1 on every write to the return or its rows (app.store.Store).
    Column("version", Integer, nullable=False, default=1, server_default="1"),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    *(_stored(c, "header") for c in section_columns("header")),
    *(_stored(c, "inputs") for c in section_columns("inputs")),
    *(_stored(c, "declaration") for c in section_columns("declaration")),
    _extra(),
    UniqueConstraint(
        "client_id", "period", "return_type", "revision_no", name="uq_tax_return_version"
    ),
    CheckConstraint("status IN ('draft', 'ready', 'filed')", name="status"),
)

RETURN_BRANCH = _row_table("return_branch", "branches")
PART1A = _row_table("part1a_row", "part1a")
PART1B = _row_table("part1b_row", "part1b")
PART2 = _row_table("part2_row", "part2")
PART5 = _row_table("part5_row", "part5")
STOCK = _row_table("stock_row", "stock")

#: Sales list (kind 1) and purchase list (kind 2) rows; up to 100,000 per list.  Rows are ordered
#: by `seq`, a sort key with gaps (row n is saved at (n + 1) × 2^20), so one row inserted or
#: deleted in the middle of a long list never renumbers the others.
LIST = Table(
    "list_row",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("return_id", ForeignKey("tax_return.id", ondelete="CASCADE"), nullable=False),
    Column("kind", SmallInteger, nullable=False),
    Column("seq", BigInteger, nullable=False),
    *(_stored(c) for c in row_columns("sales_list")),
    _extra(),
    Index("ix_list_row_order", "return_id", "kind", "seq", unique=True),
    CheckConstraint("kind IN (1, 2)", name="kind"),
)

#: Part 4 inputs of a revision: what the last filed return of the period said (F).
FILED = Table(
    "filed_facts",
    METADATA,
    Column(
        "return_id",
        ForeignKey("tax_return.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("due_date", Date),
    _text("ack_no"),
    _money("carried_forward_kgst"),
    _money("carried_forward_kvat"),
    _money("carried_forward_cst"),
)

#: F's Part 3, one row per field id (a_i … h_vii) in the order held.
FILED_PART3 = Table(
    "filed_part3",
    METADATA,
    Column(
        "return_id",
        ForeignKey("filed_facts.return_id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    ),
    _position(),
    Column("field", String(16), nullable=False),
    _money("amount"),
    UniqueConstraint("return_id", "field", name="uq_filed_part3_field"),
)

#: A file written from the return (upload JSON, PDF, Excel), with its checksum.
EXPORT = Table(
    "export_record",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column(
        "return_id", ForeignKey("tax_return.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("kind", String(8), nullable=False),
    _text("path"),
    _text("checksum"),
    Column("at", DateTime, nullable=False),
    CheckConstraint("kind IN ('json', 'pdf', 'excel')", name="kind"),
)

#: Who changed what, when (migration 0004; app.store.audit): append-only, no foreign keys.
AUDIT = Table(
    "audit",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("db_user", String(128), nullable=False),  # CURRENT_USER; the OS user on SQLite
    Column("client_id", Integer),
    Column("return_id", Integer),
    Column("part", String(64), nullable=False, default=""),
    Column("action", String(16), nullable=False),
    Column("summary", Text, nullable=False, default=""),
    Index("ix_audit_return", "return_id", "id"),
    Index("ix_audit_client", "client_id", "id"),
)

TABLES = METADATA.tables
