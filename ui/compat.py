"""Work-arounds for faults in the Qt bindings, each with the test that proves it is needed.

**None's reference count (PySide6 6.12 on CPython 3.11).** Every time the bindings hand Python a
null pointer or an invalid ``QVariant`` as ``None`` (``QModelIndex.data()`` of an unset role,
``QComboBox.currentData()``, ``QTreeWidgetItem.parent()`` of a top-level item, a signal carrying
no previous item …) they drop a reference to ``None`` they never took. From CPython 3.12 ``None``
is immortal and nothing happens; on 3.11 its count falls with every such call until the
interpreter aborts with "Fatal Python error: none_dealloc". :func:`shield_none` gives ``None`` a
reference count no session can exhaust, which is what 3.12 does by design.
``tests/ui/test_compat.py`` shows the fault and the shield.
"""

from __future__ import annotations

import ctypes
import sys

#: Extra references given to None: 2**48 calls at one a nanosecond is over three days.
NONE_SHIELD = 1 << 48


def none_is_mortal() -> bool:
    """Whether this interpreter can free ``None`` (CPython before 3.12)."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def shield_none() -> bool:
    """Make ``None`` effectively immortal on CPython < 3.12; True if anything was done."""
    if not none_is_mortal() or getattr(sys, "_transfer_desk_none_shield", False):
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += NONE_SHIELD
    sys._transfer_desk_none_shield = True  # type: ignore[attr-defined]
    return True
