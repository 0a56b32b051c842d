"""Undo and redo of one case's edits: a QUndoStack per case tab whose commands write through
the editing service, so every undo and redo is a real, audited change of the case store.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.services.editing import Edit, EditRefused, replay, save
from app.services.register import ENVIRONMENT_ERRORS
from app.services.workspace import Workspace


class CaseEditor(QObject):
    """Writes one case's edits and keeps their undo history.

    ``changed`` fires after every write (a save, an undo, a redo) so the record, its deadlines
    and pathways, and the register row are read again; ``failed`` carries the message of an undo
    or redo the store refused (queued: it is shown after the stack has finished its step).
    """

    changed = Signal(str)
    failed = Signal(str)

    def __init__(
        self, ws: Workspace, case_id: str, today: date, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = ws
        self.case_id = case_id
        self.today = today
        self.stack = QUndoStack(self)

    def save(self, edit: Edit) -> None:
        """Check and write ``edit`` and put it on the undo stack.

        Raises :class:`EditRefused` (nothing written) or an environment error for the form to
        show; the stack is untouched then.
        """
        undo = save(self.workspace, edit, self.today)
        self.stack.push(EditCommand(self, edit, undo))
        self.changed.emit(self.case_id)

    def replay(self, edit: Edit) -> Edit | None:
        """Write an undo or redo; None (and ``failed``) when the store refused it."""
        try:
            return replay(self.workspace, edit)
        except EditRefused as refused:
            self._fail("; ".join(p.message for p in refused.problems))
        except ENVIRONMENT_ERRORS as error:
            self._fail(str(error))
        finally:
            self.changed.emit(self.case_id)
        return None

    def _fail(self, message: str) -> None:
        self.failed.emit(message)


class EditCommand(QUndoCommand):
    """One saved edit: ``redo`` writes it, ``undo`` writes the values from before.

    The edit was written when it was saved, so the push's first ``redo`` writes nothing. Each
    write returns its own inverse (a removed event comes back under a new id), which the other
    direction then uses. A step the store refuses marks the command obsolete, which takes it off
    the stack rather than leave a step that cannot be done.
    """

    def __init__(self, editor: CaseEditor, edit: Edit, undo: Edit) -> None:
        super().__init__(edit.title)  # the menu reads "Undo change personal details"
        self.editor = editor
        self.forward = edit
        self.backward = undo
        self._written = True

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        done = self.editor.replay(self.forward)
        if done is None:
            self.setObsolete(True)
        else:
            self.backward = done

    def undo(self) -> None:
        done = self.editor.replay(self.backward)
        if done is None:
            self.setObsolete(True)
        else:
            self.forward = done
