"""The transfer wizard: one page list per pathway of the pack, saved once on Finish."""

from ui.wizard.wizard import TransferWizard, resume_transfer, start_transfer

__all__ = ["TransferWizard", "resume_transfer", "start_transfer"]
