"""Reading PDFs back with pypdf: page texts, where text sits, the outline, the catalogue."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader

PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


@dataclass(frozen=True)
class Placed:
    """A run of text and the height (points from the page foot) of its baseline."""

    text: str
    y: float


@dataclass
class Pdf:
    reader: PdfReader
    texts: list[str]

    @classmethod
    def of(cls, data: bytes) -> Pdf:
        reader = PdfReader(io.BytesIO(data))
        texts = [unicodedata.normalize("NFC", page.extract_text()) for page in reader.pages]
        return cls(reader, texts)

    @property
    def all_text(self) -> str:
        return "\n".join(self.texts)

    def body(self, title: str, first_page: int = 0) -> str:
        """The text without the marking and footer of each page, whitespace flattened.

        Text that runs over a page break reads on as it does on paper, without the page's
        footer and the next page's marking in between.
        """
        kept: list[str] = []
        for text in self.texts[first_page:]:
            lines = text.splitlines()[1:]
            footer = max(i for i, line in enumerate(lines) if line.startswith(f"{title} · Case"))
            kept.extend(lines[:footer])
        return " ".join(" ".join(kept).split())

    @property
    def height(self) -> float:
        return float(self.reader.pages[0].mediabox.height)

    def placed(self, index: int) -> list[Placed]:
        """Each run of text on page ``index`` with its baseline height."""
        runs: list[Placed] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
            if text.strip():
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append(Placed(unicodedata.normalize("NFC", text.strip()), float(y)))

        self.reader.pages[index].extract_text(visitor_text=visit)
        return runs

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, 0-based page) for every outline entry, in order."""
        out: list[tuple[int, str, int]] = []

        def walk(items: list[Any], level: int) -> None:
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    page = self.reader.get_destination_page_number(item)
                    out.append((level, str(item.title), page))

        walk(self.reader.outline, 0)
        return out

    @property
    def catalog(self) -> Any:
        return self.reader.trailer["/Root"]
