"""The shipped open font (DejaVu Sans), registered once with reportlab and embedded in every PDF."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

REGULAR = "TD-DejaVuSans"
BOLD = "TD-DejaVuSans-Bold"
FAMILY = "TD-DejaVuSans"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


class FontMissingError(RuntimeError):
    """The shipped font files are not where the build put them: the installation is broken."""


def fonts_dir() -> Path:
    """``resources/fonts`` of the installation (or of the checkout)."""
    shipped = resources_dir() / "fonts"
    if (shipped / _FILES[REGULAR]).is_file():
        return shipped
    return Path(__file__).resolve().parents[2] / "resources" / "fonts"


@cache
def register_fonts() -> str:
    """Register regular and bold as one family (so ``<b>`` works); return the family name."""
    folder = fonts_dir()
    for name, filename in _FILES.items():
        path = folder / filename
        if not path.is_file():
            raise FontMissingError(f"font file missing: {path}")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    for bold, italic, face in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(FAMILY, bold, italic, face)
    return FAMILY
