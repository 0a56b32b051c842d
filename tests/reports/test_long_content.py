"""Long content flows over pages: nothing is lost, repeated, cut off or overlapping."""

from __future__ import annotations

import dataclasses
import io
import re

from app.reports import render_transfer_summary
from app.reports.model import ChecklistRow, ItemState
from tests.reports import factories
from tests.reports.conftest import Rendered
from tests.reports.pdf import Pdf

TABLE_HEAD = re.compile(r"^\s*Date\n\s*Event$", re.M)
EVENT = re.compile(r"Event (\d+):")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_a_300_event_chronology_prints_every_event_once_and_whole(long_pack: Rendered) -> None:
    text = long_pack.pdf.body(long_pack.info.title)
    assert [int(n) for n in EVENT.findall(text)] == list(range(1, 301))
    for event in factories.chronology(300):
        assert f"{factories.fmt_short(event.when)} {event.text}" in text


def test_the_chronology_header_repeats_on_every_page_it_runs_onto(long_pack: Rendered) -> None:
    pages = [text for text in long_pack.pdf.texts if EVENT.search(text)]
    assert len(pages) >= 8
    for text in pages:
        assert len(TABLE_HEAD.findall(text)) == 1


def test_several_pages_of_free_text_flow_in_order(long_pack: Rendered) -> None:
    pdf = long_pack.pdf
    text = pdf.body(long_pack.info.title)
    places = [text.index(f"Visit note {n}. ") for n in range(1, 41)]
    assert places == sorted(places)
    outline = {title: page for _, title, page in pdf.outline()}
    assert outline["Chronology extract: key events"] - outline["Summary"] >= 3
    for paragraph in factories.free_text(40).split("\n\n"):
        assert paragraph in text


def test_a_cell_longer_than_a_page_splits_and_keeps_all_its_text() -> None:
    doc = factories.transfer_summary()
    evidence = factories.free_text(30)
    rows = (ChecklistRow("Case file read in full", ItemState.MET, evidence), *doc.child.checklist)
    doc = dataclasses.replace(doc, child=dataclasses.replace(doc.child, checklist=rows))
    out = io.BytesIO()
    render_transfer_summary(doc, out)
    pdf = Pdf.of(out.getvalue())
    body = pdf.body(doc.info.title).replace("# Item Result Evidence Date Source ", "")
    assert flat(evidence) in body
    head = re.compile(r"^\s*#\n\s*Item\nResult\nEvidence\nDate\nSource$", re.M)
    pages = [t for t in pdf.texts if "Visit note" in t and "Summary" not in t]
    assert len(pages) >= 3
    assert all(head.search(t) for t in pages)


def test_markup_characters_in_user_text_print_as_written() -> None:
    doc = factories.transfer_summary()
    odd = 'Mum said "<b>no</b> & never" to the plan; a+b < c > d'
    doc = dataclasses.replace(
        doc, child=dataclasses.replace(doc.child, summary=odd, display_name="Zoë <Dvořák> & co")
    )
    out = io.BytesIO()
    render_transfer_summary(doc, out)
    text = flat(Pdf.of(out.getvalue()).all_text)
    assert odd in text
    assert "Zoë <Dvořák> & co" in text
