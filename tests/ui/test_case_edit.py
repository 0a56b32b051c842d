"""Editing a case in the desktop: inline messages, nothing saved when wrong, undo and redo
through the service, the register row following, and no typed data lost on closing."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QTreeWidget

from app.domain.engine import ClockState
from app.services.caseload import case_deadlines
from app.services.workspace import Workspace
from app.storage import database as database_module
from ui import case_edit
from ui.case_edit import CaseEditPage
from ui.case_edit_fields import chosen_code
from ui.case_record import CaseRecordWidget
from ui.main_window import MainWindow

TABLES = ("children", "legal_statuses", "flags", "events", "file_items", "audit_log")


def open_first(window: MainWindow) -> tuple[CaseRecordWidget, CaseEditPage]:
    assert window.panel is not None
    row = window.panel.model.case_at(0)
    assert row is not None
    record = window.open_case(row.case_id)
    assert record is not None and record.edit_page is not None
    return record, record.edit_page


def dump(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(ws.path) as db:
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in TABLES}


def stored_name(ws: Workspace, case_id: str) -> str:
    with ws.unit_of_work() as uow:  # a fresh unit of work: what is really on disk
        return uow.cases.child(case_id).given_name


def audit_since(ws: Workspace, mark: int) -> list[tuple[str, str, str]]:
    with sqlite3.connect(ws.path) as db:
        return db.execute(
            "SELECT action, entity, entity_id FROM audit_log WHERE id > ? ORDER BY id", (mark,)
        ).fetchall()


def audit_mark(ws: Workspace) -> int:
    with sqlite3.connect(ws.path) as db:
        return int(db.execute("SELECT max(id) FROM audit_log").fetchone()[0])


def test_keyboard_only_edit_saves_one_audited_row_and_the_register_follows(
    qtbot, own_window: MainWindow, own_workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    record, page = open_first(own_window)
    case_id = record.view.case_id
    mark = audit_mark(own_workspace)
    qtbot.keyClick(own_window, Qt.Key.Key_F2)
    assert record.pages.currentWidget() is page
    assert QApplication.focusWidget() is page.details.given
    qtbot.keyClicks(page.details.given, "Marigold")  # F2 selected the old name: typing replaces it
    qtbot.keyClick(page.details.given, Qt.Key.Key_Return)
    assert stored_name(own_workspace, case_id) == "Marigold"
    assert audit_since(own_workspace, mark) == [("update", "children", case_id)]
    assert own_window.panel is not None
    row = own_window.panel.model.case_at(own_window.panel.model.row_for_case(case_id))
    assert row is not None and row.given_name == "Marigold"
    assert own_window.tabs.tabText(own_window.tabs.indexOf(record)) == f"{case_id} · Marigold"
    assert record.view.record.snapshot.child.given_name == "Marigold"
    assert not page.has_unsaved()


@pytest.mark.parametrize(
    ("form", "field", "text", "words"),
    [
        ("details", "dob", "31/02/2016", "Not a date"),
        ("details", "given_name", "", "Must not be empty"),
        ("add_status", "code", "ZZ", "Not a legal status"),
        ("add_status", "start", "2016-13-01", "Not a date"),
    ],
)
def test_a_bad_edit_shows_its_message_next_to_the_field_and_saves_nothing(
    qtbot,
    own_window: MainWindow,
    own_workspace: Workspace,
    form: str,
    field: str,
    text: str,
    words: str,
) -> None:  # type: ignore[no-untyped-def]
    record, page = open_first(own_window)
    record.start_editing()
    edit_form = getattr(page, form)
    widget = edit_form.fields[field]
    if form == "add_status" and field == "start":
        edit_form.fields["code"].setCurrentIndex(edit_form.fields["code"].findData("CP"))
    elif form == "add_status":
        edit_form.fields["start"].setText("01/01/2026")
    if hasattr(widget, "setEditText"):
        widget.setEditText(text)
    else:
        widget.setText(text)
    before = dump(own_workspace)
    qtbot.mouseClick(edit_form.submit, Qt.MouseButton.LeftButton)
    assert dump(own_workspace) == before
    error = edit_form.errors[field]
    assert error.isVisible()
    assert edit_form.messages()[field].startswith(words)
    assert widget.accessibleDescription().startswith("Error: ")
    assert list(edit_form.messages()) == [field]  # the other fields are fine
    assert QApplication.focusWidget() in (widget, getattr(widget, "lineEdit", lambda: None)())
    assert record.undo_stack is not None and record.undo_stack.count() == 0
    edit_form.saved()  # leave nothing typed, so the window closes without asking


def test_undo_and_redo_write_through_the_service(
    qtbot, own_window: MainWindow, own_workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    record, page = open_first(own_window)
    case_id = record.view.case_id
    old = stored_name(own_workspace, case_id)
    page.details.given.setText("Juniper")
    assert page.submit(page.details, page.details.edit)
    assert (
        own_window.undo_action.isEnabled()
        and "change personal details" in own_window.undo_action.text()
    )
    mark = audit_mark(own_workspace)
    own_window.undo_action.trigger()
    assert stored_name(own_workspace, case_id) == old
    assert page.details.given.text() == old  # the form shows the restored value
    own_window.redo_action.trigger()
    assert stored_name(own_workspace, case_id) == "Juniper"
    assert audit_since(own_workspace, mark) == [("update", "children", case_id)] * 2
    row = own_window.panel.model.case_at(own_window.panel.model.row_for_case(case_id))  # type: ignore[union-attr]
    assert row is not None and row.given_name == "Juniper"


def test_a_flag_set_and_undone_changes_the_alert_and_the_deadlines_are_read_again(
    own_window: MainWindow, own_workspace: Workspace
) -> None:
    record, page = open_first(own_window)
    flags = record.view.record.snapshot.flags
    assert "missing" not in flags
    deadlines_page = record.deadlines
    form = page.set_flag
    form.flag.setCurrentIndex(form.flag.findData("missing"))
    assert page.submit(form, form.edit)
    assert "missing" in record.view.record.snapshot.flags
    assert "Alert: Missing" in [label.text() for label in record.summary.findChildren(QLabel)]
    assert record.deadlines is not deadlines_page  # recomputed, not the page from before
    assert page.clear_flag.flag.findData("missing") >= 0
    record.pages.setCurrentIndex(0)
    flags_list = record.pages.currentWidget().findChild(QTreeWidget)
    flags_list.setFocus()
    own_window.undo_action.trigger()  # from the menu, with the cursor in a page that is rebuilt
    assert QApplication.focusWidget() is record.pages.tabBar()
    assert record.pages.currentIndex() == 0
    with own_workspace.unit_of_work() as uow:
        assert uow.cases.flag_set_on(record.view.case_id, "missing") is None
    assert "missing" not in record.view.record.snapshot.flags


def test_an_event_picked_changed_and_removed(
    own_window: MainWindow, own_workspace: Workspace
) -> None:
    _record, page = open_first(own_window)
    form = page.event_form
    form.kind.setCurrentIndex(form.kind.findData("cin_review"))
    form.on.setText("02/03/2026")
    form.number.setText("4")
    assert page.submit(form, form.edit)
    added = [
        (i, e) for i, (e, _n) in form.events.items() if e.kind == "cin_review" and e.number == 4
    ]
    assert len(added) == 1
    event_id = added[0][0]
    form.picked.setCurrentIndex(form.picked.findData(event_id))
    assert form.on.text() == "02/03/2026" and form.update_button.isEnabled()
    form.number.setText("5")
    assert page.submit(form, form.changed_edit)
    assert form.events[event_id][0].number == 5
    form.picked.setCurrentIndex(form.picked.findData(event_id))
    assert page.submit(form, form.removal)
    assert event_id not in form.events
    own_window.undo_action.trigger()  # the removed event comes back
    assert any(e.number == 5 and e.kind == "cin_review" for e, _n in form.events.values())


@pytest.mark.parametrize(
    ("choice", "closes", "saved"),
    [
        (QMessageBox.StandardButton.Cancel, False, False),
        (QMessageBox.StandardButton.Discard, True, False),
        (QMessageBox.StandardButton.Save, True, True),
    ],
)
def test_closing_a_tab_with_typed_edits_asks(
    monkeypatch: pytest.MonkeyPatch,
    own_window: MainWindow,
    own_workspace: Workspace,
    choice: QMessageBox.StandardButton,
    closes: bool,
    saved: bool,
) -> None:
    record, page = open_first(own_window)
    case_id = record.view.case_id
    old = stored_name(own_workspace, case_id)
    page.details.given.setText("Rowan")
    asked: list[str] = []
    monkeypatch.setattr(
        case_edit, "unsaved_choice", lambda _parent, cid: asked.append(cid) or choice
    )
    own_window.close_current_case()
    assert asked == [case_id]
    assert (own_window._case_tab_of(case_id) is None) is closes
    assert stored_name(own_workspace, case_id) == ("Rowan" if saved else old)
    if not closes:
        assert record.pages.currentWidget() is page
        page.details.reload()


def test_a_refused_save_on_closing_keeps_the_tab_open(
    monkeypatch: pytest.MonkeyPatch, own_window: MainWindow, own_workspace: Workspace
) -> None:
    record, page = open_first(own_window)
    before = dump(own_workspace)
    page.details.dob.setText("not a date")
    monkeypatch.setattr(case_edit, "unsaved_choice", lambda _p, _c: QMessageBox.StandardButton.Save)
    own_window.close_current_case()
    assert own_window._case_tab_of(record.view.case_id) is record
    assert page.details.messages()["dob"].startswith("Not a date")
    assert dump(own_workspace) == before
    page.details.reload()


def test_an_undo_whose_row_went_meanwhile_says_so_and_leaves_the_list(
    monkeypatch: pytest.MonkeyPatch, qtbot, own_window: MainWindow, own_workspace: Workspace
) -> None:  # type: ignore[no-untyped-def]
    record, page = open_first(own_window)
    form = page.set_flag
    form.flag.setCurrentIndex(form.flag.findData("sen"))
    assert page.submit(form, form.edit)
    with own_workspace.unit_of_work() as uow:  # someone else clears it first
        uow.cases.clear_flag(record.view.case_id, "sen")
        uow.commit()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    own_window.undo_action.trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert "no longer on the case" in shown[0]
    assert record.undo_stack is not None and record.undo_stack.count() == 0
    assert "sen" not in record.view.record.snapshot.flags


def test_a_locked_caseload_is_a_message_and_the_typing_stays(
    monkeypatch: pytest.MonkeyPatch, own_window: MainWindow, own_workspace: Workspace
) -> None:
    record, page = open_first(own_window)
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_SECONDS", 0.05)
    own_workspace.database.engine.dispose()  # new connections wait 50 ms for a lock
    shown: list[str] = []
    monkeypatch.setattr(case_edit, "show_environment_error", lambda _p, e, _t: shown.append(str(e)))
    page.details.given.setText("Hazel")
    before = dump(own_workspace)
    holder = sqlite3.connect(own_workspace.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert not page.submit(page.details, page.details.edit)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert shown and str(own_workspace.path) in shown[0]
    assert dump(own_workspace) == before
    assert page.details.given.text() == "Hazel" and page.has_unsaved()
    assert record.undo_stack is not None and record.undo_stack.count() == 0
    page.details.reload()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("cp", "CP"),
        ("Child protection plan", "CP"),
        ("child protection plan [CP]", "CP"),
        ("ZZ", "ZZ"),  # matches nothing: left for the service to refuse next to the field
    ],
)
def test_a_status_typed_in_any_case_or_by_its_words_is_found(
    own_window: MainWindow, typed: str, code: str
) -> None:
    _record, page = open_first(own_window)
    page.add_status.code.setEditText(typed)
    assert chosen_code(page.add_status.code) == code
    page.add_status.saved()


def test_deadlines_are_recomputed_after_an_edit_and_after_its_undo(
    own_window: MainWindow, own_workspace: Workspace, today: date
) -> None:
    record, page = open_first(own_window)
    case_id = record.view.case_id
    before = len(case_deadlines(own_workspace, case_id, today))
    flag, event = page.set_flag, page.event_form
    flag.flag.setCurrentIndex(flag.flag.findData("remanded"))
    assert page.submit(flag, flag.edit)
    event.kind.setCurrentIndex(event.kind.findData("remand_start"))
    event.on.setText(f"{today - timedelta(days=10):%d/%m/%Y}")
    assert page.submit(event, event.edit)
    now = case_deadlines(own_workspace, case_id, today)
    assert len(now) == before + 1  # the 13 weeks of remand clock runs
    assert record.deadlines.tree.topLevelItemCount() == len(now)
    assert f"({sum(d.state is ClockState.RUNNING for d in now)} running" in record.pages.tabText(2)
    own_window.undo_action.trigger()
    own_window.undo_action.trigger()
    assert record.deadlines.tree.topLevelItemCount() == before
