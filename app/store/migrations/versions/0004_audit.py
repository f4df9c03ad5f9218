"""audit: who changed what, when

Issue 14: every committed change records the database user (PostgreSQL's CURRENT_USER; the
operating-system user on SQLite), the time, the dealer and return it touched, the part, the
action and a short summary.  No foreign keys: the history of a deleted return stays.  The table
is append-only: triggers refuse UPDATE and DELETE of its rows (an office also grants its clerks
only SELECT and INSERT on it, docs/office.md).

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-20 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

MESSAGE = "form9: the audit trail is never changed or deleted"


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("db_user", sa.String(length=128), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("return_id", sa.Integer(), nullable=True),
        sa.Column("part", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit")),
    )
    op.create_index("ix_audit_return", "audit", ["return_id", "id"])
    op.create_index("ix_audit_client", "audit", ["client_id", "id"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER form9_audit_{event.lower()} BEFORE {event} ON audit "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION form9_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'P0001'; END $$"
        )
        op.execute(
            "CREATE TRIGGER form9_audit_guard BEFORE UPDATE OR DELETE ON audit "
            "FOR EACH STATEMENT EXECUTE FUNCTION form9_audit_guard()"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS form9_audit_guard() CASCADE")
    op.drop_index("ix_audit_client", table_name="audit")
    op.drop_index("ix_audit_return", table_name="audit")
    op.drop_table("audit")
