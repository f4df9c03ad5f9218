"""form versions: each return records its form version; `extra` for fields a later version adds

Issue 11: the store follows the form catalogue.  Every return records the version of FORM No. 9
it is on (`form_version`; the returns stored so far are all on 2024-08, the first), and every
row table and the return row get a nullable `extra` JSON text for the values of fields that a
later version adds (no new column per amendment).  Plain ADD COLUMNs: the same on SQLite and
PostgreSQL, and the filed-return guards of 0002 keep working.

Revision ID: 0003
Revises: 0002
Create Date: 2027-01-10 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The return row and its row tables, as they stand at this revision.
WITH_EXTRA = ("tax_return", "return_branch", "part1a_row", "part1b_row", "part2_row",
              "part5_row", "stock_row", "list_row")  # fmt: skip


def upgrade() -> None:
    op.add_column(
        "tax_return",
        sa.Column("form_version", sa.String(16), nullable=False, server_default="2024-08"),
    )
    for table in WITH_EXTRA:
        op.add_column(table, sa.Column("extra", sa.Text(), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), not a table copy: the tables keep 0002's triggers.
    for table in reversed(WITH_EXTRA):
        op.execute(f"ALTER TABLE {table} DROP COLUMN extra")
    op.execute("ALTER TABLE tax_return DROP COLUMN form_version")
