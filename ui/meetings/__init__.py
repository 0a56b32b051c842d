"""Transfer meetings on the desktop: the meetings, a sitting's agenda, running it, the open
actions and the transfer calendar, each a closable tab of the main window (``open_view``).

:class:`ui.meetings.menu.MeetingMenu` puts the ways in on the View menu. The views themselves
(and reportlab, which their PDFs need) are imported when first opened, not at start-up.
"""
