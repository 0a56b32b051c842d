"""Form fields of the meeting screens: a typed date that says what is wrong with it, right
under the field, and a labelled field with its own message line.
"""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ui.badges import is_dark

_DMY = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
DATE_HINT = "dd/mm/yyyy"


class BadValue(ValueError):
    """A field holds something that cannot be saved; the message says what to type."""

    def __init__(self, field: QWidget, message: str) -> None:
        super().__init__(message)
        self.field = field


def parse_day(text: str) -> date | None:
    """``18/01/2027`` or ``2027-01-18`` as a date; None for an empty text.

    ValueError (saying what to type) for anything else, or a day no calendar has.
    """
    if not text.strip():
        return None
    dmy, iso = _DMY.match(text), _ISO.match(text)
    if dmy:
        day, month, year = (int(g) for g in dmy.groups())
    elif iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        raise ValueError(f"“{text.strip()}” is not a date: type it as {DATE_HINT}, e.g. 18/01/2027")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"{text.strip()} is not a day of the calendar: check the day and month"
        ) from None


def day_text(day: date | None) -> str:
    """A date as the date fields show it (dd/mm/yyyy), or empty."""
    return f"{day:%d/%m/%Y}" if day else ""


class DateText(QLineEdit):
    """A date typed as dd/mm/yyyy (or left empty); :meth:`value` raises on a bad one."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(DATE_HINT)
        self.setToolTip(f"Type a date as {DATE_HINT}; leave it empty for none")
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * 16)

    def value(self) -> date | None:
        """The date typed (None when empty); BadValue naming this field if it is not one."""
        try:
            return parse_day(self.text())
        except ValueError as exc:
            raise BadValue(self, f"{self.accessibleName()}: {exc}.") from None

    def set_value(self, day: date | None) -> None:
        """Show ``day`` (empty for None)."""
        self.setText(day_text(day))


class Checked(QWidget):
    """A field with its message line under it: empty until :meth:`show_error`."""

    def __init__(self, field: QWidget) -> None:
        super().__init__()
        self.field = field
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(field)
        layout.addWidget(self.error)
        layout.addStretch(1)  # the field stays at the top when the message goes
        self.setFocusProxy(field)

    def show_error(self, message: str) -> None:
        """Show ``message`` under the field and make it the field's accessible description."""
        self.error.setProperty("dark", is_dark(self.palette()))  # a lighter red on dark
        self.error.setText(f"Not saved: {message}")
        self.error.setVisible(True)
        self.field.setAccessibleDescription(message)
        self.updateGeometry()

    def clear_error(self) -> None:
        """Hide the message."""
        self.error.clear()
        self.error.setVisible(False)
        self.field.setAccessibleDescription("")
        self.updateGeometry()


def add_checked(form: QFormLayout, label: str, field: QWidget) -> Checked:
    """A form row: ``label`` (its mnemonic focuses the field) and the field with its message."""
    checked = Checked(field)
    caption = QLabel(label)
    caption.setBuddy(field)
    if not field.accessibleName():
        field.setAccessibleName(label.replace("&", ""))
    form.addRow(caption, checked)
    return checked
