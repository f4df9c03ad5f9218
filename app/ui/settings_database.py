"""Settings ▸ Database (issue 14): where this PC keeps its dealers and returns — its own data folder
(SQLite), or the office's PostgreSQL database named by a URL — with "Test connection" saying in one
line whether the app can work there (app.store.opening.check_url, off the GUI thread).

The choice is kept outside the data folder (app.paths.choose_store_url) and takes effect at the
next start.  A URL holding a password is refused: the app never keeps one; PostgreSQL's own
means (pgpass, a service file, PGPASSWORD) supply it (docs/office.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from app.paths import chosen_store_url
from app.store import DB_ENV
from app.ui.forms import ERROR_STYLE
from app.ui.qt import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    isValid,
)
from app.ui.worker import run_in_background

OK_STYLE = "color: #1b5e20;"
NOTE_STYLE = "color: #555;"
PLACEHOLDER = "postgresql+psycopg://anita@server/form9"
PASSWORD_REFUSED = (
    "the URL holds a password, which the app never keeps: leave it out and put it in the "
    "PostgreSQL password file (pgpass), a service file or PGPASSWORD (docs/office.md)"
)


def url_problem(url: str) -> str | None:
    """What is wrong with `url` before trying it (None: nothing): empty, not a database URL, not
    PostgreSQL, or holding a password."""
    from app.store.backend import backend_for
    from app.store.errors import StoreError
    from app.store.opening import is_url, parse_url

    text = url.strip()
    if not text:
        return "give the office database's URL, e.g. " + PLACEHOLDER
    if not is_url(text):
        return f"{text!r} is not a database URL (e.g. {PLACEHOLDER})"
    try:
        u = parse_url(text)
        backend = backend_for(u)
    except StoreError as exc:
        return str(exc)
    if backend.local_file:
        return "the office database is a PostgreSQL one (postgresql+psycopg://…)"
    if u.password is not None or "password" in {k.lower() for k in u.query}:
        return PASSWORD_REFUSED
    return None


def connection_result(url: str) -> str | None:
    """One line: None when the app can work on the database at `url`, else why not."""
    from app.store.opening import check_url

    return url_problem(url) or check_url(url.strip())


class DatabasePage(QWidget):
    """The Database page of the Settings dialog."""

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>Where this PC keeps the dealers and returns</b>"))
        self.local = QRadioButton("This PC's own &data folder (one PC; see the General page)")
        self.office = QRadioButton("The &office database on a PostgreSQL server, shared by the "
                                   "office's PCs")  # fmt: skip
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.office)
        lay.addWidget(self.local)
        lay.addWidget(self.office)
        row = QHBoxLayout()
        row.setContentsMargins(24, 0, 0, 0)
        self.url_label = QLabel("Database &URL")
        self.url = QLineEdit(chosen_store_url() or "")
        self.url.setPlaceholderText(PLACEHOLDER)
        self.url.setToolTip("postgresql+psycopg://ROLE@SERVER[:PORT]/DATABASE, or "
                            "postgresql+psycopg:///?service=office (a service file)")  # fmt: skip
        self.url_label.setBuddy(self.url)
        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(lambda: self.test_connection())
        row.addWidget(self.url_label)
        row.addWidget(self.url, 1)
        row.addWidget(self.test_button)
        lay.addLayout(row)
        self.result = QLabel()
        self.result.setContentsMargins(24, 0, 0, 0)
        self.result.setWordWrap(True)
        lay.addWidget(self.result)
        notes = [
            "No password is ever kept here: PostgreSQL takes it from its password file (pgpass), "
            "a service file or PGPASSWORD — see docs/office.md.",
            f"In use now: {getattr(store, 'where', '') or 'this PC’s data folder'}. "
            "A change takes effect at the next start of the app.",
        ]
        if os.environ.get(DB_ENV):
            notes.append(f"{DB_ENV} is set on this PC: it names the database and overrides "
                         "this choice.")  # fmt: skip
        self.note = QLabel("".join(f"<p style='margin-bottom:6px'>{n}</p>" for n in notes))
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        lay.addSpacing(8)
        lay.addWidget(self.note)
        lay.addStretch(1)
        (self.office if chosen_store_url() else self.local).setChecked(True)
        self.office.toggled.connect(self._follow_choice)
        self.url.textChanged.connect(lambda _t: self.result.clear())  # a result of another URL
        self._follow_choice()
        self.testing = False
        #: The last test's URL and result (Save reuses a result for the same URL).
        self.tested: tuple[str, str | None] | None = None

    def _follow_choice(self) -> None:
        on = self.office.isChecked()
        for w in (self.url_label, self.url, self.test_button):
            w.setEnabled(on)
        if on:
            self.url.setFocus()

    def chosen_url(self) -> str | None:
        """The office database's URL when that is chosen; None: the data folder."""
        return self.url.text().strip() if self.office.isChecked() else None

    def show_result(self, problem: str | None) -> None:
        if problem is None:
            self.result.setStyleSheet(OK_STYLE)
            self.result.setText("✓ Connected: the office store is ready to use.")
        else:
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(f"✗ {problem[:1].upper()}{problem[1:]}")

    def test_connection(self, then: Callable[[str | None], None] | None = None) -> None:
        """Try the URL off the GUI thread; the result shows in one line (then `then(problem)`)."""
        url = self.url.text().strip()
        problem = url_problem(url)
        if problem is not None or self.testing:
            if problem is not None:
                self.show_result(problem)
                if then is not None:
                    then(problem)
            return
        self.testing = True
        self.test_button.setEnabled(False)
        self.result.setStyleSheet(NOTE_STYLE)
        self.result.setText("Connecting…")

        def done(problem: str | None) -> None:
            if not isValid(self):
                return
            self.testing = False
            self.test_button.setEnabled(self.office.isChecked())
            self.tested = (url, problem)
            self.show_result(problem)
            if then is not None:
                then(problem)

        def failed(exc: BaseException, _tb: str) -> None:
            from app.ui.errors import plain_words

            done(plain_words(exc))

        run_in_background(lambda _p: connection_result(url), on_done=done, on_error=failed,
                          urgent=True)  # fmt: skip
