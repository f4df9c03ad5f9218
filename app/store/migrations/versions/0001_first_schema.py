"""first schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 16:51:14.061577
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "client",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tin", sa.String(length=32), nullable=False),
        sa.Column("kgst_no", sa.Text(), nullable=False),
        sa.Column("cst_no", sa.Text(), nullable=False),
        sa.Column("tps_division", sa.Text(), nullable=False),
        sa.Column("tps_circle", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("trade_name", sa.Text(), nullable=False),
        sa.Column("constitution", sa.Text(), nullable=False),
        sa.Column("nature_of_business", sa.Text(), nullable=False),
        sa.Column("gstin", sa.Text(), nullable=False),
        sa.Column("large_dealer", sa.Boolean(), nullable=False),
        sa.Column("renewed_until", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client")),
        sa.UniqueConstraint("tin", name=op.f("uq_client_tin")),
    )
    op.create_table(
        "client_branch",
        sa.Column("client_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_client_branch_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("client_id", "position", name=op.f("pk_client_branch")),
    )
    op.create_table(
        "tax_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("ack_no", sa.Text(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=True),
        sa.Column("payable", sa.BigInteger(), nullable=False),
        sa.Column("rate_pack", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("return_type", sa.String(length=16), nullable=False),
        sa.Column("revision_no", sa.Integer(), nullable=False),
        sa.Column("date_of_filing", sa.Date(), nullable=True),
        sa.Column("kgst_no", sa.Text(), nullable=False),
        sa.Column("tin", sa.Text(), nullable=False),
        sa.Column("cst_no", sa.Text(), nullable=False),
        sa.Column("tps_division", sa.Text(), nullable=False),
        sa.Column("tps_circle", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("trade_name", sa.Text(), nullable=False),
        sa.Column("constitution", sa.Text(), nullable=False),
        sa.Column("nature_of_business", sa.Text(), nullable=False),
        sa.Column("gstin", sa.Text(), nullable=False),
        sa.Column("advance_kgst", sa.BigInteger(), nullable=False),
        sa.Column("advance_kvat", sa.BigInteger(), nullable=False),
        sa.Column("advance_cst", sa.BigInteger(), nullable=False),
        sa.Column("brought_forward_kgst", sa.BigInteger(), nullable=False),
        sa.Column("brought_forward_kvat", sa.BigInteger(), nullable=False),
        sa.Column("brought_forward_cst", sa.BigInteger(), nullable=False),
        sa.Column("cess_b", sa.BigInteger(), nullable=False),
        sa.Column("cess_c", sa.BigInteger(), nullable=False),
        sa.Column("cess_d", sa.BigInteger(), nullable=False),
        sa.Column("cess_e", sa.BigInteger(), nullable=False),
        sa.Column("cess_f", sa.BigInteger(), nullable=False),
        sa.Column("interest_rate_kgst", sa.Integer(), nullable=True),
        sa.Column("interest_rate_kvat", sa.Integer(), nullable=True),
        sa.Column("interest_rate_cst", sa.Integer(), nullable=True),
        sa.Column("large_dealer", sa.Boolean(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("signatory_name", sa.Text(), nullable=False),
        sa.Column("signatory_parent", sa.Text(), nullable=False),
        sa.Column("signatory_status", sa.Text(), nullable=False),
        sa.Column("place", sa.Text(), nullable=False),
        sa.Column("declaration_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('draft', 'ready', 'filed')", name=op.f("ck_tax_return_status")
        ),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["client.id"],
            name=op.f("fk_tax_return_client_id_client"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tax_return")),
        sa.UniqueConstraint(
            "client_id", "period", "return_type", "revision_no", name="uq_tax_return_version"
        ),
    )
    with op.batch_alter_table("tax_return", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tax_return_client_id"), ["client_id"], unique=False)

    op.create_table(
        "export_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("checksum", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind IN ('json', 'pdf', 'excel')", name=op.f("ck_export_record_kind")),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_export_record_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_record")),
    )
    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_export_record_return_id"), ["return_id"], unique=False)

    op.create_table(
        "filed_facts",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("ack_no", sa.Text(), nullable=False),
        sa.Column("carried_forward_kgst", sa.BigInteger(), nullable=False),
        sa.Column("carried_forward_kvat", sa.BigInteger(), nullable=False),
        sa.Column("carried_forward_cst", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_filed_facts_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", name=op.f("pk_filed_facts")),
    )
    op.create_table(
        "list_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("return_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("point_of_sale", sa.Text(), nullable=False),
        sa.Column("counterparty_reg_no", sa.Text(), nullable=False),
        sa.Column("counterparty_name", sa.Text(), nullable=False),
        sa.Column("doc_no", sa.Text(), nullable=False),
        sa.Column("doc_date", sa.String(length=10), nullable=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("cess", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("kind IN (1, 2)", name=op.f("ck_list_row_kind")),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_list_row_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_row")),
    )
    with op.batch_alter_table("list_row", schema=None) as batch_op:
        batch_op.create_index("ix_list_row_order", ["return_id", "kind", "seq"], unique=True)

    op.create_table(
        "part1a_row",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sl", sa.Integer(), nullable=False),
        sa.Column("act", sa.Text(), nullable=False),
        sa.Column("nature", sa.Text(), nullable=False),
        sa.Column("goods", sa.Text(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("rate", sa.Integer(), nullable=False),
        sa.Column("point_of_sale", sa.Text(), nullable=False),
        sa.Column("total_turnover", sa.BigInteger(), nullable=False),
        sa.Column("exempt_turnover", sa.BigInteger(), nullable=False),
        sa.Column("tax_collected", sa.BigInteger(), nullable=False),
        sa.Column("compounded_tax", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_part1a_row_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", "position", name=op.f("pk_part1a_row")),
    )
    op.create_table(
        "part1b_row",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("series_from", sa.Text(), nullable=False),
        sa.Column("series_to", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_part1b_row_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", "position", name=op.f("pk_part1b_row")),
    )
    op.create_table(
        "part2_row",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sl", sa.Integer(), nullable=False),
        sa.Column("act", sa.Text(), nullable=False),
        sa.Column("nature", sa.Text(), nullable=False),
        sa.Column("goods", sa.Text(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("rate", sa.Integer(), nullable=False),
        sa.Column("purchase_value", sa.BigInteger(), nullable=False),
        sa.Column("tax_paid", sa.BigInteger(), nullable=False),
        sa.Column("cess_paid", sa.BigInteger(), nullable=False),
        sa.Column("itc_eligible", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_part2_row_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", "position", name=op.f("pk_part2_row")),
    )
    op.create_table(
        "part5_row",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("ref_no", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("act", sa.Text(), nullable=False),
        sa.Column("head_of_account", sa.Text(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_part5_row_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", "position", name=op.f("pk_part5_row")),
    )
    op.create_table(
        "return_branch",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_return_branch_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", "position", name=op.f("pk_return_branch")),
    )
    op.create_table(
        "stock_row",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("goods", sa.Text(), nullable=False),
        sa.Column("schedule", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["tax_return.id"],
            name=op.f("fk_stock_row_return_id_tax_return"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", "position", name=op.f("pk_stock_row")),
    )
    op.create_table(
        "filed_part3",
        sa.Column("return_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("field", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["return_id"],
            ["filed_facts.return_id"],
            name=op.f("fk_filed_part3_return_id_filed_facts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("return_id", "position", name=op.f("pk_filed_part3")),
        sa.UniqueConstraint("return_id", "field", name="uq_filed_part3_field"),
    )


def downgrade() -> None:

    op.drop_table("filed_part3")
    op.drop_table("stock_row")
    op.drop_table("return_branch")
    op.drop_table("part5_row")
    op.drop_table("part2_row")
    op.drop_table("part1b_row")
    op.drop_table("part1a_row")
    with op.batch_alter_table("list_row", schema=None) as batch_op:
        batch_op.drop_index("ix_list_row_order")

    op.drop_table("list_row")
    op.drop_table("filed_facts")
    with op.batch_alter_table("export_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_export_record_return_id"))

    op.drop_table("export_record")
    with op.batch_alter_table("tax_return", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tax_return_client_id"))

    op.drop_table("tax_return")
    op.drop_table("client_branch")
    op.drop_table("client")
