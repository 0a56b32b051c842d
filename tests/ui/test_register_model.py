"""The register table model: Qt's model rules, lazy pages, filters and sorting in SQL."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from app.services.register import Register, RegisterFilter
from ui.register_model import CASE_ID_ROLE, COLUMNS, RegisterModel


def load_all(model: RegisterModel) -> None:
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())


def test_model_passes_the_model_tester(qtmodeltester, register: Register) -> None:  # type: ignore[no-untyped-def]
    model = RegisterModel(register, page_size=25)
    model.refresh()
    qtmodeltester.check(model)
    load_all(model)
    qtmodeltester.check(model)


def test_rows_load_page_by_page(register: Register) -> None:
    model = RegisterModel(register, page_size=25)
    model.refresh()
    total = register.count(RegisterFilter())
    assert model.total == total
    assert model.rowCount() == 25
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 50
    load_all(model)
    assert model.rowCount() == total
    assert not model.canFetchMore(QModelIndex())


def test_filtering_by_team_narrows_to_the_service_count(register: Register) -> None:
    model = RegisterModel(register, page_size=10)
    model.refresh()
    team_id = model.case_at(0).team_id  # type: ignore[union-attr]
    filters = RegisterFilter(team_id=team_id)
    model.set_filters(filters)
    load_all(model)
    assert model.total == model.rowCount() == register.count(filters)
    assert model.total < register.count(RegisterFilter())
    assert {model.case_at(r).team_id for r in range(model.rowCount())} == {team_id}  # type: ignore[union-attr]


def test_searching_by_id_finds_that_case(register: Register) -> None:
    model = RegisterModel(register)
    model.refresh()
    wanted = model.case_at(17).case_id  # type: ignore[union-attr]
    model.set_filters(RegisterFilter(text=wanted))
    assert model.total == register.count(RegisterFilter(text=wanted)) == 1
    assert model.index(0, 0).data(CASE_ID_ROLE) == wanted
    assert model.index(0, 0).data() == wanted


def test_counts_are_announced(qtbot, register: Register) -> None:  # type: ignore[no-untyped-def]
    model = RegisterModel(register)
    with qtbot.waitSignal(model.counts_changed) as blocker:
        model.refresh()
    assert blocker.args == [register.count(RegisterFilter())]


def test_sorting_asks_sql_again(register: Register) -> None:
    model = RegisterModel(register)
    model.refresh()
    name_column = [c.sort_key for c in COLUMNS].index("name")
    model.sort(name_column, Qt.SortOrder.DescendingOrder)
    names = [
        (model.case_at(r).family_name, model.case_at(r).given_name)  # type: ignore[union-attr]
        for r in range(model.rowCount())
    ]
    assert names == sorted(names, reverse=True)


def test_cells_show_words_not_codes(register: Register) -> None:
    model = RegisterModel(register)
    model.refresh()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(COLUMNS))]
    assert headers[:3] == ["Case ID", "Name", "Age"]
    status_column = headers.index("Legal status")
    shown = {model.index(r, status_column).data() for r in range(model.rowCount())}
    assert "—" in shown or shown
    assert not shown & {"C1", "C2", "V2"}
