"""Line breaking with the font's own widths: every line fits, no word or line is lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as hs
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.reports.fonts import BOLD, REGULAR, register_fonts
from app.reports.measure import text_width, wrap_lines

register_fonts()
WORDS = hs.text(
    alphabet="abcdefghijklmnopqrstuvwxyzZoëŁłŞşıřáéí-'0123456789", min_size=1, max_size=40
)


def test_widths_are_reportlabs() -> None:
    for text in ("Zoë Dvořák", "Łukasz Kowalczyk", "Şükrü Yıldız", "", "WWW iii"):
        for font in (REGULAR, BOLD):
            assert abs(text_width(text, font, 8.5) - stringWidth(text, font, 8.5)) < 1e-9


def test_keeps_line_breaks_and_blank_lines() -> None:
    assert wrap_lines("one\n\ntwo", REGULAR, 9, 500) == ["one", "", "two"]


def test_breaks_a_word_too_long_for_the_line() -> None:
    lines = wrap_lines("short " + "x" * 200 + " end", REGULAR, 9, 100)
    assert "".join(lines).replace(" ", "") == "short" + "x" * 200 + "end"
    assert all(stringWidth(line, REGULAR, 9) <= 100 for line in lines)


@settings(max_examples=200, deadline=None)
@given(hs.lists(WORDS, max_size=60), hs.integers(20, 400))
def test_every_line_fits_and_every_word_survives(words: list[str], room: int) -> None:
    lines = wrap_lines(" ".join(words), REGULAR, 8.5, room)
    assert all(stringWidth(line, REGULAR, 8.5) <= room + 1e-6 for line in lines)
    assert "".join("".join(lines).split()) == "".join(words)
