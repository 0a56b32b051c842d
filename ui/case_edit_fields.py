"""The pieces of the case record's edit forms: a field with its error line, and a form that
shows a service's :class:`~app.services.editing.FieldProblem` list next to the fields named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypeVar

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.services.editing import FieldProblem
from ui.badges import is_dark

#: Error text colours that read on the light and the dark scheme (WCAG AA on the window colour).
_ERROR_LIGHT, _ERROR_DARK = "#b3261e", "#ffb4ab"
DATE_HINT = "DD/MM/YYYY"
_W = TypeVar("_W", bound=QWidget)
#: The field name of problems that concern the whole form (a row gone meanwhile …).
FORM = "case"


class FieldError(QWidget):
    """A red line with a warning icon under a field; hidden while the field is fine."""

    def __init__(self, field: QWidget) -> None:
        super().__init__()
        self.field = field
        self.setObjectName("fieldError")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 2)
        row.setSpacing(4)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        self.icon = QLabel()
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.icon.setPixmap(icon.pixmap(size, size))
        self.text = QLabel()
        self.text.setWordWrap(True)
        palette = self.text.palette()
        colour = _ERROR_DARK if is_dark(palette) else _ERROR_LIGHT
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        self.text.setPalette(palette)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)
        self.hide()

    def show_message(self, message: str) -> None:
        """Show ``message`` and tell assistive technology about it through the field."""
        self.text.setText(message)
        self.text.setAccessibleName(f"Error: {message}")
        self.field.setAccessibleDescription(f"Error: {message}")
        self.field.setToolTip(message)
        self.show()

    def clear(self) -> None:
        """Hide the message: the field is fine."""
        self.text.clear()
        self.field.setAccessibleDescription("")
        self.field.setToolTip("")
        self.hide()

    @property
    def message(self) -> str:
        """The message shown, or ""."""
        return "" if self.isHidden() else self.text.text()


def value_of(widget: QWidget) -> object:
    """What a form widget holds, for comparing a form with how it was last saved."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return None


def put_value(widget: QWidget, value: object) -> None:
    """Put back what :func:`value_of` read (typing kept while the desktop was locked)."""
    if isinstance(widget, QLineEdit) and isinstance(value, str):
        widget.setText(value)
    elif isinstance(widget, QComboBox) and isinstance(value, str):
        index = widget.findText(value)
        if index >= 0:
            widget.setCurrentIndex(index)
        elif widget.isEditable():
            widget.setEditText(value)
    elif isinstance(widget, QCheckBox) and isinstance(value, bool):
        widget.setChecked(value)


class EditForm(QGroupBox):
    """A titled form whose fields each have an error line under them.

    ``fields`` maps the service's field names to widgets; a problem for a field not in the form
    (or for the whole form) shows on the form's own line at the bottom.
    """

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.setAccessibleName(title.replace("&", ""))
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(self.form)
        self.errors: dict[str, FieldError] = {}
        self.fields: dict[str, QWidget] = {}
        self._typed: list[QWidget] = []
        self.general = FieldError(self)
        column.addWidget(self.general)
        column.addLayout(self.buttons)
        self._saved: tuple[object, ...] = ()

    def add_field(
        self, key: str, label: str, field: _W, *, name: str = "", typed: bool = True
    ) -> _W:
        """A labelled row for ``field`` (the label's mnemonic focuses it) and its error line.

        ``typed`` False: a pick from the case's own rows, not data to keep when the tab closes.
        """
        caption = QLabel(label)
        caption.setBuddy(field)
        if name or not field.accessibleName():  # keep a fuller name the field came with
            field.setAccessibleName(name or label.replace("&", "").rstrip(":"))
        error = FieldError(field)
        cell = QWidget()
        stack = QVBoxLayout(cell)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(field)
        stack.addWidget(error)
        self.form.addRow(caption, cell)
        self.fields[key] = field
        self.errors[key] = error
        if typed:
            self._typed.append(field)
        return field

    def show_problems(self, problems: Sequence[FieldProblem]) -> None:
        """Show each problem next to its field and put the cursor in the first field named."""
        self.clear_problems()
        general: list[str] = []
        for problem in problems:
            error = self.errors.get(problem.field)
            if error is None:
                general.append(problem.message)
            elif not error.message:  # one message a field; the first is the one to fix first
                error.show_message(_sentence(problem.message))
        if general:
            self.general.show_message(_sentence("; ".join(general)))
        first = next((self.fields[p.field] for p in problems if p.field in self.fields), None)
        if first is not None:
            first.setFocus()

    def clear_problems(self) -> None:
        """Hide every error line."""
        for error in (*self.errors.values(), self.general):
            error.clear()

    def messages(self) -> dict[str, str]:
        """The error shown next to each field (the form's own under :data:`FORM`)."""
        shown = {key: error.message for key, error in self.errors.items() if error.message}
        if self.general.message:
            shown[FORM] = self.general.message
        return shown

    def add_button(self, button: QWidget) -> None:
        """Put a button at the form's bottom right, in Tab order."""
        self.buttons.addWidget(button)

    def mark_saved(self) -> None:
        """Remember the fields as they are now: nothing typed is unsaved."""
        self._saved = self._values()

    def is_dirty(self) -> bool:
        """Whether something typed has not been saved."""
        return self._values() != self._saved

    def typed(self) -> tuple[object, ...] | None:
        """What is typed and not saved (None when nothing is)."""
        return self._values() if self.is_dirty() else None

    def put_typed(self, values: tuple[object, ...]) -> None:
        """Fill the fields with ``values`` from :meth:`typed` (unsaved again)."""
        for widget, value in zip(self._typed, values, strict=True):
            put_value(widget, value)

    def _values(self) -> tuple[object, ...]:
        return tuple(value_of(w) for w in self._typed)


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def date_edit(name: str) -> QLineEdit:
    """A date typed as DD/MM/YYYY (or YYYY-MM-DD), checked when the form is saved."""
    edit = QLineEdit()
    edit.setPlaceholderText(DATE_HINT)
    edit.setAccessibleName(name)
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
    return edit


def date_text(value: object) -> str:
    """A date as the edit fields show it (DD/MM/YYYY), or "" for None."""
    return f"{value:%d/%m/%Y}" if isinstance(value, date) else ""


def narrow_combo() -> QComboBox:
    """A list whose long choices (a status's full name) do not widen the form beyond the page."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(18)
    return combo


def code_combo(choices: Iterable[tuple[str, str]], name: str) -> QComboBox:
    """An editable list of (code, words) choices; the code is typed or picked (auto-completes)."""
    combo = narrow_combo()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.setAccessibleName(name)
    combo.addItem("", "")
    for code, words in choices:
        combo.addItem(f"{words} [{code}]", code)
    combo.setCurrentIndex(0)
    return combo


def chosen_code(combo: QComboBox) -> str:
    """The code of the choice typed or picked, in any case ("missing", "CP", a label, or a
    label with its code in brackets); what matches nothing is returned as typed, for the
    service to refuse next to the field."""
    text = combo.currentText().strip()
    if text.endswith("]") and "[" in text:
        text = text.rsplit("[", 1)[1][:-1].strip()
    wanted = text.casefold()
    for index in range(combo.count()):
        code = str(combo.itemData(index) or "")
        label = combo.itemText(index).rsplit(" [", 1)[0]
        if code and wanted in (code.casefold(), label.casefold()):
            return code
    return text
