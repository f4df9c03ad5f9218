"""The store's tables (SQLAlchemy Core handles from app.store.schema) and the columns each row
part is written and read with, in the order the encoders and decoders give them."""

from __future__ import annotations

from app.store import schema

TABLES = schema.Base.metadata.tables
CLIENT = TABLES["client"]
CLIENT_BRANCH = TABLES["client_branch"]
RETURN = TABLES["tax_return"]
RETURN_BRANCH = TABLES["return_branch"]
PART1A = TABLES["part1a_row"]
PART1B = TABLES["part1b_row"]
PART2 = TABLES["part2_row"]
PART5 = TABLES["part5_row"]
STOCK = TABLES["stock_row"]
LIST = TABLES["list_row"]
FILED = TABLES["filed_facts"]
FILED_PART3 = TABLES["filed_part3"]
EXPORT = TABLES["export_record"]

#: Columns written for each row table, in the order the encoders give them.
PART1A_COLS = ("sl", "act", "nature", "goods", "schedule", "rate", "point_of_sale",
               "total_turnover", "exempt_turnover", "tax_collected", "compounded_tax")  # fmt: skip
PART2_COLS = ("sl", "act", "nature", "goods", "schedule", "rate", "purchase_value", "tax_paid",
              "cess_paid", "itc_eligible")  # fmt: skip
PART5_COLS = ("ref_no", "date", "act", "head_of_account", "amount")
STOCK_COLS = ("goods", "schedule", "unit", "quantity", "value")
LIST_COLS = ("type", "point_of_sale", "counterparty_reg_no", "counterparty_name", "doc_no",
             "doc_date", "value", "tax", "cess")  # fmt: skip
PROFILE_COLS = ("tin", "kgst_no", "cst_no", "tps_division", "tps_circle", "name", "address",
                "trade_name", "constitution", "nature_of_business", "gstin", "large_dealer",
                "renewed_until")  # fmt: skip
HEADER_TEXT = ("kgst_no", "tin", "cst_no", "tps_division", "tps_circle", "name", "address",
               "trade_name", "constitution", "nature_of_business", "gstin")  # fmt: skip
DECLARATION_TEXT = ("signatory_name", "signatory_parent", "signatory_status", "place")
