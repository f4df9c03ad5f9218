"""A choice whose list comes at runtime (catalogue `choices_from`): Part 5's head of account
offers the rate pack's heads for the row's act and keeps any other text (open)."""

from __future__ import annotations

import tomllib

import pytest

from app import forms
from app.model.catalogue import CatalogueError, catalogue_from_dict
from app.model.field_choices import choices_for
from app.model.form9 import Part5Row
from app.model.periods import Period
from app.model.values import parse
from app.ratepacks import pack_for_period


def test_the_head_of_account_is_an_open_choice_of_the_pack_s_heads_for_the_row_s_act() -> None:
    head = forms.base_catalogue().table("part5").field("head_of_account")
    assert (head.kind, head.open, head.choices_from) == ("choice", True, "rate_pack.heads")
    assert head.choices == ()
    pack = pack_for_period(Period.parse("2025-10"))
    assert pack is not None
    cst = choices_for(head, Part5Row(act="CST"), pack)
    assert cst == ("CST tax", "CST interest")
    assert choices_for(head, Part5Row(act="KGST"), pack) == tuple(
        h.text for h in pack.heads_for("KGST")
    )
    assert choices_for(head, Part5Row(act="GST"), pack) == tuple(h.text for h in pack.heads)
    assert choices_for(head, Part5Row(act="CST"), None) == ()  # no pack: free text only
    # typed: the list's own spelling when it names one head; else kept as written
    assert parse("choice", "cst INTEREST", cst, open_=True) == "CST interest"
    assert parse("choice", "0040-00-101-99", cst, open_=True) == "0040-00-101-99"


BASE = '[form]\nversion="x"\neffective_from="2024-08-01"\ntitle="t"\nsource="s"\n'


@pytest.mark.parametrize(
    ("column", "message"),
    [
        ('kind="choice"\nchoices_from="the moon"', "choices_from 'the moon' is not one of"),
        ('kind="choice"\nchoices_from="rate_pack.heads"\nchoices="act"', "not both"),
        ('kind="text"\nchoices_from="rate_pack.heads"', "only a choice has"),
    ],
)
def test_a_bad_runtime_list_is_refused_naming_the_field(column: str, message: str) -> None:
    text = BASE + '[choices]\nact=["KGST"]\n[[table]]\nid="p"\nheading="h"\n'
    text += f'[[table.column]]\nid="a"\nheading="A"\n{column}'
    with pytest.raises(CatalogueError, match=message):
        catalogue_from_dict(tomllib.loads(text))
