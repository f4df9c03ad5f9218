"""The local store's tables as SQLAlchemy 2 models (spec sections 3, 4 and 7).

Every amount is an integer number of paise (app.model.numbers.to_paise), every rate an integer
number of 1/10000ths (rate_to_units), stock quantities integer hundredths; dates in row tables are
ISO text `YYYY-MM-DD`. Rows of a part keep their order in `position` (0-based; `seq` in
list_row).

The schema itself is made only by the Alembic migrations in app/store/migrations; these models are
what the code reads and writes, and a test checks both agree.  Migration 0002 adds triggers that
refuse any change to a filed return and its rows (FILED_GUARDED lists the row tables).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: Row tables of a return (column return_id) that the filed-return triggers guard.
FILED_GUARDED = ("return_branch", "part1a_row", "part1b_row", "part2_row", "part5_row", "stock_row",
                 "list_row", "filed_facts", "filed_part3")  # fmt: skip

#: list_row.kind for the two enclosure lists.
LIST_KINDS = {"sales_list": 1, "purchase_list": 2}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _money() -> Mapped[int]:
    return mapped_column(BigInteger, nullable=False, default=0)


def _text() -> Mapped[str]:
    return mapped_column(Text, nullable=False, default="")


def _return_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("tax_return.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )


def _position() -> Mapped[int]:
    return mapped_column(Integer, primary_key=True, autoincrement=False)


class Client(Base):
    """A dealer (app.model.client.ClientProfile)."""

    __tablename__ = "client"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tin: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    kgst_no: Mapped[str] = _text()
    cst_no: Mapped[str] = _text()
    tps_division: Mapped[str] = _text()
    tps_circle: Mapped[str] = _text()
    name: Mapped[str] = _text()
    address: Mapped[str] = _text()
    trade_name: Mapped[str] = _text()
    constitution: Mapped[str] = _text()
    nature_of_business: Mapped[str] = _text()
    gstin: Mapped[str] = _text()
    large_dealer: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    renewed_until: Mapped[str] = _text()
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)


class ClientBranch(Base):
    __tablename__ = "client_branch"
    client_id: Mapped[int] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    position: Mapped[int] = _position()
    name: Mapped[str] = _text()
    address: Mapped[str] = _text()


class TaxReturn(Base):
    """One FORM No. 9 return: its status and the single-valued parts (header, inputs, declaration)."""

    __tablename__ = "tax_return"
    __table_args__ = (
        UniqueConstraint(
            "client_id", "period", "return_type", "revision_no", name="uq_tax_return_version"
        ),
        CheckConstraint("status IN ('draft', 'ready', 'filed')", name="status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(
        ForeignKey("client.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # status (spec section 7)
    status: Mapped[str] = mapped_column(String(8), nullable=False, default="draft")
    ack_no: Mapped[str] = _text()
    filed_on: Mapped[date | None] = mapped_column(Date)
    payable: Mapped[int] = _money()  # cached summary for lists (paise)
    rate_pack: Mapped[str] = _text()  # the rate pack version the return is computed with
    #: Optimistic locking: +1 on every write to the return or its rows (app.store.Store).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    # header
    period: Mapped[str] = mapped_column(String(16), nullable=False)
    return_type: Mapped[str] = mapped_column(String(16), nullable=False)
    revision_no: Mapped[int] = mapped_column(Integer, nullable=False)
    date_of_filing: Mapped[date | None] = mapped_column(Date)
    kgst_no: Mapped[str] = _text()
    tin: Mapped[str] = _text()
    cst_no: Mapped[str] = _text()
    tps_division: Mapped[str] = _text()
    tps_circle: Mapped[str] = _text()
    name: Mapped[str] = _text()
    address: Mapped[str] = _text()
    trade_name: Mapped[str] = _text()
    constitution: Mapped[str] = _text()
    nature_of_business: Mapped[str] = _text()
    gstin: Mapped[str] = _text()
    # inputs
    advance_kgst: Mapped[int] = _money()
    advance_kvat: Mapped[int] = _money()
    advance_cst: Mapped[int] = _money()
    brought_forward_kgst: Mapped[int] = _money()
    brought_forward_kvat: Mapped[int] = _money()
    brought_forward_cst: Mapped[int] = _money()
    cess_b: Mapped[int] = _money()
    cess_c: Mapped[int] = _money()
    cess_d: Mapped[int] = _money()
    cess_e: Mapped[int] = _money()
    cess_f: Mapped[int] = _money()
    #: NULL when the return's interest_rate has no entry for the act.
    interest_rate_kgst: Mapped[int | None] = mapped_column(Integer)
    interest_rate_kvat: Mapped[int | None] = mapped_column(Integer)
    interest_rate_cst: Mapped[int | None] = mapped_column(Integer)
    large_dealer: Mapped[bool | None] = mapped_column(Boolean)
    due_date: Mapped[date | None] = mapped_column(Date)
    # declaration
    signatory_name: Mapped[str] = _text()
    signatory_parent: Mapped[str] = _text()
    signatory_status: Mapped[str] = _text()
    place: Mapped[str] = _text()
    declaration_date: Mapped[date | None] = mapped_column(Date)


class ReturnBranch(Base):
    __tablename__ = "return_branch"
    return_id: Mapped[int] = _return_fk()
    position: Mapped[int] = _position()
    name: Mapped[str] = _text()
    address: Mapped[str] = _text()


class Part1aRow(Base):
    __tablename__ = "part1a_row"
    return_id: Mapped[int] = _return_fk()
    position: Mapped[int] = _position()
    sl: Mapped[int] = mapped_column(Integer, nullable=False)
    act: Mapped[str] = _text()
    nature: Mapped[str] = _text()
    goods: Mapped[str] = _text()
    schedule: Mapped[str] = _text()
    rate: Mapped[int] = mapped_column(Integer, nullable=False)  # 1/10000 %
    point_of_sale: Mapped[str] = _text()
    total_turnover: Mapped[int] = _money()
    exempt_turnover: Mapped[int] = _money()
    tax_collected: Mapped[int] = _money()
    compounded_tax: Mapped[int] = _money()


class Part1bRow(Base):
    __tablename__ = "part1b_row"
    return_id: Mapped[int] = _return_fk()
    position: Mapped[int] = _position()
    series_from: Mapped[str] = _text()
    series_to: Mapped[str] = _text()


class Part2Row(Base):
    __tablename__ = "part2_row"
    return_id: Mapped[int] = _return_fk()
    position: Mapped[int] = _position()
    sl: Mapped[int] = mapped_column(Integer, nullable=False)
    act: Mapped[str] = _text()
    nature: Mapped[str] = _text()
    goods: Mapped[str] = _text()
    schedule: Mapped[str] = _text()
    rate: Mapped[int] = mapped_column(Integer, nullable=False)  # 1/10000 %
    purchase_value: Mapped[int] = _money()
    tax_paid: Mapped[int] = _money()
    cess_paid: Mapped[int] = _money()
    itc_eligible: Mapped[bool] = mapped_column(Boolean, nullable=False)


class FiledFacts(Base):
    """Part 4 inputs of a revision: what the last filed return of the period said (F)."""

    __tablename__ = "filed_facts"
    return_id: Mapped[int] = mapped_column(
        ForeignKey("tax_return.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    ack_no: Mapped[str] = _text()
    carried_forward_kgst: Mapped[int] = _money()
    carried_forward_kvat: Mapped[int] = _money()
    carried_forward_cst: Mapped[int] = _money()


class FiledPart3(Base):
    """F's Part 3, one row per field id (a_i … h_vii) in the order held."""

    __tablename__ = "filed_part3"
    __table_args__ = (UniqueConstraint("return_id", "field", name="uq_filed_part3_field"),)
    return_id: Mapped[int] = mapped_column(
        ForeignKey("filed_facts.return_id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    position: Mapped[int] = _position()
    field: Mapped[str] = mapped_column(String(16), nullable=False)
    amount: Mapped[int] = _money()


class Part5Row(Base):
    __tablename__ = "part5_row"
    return_id: Mapped[int] = _return_fk()
    position: Mapped[int] = _position()
    ref_no: Mapped[str] = _text()
    date: Mapped[str | None] = mapped_column(String(10))
    act: Mapped[str] = _text()
    head_of_account: Mapped[str] = _text()
    amount: Mapped[int] = _money()


class StockRow(Base):
    __tablename__ = "stock_row"
    return_id: Mapped[int] = _return_fk()
    position: Mapped[int] = _position()
    goods: Mapped[str] = _text()
    schedule: Mapped[str] = _text()
    unit: Mapped[str] = _text()
    quantity: Mapped[int] = _money()  # hundredths of the unit
    value: Mapped[int] = _money()


class ListRow(Base):
    """Sales list (kind 1) and purchase list (kind 2) rows; up to 100,000 per list.

    Rows are ordered by `seq`, a sort key with gaps (row n is saved at (n + 1) × 2^20), so one
    row inserted or deleted in the middle of a long list never renumbers the others.
    """

    __tablename__ = "list_row"
    __table_args__ = (
        Index("ix_list_row_order", "return_id", "kind", "seq", unique=True),
        CheckConstraint("kind IN (1, 2)", name="kind"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(
        ForeignKey("tax_return.id", ondelete="CASCADE"), nullable=False
    )
    kind: Mapped[int] = mapped_column(SmallInteger, nullable=False)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    type: Mapped[str] = _text()
    point_of_sale: Mapped[str] = _text()
    counterparty_reg_no: Mapped[str] = _text()
    counterparty_name: Mapped[str] = _text()
    doc_no: Mapped[str] = _text()
    doc_date: Mapped[str | None] = mapped_column(String(10))
    value: Mapped[int] = _money()
    tax: Mapped[int] = _money()
    cess: Mapped[int] = _money()


class ExportRecord(Base):
    """A file written from the return (upload JSON, PDF, Excel), with its checksum."""

    __tablename__ = "export_record"
    __table_args__ = (CheckConstraint("kind IN ('json', 'pdf', 'excel')", name="kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(
        ForeignKey("tax_return.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    path: Mapped[str] = _text()
    checksum: Mapped[str] = _text()
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
