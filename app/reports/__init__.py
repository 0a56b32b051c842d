"""Printed outputs: transfer summaries, handover packs and gap lists as accessible, marked PDFs.

The only package that uses reportlab. It takes the plain frozen values of ``app.reports.model``
(filled in by the services) and knows nothing of the database, the packs or Qt.
"""

from app.reports.render import render_gap_list, render_handover_pack, render_transfer_summary

__all__ = ["render_gap_list", "render_handover_pack", "render_transfer_summary"]
