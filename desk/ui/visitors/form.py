"""The registration form (客户登记表): fast at the desk, every error by its field,
nothing typed lost."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk.admin import auth, settings
from desk.core import labels
from desk.core.errors import DeskError
from desk.core.timefmt import full, hm
from desk.core.uow import UnitOfWork
from desk.models.enums import Gender, IntentGrade, Purpose
from desk.reception import rotation
from desk.ui.common.context import Context
from desk.ui.common.feedback import FieldErrorsView
from desk.visitors import visitors


@dataclass(frozen=True)
class FormChoices:
    """What the form's lists offer, read off the UI thread."""

    sources: list[str]
    reps: list[tuple[str, str]]  # (name, login): the active reps and managers
    logins: dict[str, str]  # every user's name -> login (for a reception's rep)
    opened: list[rotation.OpenReception]  # today's open receptions


def read_choices(uow: UnitOfWork) -> FormChoices:
    users = auth.list_users(uow)
    return FormChoices(
        sources=list(settings.get(uow, "visitors.sources")),
        reps=[(u.name, u.login) for u in users
              if u.role in ("sales_rep", "manager") and u.active],
        logins={u.name: u.login for u in users},
        opened=rotation.open_receptions(uow))


class VisitorForm(QWidget):
    saved = Signal(object)  # visitors.Registered

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrorsView()
        self.reception_id: int | None = None
        self._saving = False
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(2)
        self._row = 0

        self.kind_visit = QRadioButton(self.tr("Visit"))
        self.kind_call = QRadioButton(self.tr("Phone call"))
        self.kind_visit.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.kind_visit)
        kinds.addButton(self.kind_call)
        self.kind_call.toggled.connect(self._kind_changed)
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_visit)
        kind_row.addWidget(self.kind_call)
        kind_row.addStretch()
        self.reception = QComboBox()
        self.reception.setMinimumWidth(200)
        kind_row.addWidget(QLabel(self.tr("Reception")))
        kind_row.addWidget(self.reception)

        self.phone = QLineEdit()
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText(self.tr("11-digit mobile"))
        self.phone.textChanged.connect(self.look_up)
        self.known = QLabel()
        self.known.setObjectName("hint")
        self.known.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.gender = QComboBox()
        self.gender.addItem("—", "")
        for text, k in labels.choices(Gender):
            self.gender.addItem(text, k)
        self.party = QSpinBox()
        self.party.setRange(1, 50)
        self.visit_kind = QComboBox()
        self.visit_kind.addItem(self.tr("First visit"), "first")
        self.visit_kind.addItem(self.tr("Return visit"), "return")
        self.source = QComboBox()
        self.referral = QLineEdit()
        self.referral.setPlaceholderText(self.tr("agency's referral code"))
        self.grade = QComboBox()
        self.grade.addItem("—", "")
        for text, g in labels.choices(IntentGrade):
            self.grade.addItem(text, g)
        self.rep = QComboBox()
        self.layout_wanted = QLineEdit()
        self.layout_wanted.setPlaceholderText(self.tr("e.g. 3 rooms"))
        self.area = QLineEdit()
        self.area.setPlaceholderText(self.tr("e.g. 90–120 ㎡"))
        self.budget = QLineEdit()
        self.budget.setPlaceholderText(self.tr("e.g. 300 万"))
        self.purpose = QComboBox()
        self.purpose.addItem("—", "")
        for text, k in labels.choices(Purpose):
            self.purpose.addItem(text, k)
        self.id_number = QLineEdit()
        self.id_number.setPlaceholderText(self.tr("optional, 18 characters"))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(64)
        self.consent = QCheckBox(self.tr("The customer agrees that the showroom keeps these "
                                         "details"))

        for name, label, w in (
            ("phone", self.tr("Mobile *"), self.phone), ("name", self.tr("Name *"), self.name),
            ("gender", self.tr("Gender"), self.gender),
            ("party_size", self.tr("People"), self.party),
            ("visit_kind", self.tr("First / return *"), self.visit_kind),
            ("source", self.tr("Source *"), self.source),
            ("referral_code", self.tr("Referral code"), self.referral),
            ("grade", self.tr("Intent *"), self.grade), ("rep", self.tr("Sales rep *"), self.rep),
            ("wanted_layout", self.tr("Wanted layout"), self.layout_wanted),
            ("wanted_area", self.tr("Wanted area"), self.area),
            ("budget", self.tr("Budget"), self.budget),
            ("purpose", self.tr("Purpose"), self.purpose),
            ("id_number", self.tr("ID number"), self.id_number),
        ):
            self._add(grid, name, label, w)
        self.save_button = QPushButton(self.tr("Save  (Ctrl+S)"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.clear)
        self.result = QLabel()
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(clear)
        buttons.addWidget(self.result, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(kind_row)
        layout.addWidget(self.known)
        layout.addLayout(grid)
        layout.addWidget(QLabel(self.tr("Notes")))
        layout.addWidget(self.notes)
        layout.addWidget(self.consent)
        layout.addWidget(self.errors.add("consent", self.consent))
        layout.addLayout(buttons)
        layout.addStretch()
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        # The lists are filled by the screen's read (`show_choices`).

    def _add(self, grid: QGridLayout, name: str, label: str, w: QWidget) -> None:
        col = (self._row % 2) * 2
        row = (self._row // 2) * 2
        grid.addWidget(QLabel(label), row, col)
        grid.addWidget(w, row, col + 1)
        grid.addWidget(self.errors.add(name, w), row + 1, col + 1)
        grid.setColumnStretch(col + 1, 1)
        self._row += 1

    def show_choices(self, choices: FormChoices) -> None:
        """Fill the lists, keeping what is chosen."""
        sources, reps, opened = choices.sources, choices.reps, choices.opened
        keep_source, keep_rep = self.source.currentText(), self.rep.currentData()
        self.source.clear()
        self.source.addItem("—", "")
        for x in sources:
            self.source.addItem(x, x)
        self.source.setCurrentIndex(max(0, self.source.findText(keep_source)))
        self.rep.clear()
        self.rep.addItem("—", "")
        for name, login in reps:
            self.rep.addItem(name, login)
        default = keep_rep or (self.ctx.actor.login if self.ctx.actor.role == "sales_rep" else "")
        self.rep.setCurrentIndex(max(0, self.rep.findData(default)))
        keep_reception = self.reception.currentData()
        self.reception.clear()
        self.reception.addItem(self.tr("none (registered later)"), None)
        for o in opened:
            if not o.registered:
                self.reception.addItem(f"#{o.id} {o.rep_name} {hm(o.arrived_at)} "
                                       f"{o.party_size}" + self.tr(" people"), o.id)
        self.reception.setCurrentIndex(max(0, self.reception.findData(keep_reception)))

    def start_for_reception(self, reception_id: int) -> None:
        """Prefilled from the desk: the rep, the party and the reception."""
        self.phone.setFocus()
        self.ctx.ops.read(self, read_choices,
                          lambda choices: self._prefill(choices, reception_id))

    def _prefill(self, choices: FormChoices, reception_id: int) -> None:
        self.show_choices(choices)
        o = next((o for o in choices.opened if o.id == reception_id), None)
        self.reception.setCurrentIndex(max(0, self.reception.findData(reception_id)))
        if o is not None:
            self.rep.setCurrentIndex(max(0, self.rep.findData(choices.logins.get(o.rep_name))))
            self.party.setValue(o.party_size)

    def _kind_changed(self) -> None:
        call = self.kind_call.isChecked()
        for w in (self.party, self.visit_kind, self.id_number, self.purpose, self.reception):
            w.setEnabled(not call)

    def look_up(self) -> None:
        """A known phone shows its history and owner, and makes it a return visit."""
        text = self.phone.text()
        if sum(c.isdigit() for c in text) < 11:
            self.known.clear()
            return
        self.ctx.ops.read(self, lambda uow: visitors.lookup_phone(uow, text),
                          lambda info: self._show_known(text, info))

    def _show_known(self, text: str, info: visitors.PhoneInfo | None) -> None:
        if text != self.phone.text():
            return  # typed on meanwhile: the newer look-up answers
        if info is None:
            self.known.setText(self.tr("New customer."))
            self.visit_kind.setCurrentIndex(self.visit_kind.findData("first"))
            return
        owner = (self.tr("owned by %1").replace("%1", info.owner or "") if info.owner_valid
                 else self.tr("no current owner"))
        self.known.setText(self.tr("Returning customer %1: %2 visit(s), last %3, %4")
                           .replace("%1", info.name).replace("%2", str(info.visits))
                           .replace("%3", full(info.last_visit)).replace("%4", owner))
        self.visit_kind.setCurrentIndex(self.visit_kind.findData("return"))
        if not self.name.text().strip():
            self.name.setText(info.name)
        if not self.grade.currentData() and info.grade:
            self.grade.setCurrentIndex(self.grade.findData(info.grade))

    def form(self) -> visitors.VisitForm:
        return visitors.VisitForm(
            name=self.name.text(), phone=self.phone.text(), source=self.source.currentData() or "",
            grade=self.grade.currentData() or "", rep_login=self.rep.currentData() or "",
            kind="call" if self.kind_call.isChecked() else "visit",
            visit_kind=self.visit_kind.currentData(), gender=self.gender.currentData() or "",
            party_size=self.party.value(), referral_code=self.referral.text(),
            wanted_layout=self.layout_wanted.text(), wanted_area=self.area.text(),
            budget=self.budget.text(), purpose=self.purpose.currentData() or "",
            notes=self.notes.toPlainText(), id_number=self.id_number.text(),
            consent=self.consent.isChecked(),
            reception_id=None if self.kind_call.isChecked() else self.reception.currentData(),
        )

    def save(self) -> None:
        if self._saving:  # Ctrl+S twice: one registration
            return
        self.errors.clear()
        self.result.clear()
        form, actor = self.form(), self.ctx.actor
        self._saving = True
        # `failed` also ends the one-save-at-a-time guard; it puts the message by
        # its field as `fields` would.
        self.ctx.ops.write(self, lambda uow: visitors.register(uow, actor, form), self._saved,
                           failed=self._not_saved)

    def _not_saved(self, e: DeskError) -> None:
        """Refused: the message by its field (else under the buttons); the fields
        keep what was typed."""
        self._saving = False
        if not self.errors.show(e):
            self.result.setText(str(e))

    def _saved(self, r: visitors.Registered) -> None:
        self._saving = False
        text = self.tr("Saved: %1 visit, owner %2.").replace(
            "%1", self.tr("return") if r.returning else self.tr("first")).replace(
            "%2", r.owner or "—")
        if r.warnings:
            text += " " + " ".join(r.warnings)
        self.clear()
        self.result.setText(text)
        self.result.setStyleSheet("color: #b36b00;" if r.warnings else "color: #2e7d32;")
        self.saved.emit(r)

    def clear(self) -> None:
        for e in (self.phone, self.name, self.referral, self.layout_wanted, self.area,
                  self.budget, self.id_number):
            e.clear()
        self.notes.clear()
        for c in (self.gender, self.grade, self.purpose, self.visit_kind, self.source):
            c.setCurrentIndex(0)
        self.party.setValue(1)
        self.consent.setChecked(False)
        self.errors.clear()
        self.known.clear()
        # The lists (the reception just registered) come back with the refresh the
        # saved change causes.
        self.reception.setCurrentIndex(0)
        self.phone.setFocus(Qt.FocusReason.OtherFocusReason)
