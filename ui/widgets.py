"""Small building blocks shared by the screens: read-only lists, section titles, badges."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ui.badges import BADGE_ROLE, BadgeDelegate, badge_text


def section_title(text: str) -> QLabel:
    """A bold heading above a group of facts."""
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    label.setAccessibleName(text)
    return label


def wrapping_label(text: str = "", *, rich: bool = False) -> QLabel:
    """A label that wraps and whose text can be selected and copied."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def read_only_tree(
    headers: Sequence[str],
    *,
    name: str,
    flat: bool = True,
    wrap: bool = True,
) -> QTreeWidget:
    """A read-only list with headers; cells with :data:`BADGE_ROLE` are pills; text wraps."""
    tree = QTreeWidget()
    tree.setAccessibleName(name)
    tree.setHeaderLabels(list(headers))
    tree.setRootIsDecorated(not flat)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(False)
    tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setFrameShape(QFrame.Shape.StyledPanel)
    tree.header().setStretchLastSection(True)
    tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    tree.setItemDelegate(BadgeDelegate(tree))
    tree.setWordWrap(wrap)
    if wrap:
        tree.header().sectionResized.connect(tree.doItemsLayout)
    return tree


def add_row(
    parent: QTreeWidget | QTreeWidgetItem,
    texts: Sequence[str],
    *,
    badge: tuple[int, str] | None = None,
    tips: Sequence[str | None] = (),
) -> QTreeWidgetItem:
    """Add a row of ``texts``; ``badge`` = (column, key) shows that cell as a status pill."""
    item = QTreeWidgetItem(list(texts))
    if badge is not None:
        column, key = badge
        item.setData(column, BADGE_ROLE, key)
        if not texts[column]:
            item.setText(column, badge_text(key))
    for column, tip in enumerate(tips):
        if tip:
            item.setToolTip(column, tip)
    if isinstance(parent, QTreeWidget):
        parent.addTopLevelItem(item)
    else:
        parent.addChild(item)
    return item


def fit_columns(tree: QTreeWidget, maximum: int = 420) -> None:
    """Size every column but the last to its contents, within ``maximum`` pixels."""
    for column in range(tree.columnCount() - 1):
        tree.resizeColumnToContents(column)
        tree.setColumnWidth(column, min(tree.columnWidth(column) + 12, maximum))


def placeholder(text: str) -> QWidget:
    """A quiet line saying a list is empty."""
    label = QLabel(text)
    label.setObjectName("placeholder")
    return label
