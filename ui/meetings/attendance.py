"""Who came to a sitting: an editable table of names, roles, teams and present / apologies.

A sitting with no attendance recorded starts from the pack's members of the meeting (their
roles, names empty); rows left without a name are not saved. Space on the Attendance cell
switches between "Present" and "Apologies"; F2 or typing edits a name, role or team.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import meeting_views, meetings
from app.services.meetings import AttendeeRecord
from app.services.workspace import Workspace
from ui.rows_table import current_row, select_row
from ui.table_base import Index
from ui.widgets import section_title

HEADERS = ("Name", "Role", "Team", "Attendance")
PRESENT = 3


@dataclass(frozen=True)
class Person:
    name: str = ""
    role: str = ""
    team: str = ""
    present: bool = True


class AttendanceModel(QAbstractTableModel):
    """The people of one sitting, editable in place."""

    def __init__(self, people: list[Person] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.people: list[Person] = list(people or [])

    def set_people(self, people: list[Person]) -> None:
        """Show ``people`` instead."""
        self.beginResetModel()
        self.people = list(people)
        self.endResetModel()

    def add_person(self) -> int:
        """Add an empty row at the end; returns its row."""
        row = len(self.people)
        self.beginInsertRows(QModelIndex(), row, row)
        self.people.append(Person())
        self.endInsertRows()
        return row

    def remove_person(self, row: int) -> None:
        """Take ``row`` out of the list."""
        if 0 <= row < len(self.people):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.people[row]
            self.endRemoveRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and 0 <= section < len(HEADERS) and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == PRESENT:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return None
        person, column = self.people[index.row()], index.column()
        if column == PRESENT:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if person.present else Qt.CheckState.Unchecked
            if role == Qt.ItemDataRole.DisplayRole:
                return "Present" if person.present else "Apologies"
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (person.name, person.role, person.team)[column]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self.people):
            return False
        person, column = self.people[index.row()], index.column()
        if column == PRESENT and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            changed = replace(person, present=checked)
        elif column != PRESENT and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            parts = {"name": person.name, "role": person.role, "team": person.team}
            parts[("name", "role", "team")[column]] = text
            changed = Person(parts["name"], parts["role"], parts["team"], person.present)
        else:
            return False
        self.people[index.row()] = changed
        self.dataChanged.emit(index, index)
        return True


def starting_people(ws: Workspace, meeting_id: int, meeting_type: str) -> list[Person]:
    """Who is recorded, or else the pack's members of the meeting with their roles."""
    recorded = meeting_views.attendance(ws, meeting_id)
    if recorded:
        return [Person(p.name, p.role, p.team, p.present) for p in recorded]
    meeting = ws.pack.meeting(meeting_type)
    return [Person(role=_role(ws, r)) for r in meeting.attendees]


def _role(ws: Workspace, role_id: str) -> str:
    try:
        return ws.pack.role(role_id).name
    except KeyError:
        return role_id.replace("-", " ")


class AttendancePanel(QWidget):
    """The attendance table with its buttons; saves through the meetings service."""

    def __init__(self, ws: Workspace, meeting_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.meeting_id = meeting_id
        self.model = AttendanceModel(parent=self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Attendance")
        self.table.setTabKeyNavigation(False)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, chars in enumerate((22, 30, 18)):
            self.table.setColumnWidth(column, chars * self.fontMetrics().averageCharWidth())
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(section_title("Attendance"))
        layout.addWidget(self.table, 1)
        layout.addLayout(self._buttons())
        layout.addWidget(self.status)

    def _buttons(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for text, slot in (
            ("Add a &person", self.add_person),
            ("Remo&ve person", self.remove_person),
            ("Save a&ttendance", self.save),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        return bar

    def load(self, meeting_type: str) -> None:
        """Show who is recorded (or the meeting's members, to fill in)."""
        self.model.set_people(starting_people(self.ws, self.meeting_id, meeting_type))

    def add_person(self) -> None:
        """A new row, its name ready to type."""
        row = self.model.add_person()
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_person(self) -> None:
        """Take the selected person off the list (saved with the next Save)."""
        row = current_row(self.table)
        self.model.remove_person(row)
        select_row(self.table, row)

    def save(self) -> int:
        """Save everyone with a name; returns how many were saved."""
        named = [p for p in self.model.people if p.name]
        records = [AttendeeRecord(p.name, p.role, p.team, p.present) for p in named]
        meetings.set_attendance(self.ws, self.meeting_id, records)
        left = len(self.model.people) - len(named)
        note = f" ({left} row(s) with no name left out)" if left else ""
        self.status.setText(f"Attendance saved: {len(named)} people{note}.")
        return len(named)
