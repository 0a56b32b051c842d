"""The PySide6 desktop face of Transfer Desk (the core, ``app``, never imports it).

Importing the package applies :func:`ui.compat.shield_none` before any Qt call is made: the
bindings in use mis-count references to ``None`` on CPython 3.11 (see ``ui/compat.py``).
"""

from ui.compat import shield_none

shield_none()
