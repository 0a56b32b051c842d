"""The transfer wizard: one page list per pathway of the pack, saved once on Finish."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ui.wizard.wizard import TransferWizard, resume_transfer, start_transfer

__all__ = ["TransferWizard", "resume_transfer", "start_transfer"]


def __getattr__(name: str) -> Any:
    """The wizard's classes, imported when first used: the first window only needs the launcher
    (``ui/wizard/launcher.py``), and the wizard's pages take a tenth of a second to import."""
    if name in __all__:
        from ui.wizard import wizard

        return getattr(wizard, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
