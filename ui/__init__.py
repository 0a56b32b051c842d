"""The PySide6 desktop face of Transfer Desk (the core, ``app``, never imports it)."""
