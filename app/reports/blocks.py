"""Building blocks shared by the documents: headings, fact tables, data tables, signature lines.

Table cells take plain text (never markup). Each is wrapped to its column here, with the font's
own widths, into lines the table draws directly: that is several times faster than a
``Paragraph`` per cell, and a 300-row chronology is the common case. Data tables repeat their
header row on every page they run onto, and a row taller than a page splits inside itself
rather than being cut off. Every cell's base style is set once (``_CellStyle``), not by table
commands that reportlab would apply cell by cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from app.reports import styles as st
from app.reports.fonts import REGULAR
from app.reports.measure import wrap_lines
from app.reports.page import MARGIN_X, PAGE_WIDTH
from app.reports.plain import Heading, PlainText
from app.reports.text import NONE_RECORDED

CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
CELL_SIZE = 8.5
CELL_LEADING = 1.2 * CELL_SIZE  # what reportlab assumes when it splits a row across pages
PAD_X = 4
MIN_ROW_SPLIT = 30  # points: split a too-tall row only where this much of it fits
_NOT_KEY = re.compile(r"[^A-Za-z0-9_.-]+")

Command = tuple[object, ...]


def make_key(*parts: str) -> str:
    """A bookmark key (a PDF name) from readable parts."""
    return "_".join(_NOT_KEY.sub("-", part) for part in parts)


def heading(text: str, *, level: int, key: str, outline: str | None = None) -> Heading:
    """A section heading (``level`` 0 or 1) that is also an outline entry."""
    style = st.styles().h1 if level == 0 else st.styles().h2
    return Heading(text, style, key=key, level=level, outline=outline or text)


def para(markup: str, style_name: str = "body") -> Paragraph:
    """A paragraph of ready markup (callers escape user text with ``esc``)."""
    return Paragraph(markup, getattr(st.styles(), style_name))


def plain(text: str, style_name: str = "body", *, bullet: str = "") -> PlainText:
    """User text in one style (no markup, so nothing to escape)."""
    return PlainText(text, getattr(st.styles(), style_name), bullet=bullet)


def none_recorded(text: str = NONE_RECORDED) -> PlainText:
    return plain(text, "muted")


def gap(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def widths(fractions: Sequence[float]) -> list[float]:
    """Column widths in points from shares of the text width."""
    total = sum(fractions)
    return [CONTENT_WIDTH * part / total for part in fractions]


def fit(text: str, width: float, font: str) -> str:
    """``text`` broken into lines that fit a column ``width`` points wide."""
    return "\n".join(wrap_lines(text.strip(), font, CELL_SIZE, width - 2 * PAD_X))


def _fit_row(row: Sequence[str], cols: Sequence[float], bold: set[int]) -> list[str]:
    regular, heavy = st.regular_font(), st.bold_font()
    return [
        fit(text, w, heavy if n in bold else regular)
        for n, (text, w) in enumerate(zip(row, cols, strict=True))
    ]


class _CellStyle(CellStyle):  # type: ignore[misc]
    """Every cell's starting style, so tables need no command that touches every cell."""

    fontname = REGULAR
    fontsize = CELL_SIZE
    leading = CELL_LEADING
    leftPadding = PAD_X
    rightPadding = PAD_X
    topPadding = 3.5
    bottomPadding = 4
    valign = "TOP"
    color = st.INK


def _cell_styles(rows: int, cols: int) -> list[list[CellStyle]]:
    return [[_CellStyle("cell") for _ in range(cols)] for _ in range(rows)]


def _box() -> list[Command]:
    return [("BOX", (0, 0), (-1, -1), 0.5, st.RULE)]


def _bold(column: int, first_row: int = 0) -> Command:
    return ("FONT", (column, first_row), (column, -1), st.bold_font(), CELL_SIZE, CELL_LEADING)


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[float],
    *,
    state_column: int | None = None,
    bold_column: int | None = None,
) -> Table:
    """A table of plain text with a repeated header row.

    ``state_column`` holds state words ("MET", "GAP"): bold, centred, tinted by the word.
    """
    cols = widths(shares)
    bold = {c for c in (state_column, bold_column) if c is not None}
    head = _fit_row(header, cols, set(range(len(cols))))
    body = [_fit_row(row, cols, bold) for row in rows]
    commands = [
        *_box(),
        ("FONT", (0, 0), (-1, 0), st.bold_font(), CELL_SIZE, CELL_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, 0), st.NAVY),
        ("BACKGROUND", (0, 0), (-1, 0), st.HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.9, st.NAVY),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, st.ZEBRA]),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, st.RULE),
    ]
    if bold_column is not None:
        commands.append(_bold(bold_column, 1))
    if state_column is not None:
        commands += [
            _bold(state_column),
            ("ALIGN", (state_column, 0), (state_column, -1), "CENTER"),
            *_tints(rows, state_column),
        ]
    table = LongTable(
        [head, *body],
        colWidths=cols,
        cellStyles=_cell_styles(len(body) + 1, len(cols)),
        repeatRows=1,
        splitInRow=MIN_ROW_SPLIT,
        hAlign="LEFT",
        spaceAfter=5,
    )
    table.setStyle(TableStyle(commands))
    return table


def _tints(rows: Sequence[Sequence[str]], column: int) -> list[Command]:
    commands: list[Command] = []
    for number, row in enumerate(rows, start=1):
        tint = st.TINTS.get(row[column].strip().upper())
        if tint is not None:
            commands.append(("BACKGROUND", (column, number), (column, number), tint))
    return commands


def facts_table(rows: Sequence[tuple[str, str]], label_share: float = 0.3) -> Table:
    """Label / value pairs of plain text in a boxed panel."""
    cols = widths([label_share, 1 - label_share])
    data = [_fit_row([label, value or "—"], cols, {0}) for label, value in rows]
    table = Table(
        data,
        colWidths=cols,
        hAlign="LEFT",
        splitInRow=MIN_ROW_SPLIT,
        spaceAfter=5,
        cellStyles=_cell_styles(len(data), len(cols)),
    )
    table.setStyle(
        TableStyle(
            [
                *_box(),
                _bold(0),
                ("BACKGROUND", (0, 0), (0, -1), st.PANEL_FILL),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, st.RULE),
                ("LINEAFTER", (0, 0), (0, -1), 0.25, st.RULE),
            ]
        )
    )
    return table


def signature_lines(labels: Sequence[tuple[str, str]]) -> Table:
    """Rows to complete by hand: a label, any pre-filled text, and a line to write or sign on."""
    cols = widths([0.28, 0.72])
    data = [_fit_row([label, prefilled], cols, {0}) for label, prefilled in labels]
    table = Table(
        data,
        colWidths=cols,
        minRowHeights=[11 * mm] * len(data),
        hAlign="LEFT",
        cellStyles=_cell_styles(len(data), len(cols)),
    )
    table.setStyle(
        TableStyle(
            [
                _bold(0),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, st.INK),
            ]
        )
    )
    return table
