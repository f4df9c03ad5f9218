"""return versions (optimistic locking) and the filed-return guards

A filed return is final (spec section 7): triggers refuse any UPDATE or DELETE of a filed
tax_return row and any write to its row tables, so no program — this app, an old copy of it or
raw SQL — can un-file or change one.  Deleting a whole dealer still removes its returns (the
cascade runs after the dealer row is gone).  SQLite: one trigger per table and event.
PostgreSQL (office mode, issue 14): two plpgsql trigger functions with the same rules — a row
trigger on tax_return, and on each row table statement triggers that look at all the rows a
statement wrote at once (transition tables: one check for a 100,000-row COPY, not 100,000).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: The row tables of a return (each has return_id), as they stand at this revision.
GUARDED = ("return_branch", "part1a_row", "part1b_row", "part2_row", "part5_row", "stock_row",
           "list_row", "filed_facts", "filed_part3")  # fmt: skip
MESSAGE = "form9: the return is filed and cannot change; create a revision to correct it"


def _filed(ref: str) -> str:
    return f"EXISTS (SELECT 1 FROM tax_return WHERE id = {ref}.return_id AND status = 'filed')"


def sqlite_triggers() -> list[tuple[str, str]]:
    """(name, CREATE TRIGGER statement) for SQLite.  PostgreSQL (issue 14) needs the same rules as
    a plpgsql trigger function; the names are kept so both can be dropped alike."""
    abort = f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
    out = [
        ("form9_filed_return_update",
         f"CREATE TRIGGER form9_filed_return_update BEFORE UPDATE ON tax_return "
         f"WHEN OLD.status = 'filed' {abort}"),
        ("form9_filed_return_delete",
         f"CREATE TRIGGER form9_filed_return_delete BEFORE DELETE ON tax_return "
         f"WHEN OLD.status = 'filed' AND EXISTS (SELECT 1 FROM client WHERE id = OLD.client_id) "
         f"{abort}"),
    ]  # fmt: skip
    for table in GUARDED:
        for event, when in (
            ("INSERT", _filed("NEW")),
            ("UPDATE", f"{_filed('OLD')} OR {_filed('NEW')}"),
            ("DELETE", _filed("OLD")),
        ):
            name = f"form9_filed_{table}_{event.lower()}"
            out.append(
                (name, f"CREATE TRIGGER {name} BEFORE {event} ON {table} WHEN {when} {abort}")
            )
    return out


def postgresql_guards() -> list[str]:
    """The same rules for PostgreSQL: trigger functions raising, and their triggers."""
    raise_ = f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'P0001'"
    out = [
        f"""CREATE FUNCTION form9_filed_return_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'filed' THEN
    IF TG_OP = 'UPDATE' OR EXISTS (SELECT 1 FROM client WHERE id = OLD.client_id) THEN
      {raise_};
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$""",
        f"""CREATE FUNCTION form9_filed_rows_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN  -- (nested: a transition table exists only for its event)
    IF EXISTS (SELECT 1 FROM form9_new n JOIN tax_return t ON t.id = n.return_id
               WHERE t.status = 'filed') THEN
      {raise_};
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    IF EXISTS (SELECT 1 FROM form9_old o JOIN tax_return t ON t.id = o.return_id
               WHERE t.status = 'filed') THEN
      {raise_};
    END IF;
  END IF;
  RETURN NULL;
END $$""",
        "CREATE TRIGGER form9_filed_return_update BEFORE UPDATE ON tax_return "
        "FOR EACH ROW EXECUTE FUNCTION form9_filed_return_guard()",
        "CREATE TRIGGER form9_filed_return_delete BEFORE DELETE ON tax_return "
        "FOR EACH ROW EXECUTE FUNCTION form9_filed_return_guard()",
    ]
    for table in GUARDED:
        for event, referencing in (
            ("INSERT", "NEW TABLE AS form9_new"),
            ("UPDATE", "OLD TABLE AS form9_old NEW TABLE AS form9_new"),
            ("DELETE", "OLD TABLE AS form9_old"),
        ):
            out.append(
                f"CREATE TRIGGER form9_filed_{table}_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                "EXECUTE FUNCTION form9_filed_rows_guard()"
            )
    return out


def _dialect() -> str:
    return str(op.get_bind().dialect.name)


def upgrade() -> None:
    op.add_column(
        "tax_return", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    dialect = _dialect()
    if dialect == "sqlite":
        for _name, ddl in sqlite_triggers():
            op.execute(ddl)
    elif dialect == "postgresql":
        for ddl in postgresql_guards():
            op.execute(ddl)
    else:
        raise NotImplementedError(f"filed-return guards for {dialect}")


def downgrade() -> None:
    dialect = _dialect()
    if dialect == "sqlite":
        for name, _ddl in sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS form9_filed_rows_guard() CASCADE")
        op.execute("DROP FUNCTION IF EXISTS form9_filed_return_guard() CASCADE")
    with op.batch_alter_table("tax_return") as batch:
        batch.drop_column("version")
