"""A unit's detail: its facts, its claim, its full history, and the actions
the user's role allows in its present status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

from desk.core import labels
from desk.core.changes import ChangeKind
from desk.core.phones import national
from desk.core.timefmt import full
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models.enums import PaymentMethod, UnitAction
from desk.sales import actions, claims, units
from desk.sales.units import UnitRow
from desk.ui.common.context import Context
from desk.ui.common.operations import Changes
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
            Column(self.tr("Action"), lambda h: labels.label_of(UnitAction, h.action)),
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
        self.action_row = QHBoxLayout()  # not `actions`: that is QWidget's
        layout.addLayout(self.action_row)
        self.unit: UnitRow | None = None
        self.defaults: claims.FormDefaults | None = None
        self.loads = 0  # reads shown, for the tests
        self.buttons: dict[str, QPushButton] = {}
        ctx.ops.changes_seen.connect(self._on_changes)
        self.load()

    # --- reading ---
    def load(self) -> None:
        """Read the unit, its history and the form defaults (off the UI thread)."""
        pid, code = self.project_id, self.code

        def read(uow: UnitOfWork) -> tuple[list[UnitRow], list[units.HistoryRow],
                                           claims.FormDefaults]:
            return (units.rows(uow, pid, code=code), units.history(uow, pid, code),
                    claims.form_defaults(uow))

        self.ctx.ops.read(self, read, self._show)

    def _on_changes(self, changes: Changes) -> None:
        """Another PC (or screen) changed units: show this one as it is now."""
        refs = changes.get(ChangeKind.UNITS)
        if refs is not None and (None in refs or self.unit is None or str(self.unit.id) in refs):
            self.load()

    def _show(self, data: tuple[list[UnitRow], list[units.HistoryRow],
                                claims.FormDefaults]) -> None:
        rows, hist, self.defaults = data
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
             ok: str = "") -> bool:
        dlg = ActionDialog(self.ctx, title, intro, fields, submit, approval=approval,
                           ok_text=ok, parent=self)
        return bool(dlg.exec())

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
        sign_by = self.defaults.sign_by if self.defaults else None
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
                   labels.choices(PaymentMethod)),
             Field("id_number", self.tr("Buyer's ID number"), hint=self.tr("18 characters")),
             Field("sign_by", self.tr("Sign by"), sign_by, "date")],
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

