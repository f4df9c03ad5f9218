"""One open return: its data, undo stack, autosave, recompute and validation.

Every edit is a QUndoCommand; applying it (redo or undo) writes just the changed part to the store
at once (lists through the row fast paths), recomputes Parts 1–4 synchronously (cheap without the
lists) and schedules validation and list totals off the GUI thread.

Each save names the return's version the session last loaded or saved (optimistic locking).  When
the store holds a newer one (another window or process saved or filed the return), the save is
refused and the session is *in conflict*: the edit stays on screen, nothing more is written, and
the editor offers Reload (discard mine), Keep mine (my changed parts on top of the newer version)
or, when the other change filed the return, Save mine as a new revision.  A save that fails for
another reason keeps its part `unsaved` and is tried again by the next edit or "Try again".  When
the office's database server cannot be reached (`unreachable`), edits are kept on screen without
trying the server on each one; app.ui.office.SaveRetry tries them again until it answers.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from app import forms
from app.model import status as st
from app.model.catalogue import Catalogue
from app.model.compute import Computed, compute, payable_per_act
from app.model.findings import Finding
from app.model.form9 import Form9Return
from app.model.lists import ListSummary
from app.model.numbers import ZERO
from app.model.periods import Period
from app.model.ratepack import RatePack
from app.model.validation_context import Context
from app.store import StaleReturn, Store
from app.store.errors import StoreUnreachable
from app.ui.checking import finding_order, full_check
from app.ui.errors import plain_words
from app.ui.keep_mine import EditBase
from app.ui.keep_mine import apply_mine as _apply_mine
from app.ui.keep_mine import keep_mine as _keep_mine
from app.ui.office import UNREACHABLE
from app.ui.qt import QObject, QTimer, QUndoStack, Signal, isValid
from app.ui.undo_steps import Change, InsertRows, RemoveRows, SetValues, get_path, set_path
from app.ui.worker import Progress, run_in_background

log = logging.getLogger(__name__)

LIST_PARTS = ("sales_list", "purchase_list")
#: Writes that follow the data (the status Draft / Ready and the payable shown in lists), not edits.
DERIVED = frozenset({"status", "payable"})
#: One write of a session: (store, return id, expected version) → the return's new version.
Write = Callable[[Store, int, "int | None"], int]
#: A validation round's result: (its generation, every figure, every finding).
Checked = tuple[int, Computed, list[Finding]]
#: Which stored part a table or form belongs to (branches live in the header).
STORE_PART = {"branches": "header"}


class ReturnSession(QObject):
    """The open return shared by every page of the return editor."""

    values_changed = Signal(str, object)  # part, list of rows (None: whole part / a form)
    rows_about_to_insert = Signal(str, int, int)  # part, index, count
    rows_inserted = Signal(str)
    rows_about_to_remove = Signal(str, int, int)
    rows_removed = Signal(str)
    recomputed = Signal()
    findings_changed = Signal()
    summaries_changed = Signal()
    message = Signal(str)  # one-line message for the status bar
    saved = Signal(str)  # part written to the store
    reloaded = Signal()
    sync_changed = Signal()  # conflict / unsaved parts changed (the editor's banner)
    status_changed = Signal()  # Draft / Ready / Filed changed (the editor's status line)
    outdated = Signal()  # the store holds a newer version and nothing of the user's is pending

    def __init__(
        self,
        ret: Form9Return,
        *,
        store: Store | None = None,
        return_id: int | None = None,
        status: str = "draft",
        pack: RatePack | None = None,
        version: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.return_id, self.status, self.pack = store, return_id, status, pack
        self.ret = ret
        #: The version of FORM No. 9 the return is on: its columns, wording and kinds (issue 11).
        self.catalogue: Catalogue = forms.catalogue_of_return(ret)
        #: The stored version this session's data is based on (None: no store, or not known).
        self.version = version if version is not None else self._stored_version()
        #: A save refused because the store holds a newer version (app.store.StaleReturn).
        self.conflict: StaleReturn | None = None
        #: Stored parts whose latest edit is not in the store, and why the last save failed.
        self.unsaved: set[str] = set()
        self.save_error = ""
        #: The office's database server did not answer the last save (app.ui.office).
        self.unreachable = False
        self._retrying = False
        #: What the unsaved edits were based on (app.ui.keep_mine: Keep mine overwrites nothing).
        self.base = EditBase()
        self.context = self._store_context()
        self.undo_stack = QUndoStack(self)
        self.computed: Computed = compute(ret, with_lists=False)
        self.findings: list[Finding] = []
        self.cell_findings: dict[tuple[str, int | None, str | None], Finding] = {}
        self.sales_summary: ListSummary = ListSummary()
        self.purchase_summary: ListSummary = ListSummary()
        self.validated = False
        self._generation = 0
        self._held = False  # hold_records: a lifecycle action decides on the stored return
        self._last_payable: Decimal | None = None
        self._validate_timer = QTimer(self)
        self._validate_timer.setSingleShot(True)
        self._validate_timer.setInterval(250)
        self._validate_timer.timeout.connect(self._start_validation)
        self._validate_timer.start(300)  # after the first paint, not competing with it

    def _store_context(self) -> Context | None:
        """Instructions 1 and 2 (renewal, previous period filed), from the store once on opening."""
        if self.store is None or self.return_id is None:
            return None
        from app.store.lifecycle import validation_context

        try:
            return validation_context(self.store, self.return_id)
        except Exception:  # the findings just lack these two warnings
            log.exception("no validation context for return %s", self.return_id)
            return None

    def _stored_version(self) -> int | None:
        """Read when the caller did not say (read after the data: a change in between makes the
        next save look current — callers that can pass `version=` from one snapshot do so)."""
        if self.store is None or self.return_id is None:
            return None
        return self.store.return_info(self.return_id).version

    # ---- reading -------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """A filed return is final (the model's rule, app.model.status)."""
        return st.is_locked(self.status)

    def rows(self, part: str) -> list[Any]:
        if part == "branches":
            return self.ret.header.branches
        return getattr(self.ret, part)  # type: ignore[no-any-return]

    def target(self, part: str, row: int | None) -> Any:
        if row is not None:
            return self.rows(part)[row]
        return getattr(self.ret, part)

    def value(self, part: str, row: int | None, path: str) -> Any:
        return get_path(self.target(part, row), path)

    @property
    def period(self) -> Period | None:
        try:
            return Period.parse(self.ret.header.period)
        except ValueError:
            return None

    # ---- editing (each call is one undoable step) ----------------------------------------------
    def set_values(
        self, part: str, values: Iterable[tuple[int | None, str, Any]], text: str = "Edit"
    ) -> bool:
        """Push the changes that actually change something; False when nothing changed."""
        if self.read_only:
            self.message.emit("This return is filed and cannot be changed; create a revision.")
            return False
        changes: list[Change] = []
        for row, path, new in values:
            old = self.value(part, row, path)
            if old != new or type(old) is not type(new):
                changes.append((row, path, old, new))
        if not changes:
            return False
        self.undo_stack.push(SetValues(self, part, changes, text))
        return True

    def insert_rows(self, part: str, index: int, rows: list[Any], text: str = "Insert row") -> None:
        if self.read_only:
            self.message.emit("This return is filed and cannot be changed; create a revision.")
            return
        self.undo_stack.push(InsertRows(self, part, index, rows, text))

    def remove_rows(self, part: str, index: int, count: int, text: str = "Delete rows") -> None:
        if self.read_only:
            self.message.emit("This return is filed and cannot be changed; create a revision.")
            return
        if count > 0:
            self.undo_stack.push(RemoveRows(self, part, index, count, text))

    def begin_macro(self, text: str) -> None:
        self.undo_stack.beginMacro(text)

    def end_macro(self) -> None:
        self.undo_stack.endMacro()

    # ---- applying (called by the undo commands) ------------------------------------------------
    def _apply(self, part: str, values: list[tuple[int | None, str, Any]]) -> None:
        stored = STORE_PART.get(part, part)
        if stored != part:  # the header's branches: the header is kept whole
            self.base.note_whole(stored, getattr(self.ret, stored))
        for row, path, value in values:
            if stored == part:
                self.base.note(part, row, path, self.value(part, row, path))
            set_path(self.target(part, row), path, value)
        rows = sorted({r for r, _f, _v in values if r is not None})
        self.values_changed.emit(part, rows or None)
        if part in LIST_PARTS:
            self._save_list_rows(part, rows)
        else:
            self._save(part)
        self._after_edit(part)

    def _insert(self, part: str, index: int, rows: list[Any]) -> None:
        target = self.rows(part)
        self._note_whole(part)
        self.rows_about_to_insert.emit(part, index, len(rows))
        target[index:index] = [copy.deepcopy(r) for r in rows]
        self._renumber(part)
        self.rows_inserted.emit(part)
        if part in LIST_PARTS:
            rows_now = target[index : index + len(rows)]

            def insert(st: Store, rid: int, v: int | None) -> int:
                return st.insert_list_rows(rid, part, index, rows_now, expected_version=v)

            if self._store_call(part, insert):
                self.saved.emit(part)
        else:
            self._save(part)
        self._after_edit(part)

    def _remove(self, part: str, index: int, count: int) -> list[Any]:
        target = self.rows(part)
        self._note_whole(part)
        self.rows_about_to_remove.emit(part, index, count)
        removed = target[index : index + count]
        del target[index : index + count]
        self._renumber(part)
        self.rows_removed.emit(part)
        if part in LIST_PARTS:

            def delete(st: Store, rid: int, v: int | None) -> int:
                return st.delete_list_rows(rid, part, index, count, expected_version=v)

            if self._store_call(part, delete):
                self.saved.emit(part)
        else:
            self._save(part)
        self._after_edit(part)
        return removed

    def _note_whole(self, part: str) -> None:
        stored = STORE_PART.get(part, part)
        self.base.note_whole(stored, getattr(self.ret, stored))

    def _renumber(self, part: str) -> None:
        """Col (1) Sl. No. is the row's position (Part 1(a), Part 2)."""
        if part in ("part1a", "part2"):
            for i, r in enumerate(self.rows(part), 1):
                r.sl = i

    def _after_edit(self, part: str) -> None:
        self._held = False  # an edit is the dealer's: the action's snapshot is stale anyway
        if part not in LIST_PARTS:
            self.recompute()
        self._validate_timer.start()

    # ---- recompute and validation --------------------------------------------------------------
    def recompute(self) -> None:
        """Parts 1–4 from the current figures (compute() without the lists: a few ms)."""
        self.computed = compute(self.ret, with_lists=False)
        self.recomputed.emit()

    def payable(self) -> Decimal:
        due = payable_per_act(self.computed)
        return sum(due.values(), ZERO)

    def snapshot(self) -> Form9Return:
        """A copy safe to read off the GUI thread.  The small parts are copied row by row; the
        big lists only as lists of the same rows (a cell edited meanwhile is caught by the next
        validation round, which every edit schedules)."""
        r = self.ret
        return dataclasses.replace(
            r,
            header=copy.deepcopy(r.header),
            inputs=copy.deepcopy(r.inputs),
            part1a=[copy.copy(x) for x in r.part1a],
            part1b=list(r.part1b),
            part2=[copy.copy(x) for x in r.part2],
            part5=[copy.copy(x) for x in r.part5],
            declaration=copy.copy(r.declaration),
            sales_list=list(r.sales_list),
            purchase_list=list(r.purchase_list),
            stock=list(r.stock),
        )

    def _start_validation(self) -> None:
        self._generation += 1
        gen = self._generation
        snap = self.snapshot()
        pack, context = self.pack, self.context

        def work(_progress: Progress) -> Checked:
            return (gen, *full_check(snap, pack, context))

        alive = self._alive

        def done(result: Checked) -> None:
            if alive():
                self._validated(result)

        def failed(exc: BaseException, tb: str) -> None:
            if alive():
                self._validation_failed(exc, tb)

        run_in_background(work, on_done=done, on_error=failed)

    def _alive(self) -> bool:
        return isValid(self)

    def _validation_failed(self, exc: BaseException, tb: str) -> None:
        log.error("validation failed: %s", tb)
        self.message.emit(f"Validation could not run: {plain_words(exc, tb)}")

    def _validated(self, result: Checked) -> None:
        gen, full, findings = result
        if gen != self._generation:
            return  # a newer round is on its way
        self.sales_summary = full.sales_summary
        self.purchase_summary = full.purchase_summary
        self.findings = sorted(findings, key=finding_order)
        self.cell_findings = {}
        for f in self.findings:
            key = (f.part, f.row, f.field)
            if key not in self.cell_findings or f.is_error:
                self.cell_findings[key] = f
        self.validated = True
        self.summaries_changed.emit()
        self.findings_changed.emit()
        self._record_status()

    def hold_records(self) -> None:
        """A lifecycle action (Mark as filed) decides on the stored return from here on: no
        validation round may now write the status or payable under it (the return's version would
        move and the action be refused as changed elsewhere); the action sets both itself.  The
        findings still follow.  Released by `release_records`, or when the return is shown afresh
        (the filed return) or edited."""
        self._held = True

    def release_records(self) -> None:
        """The action was refused: the status and payable follow the findings again."""
        self._held = False
        self._validate_timer.start()

    def error_count(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    def warning_count(self) -> int:
        return sum(1 for f in self.findings if not f.is_error)

    def wait_validated(self) -> None:
        """Run validation now on the GUI thread (tests, closing)."""
        self._validate_timer.stop()
        self._generation += 1
        self._validated((self._generation, *full_check(self.snapshot(), self.pack, self.context)))

    # ---- store ---------------------------------------------------------------------------------
    def _store_call(self, part: str, write: Write | None = None) -> bool:
        """One save of `part` (a stored part name, or "status" / "payable"), based on the
        session's version: `write(store, return_id, expected_version) -> new version` (a fast
        path: list rows, status, payable), or None to write the part whole."""
        if self.store is None or self.return_id is None:
            return False
        derived = part in DERIVED
        if self.conflict is not None:  # nothing is written until the user decides
            if not derived:
                self._mark_unsaved(part)
            return False
        whole = write is None or (part in self.unsaved and not derived)
        if whole:  # a list whose row edits did not all reach the store is written whole
            ret, parts = self.ret, {part}

            def write(st: Store, rid: int, v: int | None) -> int:
                return st.save_parts(rid, ret, parts, expected_version=v)

        assert write is not None
        if self.unreachable and not self._retrying:  # kept for SaveRetry, no wait on each edit
            if not derived:
                self._mark_unsaved(part)
            return False
        try:
            self.version = write(self.store, self.return_id, self.version)
        except StaleReturn as exc:
            self._server_back()
            self._stale(exc, part)
            return False
        except Exception as exc:  # shown, never swallowed: the edit stays on screen and in undo
            if isinstance(exc, StoreUnreachable):
                log.warning("saving %s: %s", part, exc)
            else:
                log.exception("saving %s failed", part)
            message = plain_words(exc)
            if not derived:  # status and payable are written again after the next check
                self.save_error = message
                self._mark_unsaved(part)
                if isinstance(exc, StoreUnreachable) and not self.unreachable:
                    self.unreachable = True
                    self.sync_changed.emit()
            self.message.emit(UNREACHABLE if self.unreachable else f"Not saved: {message}")
            return False
        self._server_back()
        if not derived:
            self.base.saved(part)
        if whole and self.unsaved & {part}:
            self.unsaved.discard(part)
            if not self.unsaved:
                self.save_error = ""
            self.sync_changed.emit()
        return True

    def _server_back(self) -> None:
        if self.unreachable:
            self.unreachable = False
            self.sync_changed.emit()

    def _mark_unsaved(self, part: str) -> None:
        if part not in self.unsaved:
            self.unsaved.add(part)
            self.sync_changed.emit()

    def apply_mine(self, target: Form9Return) -> set[str]:
        """My unsaved edits applied to `target` (a newer stored version, or a new revision):
        field by field and cell by cell, parts whose rows I inserted or deleted whole
        (app.ui.keep_mine); returns the parts changed."""
        return _apply_mine(self, target)

    def _forget_unsaved(self) -> None:
        self.conflict = None
        self.unreachable = False
        self.base.clear()
        self.unsaved.clear()
        self.save_error = ""

    def _stale(self, exc: StaleReturn, part: str) -> None:
        """The store holds a newer version: an edit of the user's goes into conflict (kept on
        screen); a derived write (status, payable) with no edit pending is dropped, and the
        window is told it is behind (`outdated`: the editor shows the newer version once nothing
        is being typed)."""
        if part in DERIVED and not self.unsaved:
            self.outdated.emit()
            return
        if part not in DERIVED:
            self.unsaved.add(part)
        self.conflict = exc
        what = "filed" if exc.filed else "saved"
        self.message.emit(
            f"Not saved: the return was {what} elsewhere — your changes are kept (see the bar "
            "above)."
        )
        self.sync_changed.emit()

    @property
    def has_unsaved(self) -> bool:
        return self.conflict is not None or bool(self.unsaved)

    def _save(self, part: str) -> None:
        stored = STORE_PART.get(part, part)
        if self._store_call(stored):
            self.saved.emit(stored)

    def _save_list_rows(self, part: str, rows: list[int]) -> None:
        target = self.rows(part)
        changed = {i: target[i] for i in rows}
        if self._store_call(
            part, lambda st, rid, v: st.update_list_rows(rid, part, changed, expected_version=v)
        ):
            self.saved.emit(part)

    def _record_status(self) -> None:
        """Draft ↔ Ready follows the findings; the payable shown in the client's list follows
        Part 3(A) (or Part 4 for a revision).  Filed returns are left alone, and nothing is
        written while an edit is unsaved."""
        if (self.store is None or self.return_id is None or self.read_only or self.has_unsaved
                or self._held):  # fmt: skip
            return
        status = "draft" if self.error_count() else "ready"
        payable = self.payable()
        if status != self.status and self._store_call(
            "status", lambda st, rid, v: st.set_status(rid, status, expected_version=v)
        ):
            self.status = status
            self.status_changed.emit()
        if (
            self.conflict is None
            and payable != self._last_payable
            and self._store_call(
                "payable", lambda st, rid, v: st.set_payable(rid, payable, expected_version=v)
            )
        ):
            self._last_payable = payable

    # ---- resolving a refused save --------------------------------------------------------------
    def reload_from_store(self) -> None:
        """Show the stored return afresh; unsaved edits are dropped (the user chose so)."""
        if self.store is None or self.return_id is None:
            return
        with self.store.transaction(write=False):  # the version and the data it belongs to
            info = self.store.return_info(self.return_id)
            ret = self.store.load_return(self.return_id)
        self.replace_return(ret, info.status, version=info.version)

    def retry_save(self) -> bool:
        """Write every unsaved part again (after a failure that was not a conflict); True when
        nothing is left unsaved."""
        self._retrying = True
        try:
            for part in sorted(self.unsaved):
                if not self._store_call(part):
                    break
                self.saved.emit(part)
        finally:
            self._retrying = False
        if not self.has_unsaved:
            self._validate_timer.start()  # the status and payable follow the saved return
        return not self.has_unsaved

    def keep_mine(self) -> None:
        """Keep mine as a new draft: my edits on top of the newer stored version, never over a
        value the other change set (app.ui.keep_mine: KeepMineRefused names it, nothing is
        written).  A return filed meanwhile refuses (ReturnIsFiled): save as a revision."""
        who = self.conflict.by if self.conflict is not None else ""
        version = _keep_mine(self)
        self._forget_unsaved()
        self.reload_from_store()
        theirs = f" on top of {who}'s" if who else " on top of the newer version"
        self.message.emit(f"Your changes are saved as a new draft (version {version}){theirs}; "
                          "nothing of theirs was overwritten.")  # fmt: skip

    def save_as_revision(self) -> int:
        """Save mine as a new revision: the return was filed meanwhile, so Revision N of the
        period is created from it with my edits applied (app.store.lifecycle, one unit of
        work).  This session then shows the filed return; returns the revision's id (a
        LifecycleError says why when no revision can be started)."""
        from app.store import lifecycle
        from app.store.errors import LifecycleError

        if self.store is None or self.return_id is None:
            raise LifecycleError("this return is not in the data folder; it cannot be revised")
        new_id = lifecycle.revise_with(self.store, self.return_id, self.apply_mine)
        self._forget_unsaved()
        self.reload_from_store()
        return new_id

    def replace_return(
        self, ret: Form9Return, status: str | None = None, *, version: int | None = None
    ) -> None:
        """Another dialog (Excel import, revise) changed the stored return: show it afresh."""
        self.ret = ret
        if status is not None and status != self.status:
            self.status = status
            self.status_changed.emit()
        self.version = version if version is not None else self._stored_version()
        self._forget_unsaved()
        self._last_payable = None
        self._held = False
        self.sync_changed.emit()
        self.undo_stack.clear()
        self.recompute()
        self.reloaded.emit()
        self._validate_timer.start(250)


def shown_return(
    store: Store | None, return_id: int | None, session: ReturnSession | None
) -> Form9Return:
    """The return as the user sees it: the open editor's (edits not yet saved included), else
    the stored one."""
    if session is not None:
        return session.ret
    if store is None or return_id is None:
        raise ValueError("there is no return to work on")
    return store.load_return(return_id)
