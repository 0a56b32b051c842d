"""Desktop speed and memory on a 100,000-child caseload, as ratios measured in one run.

Run with ``pytest -m benchmark -s tests/benchmarks/test_ui_benchmark.py``. The machines are
shared and noisy, so every figure is the best (or the median) of several runs, and each ratio is
taken against a floor measured in the same run:

- one filter keystroke: the register model's refresh for a search (count + first page + model
  reset, with its table view attached) against the plain SQL that answers it (the same two
  statements of ``app.storage.register_sql`` run by ``sqlite3`` on a connection of its own, with
  no pool, no dataclasses, no Qt) — target ≤ 2×;
  the same for the readiness and "due within N working days" filters (the plain connection
  holds the same TEMP table of readiness and due dates);
- readiness: the background computation of every case's readiness and next due date (and the
  filling of the TEMP table), reported beside the whole-caseload audit it builds on;
- start: a fresh process to a painted main window showing the register (its real rows, read
  with plain ``sqlite3``: the rest of the desktop loads after that first paint), against a fresh
  process to a painted bare ``QMainWindow`` — target ≤ 1.5×; also the same within one process
  (there, the whole desktop: ``startup.finish()``). Both run
  as an installed app runs: from compiled bytecode (the test environment sets
  ``PYTHONDONTWRITEBYTECODE``, which no installed copy does, so the children get a private
  bytecode folder) after one warm-up start each, which also leaves the validated pack in the
  cache (the very first start of a new version validates it: reported as "cold");
- memory: the resident size of the process with the 100,000-child register open, reported.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytestmark = pytest.mark.benchmark
PACK = "case-transfer-policy-2021"
CASES = 100_000
ROOT = Path(__file__).resolve().parents[2]
KEYSTROKE_TARGET = 2.0
#: Below this, the plain SQL is an index probe (an id prefix: ~0.1 ms) and the ratio measures the
#: fixed cost of a model reset (~3 ms, far under one 60 Hz frame) rather than the filtering.
MEASURABLE_FLOOR = 0.001
START_TARGET = 1.5
#: Fresh starts of each kind: on a shared two-core machine the median of 5 moved by ±0.3x from
#: one run of the test to the next; 11 narrows that.
START_RUNS = 11

BARE_START = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
window.grab()
print("ready", flush=True)
"""

DESK_START = """
import sys, time
started = time.perf_counter()
from pathlib import Path
from PySide6.QtCore import QSettings
from ui.app import build_window, make_application, show_splash
app = make_application(sys.argv[:1])
made = time.perf_counter()
settings = QSettings(sys.argv[2], QSettings.Format.IniFormat)
splashes = []  # as run_desktop: a splash only while a caseload opens the full way
window, desktop = build_window(Path(sys.argv[1]), False, settings=settings,
                               opening_slowly=lambda: splashes.append(show_splash(app)))
built = time.perf_counter()
window.resize(1280, 800)
window.show()
for splash in splashes:
    splash.close()
app.processEvents()
window.grab()
assert window.panel is not None and window.panel.model.rowCount() > 0
done = time.perf_counter()
print(f"ready Qt + theme {made - started:.3f} s, first window built {built - made:.3f} s, "
      f"show + paint {done - built:.3f} s", flush=True)
"""


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def rss_mb() -> float:
    """The resident set size of this process now (Linux), else its peak, in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.services.loading import make_demo

    reuse = os.environ.get("TRANSFER_DESK_BENCH_DB")  # a 100,000-case demo made earlier
    if reuse and Path(reuse).exists():
        return Path(reuse)
    path = tmp_path_factory.mktemp("big-ui") / "big.sqlite3"
    start = time.perf_counter()
    make_demo(path, PACK, CASES, date.today())
    print(f"\nmade a {CASES:,}-case demo in {time.perf_counter() - start:.1f} s")
    return path


def plain_sql(
    path: Path, statements: list[tuple[str, list[Any]]], state: Any
) -> Callable[[], object]:
    """Run ``statements`` with sqlite3 alone and fetch every row: the floor. The connection
    holds the TEMP table of ``state`` (a PreparedState), as the register's do."""
    from app.storage.register_state import fill_table

    connection = sqlite3.connect(path)
    fill_table(connection.cursor(), state.rows.values())
    connection.commit()

    def run() -> object:
        return [connection.execute(sql, args).fetchall() for sql, args in statements]

    return run


def register_statements(register: Any, filters: Any) -> list[tuple[str, list[Any]]]:
    """The two statements one register refresh runs: the count and the first page."""
    from app.storage.register_sql import count_sql, page_sql

    criteria = register.criteria(filters)
    page = page_sql(criteria, sort="id", descending=False, limit=200)
    return [count_sql(criteria), page]


@pytest.fixture(scope="module")
def states(big: Path) -> Any:
    """Every case's readiness and next due date (a PreparedState), timed as the desktop makes
    them in the background, beside the whole-caseload audit they build on."""
    from app.services.caseload import caseload_audit
    from app.services.register import Register, work_out_states
    from app.services.workspace import open_workspace
    from app.storage.register_state import preload, prepare

    today = date.today()
    ws = open_workspace(big)
    try:
        audit = best_of(2, lambda: caseload_audit(ws, today))
        worked: list[Any] = []
        work = best_of(2, lambda: worked.append(work_out_states(ws, today)))
        prepared = prepare(worked[-1])
        ws.database.engine.connect().close()  # one idle pooled connection, as in the desktop
        fill = best_of(1, lambda: preload(ws.database, prepared))
        whole = best_of(1, Register(ws, today).prepare_states)
    finally:
        ws.database.close()
    print(
        f"\nreadiness of {len(prepared.rows):,} cases in the background: worked out "
        f"{work:.2f} s (the caseload audit alone: {audit:.2f} s), TEMP table filled "
        f"{fill:.2f} s, all of it {whole:.2f} s"
    )
    return prepared


def keystrokes(qtbot: Any, big: Path, states: Any, cases: dict[str, Any]) -> float:
    """Print each filter's keystroke against its plain SQL; the worst measurable ratio."""
    from app.services.register import Register
    from app.services.workspace import open_workspace
    from ui.register_panel import RegisterPanel

    ws = open_workspace(big)
    register = Register(ws, date.today())
    panel = RegisterPanel(register, background=False)
    qtbot.addWidget(panel)
    panel.install_states(states)
    panel.resize(1200, 700)
    panel.show()
    model = panel.model
    worst = 0.0  # over the filters whose SQL does real work (a floor of a millisecond or more)
    for label, filters in cases.items():
        plain = plain_sql(big, register_statements(register, filters), states)
        ours, floor = 1e9, 1e9
        for _ in range(7):  # alternate, so a noisy moment on the shared machine hits both
            ours = min(ours, _keystroke(model, filters))
            floor = min(floor, best_of(1, plain))
        ratio = ours / floor
        if floor >= MEASURABLE_FLOOR:
            worst = max(worst, ratio)
        print(
            f"\nkeystroke {label:26} model {ours * 1000:7.1f} ms   plain SQL "
            f"{floor * 1000:7.1f} ms   ratio {ratio:4.2f}x   ({model.total:,} rows match)"
        )
    ws.database.close()
    return worst


def test_filter_keystroke_within_2x_of_plain_sql(qtbot, big: Path, states: Any) -> None:  # type: ignore[no-untyped-def]
    from app.services.register import RegisterFilter

    cases = {
        "id prefix '01234'": RegisterFilter(text="01234"),
        "name 'ash'": RegisterFilter(text="ash"),
        "name 'ella ash'": RegisterFilter(text="ella ash"),
        "team 'fst'": RegisterFilter(team_id="fst"),
        "status 'C2'": RegisterFilter(status="C2"),
    }
    assert keystrokes(qtbot, big, states, cases) <= KEYSTROKE_TARGET


def test_readiness_and_due_keystrokes_within_2x_of_plain_sql(qtbot, big: Path, states: Any) -> None:  # type: ignore[no-untyped-def]
    from app.services.register import RegisterFilter

    cases = {
        "readiness 'gaps'": RegisterFilter(readiness="gaps"),
        "readiness 'blocked'": RegisterFilter(readiness="blocked"),
        "readiness 'incomplete'": RegisterFilter(readiness="incomplete"),
        "due within 10 days": RegisterFilter(due_within=10),
        "due within 60 days": RegisterFilter(due_within=60),
        "blocked, due within 5": RegisterFilter(readiness="blocked", due_within=5),
        "team 'fst', gaps": RegisterFilter(team_id="fst", readiness="gaps"),
    }
    assert keystrokes(qtbot, big, states, cases) <= KEYSTROKE_TARGET


def _keystroke(model: Any, filters: Any) -> float:
    """Seconds for the model to show ``filters``, coming from a different filter."""
    from app.services.register import RegisterFilter

    model.set_filters(RegisterFilter(worker_id="-"))  # a different filter first (no rows)
    start = time.perf_counter()
    model.set_filters(filters)
    return time.perf_counter() - start


def _start(args: list[str], bytecode: Path) -> tuple[float, str]:
    """(seconds to "ready", the child's note) of a fresh process that keeps its compiled
    bytecode in ``bytecode``, as an installed app has it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    start = time.perf_counter()
    child = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait(timeout=60)
    assert line.startswith("ready"), f"the child did not start: {line!r}"
    return elapsed, line[len("ready") :].strip()


def test_start_to_a_usable_window_against_a_bare_qmainwindow(big: Path, tmp_path: Path) -> None:
    settings = str(tmp_path / "settings.ini")
    bytecode = tmp_path / "pycache"
    bare_args = [sys.executable, "-c", BARE_START]
    desk_args = [sys.executable, "-c", DESK_START, str(big), settings]
    _start(bare_args, bytecode)  # warm-up: bytecode compiled, files in the OS cache
    cold, cold_note = _start(desk_args, bytecode)  # and the pack validated, then cached
    bare, desk, notes = [], [], []
    for _ in range(START_RUNS):  # alternate, so a noisy moment hits both
        bare.append(_start(bare_args, bytecode)[0])
        elapsed, note = _start(desk_args, bytecode)
        desk.append(elapsed)
        notes.append(note)
    ratio = statistics.median(desk) / statistics.median(bare)
    print(
        f"\nstart, fresh process: bare QMainWindow {statistics.median(bare):.2f} s, "
        f"Transfer Desk, register painted {statistics.median(desk):.2f} s, "
        f"ratio {ratio:.2f}x (target {START_TARGET}x)"
        f"\n  inside the app's start: {notes[desk.index(min(desk))]}"
        f"\n  cold (first start of this version: compiles, validates the pack): {cold:.2f} s, "
        f"{cold_note}"
    )
    assert ratio <= START_TARGET


def test_start_within_one_process(qtbot, big: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMainWindow

    from ui.app import build_window

    app = QApplication.instance()
    assert app is not None

    def bare() -> None:
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.grab()
        window.close()

    loaded: list[float] = []

    def desk() -> float:
        """Seconds to the painted register (the rest loaded after, timed into ``loaded``)."""
        start = time.perf_counter()
        settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
        window, startup = build_window(big, False, settings=settings)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.grab()
        painted = time.perf_counter()
        startup.finish()  # the rest: the workspace opened the full way, the menus, the desktop
        loaded.append(time.perf_counter() - painted)
        window.close()
        return painted - start

    first = desk()  # the first one imports the core
    floor, ours = best_of(5, bare), min(desk() for _ in range(5))
    print(
        f"\nstart, same process: bare QMainWindow {floor * 1000:.0f} ms, register window "
        f"{ours * 1000:.0f} ms (first: {first * 1000:.0f} ms), ratio {ours / floor:.1f}x; "
        f"then loading the rest (once painted) {min(loaded[1:]) * 1000:.0f} ms"
    )


def test_memory_with_the_register_open(qtbot, big: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QModelIndex, QSettings

    from ui.app import build_window

    before = rss_mb()
    settings = QSettings(str(tmp_path / "m.ini"), QSettings.Format.IniFormat)
    window, startup = build_window(big, False, settings=settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    startup.finish()
    opened = rss_mb()
    model = window.panel.model  # type: ignore[union-attr]
    for _ in range(24):  # scroll through 5,000 rows
        model.fetchMore(QModelIndex())
    scrolled = rss_mb()
    print(
        f"\nmemory (RSS): {before:.0f} MB before, {opened:.0f} MB with the {CASES:,}-child "
        f"register open ({model.total:,} children, {min(200, model.total)} loaded), "
        f"{scrolled:.0f} MB after scrolling to {model.rowCount():,} rows"
    )
    assert model.rowCount() == 5_000
