"""Moving in from Excel: customers kept in a spreadsheet, merged by phone, all
rows or none."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select

from desk.admin import settings
from desk.admin.auth import Actor, require
from desk.core import bounds
from desk.core.changes import ChangeKind
from desk.core.errors import DeskError, InvalidInput, pick
from desk.core.phones import normalize_mobile
from desk.core.spreadsheet import norm_heading, read_sheet
from desk.core.uow import UnitOfWork
from desk.customers import customers
from desk.models import Customer, User, Visit
from desk.models.enums import ContactKind, Role, VisitKind
from desk.sales.pricelist import RowError
from desk.visitors.visitors import count_visit

FIELDS = {
    "name": ["姓名", "客户姓名", "客户", "name"],
    "phone": ["手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile"],
    "source": ["来源", "渠道", "来访渠道", "客户来源", "source"],
    "grade": ["意向", "意向等级", "等级", "grade"],
    "rep": ["置业顾问", "销售", "归属", "顾问", "rep"],
    "first_visit": ["首访日期", "来访日期", "首次来访", "日期", "firstvisit", "date"],
    "notes": ["备注", "说明", "notes"],
}
_LOOKUP = {norm_heading(n): f for f, names in FIELDS.items() for n in names}


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    merged: int = 0
    errors: list[RowError] = field(default_factory=list)

    def summary(self) -> str:
        return pick(f"共 {self.rows} 行：新客户 {self.created}，按手机号合并 {self.merged}",
                    f"{self.rows} rows: {self.created} new customers, {self.merged} merged by phone")


class ImportRefused(DeskError):
    exit_code = 2

    def __init__(self, report: Report) -> None:
        super().__init__(f"客户表有 {len(report.errors)} 行错误，未导入任何数据。",
                         f"The customer list has {len(report.errors)} bad row(s); nothing was "
                         "imported.")
        self.report = report


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?", text)
    if not m:
        raise ValueError(text)
    return date(int(m[1]), int(m[2]), int(m[3]))


def import_file(uow: UnitOfWork, actor: Actor, path: Path) -> Report:
    require(actor, "visitors.register")
    headings, rows = read_sheet(Path(path))
    mapping = {}
    for i, h in enumerate(headings):
        f = _LOOKUP.get(norm_heading(h))
        if f and f not in mapping:
            mapping[f] = i
    report = Report(rows=len(rows))
    for need in ("name", "phone"):
        if need not in mapping:
            report.errors.append(RowError(1, None, f"找不到“{FIELDS[need][0]}”列",
                                          f"no '{need}' column"))
    if report.errors:
        raise ImportRefused(report)
    reps = {u.login: u for u in uow.execute(select(User)).scalars()}
    reps.update({u.name: u for u in list(reps.values())})
    sources = settings.get(uow, "visitors.sources")
    parsed = []
    seen: dict[str, int] = {}
    for n, cells in rows:
        def get(f: str, cells: list[str] = cells) -> str:
            i = mapping.get(f)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        def bad(zh: str, en: str, n: int = n) -> None:
            report.errors.append(RowError(n, None, zh, en))

        name = get("name")
        if not name:
            bad("缺少姓名", "name missing")
            continue
        try:
            bounds.text(name, Customer.name, "姓名", "name")
            bounds.text(get("notes"), Customer.notes, "备注", "notes", multiline=True)
        except InvalidInput as e:
            bad(e.zh, e.en)
            continue
        try:
            phone = normalize_mobile(get("phone"))
        except InvalidInput as e:
            bad(e.zh, e.en)
            continue
        if phone in seen:
            bad(f"手机号与第 {seen[phone]} 行重复", f"same phone as row {seen[phone]}")
            continue
        seen[phone] = n
        grade = get("grade").upper()[:1]
        if grade and grade not in "ABC":
            bad(f"意向等级“{get('grade')}”应为 A、B 或 C", f"grade '{get('grade')}' is not A, B or C")
            continue
        rep = reps.get(get("rep")) if get("rep") else None
        if get("rep") and (rep is None or rep.role not in (Role.SALES_REP, Role.MANAGER)):
            bad(f"没有名为“{get('rep')}”的置业顾问", f"no sales rep '{get('rep')}'")
            continue
        try:
            first = _date(get("first_visit"))
        except ValueError:
            bad(f"日期“{get('first_visit')[:20]}”应为 年-月-日",
                f"date '{get('first_visit')[:20]}' is not YYYY-MM-DD")
            continue
        if first is not None and not bounds.DATE_MIN <= first <= min(uow.now.date(),
                                                                    bounds.DATE_MAX):
            bad(f"首访日期 {first} 不在 {bounds.DATE_MIN.year} 年到今天之间",
                f"first visit {first} is not between {bounds.DATE_MIN.year} and today")
            continue
        source = get("source")
        parsed.append((name, phone, source if source in sources else (source and "其他"),
                       grade, rep, first, get("notes")))
    if report.errors:
        raise ImportRefused(report)
    now = uow.now
    days = settings.get(uow, "ownership.visit_days")
    for name, phone, source, grade, rep, first, notes in parsed:
        c = uow.execute(select(Customer).where(Customer.phone == phone)).scalar_one_or_none()
        if c is None:
            c = Customer(created_at=now, consent_at=None)
            customers.set_identity(c, name, phone)
            uow.add(c)
            report.created += 1
        else:
            report.merged += 1
        c.source = c.source or source or ""
        c.grade = c.grade or grade
        if notes and notes not in (c.notes or ""):
            c.notes = (c.notes + "\n" if c.notes else "") + notes
        uow.flush()
        if rep is not None and c.owner_id is None:
            c.owner_id = rep.id
            visited = datetime.combine(first, time(10)) if first else now
            c.owner_until = visited + timedelta(days=days)
        if first is not None and rep is not None:
            at = datetime.combine(first, time(10))
            uow.add(Visit(customer_id=c.id, kind=ContactKind.VISIT, visit_kind=VisitKind.FIRST, rep_id=rep.id,
                              at=at, source=c.source, grade=c.grade,
                              notes=pick("从 Excel 导入", "imported from Excel"),
                              created_by=actor.id))
            count_visit(c, at)
    uow.record(ChangeKind.VISITORS, "import")
    return report
