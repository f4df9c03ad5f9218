"""The form catalogue (resources/forms): it agrees with the typed model and the rules, and an
amendment file is read on top of the version it is based on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app import forms
from app.model import form9, interpretations
from app.model.catalogue import CatalogueError, catalogue_for, catalogue_from_dict, typed_fields
from app.model.computed_columns import COMPUTED_COLUMNS
from app.model.part3a import KGST_ROWS, PART3A_ROWS

ROW_TYPES = {
    "part1a": form9.Part1aRow,
    "part1b": form9.Part1bRow,
    "part2": form9.Part2Row,
    "part5": form9.Part5Row,
    "sales_list": form9.ListRow,
    "purchase_list": form9.ListRow,
    "stock": form9.StockRow,
    "branches": form9.Branch,
}


def test_the_first_version_is_sro_667_2024_from_august_2024() -> None:
    base = forms.base_catalogue()
    assert base.version == "2024-08"
    assert base.effective_from == date(2024, 8, 1)
    assert "SRO 667/2024" in base.source
    assert forms.catalogue_of("2025-10") is base
    assert forms.catalogue_of("2024-25") is base


@pytest.mark.parametrize("table", sorted(ROW_TYPES))
def test_each_table_s_input_columns_are_the_typed_row_s_fields_in_order(table: str) -> None:
    t = forms.base_catalogue().table(table)
    assert tuple(f.id for f in t.inputs) == typed_fields(ROW_TYPES[table])


def test_header_inputs_and_declaration_are_the_model_s_fields() -> None:
    base = forms.base_catalogue()
    header = [n for n in typed_fields(form9.Header) if n != "branches"]
    assert sorted(f.id for f in base.header) == sorted(header)
    decl = [f.id for f in base.declaration]
    assert decl == list(typed_fields(form9.Declaration))
    inputs = {f.id for f in base.inputs}
    expected = {f"{g}.{a}" for g in ("advance", "brought_forward") for a in form9.ACT_KEYS}
    expected |= {f"cess.{k}" for k in form9.CESS_IDS} | {f"interest_rate.{a}" for a in form9.ACTS}
    expected |= {"large_dealer", "due_date"}
    assert inputs == expected


def test_statements_list_the_rules_rows_in_the_rules_order() -> None:
    base = forms.base_catalogue()
    assert tuple(r.id for r in base.statement("part3").rows) == form9.PART3_IDS
    part3a = [rid for rid, _src, _act in PART3A_ROWS]
    at = part3a.index(KGST_ROWS[-1]) + 1
    assert [r.id for r in base.statement("part3a").rows] == [
        *part3a[:at],
        "kgst_total",
        *part3a[at:],
    ]
    p4 = base.statement("part4").rows
    assert [(r.id, r.act) for r in p4] == [(s.id, s.act) for s in interpretations.PART4_ROWS]


def test_every_computed_column_of_every_version_has_its_formula_in_the_model() -> None:
    for cat in forms.catalogues():
        for table in cat.tables.values():
            for f in table.columns:
                if f.computed:
                    assert (table.id, f.id) in COMPUTED_COLUMNS, f"{cat.version} {table.id}.{f.id}"


def test_choices_of_the_catalogue_are_the_model_s() -> None:
    base = forms.base_catalogue()
    assert base.choices["act"] == form9.ACTS
    assert base.choices["list_type"] == form9.LIST_TYPES
    assert base.choices["point_of_sale"] == form9.POINTS_OF_SALE
    assert base.choices["constitution"] == form9.CONSTITUTIONS
    assert base.choices["nature_of_business"] == form9.NATURES_OF_BUSINESS


def test_purchase_list_shares_the_sales_list_s_columns() -> None:
    base = forms.base_catalogue()
    assert base.table("purchase_list").columns == base.table("sales_list").columns


AMENDMENT = """
[form]
version = "2099-04"
effective_from = "2099-04-01"
based_on = "2024-08"
source = "made-up amendment for tests"

[[add_column]]
table = "part1a"
after = "compounded_tax"
id = "green_cess"
number = "13A"
heading = "Green cess collected"
kind = "money"

[[change]]
table = "part3"
id = "b"
heading = "Surcharge and green cess due"
"""


def test_an_amendment_adds_a_column_and_renames_a_row_from_its_date(tmp_path: Path) -> None:
    import tomllib

    base = forms.base_catalogue()
    new = catalogue_from_dict(tomllib.loads(AMENDMENT), [base])
    cols = [f.id for f in new.table("part1a").columns]
    assert cols[cols.index("compounded_tax") + 1] == "green_cess"
    assert new.table("part1a").field("green_cess").number == "13A"
    assert new.statement("part3").line("b").heading == "Surcharge and green cess due"
    assert base.statement("part3").line("b").heading == "Surcharge due"  # the old one unchanged
    assert catalogue_for([base, new], date(2099, 3, 1)) is base
    assert catalogue_for([base, new], date(2099, 4, 1)) is new


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '[form]\nversion="x"\neffective_from="2024-08-01"\ntitle="t"\nsource="s"\n'
            '[[table]]\nid="p"\nheading="h"\n[[table.column]]\nid="a"\nheading="A"\nkind="cash"',
            "kind 'cash' is not one of",
        ),
        (
            '[form]\nversion="x"\neffective_from="2024-08-01"\ntitle="t"\nsource="s"\n'
            '[[table]]\nid="p"\nheading="h"\n[[table.column]]\nid="a"\nheading="A"\nkind="money"\n'
            "computed=true",
            "needs its `formula`",
        ),
        (
            '[form]\nversion="x"\neffective_from="2024-08-01"\ntitle="t"\nsource="s"\n'
            '[[table]]\nid="p"\nheading="h"\n[[table.column]]\nid="a"\nheading="A"\nkind="choice"\n'
            'choices="nope"',
            "no list of choices named 'nope'",
        ),
        (
            '[form]\nversion="y"\neffective_from="2099-01-01"\nbased_on="1999"\nsource="s"',
            "based_on '1999' is not a known version",
        ),
        ('[form]\nversion="x"\neffective_from="someday"', "effective_from must be a date"),
        (
            '[form]\nversion="x"\neffective_from="2024-08-01"\ntitle="t"\nsource="s"\n'
            '[[table]]\nid="p"\nheading="h"\n[[table.column]]\nid="green-cess"\nheading="A"\n'
            'kind="money"',
            "table p, column\\[0\\]: id 'green-cess' must be letters, digits and _",
        ),
    ],
)
def test_a_bad_catalogue_is_refused_naming_the_entry(text: str, message: str) -> None:
    import tomllib

    with pytest.raises(CatalogueError, match=message):
        catalogue_from_dict(tomllib.loads(text), [forms.base_catalogue()])


def test_no_version_before_august_2024() -> None:
    with pytest.raises(CatalogueError, match="no version of FORM No. 9 is in force on 31-07-2024"):
        forms.catalogue_on(date(2024, 7, 31))


def test_a_column_written_as_a_sum_is_its_formula() -> None:
    # Enclosure col 10 = 7 + 8 + 9: the writer adds SUMS' terms inline; they must give the
    # column's own function's figure, negatives and zero signs included.
    from decimal import Decimal as Dec

    from app.model.computed_columns import SUMS, column_value

    amounts = [("100.50", "18.09", "0.00"), ("-5.00", "-0.90", "0.00"), ("-0.00", "0.00", "0.01")]
    for (table, column), terms in SUMS.items():
        for values in amounts:
            row = ROW_TYPES[table](**dict(zip(terms, map(Dec, values), strict=True)))
            inline = sum((getattr(row, t) for t in terms[1:]), getattr(row, terms[0]))
            expected = column_value(table, column)(0, row, None)
            assert inline == expected and str(inline) == str(expected), (table, values)
