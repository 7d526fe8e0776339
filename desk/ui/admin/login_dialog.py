"""Log in, unlock, switch user."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.ui.common.feedback import FieldErrorsView

if TYPE_CHECKING:  # the dialog shows before SQLAlchemy is loaded (see desk.app)
    from PySide6.QtGui import QPaintEvent

    from desk.admin.auth import Actor
    from desk.core.db import Database
    from desk.ui.common.operations import Operations


class LoginDialog(QDialog):
    """`get_db` returns the database, waiting if it is still being opened;
    `ready` says whether it would return at once."""

    painted = Signal()  # the first paint: start-up loads the rest after it
    WAIT_MS = 25  # how often Enter pressed before the database is open looks again

    def __init__(self, get_db: Callable[[], Database], project_name: str = "", login: str = "",
                 locked: bool = False, parent: QWidget | None = None,
                 ready: Callable[[], bool] = lambda: True) -> None:
        super().__init__(parent)
        self.get_db = get_db
        self.ready = ready
        self._painted = False
        self.actor: Actor | None = None
        self.ops: Operations | None = None
        self.setWindowTitle(self.tr("Showroom Desk — log in"))
        self.setMinimumWidth(380)

        self.title = title = QLabel(project_name or self.tr("Showroom Desk"))
        title.setObjectName("screenTitle")
        # Not setAlignment(Qt.AlignmentFlag...): the first use of the Qt namespace
        # builds all of its Python enums, which would delay the first paint.
        title.setStyleSheet("qproperty-alignment: AlignCenter;")
        hint = QLabel(self.tr("The screen is locked. Log in to go on, or as another user to "
                              "switch.") if locked else self.tr("Log in with your staff account."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)

        self.login_edit = QLineEdit(login)
        self.login_edit.setObjectName("login")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.errors = FieldErrorsView()
        form = QFormLayout()
        form.addRow(self.tr("Login"), self.login_edit)
        form.addRow("", self.errors.add("login", self.login_edit))
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.errors.add("password", self.password_edit))

        buttons = QDialogButtonBox()  # the constructor's overloads would build the Qt enums
        buttons.setStandardButtons(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log in"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)
        (self.password_edit if login else self.login_edit).setFocus()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()

    def set_project_name(self, name: str) -> None:
        self.title.setText(name)

    def try_login(self) -> None:
        """Check the password through a runner of its own (no main window yet):
        argon2 and the database stay off the UI thread."""
        from desk.admin import auth
        from desk.ui.common.operations import Operations

        if self.ops is not None and self.ops.busy:
            return  # a second Enter while the first is being checked
        self.errors.clear()
        if not self.ready():  # still opening: wait with the window responsive
            QTimer.singleShot(self.WAIT_MS, self.try_login)
            return
        if self.ops is None:
            self.ops = Operations(self.get_db(), self)
        login, password = self.login_edit.text(), self.password_edit.text()
        self.ops.write(self, lambda uow: auth.login(uow, login, password, sign_in=True),
                       self._logged_in, failed=self._refused)

    def _logged_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    def _refused(self, e: DeskError) -> None:
        if not self.errors.show(e):
            label = self.errors.fields["password"][1]
            label.setText(str(e))
            label.show()
        self._fit_height()
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def _fit_height(self) -> None:
        """Grow to show a message that wraps (a lockout names the time it ends):
        a dialog already on screen does not grow by itself."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        need = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                else layout.totalSizeHint().height())
        if need > self.height():
            self.resize(width, need)
