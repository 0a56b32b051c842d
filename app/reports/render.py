"""The three public entry points: a document model in, a PDF out.

Each writes the whole PDF to memory first and only then to ``out``, so a failure never leaves a
half-written file behind. Each returns the number of pages written.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable

from app.reports import gaplist, handover, summary
from app.reports.model import DocumentInfo, GapList, HandoverPack, TransferSummary
from app.reports.page import ReportDoc


def _render(
    info: DocumentInfo,
    subject: str,
    flowables: Callable[[], list[Flowable]],
    out: Path | BinaryIO,
) -> int:
    buffer = io.BytesIO()
    pages = ReportDoc(buffer, info, subject).render(flowables())
    if isinstance(out, Path):
        out.write_bytes(buffer.getvalue())
    else:
        out.write(buffer.getvalue())
    return pages


def render_transfer_summary(doc: TransferSummary, out: Path | BinaryIO) -> int:
    """Write the transfer summary of one child as a PDF to ``out``; return its page count."""
    return _render(doc.info, summary.subject(doc), lambda: summary.summary_flowables(doc), out)


def render_handover_pack(pack: HandoverPack, out: Path | BinaryIO) -> int:
    """Write the handover pack (one child or a sibling group) as a PDF; return its page count."""
    return _render(
        pack.info, handover.subject(pack), lambda: handover.handover_flowables(pack), out
    )


def render_gap_list(doc: GapList, out: Path | BinaryIO) -> int:
    """Write the gap list of one checklist audit as a PDF to ``out``; return its page count."""
    return _render(doc.info, gaplist.subject(doc), lambda: gaplist.gaplist_flowables(doc), out)
