"""The registration form (客户登记表): fast at the desk, every error by its field,
nothing typed lost."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
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

from desk.admin import settings
from desk.admin.auth import Actor
from desk.core import labels
from desk.core.errors import DeskError
from desk.core.timefmt import full, hm, local
from desk.core.uow import UnitOfWork
from desk.models.enums import Gender, IntentGrade, Purpose
from desk.ui.common.context import Context
from desk.ui.common.feedback import FieldErrorsView
from desk.visitors import visitors


@dataclass(frozen=True)
class FormChoices:
    """What the form's lists offer, read off the UI thread."""

    sources: list[str]
    reps: list[tuple[str, str]]  # (name, login) as the service orders the receiving reps
    waiting: list[visitors.WaitingReception]  # today's open receptions without a form
    links: dict[str, visitors.WaitingReception]  # rep's login -> the reception a form joins
    consent_text: str


def read_choices(uow: UnitOfWork, actor: Actor, phone: str = "") -> FormChoices:
    """The form's lists; `phone` as typed orders the reps for that customer."""
    return FormChoices(
        sources=list(settings.get(uow, "visitors.sources")),
        reps=visitors.receiving_reps(uow, phone),
        waiting=visitors.receptions_without_form(uow),
        links=visitors.receptions_to_link(uow, actor),
        consent_text=settings.get(uow, "visitors.consent_text"))


def phone_complete(text: str) -> bool:
    return sum(c.isdigit() for c in text) >= 11


class VisitorForm(QWidget):
    saved = Signal(object)  # visitors.Registered

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.errors = FieldErrorsView()
        self.reception_id: int | None = None
        self._saving = False
        # The reception follows the rep (the service's choice) until picked by hand.
        self._reception_by_hand = False
        self._links: dict[str, visitors.WaitingReception] = {}
        # What the last look-up put in (field -> value): taken out again when the
        # phone turns out to be another customer's, unless the user changed it.
        self._proposed: dict[QLineEdit | QComboBox, str] = {}
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
        self.reception.activated.connect(self._reception_picked)
        kind_row.addWidget(QLabel(self.tr("Reception")))
        kind_row.addWidget(self.reception)
        self.link_note = QLabel()
        self.link_note.setObjectName("hint")
        self.link_note.hide()

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
        self.rep.currentIndexChanged.connect(self._show_link)
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
        # The visitor's satisfaction (满意度), asked before they leave: optional.
        self.rating = QComboBox()
        self.rating.addItem("—", "")
        for n in range(5, 0, -1):
            self.rating.addItem(self.tr("%1 of 5").replace("%1", str(n)), str(n))
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(64)
        self.notes.setTabChangesFocus(True)  # Tab leaves the notes: no trap
        self.consent = QCheckBox(self.tr("The customer agrees that the showroom keeps these "
                                         "details"))
        self.consent_note = QLabel()
        self.consent_note.setObjectName("hint")

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
            ("rating", self.tr("Satisfaction"), self.rating),
        ):
            self._add(grid, name, label, w)
        self.save_button = QPushButton(self.tr("Save  (Ctrl+S)"))
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        clear = QPushButton(self.tr("Clear"))
        clear.clicked.connect(self.clear)
        for b in (self.save_button, clear):
            b.setAutoDefault(True)  # Enter presses the focused button
        self.result = QLabel()
        self.result.setWordWrap(True)
        # "Saved" is about the last visitor: gone once the next one is typed.
        self.phone.textEdited.connect(lambda _text: self.result.clear())
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(clear)
        buttons.addWidget(self.result, 1)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent)
        consent_row.addWidget(self.consent_note, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(kind_row)
        layout.addWidget(self.known)
        layout.addWidget(self.link_note)
        layout.addLayout(grid)
        layout.addLayout(consent_row)  # required, so before the optional notes
        layout.addWidget(self.errors.add("consent", self.consent))
        layout.addWidget(QLabel(self.tr("Notes")))
        layout.addWidget(self.notes)
        layout.addLayout(buttons)
        layout.addStretch()
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        # Tab goes through the form as it reads: left to right, top to bottom.
        self.tab_chain: list[QWidget] = [
            self.kind_visit, self.kind_call, self.reception, self.phone, self.name, self.gender,
            self.party, self.visit_kind, self.source, self.referral, self.grade, self.rep,
            self.layout_wanted, self.area, self.budget, self.purpose, self.id_number,
            self.rating, self.consent, self.notes, self.save_button, clear]
        for before, after in zip(self.tab_chain, self.tab_chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        # An error goes as soon as its field is changed.
        for name, signal in (
            ("phone", self.phone.textChanged), ("name", self.name.textChanged),
            ("gender", self.gender.currentIndexChanged), ("party_size", self.party.valueChanged),
            ("visit_kind", self.visit_kind.currentIndexChanged),
            ("source", self.source.currentIndexChanged),
            ("referral_code", self.source.currentIndexChanged),
            ("referral_code", self.referral.textChanged),
            ("grade", self.grade.currentIndexChanged), ("rep", self.rep.currentIndexChanged),
            ("wanted_layout", self.layout_wanted.textChanged),
            ("wanted_area", self.area.textChanged), ("budget", self.budget.textChanged),
            ("purpose", self.purpose.currentIndexChanged),
            ("id_number", self.id_number.textChanged), ("consent", self.consent.toggled),
            ("rating", self.rating.currentIndexChanged),
        ):
            signal.connect(lambda *_, n=name: self._corrected(n))
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
        """Fill the lists, keeping what is chosen (no field counts as changed)."""
        keep_source, keep_rep = self.source.currentText(), self.rep.currentData()
        keep_reception = self.reception.currentData()
        for combo in (self.source, self.rep, self.reception):
            combo.blockSignals(True)
        self.source.clear()
        self.source.addItem("—", "")
        for x in choices.sources:
            self.source.addItem(x, x)
        self.source.setCurrentIndex(max(0, self.source.findText(keep_source)))
        self._show_reps(choices.reps, keep_rep)
        self.reception.clear()
        self.reception.addItem(self.tr("none (registered later)"), None)
        for o in choices.waiting:
            self.reception.addItem(f"#{o.id} {o.rep_name} {hm(o.arrived_at)} "
                                   f"{labels.people(o.party_size)}", o.id)
        self.reception.setCurrentIndex(max(0, self.reception.findData(keep_reception)))
        for combo in (self.source, self.rep, self.reception):
            combo.blockSignals(False)
        self.consent.setToolTip(choices.consent_text)
        self._links = choices.links
        self._show_link()

    def _show_reps(self, reps: list[tuple[str, str]], keep: str | None) -> None:
        """The receiving reps in the service's order; a rep registers their own
        visitor by default."""
        self.rep.clear()
        self.rep.addItem("—", "")
        for name, login in reps:
            self.rep.addItem(name, login)
        default = keep or (self.ctx.actor.login if self.ctx.actor.role == "sales_rep" else "")
        self.rep.setCurrentIndex(max(0, self.rep.findData(default)))

    def start_for_reception(self, reception_id: int) -> None:
        """Prefilled from the desk: the rep, the party and the reception."""
        self.phone.setFocus()
        actor, phone = self.ctx.actor, self.phone.text()
        self.ctx.ops.read(self, lambda uow: read_choices(uow, actor, phone),
                          lambda choices: self._prefill(choices, reception_id))

    def _prefill(self, choices: FormChoices, reception_id: int) -> None:
        self.show_choices(choices)
        o = next((o for o in choices.waiting if o.id == reception_id), None)
        self._reception_by_hand = True  # named by the desk
        self.reception.setCurrentIndex(max(0, self.reception.findData(reception_id)))
        if o is not None:
            self.rep.setCurrentIndex(max(0, self.rep.findData(o.rep_login)))
            self.party.setValue(o.party_size)
        self._show_link()

    def _reception_picked(self) -> None:
        self._reception_by_hand = True
        self._show_link()

    def _show_link(self) -> None:
        """Which reception this form will end: the one picked, else the one the
        service links for the chosen rep (said above the fields)."""
        if self._reception_by_hand:
            self.link_note.hide()
            return
        link = None if self.kind_call.isChecked() else self._links.get(self.rep.currentData() or "")
        self.reception.setCurrentIndex(max(0, self.reception.findData(
            link.id if link is not None else None)))
        if link is None:
            self.link_note.hide()
            return
        self.link_note.setText(self.tr("This registration will be linked to the reception of %1")
                               .replace("%1", hm(link.arrived_at)))
        self.link_note.show()

    def _kind_changed(self) -> None:
        call = self.kind_call.isChecked()
        for w in (self.party, self.visit_kind, self.id_number, self.purpose, self.reception,
                  self.rating):
            w.setEnabled(not call)
        self._show_link()

    def look_up(self) -> None:
        """A known phone shows its history and owner, makes it a return visit,
        proposes what the customer said last time and puts the owner first."""
        text = self.phone.text()
        if not phone_complete(text):
            self.known.clear()
            self._show_consent(None)
            self._take_back_proposed()
            return

        def work(uow: UnitOfWork) -> tuple[visitors.PhoneInfo | None, list[tuple[str, str]]]:
            return visitors.lookup_phone(uow, text), visitors.receiving_reps(uow, text)

        self.ctx.ops.read(self, work, lambda found: self._show_known(text, *found))

    def _show_known(self, text: str, info: visitors.PhoneInfo | None,
                    reps: list[tuple[str, str]]) -> None:
        if text != self.phone.text():
            return  # typed on meanwhile: the newer look-up answers
        self._take_back_proposed()
        owner = info.owner_login if info is not None else None
        keep_rep = self.rep.currentData() or owner
        self.rep.blockSignals(True)
        self._show_reps(reps, keep_rep)
        self.rep.blockSignals(False)
        if owner and self.rep.currentData() == owner:
            self._proposed[self.rep] = owner
        self._show_link()
        self._show_consent(info)
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
        # What the customer said last time, where nothing was typed yet.
        for edit, value in ((self.name, info.name), (self.referral, info.referral_code),
                            (self.layout_wanted, info.wanted_layout),
                            (self.area, info.wanted_area), (self.budget, info.budget)):
            if not edit.text().strip() and value:
                edit.setText(value)
                self._proposed[edit] = value
        for combo, value in ((self.gender, info.gender), (self.source, info.source),
                             (self.grade, info.grade), (self.purpose, info.purpose)):
            if not combo.currentData() and value and combo.findData(value) >= 0:
                combo.setCurrentIndex(combo.findData(value))
                self._proposed[combo] = value

    def _take_back_proposed(self) -> None:
        """Another phone: what the previous customer's look-up proposed goes,
        what the user typed or chose stays."""
        proposed, self._proposed = self._proposed, {}
        for w, value in proposed.items():
            if isinstance(w, QLineEdit) and w.text() == value:
                w.clear()
            elif isinstance(w, QComboBox) and w.currentData() == value:
                w.setCurrentIndex(0)

    def _show_consent(self, info: visitors.PhoneInfo | None) -> None:
        """Asked once: a customer who agreed to the current text is not asked again."""
        agreed = info.consent_at if info is not None else None
        self.consent.setVisible(agreed is None)
        if agreed is not None:
            self.consent.setChecked(False)  # a tick given for another phone is not this one's
            day = local(agreed)
            self.consent_note.setText(self.tr("Agreed on %1").replace(
                "%1", day.strftime("%Y-%m-%d") if day else ""))
        elif info is not None and info.consent_outdated:
            self.consent_note.setText(self.tr("The consent text has changed: ask again."))
        else:
            self.consent_note.clear()

    def _corrected(self, name: str) -> None:
        """The field was changed: its error goes (the next save checks again)."""
        entry = self.errors.fields.get(name)
        if entry is None or entry[1].isHidden():
            return
        widget, label = entry
        label.hide()
        label.clear()
        widget.setProperty("invalid", False)
        widget.style().polish(widget)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in a single-line field saves (the notes keep theirs, a focused
        button presses itself)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier):
            event.accept()
            self.save()
            return
        super().keyPressEvent(event)

    def form(self) -> visitors.VisitForm:
        by_hand = self._reception_by_hand and not self.kind_call.isChecked()
        return visitors.VisitForm(
            name=self.name.text(), phone=self.phone.text(), source=self.source.currentData() or "",
            grade=self.grade.currentData() or "", rep_login=self.rep.currentData() or "",
            kind="call" if self.kind_call.isChecked() else "visit",
            visit_kind=self.visit_kind.currentData(), gender=self.gender.currentData() or "",
            party_size=self.party.value(), referral_code=self.referral.text(),
            rating="" if self.kind_call.isChecked() else self.rating.currentData(),
            wanted_layout=self.layout_wanted.text(), wanted_area=self.area.text(),
            budget=self.budget.text(), purpose=self.purpose.currentData() or "",
            notes=self.notes.toPlainText(), id_number=self.id_number.text(),
            consent=self.consent.isChecked(),
            # Not picked by hand: the service links the rep's waiting reception.
            reception_id=self.reception.currentData() if by_hand else None,
            link_open_reception=not by_hand,
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
            return
        # The keyboard goes to the first field at fault as the form reads.
        bad = [w for w, label in self.errors.fields.values() if not label.isHidden()]
        first = next((w for w in self.tab_chain if w in bad), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

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
        for c in (self.gender, self.grade, self.purpose, self.visit_kind, self.source,
                  self.rating):
            c.setCurrentIndex(0)
        self.party.setValue(1)
        # The next visitor is not the last one's rep's (nor their reception's).
        own = self.ctx.actor.login if self.ctx.actor.role == "sales_rep" else ""
        self.rep.setCurrentIndex(max(0, self.rep.findData(own)))
        self.consent.setChecked(False)
        self._show_consent(None)
        self._proposed = {}
        self.errors.clear()
        self.known.clear()
        # The lists (the reception just registered) come back with the refresh the
        # saved change causes.
        self._reception_by_hand = False
        self.reception.setCurrentIndex(0)
        self._show_link()
        self.phone.setFocus(Qt.FocusReason.OtherFocusReason)
