"""The desktop controller: which caseload to open, making the demo, importing a file.

Each action calls one service (Anki's ``aqt/operations`` habit) and turns the environment's
failures into messages; anything else is a bug and reaches the crash dialog.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from app import paths
from app.services.register import ENVIRONMENT_ERRORS, pack_choices
from app.services.workspace import NoCaseload, Workspace, open_workspace
from ui.background import run_with_progress
from ui.errors import show_environment_error
from ui.main_window import MainWindow

DEMO_PACK = "case-transfer-policy-2021"
DEMO_CASES = 300
IMPORT_FILTER = "Caseload spreadsheets (*.csv *.xlsx);;All files (*)"


class Desktop:
    """Opens caseloads into a :class:`MainWindow` and answers its requests."""

    def __init__(self, window: MainWindow, today: date, database: Path | None = None) -> None:
        self.window = window
        self.today = today
        self.database = database or paths.default_database_path()
        window.demo_requested.connect(self.open_demo)
        window.import_requested.connect(self.import_caseload)

    def start(self, *, demo: bool) -> None:
        """Open the demo (making it if need be) or the user's caseload, else the empty state."""
        if demo:
            self.open_demo()
        else:
            self.open_path(self.database)

    def open_path(self, path: Path, *, demo: bool = False) -> Workspace | None:
        """Show the caseload at ``path``, or the empty state when there is none."""
        try:
            ws = open_workspace(path)
        except NoCaseload:
            self.window.show_empty(path)
            return None
        except ENVIRONMENT_ERRORS as error:
            self.window.show_empty(path)
            show_environment_error(self.window, error, "Cannot open the caseload")
            return None
        except KeyError as error:  # the caseload's pack is not shipped with this version
            self.window.show_empty(path)
            QMessageBox.warning(
                self.window,
                "Cannot open the caseload",
                f"{path} uses a policy pack this version of Transfer Desk "
                f"does not include ({error}). Install the version that made it.",
            )
            return None
        self.window.show_workspace(ws, demo=demo)
        return ws

    def open_demo(self) -> Workspace | None:
        """Open the fictional demo caseload, making it first if there is none yet."""
        path = paths.demo_database_path()
        if not path.exists():
            try:
                from app.services.loading import make_demo  # with YAML: only when needed

                run_with_progress(
                    self.window,
                    f"Making the demo caseload of {DEMO_CASES} fictional children…",
                    lambda: make_demo(path, DEMO_PACK, DEMO_CASES, self.today),
                )
            except ENVIRONMENT_ERRORS as error:
                show_environment_error(self.window, error, "Cannot make the demo caseload")
                return None
        return self.open_path(path, demo=True)

    def import_caseload(self) -> int | None:
        """Ask for a spreadsheet and import it into the user's caseload (all rows or none)."""
        source, _ = QFileDialog.getOpenFileName(self.window, "Import a caseload", "", IMPORT_FILTER)
        if not source:
            return None
        return self.import_from(Path(source))

    def import_from(self, source: Path, pack_id: str | None = None) -> int | None:
        """Import ``source`` into the user's caseload; returns the children imported."""
        target = self.database
        if not target.exists() and pack_id is None:
            pack_id = self._choose_pack()
            if pack_id is None:
                return None
        from app.services.loading import import_file  # spreadsheets: only when needed

        try:
            count = run_with_progress(
                self.window,
                f"Checking and importing {source.name}…",
                lambda: import_file(target, source, pack_id, self.today),
            )
        except ENVIRONMENT_ERRORS as error:
            show_environment_error(self.window, error, "Import refused")
            return None
        self.open_path(target)
        self.window.statusBar().showMessage(f"Imported {count:,} children from {source.name}", 8000)
        return count

    def _choose_pack(self) -> str | None:
        choices = pack_choices()
        if not choices:
            QMessageBox.warning(
                self.window,
                "Import a caseload",
                "This installation has no policy packs. Reinstall Transfer Desk.",
            )
            return None
        if len(choices) == 1:
            return choices[0][0]
        names = [name for _, name in choices]
        name, ok = QInputDialog.getItem(
            self.window,
            "Your authority's procedure",
            "Which procedure does your team work under?",
            names,
            0,
            False,
        )
        return choices[names.index(name)][0] if ok else None
