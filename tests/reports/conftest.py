"""Documents rendered once per test session from the fictional inputs in ``factories``."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest

from app.reports import render_gap_list, render_handover_pack, render_transfer_summary
from app.reports.model import DocumentInfo
from tests.reports import factories
from tests.reports.pdf import Pdf


@dataclass
class Rendered:
    """A rendered document: its input's info, the page count returned, and the PDF read back."""

    info: DocumentInfo
    pages: int
    pdf: Pdf
    names: tuple[str, ...]


def _render(render: object, doc: object, names: tuple[str, ...]) -> Rendered:
    out = io.BytesIO()
    pages = render(doc, out)  # type: ignore[operator]
    return Rendered(doc.info, pages, Pdf.of(out.getvalue()), names)  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def summary() -> Rendered:
    return _render(
        render_transfer_summary,
        factories.transfer_summary(),
        ("Zoë Dvořák", "Agnieszka Wójcik", "Inés García-López"),
    )


@pytest.fixture(scope="session")
def sibling_pack() -> Rendered:
    return _render(render_handover_pack, factories.sibling_pack(5), factories.SIBLINGS)


@pytest.fixture(scope="session")
def long_pack() -> Rendered:
    pack = factories.single_pack("CH-77001", "Şükrü Yıldız", events=300, paragraphs=40)
    return _render(render_handover_pack, pack, ("Şükrü Yıldız",))


@pytest.fixture(scope="session")
def gaps() -> Rendered:
    return _render(
        render_gap_list,
        factories.gap_list(),
        ("Łukasz Kowalczyk", "Şükrü Yıldız", "Rhiannon Bevan"),
    )


@pytest.fixture(params=["summary", "sibling_pack", "long_pack", "gaps"])
def any_document(request: pytest.FixtureRequest) -> Rendered:
    """Each kind of document in turn (every PDF the suite builds is read back)."""
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]
