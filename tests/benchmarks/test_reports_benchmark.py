"""Printing speed, as ratios to plain reportlab pages measured in the same run.

The floor is reportlab at its simplest: one ``canvas.drawString`` per line, in the same embedded
font, for the same pages carrying the same text (read back from our PDFs before timing). So the
ratio prices what the documents add: layout, tables, wrapping, outline, marking and footer.
Times are CPU seconds of this process (``time.process_time``), best of several runs taken
alternately, because the machines are shared and noisy.

Run with ``pytest -m benchmark -s tests/benchmarks/test_reports_benchmark.py``.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from app.reports import render_handover_pack
from app.reports.fonts import REGULAR, register_fonts
from app.reports.model import HandoverPack
from tests.reports import factories

pytestmark = pytest.mark.benchmark
RUNS = 5
BATCH = 50
NAMES = ("Zoë Dvořák", "Łukasz Kowalczyk", "Şükrü Yıldız", "Siobhán Ní Bhriain", "Jiří Novák")


def best_pair(ours: Callable[[], object], floor: Callable[[], object]) -> tuple[float, float]:
    """Best CPU time of each over ``RUNS`` alternating runs."""
    mine, plain = [], []
    for _ in range(RUNS):
        for work, times in ((ours, mine), (floor, plain)):
            start = time.process_time()
            work()
            times.append(time.process_time() - start)
    return min(mine), min(plain)


def render(packs: list[HandoverPack]) -> list[bytes]:
    out = []
    for pack in packs:
        buffer = io.BytesIO()
        render_handover_pack(pack, buffer)
        out.append(buffer.getvalue())
    return out


def page_lines(pdfs: list[bytes]) -> list[list[list[str]]]:
    """For each document, each page's lines of text."""
    return [
        [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(pdf)).pages]
        for pdf in pdfs
    ]


def plain_pages(documents: list[list[list[str]]]) -> None:
    """The floor: the same pages of the same text, one drawString per line."""
    for pages in documents:
        canvas = Canvas(io.BytesIO(), pagesize=A4)
        for lines in pages:
            canvas.setFont(REGULAR, 9)
            for number, line in enumerate(lines):
                canvas.drawString(50, 800 - 12 * number, line)
            canvas.showPage()
        canvas.save()


def compare(label: str, packs: list[HandoverPack]) -> float:
    register_fonts()
    documents = page_lines(render(packs))
    pages = sum(len(doc) for doc in documents)
    ours, floor = best_pair(lambda: render(packs), lambda: plain_pages(documents))
    ratio = ours / floor
    print(
        f"\n{label}: {len(packs)} document(s), {pages} pages: {ours:.3f} s "
        f"({1000 * ours / pages:.1f} ms a page); plain drawString pages {floor:.3f} s; "
        f"ratio {ratio:.2f}x"
    )
    return ratio


def test_five_child_sibling_pack() -> None:
    compare("5-child sibling handover pack", [factories.sibling_pack(5)])


def test_batch_of_50_packs_within_3x_of_plain_pages() -> None:
    packs = [factories.single_pack(f"CH-{50000 + n}", NAMES[n % len(NAMES)]) for n in range(BATCH)]
    assert compare(f"batch of {BATCH} handover packs", packs) <= 3.0
