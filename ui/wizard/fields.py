"""Small form fields the wizard pages share: an optional date, labelled rows, a scroll page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

#: The date an empty :class:`DateField` holds (shown as "Not set").
_UNSET = QDate(1900, 1, 1)


class DateField(QDateEdit):
    """A date that may be left empty: "Not set" until a date is typed or stepped to.

    Up / Down on an empty field starts from today; Delete empties it again.
    """

    def __init__(self, value: date | None = None, *, name: str = "") -> None:
        super().__init__()
        self.setDisplayFormat("dd/MM/yyyy")
        self.setMinimumDate(_UNSET)
        self.setSpecialValueText("Not set")
        self.setCalendarPopup(True)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        self.setToolTip("Type a date (dd/mm/yyyy); Up or Down starts from today; Delete clears")
        self.setMinimumWidth(120)
        if name:
            self.setAccessibleName(name)
        self.set_value(value)

    def value(self) -> date | None:
        """The date, or None when not set."""
        chosen = self.date()
        return None if chosen == _UNSET else date(chosen.year(), chosen.month(), chosen.day())

    def set_value(self, value: date | None) -> None:
        """Show ``value`` (None: "Not set")."""
        self.setDate(QDate(value.year, value.month, value.day) if value else _UNSET)

    def stepBy(self, steps: int) -> None:
        """Step from today when empty, else by the section under the cursor."""
        if self.value() is None:
            self.set_value(date.today())
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete empties the field."""
        if event.key() == Qt.Key.Key_Delete:
            self.set_value(None)
            return
        super().keyPressEvent(event)


def line_edit(text: str = "", *, name: str, placeholder: str = "") -> QLineEdit:
    """A one-line text box with an accessible name."""
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def add_field(form: QFormLayout, label: str, field: QWidget) -> QLabel:
    """A form row whose label (with its mnemonic) is the field's buddy."""
    caption = QLabel(label)
    caption.setBuddy(field)
    if not field.accessibleName():
        field.setAccessibleName(label.replace("&", ""))
    form.addRow(caption, field)
    return caption


def scroll_page(inner: QWidget, *, focusable: bool = False) -> QScrollArea:
    """``inner`` in a frameless scroll area that resizes it to the page's width.

    The area takes no Tab stop unless ``focusable`` (a read-only text to scroll by keyboard);
    fields inside it scroll into view as Tab reaches them.
    """
    area = QScrollArea()
    if not focusable:
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def page_layout(page: QWidget, body: QWidget) -> None:
    """Put ``body`` as the only content of a wizard page, edge to edge."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(body)


def note(text: str, *, name: str = "wizardNote") -> QLabel:
    """A wrapping, selectable explanatory line."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
