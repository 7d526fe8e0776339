"""A unit's detail: its facts, its claim, its full history, and the actions
the user's role allows in its present status."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk.admin import settings
from desk.core import labels
from desk.core.errors import pick
from desk.core.phones import mask, national
from desk.core.timefmt import full
from desk.sales import claims, units
from desk.sales.units import UnitRow
from desk.ui.common.context import Context
from desk.ui.common.table_model import Column, RowsModel
from desk.ui.sales.action_dialog import ActionDialog, Field
from desk.ui.sales.grid_model import STATUS_BORDER, STATUS_COLORS


def money(v: object) -> str:
    return "—" if v is None else f"¥{v:,.2f}"


class UnitDialog(QDialog):
    def __init__(self, ctx: Context, project_id: int, code: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project_id = project_id
        self.code = code
        self.setMinimumSize(860, 560)
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
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("History")))
        self.history_model: RowsModel = RowsModel([
            Column(self.tr("Time"), lambda h: full(h.at)),
            Column(self.tr("Action"), lambda h: pick(*labels.ACTION_NAMES.get(h.action,
                                                                              (h.action,) * 2))),
            Column(self.tr("Status"), lambda h: f"{labels.status_name(h.from_status)} → "
                                                f"{labels.status_name(h.to_status)}"),
            Column(self.tr("By"), lambda h: h.actor or self.tr("system")),
            Column(self.tr("Customer"), lambda h: h.customer or ""),
            Column(self.tr("Approved by"), lambda h: h.approver or ""),
            Column(self.tr("Reason"), lambda h: h.reason),
        ])
        self.history = QTableView()
        self.history.setModel(self.history_model)
        self.history.verticalHeader().hide()
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        right.addWidget(self.history)
        body.addLayout(right, 1)
        layout.addLayout(body, 1)
        self.actions = QHBoxLayout()
        layout.addLayout(self.actions)
        self.unit: UnitRow | None = None
        self.load()

    # --- reading ---
    def load(self) -> None:
        with self.ctx.db.read() as s:
            rows = [r for r in units.rows(s, self.project_id) if r.code == self.code]
            hist = units.history(s, self.project_id, self.code)
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
        unmasked = self.ctx.actor.can("customers.unmasked")
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
            shown = national(phone) if unmasked else (mask(phone) if phone else "—")
            pairs += [
                (self.tr("Customer"), f"{u.customer or '—'}  {shown}"),
                (self.tr("Sales rep"), u.rep or "—"),
            ]
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

    def _buttons(self, u: UnitRow) -> None:
        while self.actions.count():
            item = self.actions.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        a = self.ctx.actor
        own = a.role != "sales_rep" or u.rep_id == a.id
        spec: list[tuple[str, str, object]] = []
        if u.status == "available":
            if a.can("units.hold"):
                spec.append(("hold", self.tr("Hold…"), self.do_hold))
            if a.can("units.subscribe"):
                spec.append(("subscribe", self.tr("Subscribe…"), self.do_subscribe))
            if a.can("units.withhold"):
                spec.append(("withhold", self.tr("Withhold from sale…"), self.do_withhold))
        elif u.status == "held":
            if a.can("units.hold") and own:
                spec.append(("extend", self.tr("Extend…"), self.do_extend))
                spec.append(("release", self.tr("Release…"), self.do_release))
            if a.can("units.subscribe"):
                spec.append(("subscribe", self.tr("Subscribe…"), self.do_subscribe))
        elif u.status in ("subscribed", "signed"):
            if u.status == "subscribed" and a.can("units.contract"):
                spec.append(("contract", self.tr("Sign contract…"), self.do_contract))
            if a.can("units.subscribe"):
                spec.append(("cancel", self.tr("Cancel…"), self.do_cancel))
                if u.status == "subscribed":
                    spec.append(("change", self.tr("Change unit…"), self.do_change))
                spec.append(("rename", self.tr("Rename buyer…"), self.do_rename))
        elif u.status == "withheld" and a.can("units.withhold"):
            spec.append(("unwithhold", self.tr("Put back on sale…"), self.do_unwithhold))
        printable = {"held": ("slip", self.tr("Print slip…")),
                     "subscribed": ("subscription", self.tr("Print agreement…")),
                     "signed": ("contract", self.tr("Print contract…"))}
        if u.status in printable and (a.can("print.documents") or
                                      (u.status == "held" and a.can("units.hold"))):
            kind, text = printable[u.status]
            spec.append(("print", text, lambda _=False, k=kind: self.print_document(k)))
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in spec:
            b = QPushButton(text)
            b.setObjectName(key)
            b.clicked.connect(slot)
            self.actions.addWidget(b)
            self.buttons[key] = b
        self.actions.addStretch()
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self.actions.addWidget(close)

    # --- actions ---
    def print_document(self, kind: str) -> None:
        from desk.documents import prints
        from desk.ui.documents.preview import preview_in_background

        u = self.unit
        assert u is not None
        db, actor, pid = self.ctx.db, self.ctx.actor, self.project_id
        ref = u.contract_number if kind == "contract" else u.code

        def make() -> prints.Printed:
            with db.begin() as s:
                return prints.render(s, actor, kind, pid, ref or "")

        preview_in_background(self, make)

    def _run(self, title: str, intro: str, fields: list[Field], submit, approval: str = "",
             ok: str = "") -> bool:  # type: ignore[no-untyped-def]
        dlg = ActionDialog(self.ctx, title, intro, fields, submit, approval=approval,
                           ok_text=ok, parent=self)
        done = bool(dlg.exec())
        self.load()
        return done

    def _ttl(self) -> int:
        with self.ctx.db.read() as s:
            return settings.get(s, "hold.ttl_minutes")

    def do_hold(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Hold %1").replace("%1", code),
                  self.tr("The price is frozen while the unit is held; the hold runs out by "
                          "itself."),
                  [Field("phone", self.tr("Customer's mobile")),
                   Field("customer_name", self.tr("Customer's name"),
                         hint=self.tr("needed for a new customer")),
                   Field("minutes", self.tr("Minutes"), self._ttl())],
                  lambda s, v: claims.hold(s, self.ctx.actor, p, code, customer_phone=v["phone"],
                                           customer_name=v["customer_name"],
                                           minutes=_int(v["minutes"], "minutes")),
                  ok=self.tr("Hold"))

    def do_extend(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Extend the hold on %1").replace("%1", code), "",
                  [Field("minutes", self.tr("Minutes from now"), self._ttl())],
                  lambda s, v: claims.extend(s, self.ctx.actor, p, code,
                                             _int(v["minutes"], "minutes")))

    def do_release(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Release %1").replace("%1", code), "",
                  [Field("reason", self.tr("Reason (optional)"))],
                  lambda s, v: claims.release(s, self.ctx.actor, p, code, v["reason"]))

    def do_subscribe(self) -> None:
        u = self.unit
        assert u is not None
        p, code = self.project_id, self.code
        with self.ctx.db.read() as s:
            days = settings.get(s, "subscription.sign_within_days")
        from datetime import date

        phone = national(u.customer_phone) if u.customer_phone else ""
        price = u.agreed_price if u.status == "held" else u.list_price
        self._run(
            self.tr("Subscription for %1").replace("%1", code),
            self.tr("The agreed price may not be below the floor price; a discount past the "
                    "limit needs a manager."),
            [Field("phone", self.tr("Customer's mobile"), phone),
             Field("customer_name", self.tr("Customer's name"), u.customer or ""),
             Field("agreed_price", self.tr("Agreed total price (¥)"), price or ""),
             Field("deposit", self.tr("Deposit (¥)"), 50000),
             Field("payment_method", self.tr("Payment"), "mortgage", "choice",
                   [(pick(*claims.PAYMENT_NAMES[m]), m) for m in claims.PAYMENT_METHODS]),
             Field("id_number", self.tr("Buyer's ID number"), hint=self.tr("18 characters")),
             Field("sign_by", self.tr("Sign by"), date.today() + timedelta(days=days), "date")],
            lambda s, v: claims.subscribe(
                s, self.ctx.actor, p, code, customer_phone=v["phone"],
                customer_name=v["customer_name"], deposit=v["deposit"],
                agreed_price=v["agreed_price"], sign_by=v["sign_by"],
                payment_method=v["payment_method"], approval=v["approval"],
                hold_id=u.claim_id if u.status == "held" else None, id_number=v["id_number"]),
            approval="optional", ok=self.tr("Subscribe"))

    def do_contract(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Sign the contract for %1").replace("%1", code),
                  self.tr("The contract takes the next number of this project and year."), [],
                  lambda s, v: claims.contract(s, self.ctx.actor, p, code),
                  ok=self.tr("Sign"))

    def do_cancel(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Cancel the deal on %1").replace("%1", code),
                  self.tr("The unit goes back on sale. A manager approves."),
                  [Field("reason", self.tr("Reason"))],
                  lambda s, v: claims.cancel(s, self.ctx.actor, p, code, reason=v["reason"],
                                             approval=v["approval"]), approval="required")

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
                                                  approval=v["approval"]),
                  approval="required")

    def do_rename(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Rename the buyer of %1").replace("%1", code), "",
                  [Field("phone", self.tr("New buyer's mobile")),
                   Field("customer_name", self.tr("New buyer's name")),
                   Field("reason", self.tr("Reason"))],
                  lambda s, v: claims.rename(s, self.ctx.actor, p, code,
                                             customer_phone=v["phone"],
                                             customer_name=v["customer_name"],
                                             reason=v["reason"], approval=v["approval"]),
                  approval="required")

    def do_withhold(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Withhold %1 from sale").replace("%1", code), "",
                  [Field("reason", self.tr("Reason"))],
                  lambda s, v: units.withhold(s, self.ctx.actor, p, code, v["reason"]))

    def do_unwithhold(self) -> None:
        p, code = self.project_id, self.code
        self._run(self.tr("Put %1 back on sale").replace("%1", code), "",
                  [Field("reason", self.tr("Reason"))],
                  lambda s, v: units.unwithhold(s, self.ctx.actor, p, code, v["reason"]))


def _int(text: str, field: str) -> int:
    from desk.core.errors import InvalidInput

    try:
        return int(str(text).strip())
    except ValueError:
        raise InvalidInput("请填写整数分钟数。", "Enter whole minutes.", field=field) from None

