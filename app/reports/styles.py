"""Type, colour and table styles shared by every document.

Colour is never the only signal: states are always written ("MET", "GAP", "N/A", "OVERDUE"),
and the tints behind them only repeat what the word says.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from app.reports.fonts import BOLD, REGULAR, register_fonts

INK = colors.HexColor("#1A1A1A")
NAVY = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#4A5563")
RULE = colors.HexColor("#9AA5B1")
HEADER_FILL = colors.HexColor("#E3E8EF")
PANEL_FILL = colors.HexColor("#F3F5F8")
ZEBRA = colors.HexColor("#F8F9FB")
MET_FILL = colors.HexColor("#E2F0E4")
GAP_FILL = colors.HexColor("#F9E0DE")
NA_FILL = colors.HexColor("#ECEDEF")
TINTS = {"MET": MET_FILL, "DONE": MET_FILL, "GAP": GAP_FILL, "OVERDUE": GAP_FILL, "N/A": NA_FILL}


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of the documents (DejaVu Sans throughout)."""

    body: ParagraphStyle
    muted: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    contents: ParagraphStyle
    footer: ParagraphStyle
    callout: ParagraphStyle


def regular_font() -> str:
    register_fonts()
    return REGULAR


def bold_font() -> str:
    register_fonts()
    return BOLD


def _style(name: str, size: float, leading: float, **extra: Any) -> ParagraphStyle:
    family = register_fonts()
    bold = extra.pop("bold", False)
    font = BOLD if bold else REGULAR
    settings: dict[str, Any] = {"textColor": INK, "alignment": TA_LEFT} | extra
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=leading, bulletFontName=family, **settings
    )


@cache
def styles() -> Styles:
    """Build the styles once (this also registers the fonts)."""
    return Styles(
        body=_style("body", 9.5, 13.5, spaceAfter=5),
        muted=_style("muted", 8.5, 12, textColor=MUTED, spaceAfter=4),
        title=_style("title", 20, 25, bold=True, textColor=NAVY, spaceAfter=4),
        subtitle=_style("subtitle", 11.5, 15, textColor=MUTED, spaceAfter=10),
        h1=_style(
            "h1", 14, 18, bold=True, textColor=NAVY, spaceBefore=6, spaceAfter=6, keepWithNext=1
        ),
        h2=_style(
            "h2", 11, 14, bold=True, textColor=NAVY, spaceBefore=10, spaceAfter=4, keepWithNext=1
        ),
        contents=_style("contents", 10.5, 15),
        footer=_style("footer", 7, 9, textColor=MUTED),
        callout=_style("callout", 11, 15, bold=True),
    )
