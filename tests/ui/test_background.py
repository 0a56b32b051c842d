"""Work off the UI thread: its outcome comes back, and no cycle collection runs on the worker."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QWidget

from ui.background import no_collection_meanwhile, run_with_progress
from ui.readiness_worker import start_worker


@pytest.fixture
def collections() -> Iterator[list[str]]:
    """The name of the thread each cycle collection started on, while the test runs."""
    seen: list[str] = []

    def record(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            on_ui = threading.get_ident() == threading.main_thread().ident
            seen.append("ui" if on_ui else threading.current_thread().name)

    gc.callbacks.append(record)
    yield seen
    gc.callbacks.remove(record)


def churn() -> int:
    """Allocate enough container objects to trigger the collector many times over."""
    made = 0
    for _ in range(200_000):
        pair: list[object] = []
        pair.append(pair)  # a cycle: only the collector frees it
        made += 1
    return made


def test_the_work_s_outcome_comes_back_and_collections_wait_for_the_ui_thread(
    qtbot, collections: list[str]
) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    assert gc.isenabled()
    assert run_with_progress(parent, "Churning…", churn) == 200_000
    assert set(collections) <= {"ui"}  # no collection ran on the worker
    assert gc.isenabled()  # and the collector is back once the work is done
    churn()
    assert collections and set(collections) == {"ui"}


class Churning:
    """Stands in for the register: its "computation" makes heaps of cyclic garbage."""

    def prepare_states(self, _progress: Callable[[int, int], None]) -> int:
        return churn()


def test_the_readiness_thread_runs_no_collection_and_gives_the_collector_back(
    qtbot, collections: list[str]
) -> None:  # type: ignore[no-untyped-def]
    worker = start_worker(Churning())  # type: ignore[arg-type]
    with qtbot.waitSignal(worker.worked_out, timeout=30_000) as done:
        pass
    assert done.args == [200_000]
    qtbot.waitUntil(lambda: gc.isenabled(), timeout=5_000)  # released on the UI thread
    assert set(collections) <= {"ui"}


def test_the_collector_stays_paused_until_the_last_worker_ends() -> None:
    with no_collection_meanwhile():
        with no_collection_meanwhile():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_paused_before_stays_paused() -> None:
    gc.disable()
    try:
        with no_collection_meanwhile():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_in_the_work_is_raised_on_the_ui_thread_and_the_collector_is_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    def fail() -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        run_with_progress(None, "Failing…", fail)
    assert gc.isenabled()
