"""The page every document shares: A4, the marking at top and bottom, the footer, "Page x of y".

"Page x of y" is drawn in one layout pass: ``MarkedCanvas`` holds each finished page back and
fills in what needs the page count when the document is saved (the reportlab "NumberedCanvas"
recipe). Two things are added to the recipe:

- bookmarks are recorded with their page and made when that page is really written (the recipe
  alone points every bookmark at page 1, since reportlab numbers pages as it writes them);
- late text is written into a slot kept at its place in the page's content, not appended at the
  end, so the text reads in order: marking, body, footer, page number, marking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    KeepTogether,
    PageTemplate,
    Paragraph,
)

from app.reports import styles as st
from app.reports.model import DocumentInfo
from app.reports.plain import Heading
from app.reports.text import esc, fmt_datetime, join_ids

MARKING = "OFFICIAL-SENSITIVE"
AUTHOR = "Transfer Desk"
LANGUAGE = "en-GB"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
TOP_MARGIN = 21 * mm
NUMBER_WIDTH = 26 * mm
KEEP_AFTER_HEADING = 60  # points of what follows a heading that must fit on its page
#: A heading's block at most this share of a page moves to the next page whole, rather than split.
MOVE_WHOLE_UP_TO = 0.5
LateDraw = Callable[["MarkedCanvas", int, int], None]
"""Draws on a held page, given that page's number and the page count."""


class KeepHeadingWithNext(KeepTogether):  # type: ignore[misc]
    """Keep headings with what follows them, without pushing a long block onto a new page.

    reportlab's ``KeepTogether`` moves a heading and the whole next flowable to a new page when
    they do not fit, leaving a half-empty page before a 300-event chronology or a 20-case table
    of decisions. Here only a short block (at most half a page) moves whole; a longer one only
    needs the headings and the start of the block to fit, and its table goes on over the page
    (tables repeat their header row).
    """

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (avail_width, avail_height):
            self.wrap(avail_width, avail_height)
        frame = getattr(self, "_frame", None)
        if frame is None or frame._height * MOVE_WHOLE_UP_TO >= self._H:
            return list(super().split(avail_width, avail_height))
        lead = sum(
            getattr(f, "height", 0) + f.getSpaceBefore() + f.getSpaceAfter()
            for f in self._content[:-1]
        )
        content = list(self._content)
        if lead + KEEP_AFTER_HEADING <= avail_height or getattr(frame, "_atTop", False):
            return content
        return [FrameBreak(), *content]


@dataclass(frozen=True)
class Footer:
    """The footer of every page, laid out once: its paragraph and the height it needs."""

    info: DocumentInfo
    para: Paragraph
    height: float

    @classmethod
    def of(cls, info: DocumentInfo) -> Footer:
        text = (
            f"<b>{esc(info.title)}</b> · Case {esc(join_ids(info.case_ids))}<br/>"
            f"Generated {fmt_datetime(info.generated_at)} · Policy pack {esc(info.pack_id)} "
            f"version {esc(info.pack_version)} · Audit trail position {esc(info.audit_position)}"
        )
        para = Paragraph(text, st.styles().footer)
        _, height = para.wrap(PAGE_WIDTH - 2 * MARGIN_X - NUMBER_WIDTH, PAGE_HEIGHT)
        return cls(info, para, height)

    @property
    def bottom_margin(self) -> float:
        """From the page edge to the lowest body text: marking, footer, rule and a gap."""
        return float(9 * mm + self.height + 7 * mm)

    def draw_top(self, canv: Canvas, _doc: object = None) -> None:
        """The marking and a rule, first on every page."""
        canv.saveState()
        canv.setFillColor(st.INK)
        canv.setFont(st.bold_font(), 9.5)
        canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 11 * mm, MARKING)
        canv.setStrokeColor(st.NAVY)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, PAGE_HEIGHT - 14 * mm, PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 14 * mm)
        canv.restoreState()

    def draw_bottom(self, canv: MarkedCanvas, _doc: object = None) -> None:
        """A rule, the footer, a slot for "Page x of y", and the marking, last on every page."""
        canv.saveState()
        foot_top = 10.5 * mm + self.height
        canv.setStrokeColor(st.NAVY)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, foot_top + 2 * mm, PAGE_WIDTH - MARGIN_X, foot_top + 2 * mm)
        self.para.drawOn(canv, MARGIN_X, 10.5 * mm)
        canv.later(self._page_number)
        canv.setFillColor(st.INK)
        canv.setFont(st.bold_font(), 9.5)
        canv.drawCentredString(PAGE_WIDTH / 2, 6 * mm, MARKING)
        canv.restoreState()

    def _page_number(self, canv: MarkedCanvas, number: int, total: int) -> None:
        baseline = 10.5 * mm + self.height - st.styles().footer.leading + 2
        canv.setFillColor(st.INK)
        canv.setFont(st.bold_font(), 8)
        canv.drawRightString(PAGE_WIDTH - MARGIN_X, baseline, f"Page {number} of {total}")


class MarkedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that finishes its pages on ``save``, once it knows how many there are."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._held: list[dict[str, Any]] = []
        self._marks: list[tuple[str, dict[str, Any]]] = []
        self._slots: list[tuple[int, LateDraw]] = []
        self.key_pages: dict[str, int] = {}
        self.showOutline()

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:
        """Record the bookmark; it is made when its page is written (see ``save``)."""
        self._marks.append((key, kwargs))
        self.key_pages.setdefault(key, len(self._held) + 1)

    def later(self, draw: LateDraw) -> None:
        """Keep a slot here in the page's content; ``draw`` fills it when the page is saved.

        ``draw`` works in the coordinates in force now, and must set every font and colour it
        uses (the canvas's own record of them will be the page's last).
        """
        self._slots.append((len(self._code), draw))
        self._code.append("")

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._marks, self._slots = [], []
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            for key, kwargs in self._marks:
                Canvas.bookmarkPage(self, key, **kwargs)
            for slot, draw in self._slots:
                self._fill(slot, draw, number, total)
            Canvas.showPage(self)
        Canvas.save(self)

    def _fill(self, slot: int, draw: LateDraw, number: int, total: int) -> None:
        start = len(self._code)
        self.saveState()
        draw(self, number, total)
        self.restoreState()
        self._code[slot] = "\n".join(self._code[start:])
        del self._code[start:]


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    """A4 with one body frame between the header and the footer; headings become bookmarks."""

    def __init__(self, target: str | BinaryIO, info: DocumentInfo, subject: str) -> None:
        self.footer = Footer.of(info)
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=TOP_MARGIN,
            bottomMargin=self.footer.bottom_margin,
            title=info.title,
            subject=subject,
            author=AUTHOR,
            creator=AUTHOR,
            keywords=[MARKING, *info.case_ids],
            lang=LANGUAGE,
            displayDocTitle=1,
            keepTogetherClass=KeepHeadingWithNext,
            initialFontName=st.regular_font(),
            initialFontSize=9.5,
        )
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(
                    id="page",
                    frames=[frame],
                    onPage=self.footer.draw_top,
                    onPageEnd=self.footer.draw_bottom,
                )
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        """Turn each heading into a bookmark at its place and an outline entry."""
        if isinstance(flowable, Heading):
            top = self.frame._y + flowable.height
            self.canv.bookmarkPage(flowable.key, fit="XYZ", left=0, top=top)
            self.canv.addOutlineEntry(flowable.outline, flowable.key, level=flowable.level)

    def render(self, flowables: list[Flowable]) -> int:
        """Lay out and write the document; return its page count."""
        self.build(flowables, canvasmaker=MarkedCanvas)
        return int(self.page)
