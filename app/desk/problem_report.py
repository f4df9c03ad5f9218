"""Gathering a problem report (issue 15 item 3) for a stored return or an upload JSON file: the
identifiers, the upload JSON, the validation findings, the versions, the log's tail; the windows
add their screenshots.  The zip itself is app.export.problem_bundle."""

from __future__ import annotations

import platform
from datetime import datetime
from pathlib import Path

from app import __version__
from app.desk import DeskError
from app.desk.client_transfer import form_version
from app.desk.logs import log_tail
from app.desk.settings import read_desk_settings
from app.export.json_text import InputError
from app.export.problem_bundle import Dealer, ProblemReport, ReturnShown, write_bundle
from app.export.upload_json import dumps, loads
from app.fileio import FileRefused, read_input
from app.model.compute import compute
from app.model.file_names import return_file_name
from app.model.form9 import Form9Return
from app.model.limits import MAX_JSON_BYTES
from app.model.numbers import NumberError
from app.model.periods import Period, PeriodError
from app.model.ratepack import RatePackError
from app.model.status import FILED, LABELS, describe_version
from app.model.validation import validate
from app.ratepacks import pack_for_period
from app.store import Store, StoreError, lifecycle

#: The longest description kept (a page of text is about 3,000 characters).
MAX_DESCRIPTION = 20_000


def _versions(ret: Form9Return, rate_pack: str, extra: dict[str, str] | None) -> dict[str, str]:
    pack = rate_pack
    if not pack:
        try:
            found = pack_for_period(ret.header.period)
            pack = found.version if found is not None else ""
        except RatePackError:
            pack = ""
    out = {
        "Form 9 Offline Utility": __version__,
        "rate pack": pack or "(none)",
        "form catalogue": form_version(ret.header.period) or "(unknown)",
        "OS": platform.platform(),
        "Python": platform.python_version(),
    }
    out.update(extra or {})
    return out


def _dealer(ret: Form9Return) -> Dealer:
    h = ret.header
    return Dealer(h.name, h.trade_name, h.tin, h.gstin, h.kgst_no, h.cst_no, h.tps_division,
                  h.tps_circle)  # fmt: skip


def _label(period: str) -> str:
    try:
        return Period.parse(period).label
    except PeriodError:
        return period


def _base(ret: Form9Return, description: str, data_dir: Path | None, now: datetime,
          extra: dict[str, str] | None, rate_pack: str) -> ProblemReport:  # fmt: skip
    if len(description) > MAX_DESCRIPTION:
        raise DeskError(f"description: {len(description):,} characters; at most "
                        f"{MAX_DESCRIPTION:,} are kept")  # fmt: skip
    settings = read_desk_settings(data_dir) if data_dir is not None else None
    h = ret.header
    return ProblemReport(
        created_at=now, description=description, dealer=_dealer(ret),
        ret=ReturnShown(h.period, _label(h.period), describe_version(h.return_type, h.revision_no)),
        firm_name=settings.firm_name if settings is not None else "",
        signatory=ret.declaration.signatory_name,
        upload_json_name="return/" + return_file_name(h.tin, h.period, "json",
                                                      return_type=h.return_type,
                                                      revision_no=h.revision_no),
        versions=_versions(ret, rate_pack, extra),
        log_tail=log_tail(data_dir) if data_dir is not None else "",
    )  # fmt: skip


def for_stored_return(store: Store, return_id: int, description: str, *,
                      data_dir: Path | None = None, now: datetime | None = None,
                      versions: dict[str, str] | None = None) -> ProblemReport:  # fmt: skip
    """A report on a return in the store: its facts, its upload JSON and the findings with the
    store's facts (renewal, earlier returns filed)."""
    try:
        with store.transaction(write=False):
            info = store.return_info(return_id)
            ret = store.load_return(return_id)
            _c, findings = lifecycle.check(store, return_id, ret)
            profile = store.get_client(info.client_id)
    except StoreError as exc:
        raise DeskError(f"return {return_id}: {exc}") from None
    report = _base(ret, description, data_dir, now or datetime.now(), versions, info.rate_pack)
    d = report.dealer  # what the return's header leaves blank, from the dealer's particulars
    d.gstin, d.trade_name = d.gstin or profile.gstin, d.trade_name or profile.trade_name
    d.kgst_no, d.cst_no = d.kgst_no or profile.kgst_no, d.cst_no or profile.cst_no
    report.ret.status = LABELS.get(info.status, info.status)
    report.ret.ack_no = info.ack_no
    report.ret.filed_on = info.filed_on if info.status == FILED else None
    report.ret.source = f"return {return_id} in the data folder"
    report.findings = findings
    try:
        report.upload_json = dumps(ret, compute(ret, with_lists=False)).encode("utf-8")
    except NumberError as exc:
        report.upload_json_note = f"the upload JSON cannot be written: {exc}"
    return report


def for_file(path: Path, description: str, *, data_dir: Path | None = None,
             now: datetime | None = None, versions: dict[str, str] | None = None) -> ProblemReport:  # fmt: skip
    """A report on an upload JSON file: the file itself as given, and its findings."""
    try:
        data = read_input(path, MAX_JSON_BYTES)
        ret = loads(data)
    except (FileRefused, InputError) as exc:
        text = str(exc)
        raise DeskError(text if text.startswith(str(path)) else f"{path}: {text}") from None
    c = compute(ret)
    try:
        pack = pack_for_period(ret.header.period)
    except RatePackError:
        pack = None
    report = _base(ret, description, data_dir, now or datetime.now(), versions,
                   pack.version if pack else "")  # fmt: skip
    report.ret.status = "as in the file (not in a data folder)"
    report.ret.filed_on = ret.header.date_of_filing
    report.ret.source = f"file {path.name}"
    report.findings = validate(ret, c, pack)
    report.upload_json = data  # the file as given: the evidence, byte for byte
    return report


def write_report(target: Path, report: ProblemReport) -> list[str]:
    try:
        return write_bundle(target, report)
    except OSError as exc:
        raise DeskError(f"{target}: cannot write ({exc.strerror or exc})") from None
