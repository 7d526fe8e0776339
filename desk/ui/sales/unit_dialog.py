"""A unit's detail: its facts, its claim, its full history, and the actions
the user's role allows in its present status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.phones import national
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models.enums import ApprovalKind, PaymentMethod, PriceVerdict, UnitAction
from desk.sales import actions, claims, collection, pricing, units
from desk.sales.units import UnitRow
from desk.ui.common.context import Context
from desk.ui.common.operations import Changes
from desk.ui.common.table_model import Column, RowsModel
from desk.ui.sales.action_dialog import ActionDialog, Field
from desk.ui.sales.approval_box import AskFn
from desk.ui.sales.grid_model import STATUS_BORDER, STATUS_COLORS
from desk.ui.sales.payment_history import PaymentsTab

Read = tuple[list[UnitRow], list[units.HistoryRow], claims.FormDefaults,
             collection.DealPayments | None]


def money(v: object) -> str:
    return "—" if v is None else f"¥{v:,.2f}"


class UnitDialog(QDialog):
    def __init__(self, ctx: Context, project_id: int, code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project_id = project_id
        self.code = code
        self.setMinimumSize(920, 560)  # the history names a contract beside its action
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("screenTitle")
        layout.addWidget(self.heading)
        body = QHBoxLayout()
        self.facts = QFormLayout()
        facts_box = QWidget()
        facts_box.setLayout(self.facts)
        facts_box.setMinimumWidth(330)
        body.addWidget(facts_box)
        right = QTabWidget()
        self.history_model: RowsModel = RowsModel([
            Column(self.tr("Time"), lambda h: full(h.at)),
            Column(self.tr("Action"), self._action_text),
            Column(self.tr("Status"), lambda h: f"{labels.status_name(h.from_status)} → "
                                                f"{labels.status_name(h.to_status)}"),
            Column(self.tr("By"), lambda h: h.actor or self.tr("system")),
            Column(self.tr("Customer"), lambda h: h.customer or ""),
            Column(self.tr("Approved by"), lambda h: h.approver or ""),
            Column(self.tr("Reason"), lambda h: h.reason),
        ])
        self.history = QTableView()
        self.history.horizontalHeader().setDefaultSectionSize(60)  # the reason's least room
        self.history.setModel(self.history_model)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        right.addTab(self.history, self.tr("History"))
        self.payments_tab = PaymentsTab()
        if self.payments_tab.allowed(ctx.actor):
            right.addTab(self.payments_tab, self.tr("Payments"))
        self.tabs = right
        body.addWidget(right, 1)
        layout.addLayout(body, 1)
        self.action_row = QHBoxLayout()  # not `actions`: that is QWidget's
        layout.addLayout(self.action_row)
        self.unit: UnitRow | None = None
        self.defaults: claims.FormDefaults | None = None
        self.loads = 0  # reads shown, for the tests
        self.buttons: dict[str, QPushButton] = {}
        self.form: ActionDialog | None = None  # the action's form while it is open
        self.form_action = ""
        self.form_status = ""  # the unit's status the open form was made for
        self._asked = 0  # reads asked; only the latest is shown
        ctx.ops.changes_seen.connect(self._on_changes)
        self.load()

    def _action_text(self, h: units.HistoryRow) -> str:
        """The action, with the number of the contract it concerns (never as a reason)."""
        text = labels.label_of(UnitAction, h.action)
        return f"{text} {h.contract_number}" if h.contract_number else text

    # --- reading ---
    def load(self) -> None:
        """Read the unit, its history and the form defaults (off the UI thread)."""
        pid, code, actor = self.project_id, self.code, self.ctx.actor
        self._asked += 1
        asked = self._asked
        with_payments = self.payments_tab.allowed(actor)

        def read(uow: UnitOfWork) -> Read:
            deal = collection.deal_payments(uow, actor, pid, code) if with_payments else None
            return (units.rows(uow, pid, code=code), units.history(uow, pid, code),
                    claims.form_defaults(uow), deal)

        def show(data: Read) -> None:
            # Reads run side by side: one that finishes late must not bring back
            # an older state of the unit.
            if asked == self._asked:
                self._show(data)

        self.ctx.ops.read(self, read, show)

    def _on_changes(self, changes: Changes) -> None:
        """Another PC (or screen) changed units, or this deal's payments: show
        this one as it is now."""
        refs = changes.get(ChangeKind.UNITS)
        unit = refs is not None and (None in refs or self.unit is None or str(self.unit.id) in refs)
        if unit or self.payments_tab.concerns(changes.get(ChangeKind.PAYMENTS)):
            self.load()

    def _show(self, data: Read) -> None:
        rows, hist, self.defaults, deal = data
        self.payments_tab.show_deal(deal)
        self.loads += 1
        if not rows:
            return
        self.unit = u = rows[0]
        self.setWindowTitle(f"{u.code} — {labels.status_name(u.status)}")
        self.heading.setText(f"{u.building} {u.room}  ·  {labels.status_name(u.status)}")
        self.heading.setStyleSheet(
            f"background: {STATUS_COLORS[u.status]}; border-left: 6px solid "
            f"{STATUS_BORDER[u.status]}; padding: 6px 10px;")
        while self.facts.rowCount():
            self.facts.removeRow(0)
        pairs = [
            (self.tr("Unit code"), u.code),
            (self.tr("Building / entrance"), f"{u.building} {u.entrance}".strip()),
            (self.tr("Floor"), str(u.floor)),
            (self.tr("Layout"), u.layout or "—"),
            (self.tr("Orientation"), u.orientation or "—"),
            (self.tr("Use"), u.usage or "—"),
            (self.tr("Gross area"), f"{u.gross_area} ㎡"),
            (self.tr("Inner area"), "—" if u.inner_area is None else f"{u.inner_area} ㎡"),
            (self.tr("Unit price"), "—" if u.unit_price is None else f"¥{u.unit_price:,.2f}/㎡"),
            (self.tr("List price"), money(u.list_price)),
        ]
        if self.ctx.actor.can("units.floor_price"):
            pairs.append((self.tr("Floor price"), money(u.floor_price)))
        if u.claim_id is not None:
            phone = u.customer_phone or ""
            shown = customers.phone_for(self.ctx.actor, phone) or "—"
            pairs += [
                (self.tr("Customer"), f"{u.customer or '—'}  {shown}"),
                (self.tr("Sales rep"), u.rep or "—"),
            ]
            if u.operator and u.operator != u.rep:
                pairs.append((self.tr("Entered by"), u.operator))
            if u.status == "held":
                pairs.append((self.tr("Held until"), full(u.expires_at)))
                pairs.append((self.tr("Frozen price"), money(u.agreed_price)))
            else:
                pairs.append((self.tr("Agreed price"), money(u.agreed_price)))
            if u.contract_number:
                pairs.append((self.tr("Contract no."), u.contract_number))
        for k, v in pairs:
            value = QLabel(v)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addRow(k, value)
        self.history_model.set_rows(hist)
        self._buttons(u)
        self._check_form(u)

    def _check_form(self, u: UnitRow) -> None:
        """An action's form open while the unit changed elsewhere: the action is
        asked again, as the buttons are; a form made for another status (or for
        what is no longer allowed) cannot go ahead."""
        form = self.form
        if form is None or (u.status == self.form_status
                            and self.form_action in actions.allowed(self.ctx.actor, u)):
            return
        form.unavailable(self.tr("%1 changed meanwhile and is now %2: this can no longer be "
                                 "done. Close this form.")
                         .replace("%1", u.code).replace("%2", labels.status_name(u.status)))

    def _buttons(self, u: UnitRow) -> None:
        while (item := self.action_row.takeAt(0)) is not None:
            if (w := item.widget()) is not None:
                w.deleteLater()
        texts = {
            "hold": (self.tr("Hold…"), self.do_hold),
            "subscribe": (self.tr("Subscribe…"), self.do_subscribe),
            "withhold": (self.tr("Withhold from sale…"), self.do_withhold),
            "extend": (self.tr("Extend…"), self.do_extend),
            "release": (self.tr("Release…"), self.do_release),
            "contract": (self.tr("Sign contract…"), self.do_contract),
            "cancel": (self.tr("Cancel…"), self.do_cancel),
            "change": (self.tr("Change unit…"), self.do_change),
            "rename": (self.tr("Rename buyer…"), self.do_rename),
            "unwithhold": (self.tr("Put back on sale…"), self.do_unwithhold),
        }
        prints = {"slip": self.tr("Print slip…"), "subscription": self.tr("Print agreement…"),
                  "contract": self.tr("Print contract…")}
        spec: list[tuple[str, str, Callable[..., None]]] = []
        for key in actions.allowed(self.ctx.actor, u):
            if key == "print":
                kind = actions.PRINTABLE[u.status]
                spec.append(("print", prints[kind],
                             lambda _=False, k=kind: self.print_document(k)))
            else:
                spec.append((key, *texts[key]))
        self.buttons = {}
        for key, text, slot in spec:
            b = QPushButton(text)
            b.setObjectName(key)
            b.clicked.connect(slot)
            self.action_row.addWidget(b)
            self.buttons[key] = b
        self.action_row.addStretch()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.action_row.addWidget(close)

    # --- actions ---
    def print_document(self, kind: str) -> None:
        from desk.documents import prints
        from desk.ui.documents.preview import preview_in_background

        u = self.unit
        assert u is not None
        actor, pid = self.ctx.actor, self.project_id
        ref = u.contract_number if kind == "contract" else u.code
        preview_in_background(self, self.ctx.ops,
                              lambda uow: prints.render(uow, actor, kind, pid, ref or ""))

    def _run(self, title: str, intro: str, fields: list[Field],
             submit: Callable[[UnitOfWork, dict[str, Any]], Any], approval: str = "",
             ok: str = "", *, action: str = "", ask: AskFn | None = None,
             setup: Callable[[ActionDialog], None] | None = None) -> bool:
        """The form of the action `action` (a key of `actions.allowed`)."""
        dlg = ActionDialog(self.ctx, title, intro, fields, submit, approval=approval,
                           ok_text=ok, ask=ask, parent=self)
        if setup is not None:
            setup(dlg)
        self.form, self.form_action = dlg, action
        self.form_status = self.unit.status if self.unit else ""
        try:
            return bool(dlg.exec())
        finally:
            self.form, self.form_action = None, ""
            dlg.deleteLater()

    def _rep_field(self) -> Field:
        """The 置业顾问 credited with the claim: the active reps to choose from."""
        reps = self.defaults.reps if self.defaults else ()
        return Field("rep", self.tr("Sales rep"), "", "choice",
                     [(self.tr("— choose —"), ""), *((r.name, r.login) for r in reps)])

    def _follow_phone(self, dlg: ActionDialog) -> None:
        """Preselect the rep the service would take for the phone typed (the
        customer's owner), until the user picks one themselves."""
        combo = dlg.widgets["rep"]
        assert isinstance(combo, QComboBox)
        picked = [False]
        combo.activated.connect(lambda _i: picked.__setitem__(0, True))
        actor, p, code = self.ctx.actor, self.project_id, self.code

        def preselect(login: str | None) -> None:
            if not picked[0]:
                combo.setCurrentIndex(max(0, combo.findData(login or "")))

        dlg.when_typed(["phone"], lambda uow, v: claims.suggest_rep(uow, actor, p, code, v["phone"]),
                       preselect)

    def _ttl(self) -> int:
        return self.defaults.hold_minutes if self.defaults else 30

    def do_hold(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Hold %1").replace("%1", code),
                  self.tr("The price is frozen while the unit is held; the hold runs out by "
                          "itself."),
                  [Field("phone", self.tr("Customer's mobile")),
                   Field("customer_name", self.tr("Customer's name"),
                         hint=self.tr("needed for a new customer")),
                   self._rep_field(),
                   Field("minutes", self.tr("Minutes"), self._ttl())],
                  lambda s, v: claims.hold(s, self.ctx.actor, p, code, customer_phone=v["phone"],
                                           customer_name=v["customer_name"],
                                           minutes=_int(v["minutes"], "minutes"),
                                           rep_login=v["rep"] or None),
                  ok=self.tr("Hold"), action="hold", setup=self._follow_phone)

    def do_extend(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Extend the hold on %1").replace("%1", code), "",
                  [Field("minutes", self.tr("Minutes from now"), self._ttl())],
                  lambda s, v: claims.extend(s, self.ctx.actor, p, code,
                                             _int(v["minutes"], "minutes")), action="extend")

    def do_release(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Release %1").replace("%1", code), "",
                  [Field("reason", self.tr("Reason (optional)"))],
                  lambda s, v: claims.release(s, self.ctx.actor, p, code, v["reason"]),
                  action="release")

    def do_subscribe(self) -> None:
        u = self.unit
        assert u is not None
        p, code = self.project_id, self.code
        sign_by = self.defaults.sign_by if self.defaults else None
        phone = national(u.customer_phone) if u.customer_phone else ""
        price = u.agreed_price if u.status == "held" else u.list_price
        self._run(
            self.tr("Subscription for %1").replace("%1", code),
            self.tr("The agreed price may not be below the floor price; a discount past the "
                    "limit needs a manager."),
            [Field("phone", self.tr("Customer's mobile"), phone),
             Field("customer_name", self.tr("Customer's name"), u.customer or ""),
             self._rep_field(),
             Field("agreed_price", self.tr("Agreed total price (¥)"), price or "", note=True),
             Field("deposit", self.tr("Deposit (¥)"), 50000),
             Field("payment_method", self.tr("Payment"), "mortgage", "choice",
                   labels.choices(PaymentMethod)),
             Field("id_number", self.tr("Buyer's ID number"), hint=self.tr("18 characters")),
             Field("sign_by", self.tr("Sign by"), sign_by, "date")],
            lambda s, v: claims.subscribe(
                s, self.ctx.actor, p, code, customer_phone=v["phone"],
                customer_name=v["customer_name"], deposit=v["deposit"],
                agreed_price=v["agreed_price"], sign_by=v["sign_by"],
                payment_method=v["payment_method"], approval=v["approval"],
                hold_id=u.claim_id if u.status == "held" else None, id_number=v["id_number"],
                rep_login=v["rep"] or None, request_id=v["request_id"]),
            approval="optional", ok=self.tr("Subscribe"), action="subscribe",
            ask=lambda s, v: claims.request_approval(
                s, self.ctx.actor, p, code, ApprovalKind.DISCOUNT, customer_phone=v["phone"],
                agreed_price=v["agreed_price"]),
            setup=self._subscribe_setup)

    def _subscribe_setup(self, dlg: ActionDialog) -> None:
        """The rep follows the phone; the price is checked as it is typed."""
        self._follow_phone(dlg)
        actor, p, code = self.ctx.actor, self.project_id, self.code

        def show(check: pricing.PriceCheck) -> None:
            dlg.note("agreed_price", check.message,
                     warn=check.verdict in (PriceVerdict.FLOOR, PriceVerdict.INVALID))

        dlg.when_typed(["agreed_price"],
                       lambda uow, v: pricing.check_price(uow, actor, p, code, v["agreed_price"]),
                       show)

    def do_contract(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Sign the contract for %1").replace("%1", code),
                  self.tr("The contract takes the next number of this project and year."), [],
                  lambda s, v: claims.contract(s, self.ctx.actor, p, code),
                  ok=self.tr("Sign"), action="contract")

    def do_cancel(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Cancel the deal on %1").replace("%1", code),
                  self.tr("The unit goes back on sale. A manager approves."),
                  [Field("reason", self.tr("Reason"))],
                  lambda s, v: claims.cancel(s, self.ctx.actor, p, code, reason=v["reason"],
                                             approval=v["approval"], request_id=v["request_id"]),
                  approval="required", action="cancel",
                  ask=lambda s, v: claims.request_approval(s, self.ctx.actor, p, code,
                                                           ApprovalKind.CANCEL, reason=v["reason"]))

    def do_change(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Change unit for %1").replace("%1", code),
                  self.tr("The subscription and its deposit move to another available unit."),
                  [Field("new_code", self.tr("New unit code")),
                   Field("agreed_price", self.tr("Agreed total price (¥)"),
                         hint=self.tr("empty: the new unit's list price")),
                   Field("reason", self.tr("Reason"))],
                  lambda s, v: claims.change_unit(s, self.ctx.actor, p, code, v["new_code"],
                                                  reason=v["reason"],
                                                  agreed_price=v["agreed_price"] or None,
                                                  approval=v["approval"],
                                                  request_id=v["request_id"]),
                  approval="required", action="change",
                  ask=lambda s, v: claims.request_approval(
                      s, self.ctx.actor, p, code, ApprovalKind.CHANGE_UNIT, new_code=v["new_code"],
                      agreed_price=v["agreed_price"] or None, reason=v["reason"]))

    def do_rename(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Rename the buyer of %1").replace("%1", code), "",
                  [Field("phone", self.tr("New buyer's mobile")),
                   Field("customer_name", self.tr("New buyer's name")),
                   Field("reason", self.tr("Reason"))],
                  lambda s, v: claims.rename(s, self.ctx.actor, p, code,
                                             customer_phone=v["phone"],
                                             customer_name=v["customer_name"],
                                             reason=v["reason"], approval=v["approval"],
                                             request_id=v["request_id"]),
                  approval="required", action="rename",
                  ask=lambda s, v: claims.request_approval(
                      s, self.ctx.actor, p, code, ApprovalKind.RENAME, customer_phone=v["phone"],
                      reason=v["reason"]))

    def do_withhold(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Withhold %1 from sale").replace("%1", code), "",
                  [Field("reason", self.tr("Reason"))],
                  lambda s, v: units.withhold(s, self.ctx.actor, p, code, v["reason"]),
                  action="withhold")

    def do_unwithhold(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Put %1 back on sale").replace("%1", code), "",
                  [Field("reason", self.tr("Reason"))],
                  lambda s, v: units.unwithhold(s, self.ctx.actor, p, code, v["reason"]),
                  action="unwithhold")


def _int(text: str, field: str) -> int:
    from desk.core.errors import InvalidInput

    try:
        return int(str(text).strip())
    except ValueError:
        raise InvalidInput("请填写整数分钟数。", "Enter whole minutes.", field=field) from None

