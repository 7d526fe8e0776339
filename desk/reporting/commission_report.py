"""The commission report (佣金): each month's statement the period touches, as
desk.sales.commission computes it (open months) or the ledger holds it (confirmed
ones). A sales rep gets only their own lines; the amounts need commission.view
otherwise. The total row sums the commission; a deal's amount repeats on each of
its lines, so it has no sum."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from desk.admin.permissions import Actor
from desk.core import labels
from desk.core.errors import pick
from desk.core.uow import UnitOfWork
from desk.reporting.model import Column, Kind, Report, Table, Value
from desk.reporting.periods import Period
from desk.sales import commission

COLUMNS = [
    Column("rep", "置业顾问", "Rep", Kind.TEXT),
    Column("deal", "成交编号", "Deal", Kind.COUNT),
    Column("unit", "房号", "Unit", Kind.TEXT),
    Column("customer", "客户", "Customer", Kind.TEXT),
    Column("deal_amount", "成交金额", "Deal amount", Kind.MONEY),
    Column("share", "份额", "Share", Kind.PERCENT),
    Column("rule", "分配规则", "Rule", Kind.TEXT),
    Column("commission", "佣金", "Commission", Kind.MONEY),
    Column("entry", "类型", "Entry", Kind.TEXT),
    Column("confirmed", "状态", "Status", Kind.TEXT),
]


def months(period: Period) -> list[date]:
    """The first day of each month the period touches."""
    out, m = [], period.start.replace(day=1)
    while m <= period.end:
        out.append(m)
        m = next_month(m)
    return out


def next_month(m: date) -> date:
    return date(m.year + m.month // 12, m.month % 12 + 1, 1)


def share_of(bp: int) -> Decimal:
    return (Decimal(bp) / 10_000).quantize(Decimal("0.0001"))


def rule_text(line: commission.Line) -> str:
    """The rule in words, with the manager's reason where there is one."""
    text = labels.label(line.rule)
    return pick(f"{text}：{line.reason}", f"{text}: {line.reason}") if line.reason else text


def row(line: commission.Line) -> tuple[Value, ...]:
    return (line.rep, line.deal_id, line.unit, line.customer, line.deal_amount,
            share_of(line.share), rule_text(line), line.amount, labels.label(line.kind),
            pick("已确认", "confirmed") if line.confirmed else pick("未确认", "not confirmed"))


def build(uow: UnitOfWork, actor: Actor, period: Period, rep_id: int | None = None) -> Report:
    ms = months(period)
    table = Table("statement", "佣金明细", "Commission statement", COLUMNS)
    total = Decimal("0.00")
    for m in ms:
        st = commission.statement(uow, actor, m, rep_id)
        table.rows += [row(line) for line in st.lines]
        total += st.total
    table.total = (pick("合计", "Total"), None, None, None, None, None, None, total, None, None)
    end = next_month(ms[-1]) - timedelta(days=1)
    return Report("commission", "佣金", "Commission", ms[0], end, [table])
