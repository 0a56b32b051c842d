"""Text widths and line breaking for table cells, fast enough for a 300-row chronology.

reportlab's pure-Python ``stringWidth`` looks each character up afresh on every call; here each
font's advance widths are kept in a dict keyed by character, so a width is one C-level ``map``.
The widths are the font's own (the same numbers reportlab uses), so lines fit exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from reportlab.pdfbase import pdfmetrics


class _Widths(dict[str, float]):
    """Advance widths of one font in thousandths of an em, filled in per character on first use."""

    def __init__(self, font_name: str) -> None:
        super().__init__()
        face = pdfmetrics.getFont(font_name).face
        self._lookup = face.charWidths.get
        self._default = face.defaultWidth

    def __missing__(self, char: str) -> float:
        width = float(self._lookup(ord(char), self._default))
        self[char] = width
        return width


@cache
def _widths(font_name: str) -> _Widths:
    return _Widths(font_name)


def text_width(text: str, font_name: str, size: float) -> float:
    """The width of ``text`` set in ``font_name`` at ``size`` points."""
    return sum(map(_widths(font_name).__getitem__, text)) * size / 1000


def wrap_lines(text: str, font_name: str, size: float, room: float) -> list[str]:
    """``text`` broken greedily at spaces into lines no wider than ``room`` points.

    Line breaks in the text are kept (a blank line stays blank); a word wider than ``room`` on
    its own is broken between characters, so nothing ever runs past the edge.
    """
    measure = _widths(font_name).__getitem__
    limit = room * 1000 / size
    space = measure(" ")
    lines: list[str] = []
    for part in text.split("\n"):
        words: list[str] = []
        used = -space
        for word in part.split():
            width = sum(map(measure, word))
            if words and used + space + width > limit:
                lines.append(" ".join(words))
                words, used = [], -space
            if width > limit:
                *whole, word = _break_word(word, measure, limit)
                lines.extend(whole)
                width = sum(map(measure, word))
            words.append(word)
            used += space + width
        lines.append(" ".join(words))
    return lines


def _break_word(word: str, measure: Callable[[str], float], limit: float) -> list[str]:
    """A word too long for a line, in pieces that each fit."""
    pieces, start, used = [], 0, 0.0
    for end, char in enumerate(word):
        width = measure(char)
        if used + width > limit and end > start:
            pieces.append(word[start:end])
            start, used = end, 0.0
        used += width
    pieces.append(word[start:])
    return pieces
