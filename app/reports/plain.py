"""Plain text in one style: headings, notes and free text, without paragraph markup.

Most of what the documents print is user text in a single style. ``PlainText`` wraps it with the
font's own widths (``measure``) and draws all its lines in one text object: it needs no markup
parsing or escaping and is several times faster than a ``Paragraph``. It splits across pages
between lines, keeping at least two lines on each side where it can. Text that mixes styles
(a bold label in a sentence) still uses ``Paragraph``.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from app.reports.measure import text_width, wrap_lines

MIN_LINES = 2  # no widow or orphan of a single line when a block splits


class PlainText(Flowable):  # type: ignore[misc]
    """``text`` set in ``style`` (font, size, leading, colour, spacing), left aligned.

    ``bullet`` hangs in front of the first line; following lines align with the text.
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        bullet: str = "",
        hang: float | None = None,
        space_before: float | None = None,
        space_after: float | None = None,
    ) -> None:
        super().__init__()
        self.text, self.style, self.bullet = text.strip("\n "), style, bullet
        self.hang = hang if hang is not None else self._bullet_width(bullet, style)
        self.space_before = style.spaceBefore if space_before is None else space_before
        self.space_after = style.spaceAfter if space_after is None else space_after
        self.lines: list[str] = []

    @staticmethod
    def _bullet_width(bullet: str, style: ParagraphStyle) -> float:
        return text_width(f"{bullet} ", style.fontName, style.fontSize) if bullet else 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        room = avail_width - self.hang
        self.lines = wrap_lines(self.text, self.style.fontName, self.style.fontSize, room)
        self.width, self.height = avail_width, len(self.lines) * self.style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Split between lines, leaving no single line alone on either page."""
        self.wrap(avail_width, avail_height)
        count, fits = len(self.lines), int(avail_height // self.style.leading)
        if fits >= count:
            return [self]
        fits = min(fits, count - MIN_LINES)
        if fits < MIN_LINES:
            return []
        head, tail = "\n".join(self.lines[:fits]), "\n".join(self.lines[fits:])
        return [
            PlainText(head, self.style, bullet=self.bullet, hang=self.hang, space_after=0),
            PlainText(tail, self.style, hang=self.hang, space_before=0),
        ]

    def draw(self) -> None:
        style, canv = self.style, self.canv
        top = self.height - style.fontSize
        text = canv.beginText(self.hang, top)
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        for line in self.lines:
            text.textLine(line)
        canv.drawText(text)
        if self.bullet:
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            canv.drawString(0, top, self.bullet)

    def getSpaceBefore(self) -> float:
        return float(self.space_before)

    def getSpaceAfter(self) -> float:
        return float(self.space_after)


class Heading(PlainText):
    """A heading that becomes an outline entry (bookmark) at ``level``; it never splits."""

    def __init__(self, text: str, style: ParagraphStyle, *, key: str, level: int, outline: str):
        super().__init__(text, style)
        self.key, self.level, self.outline = key, level, outline

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []
