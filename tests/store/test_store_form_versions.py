"""The store follows the form catalogue (issue 11): its columns are those of version 2024-08, the
fields a later version adds go into `extra` (by kind, exactly), and every return records the
version it is on."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal as Dec
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from store_builders import full_return

from app import forms
from app.model.catalogue import Catalogue
from app.model.form9 import Form9Return, ListRow
from app.store import Store, StoreError
from app.store.columns import STORE_FORM, extra_fields, row_columns, section_columns, store_form
from app.store.schema import TABLES


def amended(period: str = "2099-05") -> Form9Return:
    """A return of a period under the made-up 2099-04 amendment, with green cess on two rows."""
    ret = full_return(period)
    ret.part1a[0].extra = {"green_cess": Dec("1234.56")}
    ret.part1a[2].extra = {"green_cess": Dec("0.01")}
    return ret


def raw(store: Store, sql: str, **params: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(text(sql), params))


def test_the_columns_are_the_2024_08_catalogue_inputs() -> None:
    cat = store_form()
    assert cat.version == STORE_FORM == forms.base_catalogue().version
    for part, table in (("part1a", "part1a_row"), ("part2", "part2_row"), ("part5", "part5_row"),
                        ("stock", "stock_row"), ("sales_list", "list_row")):  # fmt: skip
        inputs = [
            f.id for f in cat.table(part).inputs if f.id in {c.field for c in row_columns(part)}
        ]
        assert sorted(inputs) == sorted(c.field for c in row_columns(part))
        assert {c.name for c in row_columns(part)} | {"extra"} <= set(TABLES[table].c.keys())
    computed = {f.id for f in cat.table("part1a").columns if f.computed}
    assert computed == {"taxable_turnover", "tax_due", "total_tax_payable"}
    assert not computed & set(TABLES["part1a_row"].c.keys())  # figures are never stored
    names = {c.name for s in ("header", "inputs", "declaration") for c in section_columns(s)}
    assert {"advance_kgst", "interest_rate_cst", "cess_f", "declaration_date", "period"} <= names
    assert names <= set(TABLES["tax_return"].c.keys())


def test_a_return_before_the_amendment_is_unchanged(store: Store, client_id: int,
                                                    amended_form: Catalogue) -> None:  # fmt: skip
    ret = full_return("2025-10")
    rid = store.create_return(client_id, ret)
    assert store.return_info(rid).form_version == "2024-08"
    assert store.load_return(rid) == ret
    assert raw(store, "SELECT extra FROM part1a_row WHERE return_id = :r", r=rid) == [(None,)] * 3
    assert raw(store, "SELECT extra FROM tax_return WHERE id = :r", r=rid) == [(None,)]


def test_green_cess_round_trips_exactly(store: Store, client_id: int,
                                        amended_form: Catalogue) -> None:  # fmt: skip
    ret = amended()
    rid = store.create_return(client_id, ret)
    assert store.return_info(rid).form_version == amended_form.version == "2099-04"
    back = store.load_return(rid)
    assert back == ret
    assert back.part1a[0].extra == {"green_cess": Dec("1234.56")}
    assert str(back.part1a[2].extra["green_cess"]) == "0.01"  # type: ignore[index]
    assert back.part1a[1].extra is None
    stored = raw(store, "SELECT extra FROM part1a_row WHERE return_id = :r ORDER BY position",
                 r=rid)  # fmt: skip
    assert [json.loads(e) if e else None for (e,) in stored] == [
        {"green_cess": 123456},
        None,
        {"green_cess": 1},  # paise, like every amount
    ]
    ret.part1a[1].extra = {"green_cess": Dec("7")}
    store.save_parts(rid, ret, {"part1a"})
    assert store.load_return(rid) == ret


def test_an_added_amount_is_refused_like_a_column(store: Store, client_id: int,
                                                  amended_form: Catalogue) -> None:  # fmt: skip
    ret = amended()
    ret.part1a[2].extra = {"green_cess": Dec("0.005")}
    with pytest.raises(StoreError) as caught:
        store.create_return(client_id, ret)
    assert str(caught.value) == (
        "part1a row 3, green_cess: 0.005 has more than 2 decimals; "
        "the store keeps it exactly and does not round it"
    )
    assert (caught.value.part, caught.value.row, caught.value.field) == ("part1a", 2, "green_cess")
    assert store.list_returns(client_id) == []


def test_a_field_the_version_does_not_have_is_refused_not_dropped(
    store: Store, client_id: int
) -> None:
    ret = full_return("2025-10")
    ret.part1a[0].extra = {"green_cess": Dec("1")}  # no amendment in force: 2024-08 has no such
    with pytest.raises(StoreError, match=r"part1a row 1, green_cess: not a field of FORM No\. 9 "
                                         r"version 2024-08"):  # fmt: skip
        store.create_return(client_id, ret)
    ret.part1a[0].extra = None
    ret.header.extra = {"sl": 1}
    with pytest.raises(StoreError, match="header, sl: not a field"):
        store.create_return(client_id, ret)


def test_an_old_return_keeps_its_version(
    store: Store, client_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A return stored before an amendment took effect for its period stays on its version."""
    ret = full_return("2099-05")
    rid = store.create_return(client_id, ret)  # no 2099-04 catalogue known yet
    assert store.return_info(rid).form_version == "2024-08"
    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(Path(__file__).parent.parent / "forms"))
    forms._catalogues_in.cache_clear()
    try:
        assert forms.catalogue_of("2099-05").version == "2099-04"
        store.save_return(rid, ret)
        assert store.return_info(rid).form_version == "2024-08"  # kept
        ret.part1a[0].extra = {"green_cess": Dec("1")}
        with pytest.raises(StoreError, match="not a field of FORM No. 9 version 2024-08"):
            store.save_parts(rid, ret, {"part1a"})
        ret.part1a[0].extra = None
        ret.header.period = "2099-06"  # a new period: the version of that period
        store.save_parts(rid, ret, {"header"})
        assert store.return_info(rid).form_version == "2099-04"
    finally:
        forms._catalogues_in.cache_clear()


def test_fields_added_to_header_inputs_and_declaration(store: Store, client_id: int,
                                                       sections_form: Catalogue) -> None:  # fmt: skip
    ret = full_return("2099-11")
    ret.header.extra = {"udyam_no": "UDYAM-KL-01-0000001"}
    ret.inputs.extra = {"green_cess_paid": Dec("250.75")}
    ret.declaration.extra = {"signed_digitally": True}
    rid = store.create_return(client_id, ret)
    assert store.return_info(rid).form_version == "2099-10"
    assert store.load_return(rid) == ret
    (stored,) = raw(store, "SELECT extra FROM tax_return WHERE id = :r", r=rid)
    assert json.loads(stored[0]) == {
        "header": {"udyam_no": "UDYAM-KL-01-0000001"},
        "inputs": {"green_cess_paid": 25075},
        "declaration": {"signed_digitally": True},
    }
    ret.inputs.extra = None  # saving one section keeps the others' fields
    store.save_parts(rid, ret, {"inputs"})
    back = store.load_return(rid)
    assert back == ret
    assert back.header.extra == {"udyam_no": "UDYAM-KL-01-0000001"}


@pytest.fixture
def list_amendment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Catalogue]:
    """A made-up amendment adding a date column to the sales and purchase lists."""
    (tmp_path / "form9-2099-07.toml").write_text(
        '[form]\nversion = "2099-07"\neffective_from = "2099-07-01"\nbased_on = "2024-08"\n'
        'source = "test"\n\n[[add_column]]\ntable = "sales_list"\nid = "eway_date"\n'
        'heading = "E-way bill date"\nkind = "date"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(forms.FORMS_DIR_ENV, str(tmp_path))
    forms._catalogues_in.cache_clear()
    yield forms.catalogue_version("2099-07")
    forms._catalogues_in.cache_clear()


def test_a_column_added_to_the_lists_through_the_fast_paths(
    store: Store, client_id: int, list_amendment: Catalogue
) -> None:
    from datetime import date

    assert set(extra_fields(list_amendment, "purchase_list")) == {"eway_date"}
    ret = full_return("2099-08")
    ret.sales_list[0].extra = {"eway_date": date(2099, 8, 3)}
    rid = store.create_return(client_id, ret)
    assert store.load_return(rid) == ret
    row = ListRow(counterparty_name="Typed", value=Dec("5"), extra={"eway_date": None})
    store.update_list_rows(rid, "sales_list", {1: row})
    store.insert_list_rows(rid, "sales_list", 0, [ListRow(extra={"eway_date": date(2099, 8, 9)})])
    back = store.load_return(rid).sales_list
    assert back[0].extra == {"eway_date": date(2099, 8, 9)}
    assert back[1].extra == {"eway_date": date(2099, 8, 3)}
    assert back[2] == row
    with pytest.raises(StoreError, match="sales_list row 3, eway_date: '2099-08-03' is not a date"):
        store.update_list_rows(rid, "sales_list", {2: ListRow(extra={"eway_date": "2099-08-03"})})


def test_the_migrations_give_form_version_and_extra(file_store: Store) -> None:
    with file_store.engine.connect() as conn:
        columns = {t: {c["name"] for c in inspect(conn).get_columns(t)} for t in
                   ("tax_return", "part1a_row", "list_row", "return_branch")}  # fmt: skip
    assert "form_version" in columns["tax_return"]
    assert all("extra" in names for names in columns.values())
