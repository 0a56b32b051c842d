"""The transfer wizard on real demo caseloads of every shipped pack, offscreen.

Each test drives the wizard the way a manager would (pages, Next, Finish) and then reads what was
saved through a unit of work. Qt warnings fail every test here (see ``conftest.py``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMessageBox, QToolButton, QWidget, QWizard

from app.domain.case import AuditState
from app.domain.engine import OptionStatus, PathwayOption
from app.domain.pack import StepKind
from app.services.caseload import case_audits, case_pathways
from app.services.loading import make_demo
from app.services.register import case_record
from app.services.transfers import TransferPlan, co_working_end, drafts_of, problems
from app.services.workspace import Workspace, open_workspace
from app.storage.errors import StorageError
from ui import labels
from ui.wizard import TransferWizard, resume_transfer, start_transfer
from ui.wizard.auditor import ChecklistAuditor
from ui.wizard.launcher import TransferLauncher
from ui.wizard.pathway_page import CHOOSABLE
from ui.wizard.wizard import PATHWAY, REVIEW, STEPS

PACKS = (
    "case-transfer-policy-2021",
    "nottingham-city-2018",
    "cambridgeshire-2018",
    "northamptonshire-2020",
    "york-draft",
)
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture(autouse=True)
def never_ask(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closing a wizard at teardown discards without a (blocking) question."""
    monkeypatch.setattr(TransferWizard, "confirm_discard", lambda self: True)


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory, today: date) -> dict[str, Path]:
    """A demo caseload of 80 children for every pack, made once."""
    found = {}
    for pack_id in PACKS:
        path = tmp_path_factory.mktemp(pack_id) / "d.sqlite3"
        make_demo(path, pack_id, 80, today)
        found[pack_id] = path
    return found


@pytest.fixture
def open_ws(demos: dict[str, Path]) -> Iterator[object]:
    """Open a pack's demo caseload; closed after the test."""
    opened: list[Workspace] = []

    def _open(pack_id: str) -> Workspace:
        ws = open_workspace(demos[pack_id])
        opened.append(ws)
        return ws

    yield _open
    for ws in opened:
        ws.database.close()


def find_case(
    ws: Workspace,
    today: date,
    statuses: tuple[OptionStatus, ...],
    *,
    clean: bool = True,
    where: Callable[[PathwayOption], bool] = lambda option: True,
) -> tuple[str, PathwayOption]:
    """The first case with a pathway of ``statuses`` (``clean``: nothing stops it) that is
    ``where``."""
    with ws.unit_of_work() as uow:
        ids = sorted(uow.cases.child_ids())
    for case_id in ids:
        for option in case_pathways(ws, case_id, today):
            if option.status not in statuses or not where(option):
                continue
            plan = TransferPlan((case_id,), option.pathway.id)
            if not clean or not problems(ws, plan, today):
                return case_id, option
    raise AssertionError(f"no case with a {statuses} pathway in {ws.pack.id}")


def show(qtbot, wizard: TransferWizard) -> TransferWizard:  # type: ignore[no-untyped-def]
    """Show the wizard and wait until it is on screen."""
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def choose(wizard: TransferWizard, pathway_id: str) -> None:
    """Put the cursor on the pathway on the first page."""
    wizard.page_of(PATHWAY)._select(pathway_id)  # type: ignore[attr-defined]
    assert wizard.page_of(PATHWAY).chosen().pathway.id == pathway_id  # type: ignore[attr-defined]


def next_until(wizard: TransferWizard, page_id: int) -> None:
    """Press Next until ``page_id`` is in front."""
    for _ in range(8):
        if wizard.currentId() == page_id:
            return
        wizard.next()
    raise AssertionError(f"never reached page {page_id}")


def saved_transfers(ws: Workspace, case_id: str) -> list[object]:
    """The case's transfer rows."""
    with ws.unit_of_work() as uow:
        return list(uow.transfers.of_child(case_id))


@pytest.mark.parametrize("pack_id", PACKS)
def test_the_wizard_proposes_a_transfer_on_every_pack(qtbot, open_ws, today, pack_id) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws(pack_id)
    case_id, option = find_case(ws, today, (OptionStatus.OPEN, OptionStatus.WARNED))
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    choose(wizard, option.pathway.id)
    next_until(wizard, REVIEW)
    assert wizard.button(FINISH).isEnabled(), wizard.page_of(REVIEW).problems  # type: ignore[attr-defined]
    wizard.button(FINISH).click()
    assert wizard.result() == QWizard.DialogCode.Accepted.value, wizard.message
    (record,) = [r for r in saved_transfers(ws, case_id) if r.pathway_id == option.pathway.id]  # type: ignore[attr-defined]
    assert (record.status, record.pack_id, record.pack_version) == (  # type: ignore[attr-defined]
        "proposed", ws.pack.id, ws.pack.version,
    )  # fmt: skip


def test_a_blocked_pathway_shows_its_rule_and_source(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("case-transfer-policy-2021")
    case_id, option = find_case(ws, today, (OptionStatus.BLOCKED,), clean=False)
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    choose(wizard, option.pathway.id)
    page = wizard.page_of(PATHWAY)
    detail = page.detail.toPlainText()  # type: ignore[attr-defined]
    hit = option.blocks[0]
    assert hit.cite in detail and hit.title in detail
    assert page.isComplete() is option.overridable
    if option.overridable:
        for fields in page.overrides:  # type: ignore[attr-defined]
            fields.authoriser.setText("A. Head")
            fields.reason.setText("Agreed at the transfer meeting")
        assert page.isComplete()


def test_a_referral_says_it_is_not_a_transfer(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("cambridgeshire-2018")
    case_id, option = find_case(ws, today, (OptionStatus.REFERRAL,))
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    choose(wizard, option.pathway.id)
    next_until(wizard, REVIEW)
    text = wizard.page_of(REVIEW).summary.text()  # type: ignore[attr-defined]
    assert "records a referral via" in text and "not a transfer" in text


def test_a_draft_saved_then_resumed_restores_the_fields(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("nottingham-city-2018")
    case_id, option = find_case(ws, today, (OptionStatus.OPEN, OptionStatus.WARNED))
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    choose(wizard, option.pathway.id)
    next_until(wizard, STEPS)
    first = wizard.page_of(STEPS).steps[0]  # type: ignore[attr-defined]
    first.who.setText("Duty team manager")
    first.done_on.set_value(today)
    assert wizard.save_draft(), wizard.message
    wizard.reject()  # nothing unsaved: closes without asking
    (draft,) = drafts_of(ws, case_id)
    again = show(qtbot, resume_transfer(ws, draft.id, today))
    assert again.page_of(PATHWAY).chosen().pathway.id == option.pathway.id  # type: ignore[attr-defined]
    next_until(again, STEPS)
    restored = again.page_of(STEPS).steps[0]  # type: ignore[attr-defined]
    assert (restored.who.text(), restored.done_on.value()) == ("Duty team manager", today)
    next_until(again, REVIEW)
    again.button(FINISH).click()
    (record,) = [r for r in saved_transfers(ws, case_id) if r.id == draft.id]  # type: ignore[attr-defined]
    assert record.status == "proposed" and not drafts_of(ws, case_id)  # type: ignore[attr-defined]


def test_cancel_asks_before_discarding_unsaved_work(qtbot, open_ws, today, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("york-draft")
    case_id, option = find_case(ws, today, (OptionStatus.OPEN, OptionStatus.WARNED))
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    choose(wizard, option.pathway.id)
    wizard.next()
    asked: list[bool] = []
    monkeypatch.setattr(wizard, "confirm_discard", lambda: asked.append(True) or False)
    wizard.reject()
    assert asked and wizard.isVisible()


def _focus(wizard: TransferWizard) -> QWidget:
    """The wizard's focused control (offscreen windows are not always the active window)."""
    return wizard.focusWidget() or wizard


def _press(wizard: TransferWizard, key: Qt.Key) -> None:
    """A key press on the focused control, as the keyboard would send it."""
    QTest.keyClick(_focus(wizard), key)


def _tab_to(wizard: TransferWizard, wanted: str) -> None:
    """Tab until the focused control's accessible name is ``wanted``."""
    for _ in range(80):
        if _focus(wizard).accessibleName() == wanted:
            return
        _press(wizard, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {wanted!r} ({_focus(wizard)!r})")


def test_keyboard_only_completion(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("case-transfer-policy-2021")
    case_id, option = find_case(ws, today, (OptionStatus.OPEN, OptionStatus.WARNED))
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    _tab_to(wizard, "Pathways")
    while wizard.page_of(PATHWAY).chosen().pathway.id != option.pathway.id:  # type: ignore[attr-defined]
        _press(wizard, Qt.Key.Key_Down)
    _press(wizard, Qt.Key.Key_Return)
    next_id = wizard.currentId()
    assert next_id != PATHWAY
    while wizard.currentId() != STEPS:
        _press(wizard, Qt.Key.Key_Return)
    step = wizard.page_of(STEPS).steps[0]  # type: ignore[attr-defined]
    _tab_to(wizard, step.who.accessibleName())
    assert isinstance(_focus(wizard), QLineEdit)
    QTest.keyClicks(_focus(wizard), "Team manager")
    while wizard.currentId() != REVIEW:
        _press(wizard, Qt.Key.Key_Return)
    _press(wizard, Qt.Key.Key_Return)
    assert wizard.result() == QWizard.DialogCode.Accepted.value, wizard.message
    record = saved_transfers(ws, case_id)[-1]  # the newest
    assert record.pathway_id == option.pathway.id  # type: ignore[attr-defined]
    assert record.status == "proposed"  # type: ignore[attr-defined]
    with sqlite3.connect(ws.path) as db:
        whos = db.execute("SELECT who FROM transfer_steps WHERE transfer_id = ?", (record.id,))  # type: ignore[attr-defined]
        assert [row[0] for row in whos] == ["Team manager"]


def test_the_launcher_starts_and_resumes_for_the_case_in_front(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("northamptonshire-2020")
    case_id, option = find_case(ws, today, (OptionStatus.OPEN, OptionStatus.WARNED))
    host = QWidget()
    qtbot.addWidget(host)
    launcher = TransferLauncher(host, lambda: (ws, case_id), today)
    assert launcher.start_action.shortcut().toString() == "Ctrl+T"
    wizard = launcher.start()
    assert wizard is not None and wizard.isVisible()
    choose(wizard, option.pathway.id)
    assert wizard.save_draft()
    wizard.reject()
    launcher.fill_drafts()
    entries = [a.text() for a in launcher.resume_menu.actions()]
    assert entries == [f"Draft {wizard.ctx.draft_id}: {option.pathway.name}"]
    resumed = launcher.resume(wizard.ctx.draft_id)  # type: ignore[arg-type]
    assert resumed is not None and resumed.ctx.plan.pathway_id == option.pathway.id


def test_the_co_working_end_is_computed_from_the_start(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("nottingham-city-2018")

    def co_working(option: PathwayOption) -> bool:
        return any(s.kind is StepKind.CO_WORKING and s.timescale for s in option.pathway.steps)

    case_id, option = find_case(ws, today, CHOOSABLE, clean=False, where=co_working)
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    choose(wizard, option.pathway.id)
    next_until(wizard, STEPS)
    page = wizard.page_of(STEPS)
    page.co_start.set_value(today)  # type: ignore[attr-defined]
    end = co_working_end(ws, option.pathway, today)
    assert end is not None and page.co_end.text() == labels.day(end)  # type: ignore[attr-defined]


def test_siblings_are_offered_to_move_together(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("case-transfer-policy-2021")
    with_siblings = [c for c in sorted(_children(ws)) if case_record(ws, c).snapshot.sibling_ids]
    if not with_siblings:
        pytest.skip("no sibling group in the demo")
    pack_case = with_siblings[0]
    wizard = start_transfer(ws, pack_case, today)
    show(qtbot, wizard)
    boxes = wizard.page_of(PATHWAY).siblings  # type: ignore[attr-defined]
    assert {b.property("caseId") for b in boxes} == set(wizard.ctx.snapshot.sibling_ids)
    for box in boxes:
        box.setChecked(True)
    wizard.page_of(PATHWAY).store()  # type: ignore[attr-defined]
    assert set(wizard.ctx.plan.case_ids) == {pack_case, *wizard.ctx.snapshot.sibling_ids}


def _children(ws: Workspace) -> set[str]:
    with ws.unit_of_work() as uow:
        return uow.cases.child_ids()


def test_ctrl_t_on_a_case_record_opens_the_wizard_on_that_case(qtbot, window, today) -> None:  # type: ignore[no-untyped-def]
    ws = window.workspace
    case_id, _ = find_case(ws, today, CHOOSABLE, clean=False)
    record = window.open_case(case_id)
    assert record is not None
    assert window.transfers.start_action.shortcut().toString() == "Ctrl+T"
    window.transfers.start_action.trigger()
    wizard = window.transfers.wizard
    assert wizard is not None and wizard.isVisible() and wizard.ctx.case_id == case_id
    assert any(b.text() == "Resume draft" for b in record.findChildren(QToolButton))
    wizard.reject()


def test_a_storage_failure_is_shown_and_the_wizard_keeps_its_work(  # type: ignore[no-untyped-def]
    qtbot, open_ws, today, monkeypatch
) -> None:
    ws = open_ws("cambridgeshire-2018")
    case_id, option = find_case(ws, today, (OptionStatus.OPEN, OptionStatus.WARNED))
    wizard = show(qtbot, start_transfer(ws, case_id, today))
    choose(wizard, option.pathway.id)
    next_until(wizard, REVIEW)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise StorageError(ws.path, "the disk is full: free some space and try again")

    monkeypatch.setattr("ui.wizard.wizard.propose", disk_full)
    wizard.button(FINISH).click()
    assert "disk is full" in wizard.message and wizard.isVisible()
    assert wizard.ctx.plan.pathway_id == option.pathway.id
    for box in wizard.findChildren(QMessageBox):
        box.close()


def test_the_auditor_records_a_gap_and_starts_the_clock(qtbot, open_ws, today) -> None:  # type: ignore[no-untyped-def]
    ws = open_ws("northamptonshire-2020")
    with_audits = [c for c in sorted(_children(ws)) if case_audits(ws, c, today)]
    case_id = with_audits[0]
    auditor = ChecklistAuditor(ws, case_id, today)
    qtbot.addWidget(auditor)
    auditor.show()
    assert "Source:" in auditor.grid.rows[0].label.text()
    applicable = [
        r for r in auditor.grid.rows if r.state.currentData() != AuditState.NOT_APPLICABLE
    ]
    first = applicable[0]
    first.state.setCurrentIndex(first.state.findData(AuditState.GAP))
    first.evidence.setText("chronology stops in March")
    with qtbot.waitSignal(auditor.saved):
        assert auditor.save(), auditor.message
    assert auditor.message.startswith("Sending audit saved: gaps,"), auditor.message
    with ws.unit_of_work() as uow:
        assert uow.cases.get_snapshot(case_id).last_event("audit_gap_recorded") is not None
