"""The overview's bulk actions on the selected cells (issue 15 item 5): create returns (after a
confirmation), validate (every finding listed; a finding opens its return there), export upload
JSON and print PDFs into a folder.

Each runs off the GUI thread with a progress dialog whose Cancel stops before the next cell
(app.ui.worker); each return written is its own unit of work, so the windows following the store
show it by itself.  Whatever happens to a cell is a row of the report (bulk_report): nothing is
dropped, and no file is overwritten without the user's say (asked once for the whole run).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app.export.schema import write_checked
from app.fileio import atomic_write
from app.model.findings import Finding, has_errors
from app.model.status import describe_version
from app.store import lifecycle
from app.ui.bulk_report import ReportDialog, ReportRow
from app.ui.checking import finding_order
from app.ui.errors import plain_words
from app.ui.export_dialogs import check_for_export, default_name, print_return
from app.ui.file_dialogs import EXPORT_FOLDER, PDF, choose_folder
from app.ui.findings_dock import where
from app.ui.new_return import create_return
from app.ui.overview_grid import Cell, file_name
from app.ui.qt import QGridLayout, QMessageBox, QProgressDialog, Qt
from app.ui.worker import Progress, run_in_background

if TYPE_CHECKING:
    from app.ui.overview import OverviewWindow

log = logging.getLogger(__name__)

#: Findings listed per return in the validate report (the return's own panel lists them all).
FINDINGS_PER_RETURN = 200
Step = Callable[[Cell, Progress], list[ReportRow]]
Summary = Callable[[list[ReportRow], int, int], str]


def _row(cell: Cell, *texts: str, finding: Finding | None = None) -> ReportRow:
    rid = cell.info.id if cell.info is not None else None
    return ReportRow((cell.dealer, cell.period.label, *texts), rid, finding)


def _version(cell: Cell) -> str:
    info = cell.info
    return describe_version(info.return_type, info.revision_no) if info is not None else ""


def run(w: OverviewWindow, title: str, cells: list[Cell], step: Step, headers: Sequence[str],
        *, refresh: bool = False, summary: Summary | None = None,
        opens: bool = False) -> None:  # fmt: skip
    """`step` each cell off the GUI thread with a progress dialog; Cancel stops before the next
    cell.  A failing cell is reported on its row, never dropped; the report lists every row.
    `summary(rows, cells done, cells)` words the report's note; with `opens`, a row about a return
    opens it (at its finding) on double-click or Enter."""
    if not cells:
        w.statusBar().showMessage(f"{title}: select one or more cells first.", 8000)
        return
    rows: list[ReportRow] = []
    done = [0]
    dlg = QProgressDialog(f"{title}…", "Cancel", 0, len(cells), w)
    dlg.setWindowTitle(title)
    dlg.setWindowModality(Qt.WindowModality.WindowModal)
    dlg.setAutoClose(False)
    dlg.setAutoReset(False)
    dlg.setMinimumDuration(0)
    dlg.setMinimumWidth(420)
    dlg.setValue(0)
    w.progress = dlg
    at = list(headers).index("Result") if "Result" in headers else len(headers) - 1

    def work(progress: Progress) -> None:
        for i, cell in enumerate(cells):
            progress(
                i, len(cells), f"{cell.dealer} — {cell.period.label}  ({i + 1} of {len(cells)})"
            )
            try:
                rows.extend(step(cell, progress))
            except Exception as exc:  # the cell's row says what went wrong
                if progress.cancelled:
                    raise
                log.exception("%s failed for %s %s", title, cell.tin, cell.period)
                texts = [""] * (len(headers) - 2)
                texts[at - 2] = f"Failed: {plain_words(exc)}"
                rows.append(_row(cell, *texts))
            done[0] = i + 1

    def finish(note: str) -> None:
        dlg.canceled.disconnect()
        dlg.hide()
        dlg.deleteLater()
        w.progress = w.task = None
        if refresh or w.behind:
            w.refresh()
        opener = (lambda row: open_at(w, row)) if opens else None
        w.report = ReportDialog(w, title, headers, rows, note, on_open=opener)
        w.report.show()

    def said(prefix: str = "") -> str:
        if summary is not None:
            return prefix + summary(rows, done[0], len(cells))
        return f"{prefix}{done[0]} of {len(cells)} done."

    def progressed(n: int, total: int, text: str) -> None:
        dlg.setValue(n)
        dlg.setLabelText(text)

    def failed(exc: BaseException, tb: str) -> None:
        finish(f"Stopped by an error: {plain_words(exc, tb)}  {said()}")

    w.task = run_in_background(
        work,
        on_done=lambda _r: finish(said()),
        on_error=failed,
        on_progress=progressed,
        on_cancel=lambda: finish(said("Cancelled. ")),
        urgent=True,
    )
    dlg.canceled.connect(w.task.cancel)


def open_at(w: OverviewWindow, row: ReportRow) -> object:
    """Open the row's return; at its finding (page, row and field) when the row is one."""
    if row.return_id is None:
        return None
    editor = w.open_return(row.return_id)
    if editor is not None and row.finding is not None:
        editor.jump_to(row.finding)
    return editor


# ---- create ---------------------------------------------------------------------------------------
def create_selected(w: OverviewWindow) -> None:
    """A new original return in each selected empty cell, prefilled as 'New return' does; more
    than one is created only when the user confirms how many, for how many dealers."""
    store = w.store
    missing = [c for c in w.selected_cells() if c.info is None]
    if len(missing) > 1 and not confirm_create(w, missing):
        w.statusBar().showMessage("Create returns: cancelled, nothing created.", 8000)
        return

    def step(cell: Cell, _p: Progress) -> list[ReportRow]:
        rid, note = create_return(store, cell.client_id, cell.period)
        return [ReportRow((cell.dealer, cell.period.label, "Created", note), rid)]

    headers = ["Dealer", "Period", "Result", "Prefilled"]
    run(w, "Create returns", missing, step, headers, refresh=True, opens=True)


def _wide(box: QMessageBox, width: int = 400) -> None:
    """Room for the question's text, which Qt would wrap into a narrow column."""
    lay = box.layout()
    if isinstance(lay, QGridLayout):
        lay.setColumnMinimumWidth(lay.columnCount() - 1, width)


def confirm_create(w: OverviewWindow, cells: list[Cell]) -> bool:
    dealers = len({c.client_id for c in cells})
    box = QMessageBox(w)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Create returns")
    box.setText(f"Create {len(cells)} new returns for {dealers} "
                f"dealer{'s' if dealers != 1 else ''}?")  # fmt: skip
    periods = sorted({c.period for c in cells})
    shown = ", ".join(p.label for p in periods[:4]) + (" …" if len(periods) > 4 else "")
    box.setInformativeText(
        f"Periods: {shown}.\n\nEach is a draft prefilled as New return does, with figures "
        "brought forward from the filing chain. Cells that already hold a return are left alone."
    )
    _wide(box)
    create = box.addButton(f"Create {len(cells)} returns", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(create)
    box.exec()
    return box.clickedButton() is create


# ---- validate -------------------------------------------------------------------------------------
def validate_selected(w: OverviewWindow) -> None:
    """Every finding of each selected return, as its editor's panel lists them; a row opens the
    return at the finding."""
    store = w.store

    def step(cell: Cell, _p: Progress) -> list[ReportRow]:
        info = cell.info
        assert info is not None
        _c, findings = lifecycle.check(store, info.id)
        period = cell.period.label
        if info.return_type == "revision":
            period += f" (rev {info.revision_no})"
        rows = [
            ReportRow((cell.dealer, period, f.code, where(f), f.message), info.id, f)
            for f in sorted(findings, key=finding_order)[:FINDINGS_PER_RETURN]
        ]
        if len(findings) > FINDINGS_PER_RETURN:
            more = len(findings) - FINDINGS_PER_RETURN
            rows.append(ReportRow((cell.dealer, period, "", "",
                                   f"… and {more} more: open the return to see them all"),
                                  info.id))  # fmt: skip
        if not findings:
            rows.append(ReportRow((cell.dealer, period, "", "", "No errors or warnings"), info.id))
        return rows

    def summary(rows: list[ReportRow], done: int, total: int) -> str:
        found = [r.finding for r in rows if r.finding is not None]
        errors = sum(f.is_error for f in found)
        with_errors = len({r.return_id for r in rows if r.finding and r.finding.is_error})
        head = f"{done} of {total} returns checked" if done < total else f"{total} returns checked"
        return (f"{head}: {with_errors} with errors ({errors} errors), {len(found) - errors} "
                "warnings.  Double-click a finding, or press Enter on it, to open the return "
                "there.")  # fmt: skip

    existing = [c for c in w.selected_cells() if c.info is not None]
    headers = ["Dealer", "Period", "Code", "Where", "Message"]
    run(w, "Validate", existing, step, headers, summary=summary, opens=True)


# ---- files ----------------------------------------------------------------------------------------
def _folder(w: OverviewWindow, folder: str | None, kind: str, caption: str) -> Path | None:
    if folder is not None:
        return Path(folder) if folder else None
    return choose_folder(w, kind, caption)


def ask_overwrite(w: OverviewWindow, folder: Path, names: list[str],
                  of: int) -> set[str] | None:  # fmt: skip
    """Files of these names (of the `of` to write) are in the folder: asked once, overwrite them
    all (their names are returned), skip them (an empty set) or cancel (None)."""
    if not names:
        return set()
    box = QMessageBox(w)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Files already there")
    n = len(names)
    if n == of:
        box.setText(f"The file is already in {folder}:" if n == 1
                    else f"The {n} files are already in {folder}:")  # fmt: skip
    else:
        box.setText(f"{n} of the {of} files {'is' if n == 1 else 'are'} already in {folder}:")
    shown = "\n".join(names[:8]) + (f"\n… and {n - 8} more" if n > 8 else "")
    others = " (the others are written)" if n < of else ""
    box.setInformativeText(f"{shown}\n\nOverwrite them, skip them{others}, or cancel?")
    overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
    skip = box.addButton("Skip those", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(skip)
    _wide(box)
    box.exec()
    clicked = box.clickedButton()
    if clicked is overwrite:
        return set(names)
    return set() if clicked is skip else None


def _target(
    w: OverviewWindow,
    action: str,
    cells: list[Cell],
    folder: str | None,
    kind: str,
    caption: str,
    ext: str,
) -> tuple[Path, set[str]] | None:
    """The folder a bulk action writes into and the names of the files there it may overwrite
    (ask_overwrite); None, with the reason in the status bar, when there is no return among the
    cells, no folder is chosen or the user cancels."""
    returns = sum(c.info is not None for c in cells)
    if not returns:
        w.statusBar().showMessage(f"{action}: select one or more existing returns.", 8000)
        return None
    target = _folder(w, folder, kind, caption)
    if target is None:
        return None
    names = [file_name(c.tin, c.info, ext) for c in cells if c.info is not None]
    replace = ask_overwrite(w, target, [n for n in names if (target / n).exists()], returns)
    if replace is None:
        w.statusBar().showMessage(f"{action}: cancelled, nothing written.", 8000)
        return None
    return target, replace


def export_selected(w: OverviewWindow, folder: str | None = None) -> None:
    """Each selected return without errors as <TIN>-<period>[-revN]-form9.json."""
    existing = [c for c in w.selected_cells() if c.info is not None]
    chosen = _target(w, "Export", existing, folder, EXPORT_FOLDER, "Export upload JSON to folder",
                     "json")  # fmt: skip
    if chosen is None:
        return
    target, replace = chosen
    store = w.store

    def step(cell: Cell, _p: Progress) -> list[ReportRow]:
        info = cell.info
        assert info is not None
        ret = store.load_return(info.id)
        computed, findings = lifecycle.check(store, info.id, ret)
        errors = sum(1 for f in findings if f.is_error)
        if errors:
            return [_row(cell, _version(cell), f"Skipped: {errors} error(s)")]
        path = target / file_name(cell.tin, info)
        if path.exists() and path.name not in replace:
            return [_row(cell, _version(cell), f"Skipped: {path.name} is already there")]
        with atomic_write(path) as fh:  # written as it is made and checked; nothing on a refusal
            checksum = write_checked(ret, computed, fh.write)
        with store.transaction():  # one unit of work per return written
            store.record_export(info.id, "json", str(path), checksum)
        return [_row(cell, _version(cell), path.name)]

    run(w, "Export upload JSON", existing, step, ["Dealer", "Period", "Version", "File"])


def print_selected(w: OverviewWindow, folder: str | None = None) -> None:
    """Each selected return as the PDF "Print / Save PDF" (and `form9 export-pdf`) makes of it —
    the same bytes under the same name, DRAFT while it has errors — into one folder."""
    cells = w.selected_cells()
    chosen = _target(w, "Print PDFs", cells, folder, PDF, "Print PDFs to folder", "pdf")
    if chosen is None:
        return
    target, replace = chosen
    store = w.store

    def step(cell: Cell, progress: Progress) -> list[ReportRow]:
        info = cell.info
        if info is None:
            return [_row(cell, "", "Skipped: no return in this cell", "", "")]
        ret = store.load_return(info.id)
        computed, findings = check_for_export(ret)
        path = target / default_name(ret, "pdf")
        if path.exists() and path.name not in replace:
            return [_row(cell, _version(cell), "Skipped: already in the folder", "", path.name)]
        draft = has_errors(findings)
        pages, checksum = print_return(ret, computed, draft, path,
                                       lambda *_: progress.check())  # fmt: skip
        with store.transaction():  # one unit of work per return written
            store.record_export(info.id, "pdf", str(path), checksum)
        errors = sum(f.is_error for f in findings)
        result = f"Written, DRAFT ({errors} error(s))" if draft else "Written, final"
        return [_row(cell, _version(cell), result, str(pages), path.name)]

    def summary(rows: list[ReportRow], done: int, total: int) -> str:
        written = sum(r.texts[3].startswith("Written") for r in rows)
        reasons: dict[str, int] = {}
        for r in rows:
            if not r.texts[3].startswith("Written"):
                why = r.texts[3].removeprefix("Skipped: ").split(":")[0].lower()
                why = "with no return" if why.startswith("no return") else why
                reasons[why] = reasons.get(why, 0) + 1
        skipped = sum(reasons.values())
        why = ", ".join(f"{n} {reason}" for reason, n in reasons.items())
        head = f"Written {written}" + (f", skipped {skipped} ({why})" if skipped else "")
        left = f"  {total - done} not printed." if done < total else ""
        return f"{head} — in {target}.{left}"

    headers = ["Dealer", "Period", "Version", "Result", "Pages", "File"]
    run(w, "Print PDFs", cells, step, headers, summary=summary, opens=True)
