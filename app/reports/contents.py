"""A contents list whose page numbers are filled in when the document is saved."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from app.reports import styles as st
from app.reports.text import esc

NUMBER_COLUMN = 14 * mm
INDENT = 7 * mm


class ContentsLine(Flowable):  # type: ignore[misc]
    """One contents entry: a link to ``key``, a dotted leader, and that key's page number."""

    def __init__(self, text: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.text, self.key, self.level = text, key, level
        self.para = Paragraph(f'<a href="#{key}">{esc(text)}</a>', st.styles().contents)
        self.para_height = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        _, self.para_height = self.para.wrap(self._text_width(avail_width), avail_height)
        self.height = self.para_height + 2
        return self.width, self.height

    def _text_width(self, avail_width: float) -> float:
        return float(avail_width - self.level * INDENT - NUMBER_COLUMN)

    def draw(self) -> None:
        indent = self.level * INDENT
        self.para.drawOn(self.canv, indent, 2)
        later = getattr(self.canv, "later", None)
        if later is not None:
            later(self._number)

    def _last_line_width(self, style: Any) -> float:
        """Where the leader starts: after the text, or after the text column if it wrapped."""
        if len(self.para.blPara.lines) > 1:
            return self._text_width(self.width)
        return float(stringWidth(self.text, style.fontName, style.fontSize))

    def _number(self, canv: Canvas, _page: int, _total: int) -> None:
        """The page number of ``key`` and a dotted leader to it (drawn at save time)."""
        style = st.styles().contents
        label = str(getattr(canv, "key_pages", {}).get(self.key, ""))
        baseline = 2 + self.para_height - style.fontSize
        canv.setFont(style.fontName, style.fontSize)
        canv.setFillColor(st.INK)
        canv.drawRightString(self.width, baseline, label)
        start = self.level * INDENT + self._last_line_width(style) + 3
        stop = self.width - stringWidth(label, style.fontName, style.fontSize) - 3
        if stop - start > 6:
            canv.setStrokeColor(st.RULE)
            canv.setLineWidth(0.6)
            canv.setDash(0.6, 2.4)
            canv.line(start, baseline + 1, stop, baseline + 1)
