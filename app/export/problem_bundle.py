"""The problem report (issue 15 item 3): one zip a dealer or practitioner hands to the district GST
help desk, as Order No. 41/2018/GST Info System/CCT (19-11-2018) asks — grievances go to the
district unit with screenshots (paragraphs 5 and 8), the GSTIN, the ARN / acknowledgement number
and the relevant documents (paragraph 11).  Nothing is sent anywhere: the user carries the file.

    covering-note.pdf, covering-note.txt   to the district help desk: to whom, subject, the dealer,
                                           the return, what happened, what is attached
    description.txt                        the user's own words
    details.json                           identifiers, status, versions, OS (machine-readable)
    return/<TIN>-<period>-form9.json       the return's upload JSON (as given, for a file)
    findings.txt, findings.json            the utility's validation findings
    app-log.txt                            the tail of the app's log
    screenshots/NN-<window>.png            the app's open windows (made by the app itself)
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from app.export.pdf_simple import SimplePdf
from app.fileio import atomic_path
from app.model.findings import Finding

ORDER = "Order No. 41/2018/GST Info System/CCT dated 19-11-2018"
ATTACHED = "What is attached"


@dataclass(slots=True)
class Dealer:
    name: str = ""
    trade_name: str = ""
    tin: str = ""
    gstin: str = ""
    kgst_no: str = ""
    cst_no: str = ""
    division: str = ""  # TPS division: the district unit the note is addressed to
    circle: str = ""


@dataclass(slots=True)
class ReturnShown:
    period: str = ""
    period_label: str = ""
    version: str = ""  # "Original" / "Revision 1"
    status: str = ""  # "Draft", "Ready to file", "Filed"
    ack_no: str = ""
    filed_on: date | None = None
    source: str = ""  # "return 12 in the data folder …" / "file october.json"


@dataclass(slots=True)
class ProblemReport:
    created_at: datetime
    description: str
    dealer: Dealer
    ret: ReturnShown
    firm_name: str = ""
    signatory: str = ""
    upload_json: bytes | None = None
    upload_json_name: str = ""
    upload_json_note: str = ""  # why the upload JSON is missing, if it is
    findings: list[Finding] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)  # app, rate pack, form, OS, Python, Qt
    log_tail: str = ""
    screenshots: list[tuple[str, bytes]] = field(default_factory=list)  # (window title, PNG)

    @property
    def errors(self) -> int:
        return sum(f.is_error for f in self.findings)


def _safe(text: str, most: int = 40) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-")[:most].lower() or "window"


def screenshot_names(report: ProblemReport) -> list[str]:
    return [f"screenshots/{n:02d}-{_safe(title)}.png"
            for n, (title, _png) in enumerate(report.screenshots, 1)]  # fmt: skip


def _attachments(report: ProblemReport) -> list[tuple[str, str]]:
    out = [("covering-note.pdf / .txt", "this note")]
    out.append(("description.txt", "what happened, in the user's words"))
    if report.screenshots:
        out.append((f"screenshots/ ({len(report.screenshots)})",
                    "screenshots of the utility's windows: "
                    + "; ".join(t for t, _p in report.screenshots)))  # fmt: skip
    else:
        out.append(("screenshots/", "none: the report was made from the command line"))
    if report.upload_json is not None:
        out.append((report.upload_json_name, "the return's upload JSON file"))
    else:
        out.append(("(no upload JSON)", report.upload_json_note))
    warnings = len(report.findings) - report.errors
    out.append(("findings.txt / .json",
                f"the utility's validation of the return: {report.errors} error(s), "
                f"{warnings} warning(s)"))  # fmt: skip
    out.append(("details.json", "identifiers, status, versions of the utility and the OS"))
    out.append(("app-log.txt", "the end of the utility's log"))
    return out


def note_sections(report: ProblemReport) -> list[tuple[str, list[tuple[str, str]]]]:
    """The covering note as (heading, [(label, text)]) sections, for the PDF and the text."""
    d, r = report.dealer, report.ret
    where = f", {d.division}" if d.division else ""
    sender = report.firm_name or d.name
    on_behalf = f" on behalf of {d.name}" if report.firm_name and d.name else ""
    period = r.period_label or r.period or "—"
    return [
        ("", [
            ("To", "The Officer in charge, GST Information System unit, GST Facilitation Centre"
                   f"{where}, State GST Department, Kerala"),
            ("From", f"{sender}{on_behalf}"),
            ("Date", f"{report.created_at:%d-%m-%Y}"),
            ("Subject", f"FORM No. 9 return for {period} of TIN {d.tin or '—'}: problem reported "
                        f"with evidence, as asked by {ORDER} (paragraphs 5, 8 and 11)"),
        ]),
        ("The dealer", [
            ("Name", d.name + (f" ({d.trade_name})" if d.trade_name else "")),
            ("TIN", d.tin), ("GSTIN", d.gstin), ("KGST registration", d.kgst_no),
            ("CST registration", d.cst_no),
            ("Division / circle", " / ".join(x for x in (d.division, d.circle) if x)),
        ]),
        ("The return", [
            ("Form", "FORM No. 9 (KGST / KVAT / CST)"), ("Period", f"{period} ({r.period})"),
            ("Version", r.version), ("Status", r.status),
            ("Acknowledgement (ARN)", r.ack_no or "not filed yet"),
            ("Date of filing", f"{r.filed_on:%d-%m-%Y}" if r.filed_on else "not filed yet"),
            ("Prepared with", ", ".join(f"{k} {v}" for k, v in report.versions.items() if v)),
        ]),
        ("What happened", [("", report.description.strip() or "(no description given)")]),
        (ATTACHED, _attachments(report)),
    ]  # fmt: skip


_CLOSING = (
    "I request that the problem be examined and, if it cannot be resolved at the district level, "
    "raised to the State level unit. Nothing in this report was sent by the utility: it is "
    "handed over or mailed by the dealer."
)


def _sign_off(report: ProblemReport) -> list[str]:
    lines = ["Yours faithfully,", "", report.signatory or report.firm_name or report.dealer.name]
    if report.firm_name and report.signatory:
        lines.append(report.firm_name)
    return lines


def covering_note_text(report: ProblemReport) -> str:
    out: list[str] = []
    for heading, items in note_sections(report):
        if heading:
            out += ["", heading.upper(), "-" * len(heading)]
        for n, (label, text) in enumerate(items, 1):
            if heading == ATTACHED:
                out.append(f"{n}. {label} — {text}")
            elif label:
                out.append(f"{label + ':':24} {text}" if text else f"{label}:")
            else:
                out.append(text)
    out += ["", _CLOSING, "", *_sign_off(report), ""]
    return "\n".join(out)


def covering_note_pdf(report: ProblemReport) -> bytes:
    buf = BytesIO()
    pdf = SimplePdf(buf, title=f"Problem report — TIN {report.dealer.tin}",
                    footer=f"Problem report, TIN {report.dealer.tin}, {report.ret.period} — "
                           f"prepared with Form 9 Offline Utility on {report.created_at:%d-%m-%Y %H:%M}")  # fmt: skip
    pdf.heading("Problem report to the district GST help desk")
    for heading, items in note_sections(report):
        pdf.space()
        if heading:
            pdf.heading(heading, 11.0)
        for n, (label, text) in enumerate(items, 1):
            if heading == ATTACHED:
                pdf.paragraph(f"{n}. {label} — {text}", indent=12)
            elif label:
                pdf.labelled(label, text)
            else:
                pdf.paragraph(text)
    pdf.space()
    pdf.paragraph(_CLOSING)
    pdf.space()
    for line in _sign_off(report):
        pdf.paragraph(line or " ")
    pdf.finish()
    return buf.getvalue()


def findings_text(report: ProblemReport) -> str:
    if not report.findings:
        return "No findings: the utility found no error or warning in the return.\n"
    lines = [
        f"{f.severity.upper():7} {f.code:18} {f.location:32} {f.message}" for f in report.findings
    ]
    warnings = len(report.findings) - report.errors
    return "\n".join([*lines, f"{report.errors} error(s), {warnings} warning(s)"]) + "\n"


def details(report: ProblemReport) -> dict[str, object]:
    d, r = report.dealer, report.ret
    return {
        "created_at": report.created_at.isoformat(timespec="seconds"),
        "order": ORDER,
        "firm_name": report.firm_name,
        "dealer": {"name": d.name, "trade_name": d.trade_name, "tin": d.tin, "gstin": d.gstin,
                   "kgst_no": d.kgst_no, "cst_no": d.cst_no, "tps_division": d.division,
                   "tps_circle": d.circle},
        "return": {"period": r.period, "version": r.version, "status": r.status,
                   "ack_no": r.ack_no, "date_of_filing": r.filed_on.isoformat() if r.filed_on else None,
                   "source": r.source},
        "versions": report.versions,
        "findings": {"errors": report.errors, "warnings": len(report.findings) - report.errors},
        "screenshots": [t for t, _p in report.screenshots],
    }  # fmt: skip


def write_bundle(target: Path, report: ProblemReport) -> list[str]:
    """Write the zip atomically; returns the names of its members."""
    members: list[tuple[str, bytes]] = [
        ("covering-note.pdf", covering_note_pdf(report)),
        ("covering-note.txt", covering_note_text(report).encode("utf-8")),
        ("description.txt", (report.description.strip() + "\n").encode("utf-8")),
        (
            "details.json",
            (json.dumps(details(report), indent=2, ensure_ascii=False) + "\n").encode(),
        ),
        ("findings.txt", findings_text(report).encode("utf-8")),
        (
            "findings.json",
            (
                json.dumps([f.as_dict() for f in report.findings], indent=1, ensure_ascii=False)
                + "\n"
            ).encode("utf-8"),
        ),
        ("app-log.txt", (report.log_tail or "(the log is empty)\n").encode("utf-8")),
    ]
    if report.upload_json is not None:
        members.append((report.upload_json_name, report.upload_json))
    members += [(name, png) for name, (_t, png) in
                zip(screenshot_names(report), report.screenshots, strict=True)]  # fmt: skip
    stamp = report.created_at
    when = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with atomic_path(target) as tmp, zipfile.ZipFile(tmp, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when)
            # PNGs and PDFs are packed already
            png = name.endswith((".png", ".pdf"))
            info.compress_type = zipfile.ZIP_STORED if png else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return [name for name, _d in members]
