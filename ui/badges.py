"""Status badges: a rounded pill with the status in words, tinted for the light or dark scheme.

Colour is never the only signal: the badge always carries its text ("Blocked", "Overdue").
Any model or item widget sets :data:`BADGE_ROLE` to a key of :data:`BADGES` on the cell.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

#: The item data role holding a badge key.
BADGE_ROLE = Qt.ItemDataRole.UserRole + 40


@dataclass(frozen=True)
class Badge:
    """The words and colours of one status (background, text) per scheme."""

    text: str
    light: tuple[str, str]
    dark: tuple[str, str]


_GREEN = Badge("", ("#dcefe1", "#14532d"), ("#1f4d2e", "#c8f0d4"))
_AMBER = Badge("", ("#fdefc8", "#713f12"), ("#5c4510", "#fde9b0"))
_RED = Badge("", ("#fbdcdc", "#7f1d1d"), ("#6b2222", "#ffd6d6"))
_BLUE = Badge("", ("#dbe8fb", "#1e3a8a"), ("#223f6e", "#d3e3ff"))
_GREY = Badge("", ("#e7e7ea", "#3f3f46"), ("#3f3f46", "#e4e4e7"))


def _like(base: Badge, text: str) -> Badge:
    return Badge(text, base.light, base.dark)


BADGES: dict[str, Badge] = {
    # pathway options
    "open": _like(_GREEN, "Open"),
    "warned": _like(_AMBER, "Warning"),
    "blocked": _like(_RED, "Blocked"),
    "referral": _like(_BLUE, "Referral"),
    "not_eligible": _like(_GREY, "Not eligible"),
    # clocks
    "running": _like(_BLUE, "Running"),
    "overdue": _like(_RED, "Overdue"),
    "met": _like(_GREEN, "Met"),
    "reached": _like(_GREY, "Reached"),
    # checklist readiness
    "ready": _like(_GREEN, "Ready"),
    "gaps": _like(_RED, "Gaps"),
    "incomplete": _like(_AMBER, "Incomplete"),
    # single items
    "gap": _like(_RED, "Gap"),
    "not_applicable": _like(_GREY, "N/A"),
    "alert": _like(_RED, "Alert"),
    "flag": _like(_GREY, "Flag"),
}


def badge_text(key: str) -> str:
    """The words of a badge (the key itself when unknown)."""
    badge = BADGES.get(key)
    return badge.text if badge else key.replace("_", " ").capitalize()


def is_dark(palette: QPalette) -> bool:
    """Whether the palette is a dark scheme (its window colour is dark)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def badge_colours(key: str, palette: QPalette) -> tuple[QColor, QColor]:
    """(background, text) of the badge ``key`` in the scheme of ``palette``."""
    badge = BADGES.get(key, _GREY)
    background, text = badge.dark if is_dark(palette) else badge.light
    return QColor(background), QColor(text)


class BadgeDelegate(QStyledItemDelegate):
    """Paints cells whose :data:`BADGE_ROLE` is set as a pill; others as usual.

    In a tree view with ``wordWrap`` on, plain cells grow to show their whole text on several
    lines (QTreeView alone elides it), so long rule texts and sources are never cut off.
    """

    PAD_X = 8
    PAD_Y = 2

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        key = index.data(BADGE_ROLE)
        if not key:
            super().paint(painter, option, index)
            return
        self._paint_background(painter, option, index)
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or badge_text(str(key)))
        background, foreground = badge_colours(str(key), option.palette)
        font = option.font
        font.setBold(True)
        metrics = QFontMetrics(font)  # the text is drawn bold: measure it bold, or it is clipped
        cell: QRect = option.rect
        width = min(metrics.horizontalAdvance(text) + 2 * self.PAD_X, cell.width() - 4)
        height = min(metrics.height() + 2 * self.PAD_Y, cell.height() - 2)
        pill = QRect(cell.left() + 4, cell.top() + (cell.height() - height) // 2, width, height)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(foreground)
        painter.setFont(font)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()  # not option.widget: PySide6 mis-counts None there
        if not index.data(BADGE_ROLE) and isinstance(view, QTreeView) and view.wordWrap():
            margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
            width = view.header().sectionSize(index.column()) - margin - _indent(view, index)
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            flags = Qt.TextFlag.TextWordWrap
            box = option.fontMetrics.boundingRect(QRect(0, 0, max(width, 20), 100_000), flags, text)
            hint.setHeight(max(hint.height(), box.height() + 8))
        if index.data(BADGE_ROLE):
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            bold = option.font
            bold.setBold(True)
            width = QFontMetrics(bold).horizontalAdvance(text) + 2 * self.PAD_X + 12
            hint.setWidth(max(hint.width(), width))
            hint.setHeight(max(hint.height(), QFontMetrics(bold).height() + 2 * self.PAD_Y + 6))
        return hint

    def _paint_background(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        """The selection / hover background of the cell, without its text."""
        plain = QStyleOptionViewItem(option)
        self.initStyleOption(plain, index)
        plain.text = ""
        widget = self.parent()
        style = widget.style() if isinstance(widget, QWidget) else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, plain, painter, widget)  # type: ignore[arg-type]


def _indent(view: QTreeView, index: QModelIndex | QPersistentModelIndex) -> int:
    """The pixels a tree indents column 0 of ``index`` by (branch decorations included)."""
    if index.column() != 0:
        return 0
    depth, parent = 0, index.parent()
    while parent.isValid():
        depth, parent = depth + 1, parent.parent()
    return view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
