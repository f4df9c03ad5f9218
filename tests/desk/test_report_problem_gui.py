"""Help ▸ Report a problem… (issue 15 item 3) with a return open: the dialog grabs the open windows
itself, the user types what happened, unticks one screenshot, creates the report and opens its
folder; the zip holds what the help desk needs."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

from desk_builders import TIN, dealer_with_history
from gui_helpers import choose_menu
from pypdf import PdfReader

from app.desk.settings import DeskSettings, write_desk_settings
from app.model.file_names import return_file_name
from app.store import Store
from app.ui.main import start
from app.ui.qt import QApplication, QDesktopServices, QDialogButtonBox, QImage, QPoint, Qt


def test_report_a_problem_from_the_help_menu(qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from app.ui.report_problem import ReportProblemDialog

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    data = tmp_path / "data"
    store = Store.open(data)
    try:
        ids = dealer_with_history(store)
        write_desk_settings(data, DeskSettings("Menon & Associates"))
        window = start(store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        editor = window.open_return(ids["10"])
        assert editor is not None
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitActive(editor)
        choose_menu(qtbot, window, "Help", "Report a problem…")
        dlg = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, ReportProblemDialog) and w.isVisible())  # fmt: skip
        titles = [dlg.shot_list.item(n).text() for n in range(dlg.shot_list.count())]
        assert editor.windowTitle() in titles and window.windowTitle() in titles
        assert dlg.which.currentData() == ids["10"]  # the open return first
        assert dlg.which.currentText().startswith(f"Coastal Petroleum Marketing Ltd (TIN {TIN})")
        proposed = Path(dlg.path.text())
        assert proposed.name == return_file_name(TIN, "2025-10", "zip", kind="problem-report")
        target = tmp_path / "for-help-desk.zip"
        dlg.path.selectAll()
        qtbot.keyClicks(dlg.path, str(target))
        qtbot.keyClicks(dlg.description, "The portal says 'checksum mismatch' for this file.")
        main_shot = titles.index(window.windowTitle())
        item = dlg.shot_list.item(main_shot)
        rect = dlg.shot_list.visualItemRect(item)
        dlg.shot_list.scrollToItem(item)
        qtbot.mouseClick(dlg.shot_list.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.topLeft() + QPoint(8, rect.height() // 2))  # fmt: skip
        if item.checkState() == Qt.CheckState.Checked:  # the click landed on the text: use Space
            dlg.shot_list.setCurrentItem(item)
            qtbot.keyClick(dlg.shot_list, Qt.Key.Key_Space)
        assert item.checkState() == Qt.CheckState.Unchecked
        qtbot.mouseClick(dlg.create_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dlg.written is not None or "Not written" in dlg.status.text(),
                        timeout=20000)  # fmt: skip
        assert dlg.written == target
        assert "Nothing was sent" in dlg.status.text() and str(target) in dlg.status.text()
        assert dlg.folder_button.isVisible()
        qtbot.mouseClick(dlg.folder_button, Qt.MouseButton.LeftButton)
        assert opened == [str(tmp_path)]

        with zipfile.ZipFile(target) as zf:
            names = zf.namelist()
            shots = [n for n in names if n.startswith("screenshots/")]
            assert len(shots) == len(titles) - 1  # the one unticked is left out
            for name in shots:
                image = QImage.fromData(zf.read(name))  # the format read from the data
                assert not image.isNull() and image.width() > 200
            details = json.loads(zf.read("details.json"))
            assert details["screenshots"] == [t for n, t in enumerate(titles) if n != main_shot]
            assert details["dealer"]["tin"] == TIN and details["return"]["period"] == "2025-10"
            assert details["firm_name"] == "Menon & Associates"
            assert set(details["versions"]) >= {"Form 9 Offline Utility", "rate pack",
                                                "form catalogue", "OS", "Qt", "PySide6"}  # fmt: skip
            assert (
                zf.read("description.txt")
                .decode()
                .startswith("The portal says 'checksum mismatch'")
            )
            assert f"return/{TIN}-2025-10-form9.json" in names
            note = zf.read("covering-note.txt").decode()
            assert f"3. screenshots/ ({len(shots)}) — screenshots of the utility's windows" in note
            pdf = PdfReader(io.BytesIO(zf.read("covering-note.pdf")))
            assert "checksum mismatch" in " ".join(p.extract_text() for p in pdf.pages)
        qtbot.mouseClick(dlg.buttons.button(QDialogButtonBox.StandardButton.Close),
                         Qt.MouseButton.LeftButton)  # fmt: skip
    finally:
        for w in QApplication.topLevelWidgets():
            w.close()
        store.close()
