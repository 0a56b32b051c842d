"""Work-arounds for faults in the Qt bindings, each with the test that proves it is needed.

**The singletons' reference counts (PySide6 6.12.0 on CPython 3.10 and 3.11).** The bindings
hand Python ``None``, ``True`` and ``False`` without taking the reference they give away: every
call of a method returning nothing (``setVisible``, ``endResetModel`` …), every null pointer or
unset ``QVariant`` read (``QModelIndex.data()``, ``QComboBox.currentData()``,
``QTreeWidgetItem.parent()``) and every ``signal.emit()`` (which returns ``True``) takes one
reference away for good. From CPython 3.12 those objects are immortal and nothing happens; on
3.11 their counts fall with use until the interpreter aborts ("Fatal Python error:
none_dealloc" or "bool_dealloc"), after minutes of real use or at exit. :func:`shield_none`
gives each a reference count no session can exhaust, as 3.12 does by design.
``tests/ui/test_errors.py`` shows it.
"""

from __future__ import annotations

import ctypes
import sys

#: Extra references given to each: 2**48 lost references at one a nanosecond take 3 days.
NONE_SHIELD = 1 << 48


def none_is_mortal() -> bool:
    """Whether this interpreter can free ``None`` (CPython before 3.12)."""
    return sys.implementation.name == "cpython" and sys.version_info < (3, 12)


#: The objects CPython 3.12 makes immortal that the bindings hand out without a reference.
SINGLETONS = (None, True, False, NotImplemented, Ellipsis)


def shield_none() -> bool:
    """Make ``None``, ``True``, ``False`` … effectively immortal on CPython < 3.12.

    Returns True if anything was done (once per process).
    """
    if not none_is_mortal() or getattr(sys, "_transfer_desk_none_shield", False):
        return False
    for singleton in SINGLETONS:
        refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt comes first
        refcount.value += NONE_SHIELD
    sys._transfer_desk_none_shield = True  # type: ignore[attr-defined]
    return True
