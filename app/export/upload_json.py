"""Upload JSON v1 (spec section 8): read a file into a return, write a return as the canonical file.

Reading is strict: any malformed value raises InputError naming the field path, never a traceback.
Computed values in the input are ignored; fields starting with `_` are the author's notes.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from app.export.canonical import (
    Document,
    Num,
    RowTable,
    checksum,
    pretty,
    sealed,
)
from app.export.json_text import InputError as InputError  # the upload file's reading errors
from app.export.json_text import (
    guard,
    key_text,
    kind_of,
)
from app.export.json_text import parse_document as parse_document
from app.export.json_text import parse_text as parse_text
from app.model import interpretations as rules
from app.model.compute import Computed
from app.model.form9 import (
    ACTS,
    CESS_IDS,
    PART3_IDS,
    ActAmounts,
    Branch,
    Cess,
    Declaration,
    FiledReturnFacts,
    Form9Return,
    Header,
    Inputs,
    ListRow,
    Part1aRow,
    Part1bRow,
    Part2Row,
    Part5Row,
    StockRow,
)
from app.model.limits import (
    MAX_LIST_ROWS,
    MAX_REVISION_NO,
    MAX_SERIAL,
    MAX_TABLE_ROWS,
    SHORTEST_TEXT_LIMIT,
    text_limit,
)
from app.model.lists import row_total
from app.model.numbers import (
    ZERO,
    NumberError,
    fmt_money,
    fmt_rate,
    has_paise_only,
    has_rate_units_only,
)
from app.model.periods import Period, PeriodError

FORMAT = "kerala-form9"
FORMAT_VERSION = 1
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: Keys of each object in file order; computed keys are recognised on input and ignored.
TOP_KEYS = ("format", "format_version", "header", "inputs", "part1a", "part1b", "part2", "part3",
            "part3a", "part4", "part5", "declaration", "sales_list", "purchase_list", "stock",
            "checksum")  # fmt: skip
HEADER_KEYS = ("date_of_filing", "period", "return_type", "revision_no", "kgst_no", "tin", "cst_no",
               "tps_division", "tps_circle", "name", "address", "trade_name", "constitution",
               "nature_of_business", "branches", "gstin")  # fmt: skip
PART1A_IN = ("sl", "act", "nature", "goods", "schedule", "rate", "point_of_sale", "total_turnover",
             "exempt_turnover", "tax_collected", "compounded_tax")  # fmt: skip
PART1A_OUT = (*PART1A_IN, "taxable_turnover", "tax_due", "total_tax_payable")
PART2_IN = ("sl", "act", "nature", "goods", "schedule", "rate", "purchase_value", "tax_paid",
            "cess_paid", "itc_eligible")  # fmt: skip
PART2_OUT = (*PART2_IN, "total")
PART5_KEYS = ("ref_no", "date", "act", "head_of_account", "amount")
DECLARATION_KEYS = ("signatory_name", "signatory_parent", "signatory_status", "place", "date")
LIST_IN = ("type", "point_of_sale", "counterparty_reg_no", "counterparty_name", "doc_no", "doc_date",
           "value", "tax", "cess")  # fmt: skip
LIST_OUT = (*LIST_IN, "total")
STOCK_KEYS = ("goods", "schedule", "unit", "quantity", "value")
INPUT_KEYS = ("advance", "brought_forward", "cess", "interest_rate", "large_dealer", "due_date")
PART3A_ROW_KEYS = ("tax", "interest_rate", "delay_days", "interest", "total")
PART4_LINE_KEYS = ("filed", "revised", "effect", "interest_rate", "delay_days", "interest", "total")


# ---------------------------------------------------------------- reading


def _obj(value: Any, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(path, f"expected an object, found {_kind(value)}")
    return value


def _arr(value: Any, path: str, limit: int = MAX_TABLE_ROWS) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(path, f"expected a list, found {_kind(value)}")
    if len(value) > limit:
        raise InputError(path, f"{len(value):,} rows; at most {limit:,} are read")
    return value


_kind = kind_of


def _number(v: int | Decimal) -> str:
    """A number as written (1E+400), or "a number of 5,000 digits" when it is too long to show."""
    kind = kind_of(v)
    return kind.removeprefix("the number ")


def _check_keys(o: dict[str, Any], allowed: tuple[str, ...], path: str) -> None:
    for k in o:
        if k not in allowed and not k.startswith("_"):
            raise InputError(f"{path}.{key_text(k)}" if path else key_text(k), "unknown field")


def _text(o: dict[str, Any], key: str, path: str) -> str:
    v = o.get(key)
    if v is None:
        return ""
    if not isinstance(v, str):
        raise InputError(f"{path}.{key}", f"expected text, found {_kind(v)}")
    if len(v) > SHORTEST_TEXT_LIMIT and len(v) > text_limit(key):
        raise InputError(
            f"{path}.{key}", f"{len(v):,} characters; at most {text_limit(key):,} are allowed"
        )
    if _CONTROL.search(v):
        raise InputError(f"{path}.{key}", "contains a control character")
    return v


#: Amounts have fewer than 15 digits before the point (below ₹10^15, a thousand lakh crore).
_AMOUNT_DIGITS = 15


def _amount(o: dict[str, Any], key: str, path: str) -> Decimal:
    v = o.get(key)
    if v is None:
        return ZERO
    if isinstance(v, bool) or not isinstance(v, (int, Decimal)):
        raise InputError(f"{path}.{key}", f"expected an amount, found {_kind(v)}")
    d = Decimal(v) if isinstance(v, int) else v
    # adjusted() = the exponent of the leading digit: exact for any size, no arithmetic (which
    # would overflow on 1e999999999)
    if d and d.adjusted() >= _AMOUNT_DIGITS:
        raise InputError(f"{path}.{key}", f"{_number(v)} is too large for an amount")
    return d


def _rate(o: dict[str, Any], key: str, path: str) -> Decimal:
    r = _amount(o, key, path)
    if not has_rate_units_only(r):
        raise InputError(f"{path}.{key}", f"rate {r} has more than 4 decimals")
    return r


def _int(o: dict[str, Any], key: str, path: str, default: int = 0, most: int = MAX_SERIAL) -> int:
    v = o.get(key)
    if v is None:
        return default
    if isinstance(v, Decimal) and v.is_finite() and v == v.to_integral_value() and v.adjusted() > 0:
        raise InputError(f"{path}.{key}", f"{_number(v)} is too large (at most {most:,})")
    if isinstance(v, bool) or not isinstance(v, int):
        raise InputError(f"{path}.{key}", f"expected a whole number, found {_kind(v)}")
    if not 0 <= v <= most:
        raise InputError(f"{path}.{key}", f"{_number(v)} is out of range (0 to {most:,})")
    return v


def _date(o: dict[str, Any], key: str, path: str) -> date | None:
    v = o.get(key)
    if v is None or v == "":
        return None
    if not isinstance(v, str) or not _DATE.match(v):
        raise InputError(f"{path}.{key}", f"expected a date YYYY-MM-DD, found {_kind(v)}")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise InputError(f"{path}.{key}", f"{v} is not a real date") from None


def _act(o: dict[str, Any], key: str, path: str) -> str:
    v = _text(o, key, path).strip().upper()
    if v not in ACTS:
        raise InputError(
            f"{path}.{key}", f"unknown act {_kind(o.get(key))[9:]} (expected KGST, KVAT or CST)"
        )
    return v


def _yes_no(o: dict[str, Any], key: str, path: str) -> bool:
    v = o.get(key)
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("yes", "no"):
        return v.strip().lower() == "yes"
    raise InputError(f"{path}.{key}", f"expected yes / no (or true / false), found {_kind(v)}")


def _paise(o: dict[str, Any], key: str, path: str) -> Decimal:
    """A figure of a filed return (Part 4): it was filed in rupees and paise, so more decimals
    mean the file is damaged (entered amounts are left to validation's E-AMOUNT-DP instead)."""
    d = _amount(o, key, path)
    if not has_paise_only(d):
        raise InputError(f"{path}.{key}", f"{_number(d)} has more than 2 decimals")
    return d


def _acts(o: dict[str, Any], path: str, read: Any = None) -> ActAmounts:
    _check_keys(o, ("kgst", "kvat", "cst"), path)
    read = read or _amount
    return ActAmounts(read(o, "kgst", path), read(o, "kvat", path), read(o, "cst", path))


def _header(o: dict[str, Any]) -> Header:
    p = "header"
    _check_keys(o, HEADER_KEYS, p)
    period = _text(o, "period", p).strip()
    try:
        Period.parse(period)
    except PeriodError as exc:
        raise InputError(f"{p}.period", str(exc)) from None
    branches = []
    for i, b in enumerate(_arr(o.get("branches"), f"{p}.branches")):
        bp = f"{p}.branches[{i}]"
        b = _obj(b, bp)
        _check_keys(b, ("name", "address"), bp)
        branches.append(Branch(_text(b, "name", bp), _text(b, "address", bp)))
    rtype = _text(o, "return_type", p) or "original"
    if rtype not in ("original", "revision"):
        raise InputError(f"{p}.return_type", f"expected original or revision, found {_kind(rtype)}")
    return Header(
        date_of_filing=_date(o, "date_of_filing", p),
        period=period,
        return_type=rtype,
        revision_no=_int(o, "revision_no", p, 0, MAX_REVISION_NO),
        kgst_no=_text(o, "kgst_no", p),
        tin=_text(o, "tin", p),
        cst_no=_text(o, "cst_no", p),
        tps_division=_text(o, "tps_division", p),
        tps_circle=_text(o, "tps_circle", p),
        name=_text(o, "name", p),
        address=_text(o, "address", p),
        trade_name=_text(o, "trade_name", p),
        constitution=_text(o, "constitution", p),
        nature_of_business=_text(o, "nature_of_business", p),
        branches=branches,
        gstin=_text(o, "gstin", p),
    )


def _inputs(o: dict[str, Any]) -> Inputs:
    p = "inputs"
    _check_keys(o, INPUT_KEYS, p)
    cess_o = _obj(o.get("cess"), f"{p}.cess")
    _check_keys(cess_o, CESS_IDS, f"{p}.cess")
    rates_o = _obj(o.get("interest_rate"), f"{p}.interest_rate")
    _check_keys(rates_o, ACTS, f"{p}.interest_rate")
    rates = {act: Decimal(12) for act in ACTS}
    for act in ACTS:
        if rates_o.get(act) is not None:
            rates[act] = _rate(rates_o, act, f"{p}.interest_rate")
    large = o.get("large_dealer")
    if large is not None and not isinstance(large, bool):
        raise InputError(f"{p}.large_dealer", f"expected true or false, found {_kind(large)}")
    return Inputs(
        advance=_acts(_obj(o.get("advance"), f"{p}.advance"), f"{p}.advance"),
        brought_forward=_acts(
            _obj(o.get("brought_forward"), f"{p}.brought_forward"), f"{p}.brought_forward"
        ),
        cess=Cess(*(_amount(cess_o, k, f"{p}.cess") for k in CESS_IDS)),
        interest_rate=rates,
        large_dealer=large,
        due_date=_date(o, "due_date", p),
    )


def _rows(doc: dict[str, Any], key: str, keys: tuple[str, ...]) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for i, r in enumerate(_arr(doc.get(key), key)):
        path = f"{key}[{i}]"
        r = _obj(r, path)
        _check_keys(r, keys, path)
        out.append((path, r))
    return out


def _part1a(doc: dict[str, Any]) -> list[Part1aRow]:
    return [
        Part1aRow(
            sl=_int(r, "sl", p, i + 1),
            act=_act(r, "act", p),
            nature=_text(r, "nature", p),
            goods=_text(r, "goods", p),
            schedule=_text(r, "schedule", p),
            rate=_rate(r, "rate", p),
            point_of_sale=_text(r, "point_of_sale", p),
            total_turnover=_amount(r, "total_turnover", p),
            exempt_turnover=_amount(r, "exempt_turnover", p),
            tax_collected=_amount(r, "tax_collected", p),
            compounded_tax=_amount(r, "compounded_tax", p),
        )
        for i, (p, r) in enumerate(_rows(doc, "part1a", PART1A_OUT))
    ]


def _part2(doc: dict[str, Any]) -> list[Part2Row]:
    return [
        Part2Row(
            sl=_int(r, "sl", p, i + 1),
            act=_act(r, "act", p),
            nature=_text(r, "nature", p),
            goods=_text(r, "goods", p),
            schedule=_text(r, "schedule", p),
            rate=_rate(r, "rate", p),
            purchase_value=_amount(r, "purchase_value", p),
            tax_paid=_amount(r, "tax_paid", p),
            cess_paid=_amount(r, "cess_paid", p),
            itc_eligible=_yes_no(r, "itc_eligible", p),
        )
        for i, (p, r) in enumerate(_rows(doc, "part2", PART2_OUT))
    ]


def _list_rows(doc: dict[str, Any], key: str, escaped: bool, guarded: bool) -> list[ListRow]:
    """The 100,000-row lists: a fast path for well-formed rows, the careful readers otherwise.

    The document was parsed with `rows_checked=True`: a row is either proven flat here (every
    value a plain text or number) or checked with `guard` before anything else reads it."""
    out: list[ListRow] = []
    append = out.append
    dates: dict[str, date] = {}  # a month has few distinct dates: parse each once
    # the fast path's text lengths: each field within its limit (the shortest limit is CODE)
    short, name_max = SHORTEST_TEXT_LIMIT, text_limit("counterparty_name")
    for i, r in enumerate(_arr(doc.get(key), key, MAX_LIST_ROWS)):
        # the usual row: all nine input fields (plus perhaps the computed total), nothing else
        n = len(r) if type(r) is dict and not escaped else 0
        if n == 9 or (n == 10 and type(r.get("total")) is Decimal):
            try:
                t, pos, reg, name, no, dd = (r["type"], r["point_of_sale"],
                    r["counterparty_reg_no"], r["counterparty_name"], r["doc_no"], r["doc_date"])  # fmt: skip
                v, tx, cs = r["value"], r["tax"], r["cess"]
            except KeyError:
                pass  # a field is missing: the careful reader below
            else:
                # amounts below 10^15 (adjusted() < 15), dates of the form YYYY-MM-DD, texts
                # within their limits
                if (type(t) is str and type(pos) is str and type(reg) is str and type(name) is str
                        and type(no) is str and type(dd) is str and type(v) is Decimal
                        and type(tx) is Decimal and type(cs) is Decimal and v.adjusted() < 15
                        and tx.adjusted() < 15 and cs.adjusted() < 15 and len(t) <= short
                        and len(pos) <= short and len(reg) <= short and len(no) <= short
                        and len(name) <= name_max):  # fmt: skip
                    day = dates.get(dd)
                    if day is None and len(dd) == 10 and dd[4] == "-" and dd[7] == "-":
                        with contextlib.suppress(ValueError):  # impossible: the careful reader
                            day = dates[dd] = date.fromisoformat(dd)
                    if day is not None:
                        append(ListRow(t, pos, reg, name, no, day, v, tx, cs))
                        continue
        p = f"{key}[{i}]"
        r = _obj(r, p)
        if not guarded:
            guard(r, p, 2, escaped)
        _check_keys(r, LIST_OUT, p)
        append(
            ListRow(
                _text(r, "type", p),
                _text(r, "point_of_sale", p),
                _text(r, "counterparty_reg_no", p),
                _text(r, "counterparty_name", p),
                _text(r, "doc_no", p),
                _date(r, "doc_date", p),
                _amount(r, "value", p),
                _amount(r, "tax", p),
                _amount(r, "cess", p),
            )
        )
    return out


def _filed(o: Any) -> FiledReturnFacts | None:
    if o is None:
        return None
    p = "part4"
    o = _obj(o, p)
    _check_keys(o, ("filed", "carried_forward", "rows", "payable"), p)
    f = _obj(o.get("filed"), f"{p}.filed")
    _check_keys(f, ("part3", "due_date", "ack_no"), f"{p}.filed")
    p3o = _obj(f.get("part3"), f"{p}.filed.part3")
    _check_keys(p3o, PART3_IDS, f"{p}.filed.part3")
    for k in PART3_IDS:
        if k not in p3o:
            raise InputError(
                f"{p}.filed.part3.{k}", "missing: Part 4 needs the filed return's Part 3"
            )
    return FiledReturnFacts(
        part3={k: _paise(p3o, k, f"{p}.filed.part3") for k in PART3_IDS},
        due_date=_date(f, "due_date", f"{p}.filed"),
        ack_no=_text(f, "ack_no", f"{p}.filed"),
        carried_forward=_acts(
            _obj(o.get("carried_forward"), f"{p}.carried_forward"), f"{p}.carried_forward", _paise
        ),
    )


def from_document(
    doc: dict[str, Any], *, escaped: bool = True, rows_guarded: bool = False
) -> Form9Return:
    """A parsed upload JSON → Form9Return (inputs only).

    `escaped` = the text may hold \\u escapes (and so control characters): check every text field.
    `rows_guarded` = parse_text already checked the long lists' rows (depth, surrogates).
    """
    _check_keys(doc, TOP_KEYS, "")
    if doc.get("format") != FORMAT:
        raise InputError("format", f"expected {FORMAT!r}, found {_kind(doc.get('format'))}")
    if doc.get("format_version") != FORMAT_VERSION:
        raise InputError(
            "format_version",
            f"this version reads format_version 1, found {_kind(doc.get('format_version'))}",
        )
    header = _header(_obj(doc.get("header"), "header"))
    ret = Form9Return(
        header=header,
        inputs=_inputs(_obj(doc.get("inputs"), "inputs")),
        part1a=_part1a(doc),
        part1b=[
            Part1bRow(_text(r, "series_from", p), _text(r, "series_to", p))
            for p, r in _rows(doc, "part1b", ("series_from", "series_to"))
        ],
        part2=_part2(doc),
        filed=_filed(doc.get("part4")),
        part5=[
            Part5Row(
                _text(r, "ref_no", p),
                _date(r, "date", p),
                _act(r, "act", p),
                _text(r, "head_of_account", p),
                _amount(r, "amount", p),
            )
            for p, r in _rows(doc, "part5", PART5_KEYS)
        ],
        sales_list=_list_rows(doc, "sales_list", escaped, rows_guarded),
        purchase_list=_list_rows(doc, "purchase_list", escaped, rows_guarded),
        stock=[
            StockRow(
                _text(r, "goods", p),
                _text(r, "schedule", p),
                _text(r, "unit", p),
                _amount(r, "quantity", p),
                _amount(r, "value", p),
            )
            for p, r in _rows(doc, "stock", STOCK_KEYS)
        ],
    )
    d = _obj(doc.get("declaration"), "declaration")
    _check_keys(d, DECLARATION_KEYS, "declaration")
    ret.declaration = Declaration(
        _text(d, "signatory_name", "declaration"),
        _text(d, "signatory_parent", "declaration"),
        _text(d, "signatory_status", "declaration"),
        _text(d, "place", "declaration"),
        _date(d, "date", "declaration"),
    )
    return ret


def loads(text: str | bytes) -> Form9Return:
    """Read an upload file (the fast reader: the long lists' rows are checked as they are read)."""
    doc, escaped = parse_document(text, rows_checked=True)
    return from_document(doc, escaped=escaped)


# ---------------------------------------------------------------- writing


def _m(v: Decimal) -> Num:
    return Num(fmt_money(v))


def _r(v: Decimal) -> Num:
    return Num(fmt_rate(v))


def _d(v: date | None) -> str | None:
    return v.isoformat() if v else None


def _acts_out(a: ActAmounts) -> dict[str, Any]:
    return {"kgst": _m(a.kgst), "kvat": _m(a.kvat), "cst": _m(a.cst)}


def _list_table(rows: list[ListRow]) -> RowTable:
    """List rows as compact JSON objects, keys in LIST_OUT order (spelled out here for speed)."""
    fm, enc = fmt_money, encode_basestring
    seen: dict[object, str] = {None: "null"}  # types, points of sale, names and dates repeat
    known = seen.get

    def new(value: object) -> str:
        text = seen[value] = (
            enc(value) if isinstance(value, str) else f'"{value.isoformat()}"'  # type: ignore[attr-defined]
        )
        return text

    return RowTable(
        LIST_OUT,
        [
            f'{{"type":{known(r.type) or new(r.type)},'
            f'"point_of_sale":{known(r.point_of_sale) or new(r.point_of_sale)},'
            f'"counterparty_reg_no":{enc(r.counterparty_reg_no)},'
            f'"counterparty_name":{known(r.counterparty_name) or new(r.counterparty_name)},'
            f'"doc_no":{enc(r.doc_no)},"doc_date":{known(r.doc_date) or new(r.doc_date)},'
            f'"value":{fm(r.value)},"tax":{fm(r.tax)},"cess":{fm(r.cess)},'
            f'"total":{fm(row_total(r))}}}'
            for r in rows
        ],
    )


def to_document(ret: Form9Return, c: Computed) -> Document:
    """The canonical upload document, checksum last (spec section 8)."""
    h = ret.header
    header: dict[str, Any] = {
        "date_of_filing": _d(h.date_of_filing), "period": h.period, "return_type": h.return_type,
        "revision_no": h.revision_no, "kgst_no": h.kgst_no, "tin": h.tin, "cst_no": h.cst_no,
        "tps_division": h.tps_division, "tps_circle": h.tps_circle, "name": h.name,
        "address": h.address, "trade_name": h.trade_name, "constitution": h.constitution,
        "nature_of_business": h.nature_of_business,
        "branches": [{"name": b.name, "address": b.address} for b in h.branches],
    }  # fmt: skip
    if h.gstin:
        header["gstin"] = h.gstin
    i = ret.inputs
    inputs: dict[str, Any] = {
        "advance": _acts_out(i.advance),
        "brought_forward": _acts_out(i.brought_forward),
        "cess": {k: _m(getattr(i.cess, k)) for k in CESS_IDS},
        "interest_rate": {act: _r(i.interest_rate[act]) for act in ACTS},
    }
    if i.large_dealer is not None:
        inputs["large_dealer"] = i.large_dealer
    if i.due_date is not None:
        inputs["due_date"] = i.due_date.isoformat()
    part1a = [
        {"sl": r.sl, "act": r.act, "nature": r.nature, "goods": r.goods, "schedule": r.schedule,
         "rate": _r(r.rate), "point_of_sale": r.point_of_sale,
         "total_turnover": _m(r.total_turnover), "exempt_turnover": _m(r.exempt_turnover),
         "tax_collected": _m(r.tax_collected), "compounded_tax": _m(r.compounded_tax),
         "taxable_turnover": _m(f.taxable_turnover), "tax_due": _m(f.tax_due),
         "total_tax_payable": _m(f.total_tax_payable)}
        for r, f in zip(ret.part1a, c.part1a, strict=True)
    ]  # fmt: skip
    part2 = [
        {"sl": r.sl, "act": r.act, "nature": r.nature, "goods": r.goods, "schedule": r.schedule,
         "rate": _r(r.rate), "purchase_value": _m(r.purchase_value), "tax_paid": _m(r.tax_paid),
         "cess_paid": _m(r.cess_paid), "itc_eligible": rules.ITC_WRITTEN[r.itc_eligible],
         "total": _m(t)}
        for r, t in zip(ret.part2, c.part2_totals, strict=True)
    ]  # fmt: skip
    part3a: dict[str, Any] = {}
    for rid, row in c.part3a.rows.items():
        part3a[rid] = {"tax": _m(row.tax), "interest_rate": _r(row.interest_rate),
                       "delay_days": row.delay_days, "interest": _m(row.interest),
                       "total": _m(row.total)}  # fmt: skip
        if rid == "f":
            k = c.part3a.kgst_total
            part3a["kgst_total"] = {
                "tax": _m(k.tax),
                "interest": _m(k.interest),
                "total": _m(k.total),
            }
    part4: dict[str, Any] | None = None
    if ret.filed is not None and ret.is_revision:
        f = ret.filed
        part4 = {
            "filed": {"part3": {k: _m(f.part3[k]) for k in PART3_IDS}, "due_date": _d(f.due_date),
                      "ack_no": f.ack_no},
            "carried_forward": _acts_out(f.carried_forward),
        }  # fmt: skip
        if c.part4 is not None:
            part4["rows"] = {
                rid: {"filed": _m(ln.filed), "revised": _m(ln.revised), "effect": _m(ln.effect),
                      "interest_rate": _r(ln.interest_rate), "delay_days": ln.delay_days,
                      "interest": _m(ln.interest), "total": _m(ln.total)}
                for rid, ln in c.part4.rows.items()
            }  # fmt: skip
            part4["payable"] = _m(c.part4.payable)
    d = ret.declaration
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "header": header,
        "inputs": inputs,
        "part1a": part1a,
        "part1b": [{"series_from": b.series_from, "series_to": b.series_to} for b in ret.part1b],
        "part2": part2,
        "part3": {k: _m(v) for k, v in c.part3.as_dict().items()},
        "part3a": part3a,
        "part4": part4,
        "part5": [
            {
                "ref_no": r.ref_no,
                "date": _d(r.date),
                "act": r.act,
                "head_of_account": r.head_of_account,
                "amount": _m(r.amount),
            }
            for r in ret.part5
        ],
        "declaration": {
            "signatory_name": d.signatory_name,
            "signatory_parent": d.signatory_parent,
            "signatory_status": d.signatory_status,
            "place": d.place,
            "date": _d(d.date),
        },
        "sales_list": _list_table(ret.sales_list),
        "purchase_list": _list_table(ret.purchase_list),
        "stock": [
            {
                "goods": s.goods,
                "schedule": s.schedule,
                "unit": s.unit,
                "quantity": _m(s.quantity),
                "value": _m(s.value),
            }
            for s in ret.stock
        ],
    }
    return sealed(doc)


def checksum_of(ret: Form9Return, c: Computed) -> str:
    """The checksum the return's upload file has, for the PDF's footer; "" when no file can be
    written (an amount with more than 2 decimals, which validation reports as E-AMOUNT-DP)."""
    try:
        return str(to_document(ret, c)["checksum"])
    except NumberError:
        return ""


def dumps(ret: Form9Return, c: Computed) -> str:
    """The upload file's text: same return, same bytes."""
    return pretty(to_document(ret, c))


def stated_checksum_ok(text: str | bytes) -> bool | None:
    """Does the file's `checksum` match its content?  None when the file has no checksum."""
    doc = parse_text(text)
    stated = doc.pop("checksum", None)
    if stated is None:
        return None
    return bool(stated == checksum(_as_written(doc)))


def _as_written(value: Any) -> Any:
    """A parsed document with numbers back in their written form, for the checksum."""
    if isinstance(value, dict):
        return {k: _as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_written(v) for v in value]
    if isinstance(value, Decimal):
        return Num(str(value))
    return value


def document_checksum_ok(doc: dict[str, Any]) -> bool | None:
    """stated_checksum_ok for a document already read with parse_text (the document is not changed)."""
    stated = doc.get("checksum")
    if stated is None:
        return None
    rest = {k: v for k, v in doc.items() if k != "checksum"}
    return bool(stated == checksum(_as_written(rest)))
