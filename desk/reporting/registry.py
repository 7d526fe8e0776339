"""The reports by name, as the screen and `desk report NAME` offer them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desk.admin.permissions import Actor
from desk.core.uow import UnitOfWork
from desk.reporting.model import Report
from desk.reporting.periods import Period

# build(uow, actor, period, rep_id): rep_id narrows to one rep; a sales rep
# always gets their own figures whatever is asked.
Builder = Callable[[UnitOfWork, Actor, Period, "int | None"], Report]


@dataclass(frozen=True)
class Entry:
    name: str
    zh: str
    en: str
    build: Builder


def reports() -> dict[str, Entry]:
    """Imported on first use: the report modules are not on the start-up path."""
    entries: list[Entry] = []
    from desk.reporting import diary, inventory, sources

    entries.append(Entry("daily", "销售日报", "Sales diary", diary.build))
    entries.append(Entry("sources", "来源渠道", "Sources", sources.build))
    entries.append(Entry("inventory", "房源去化", "Inventory and sell-through", inventory.build))
    from desk.reporting import collection_report, quality

    entries.append(Entry("quality", "五项质量目标", "Quality targets", quality.build))
    entries.append(Entry("collection", "回款", "Collection", collection_report.build))
    from desk.reporting import assessment

    entries.append(Entry("reps", "业绩考核", "Rep assessment", assessment.build))
    from desk.reporting import commission_report

    entries.append(Entry("commission", "佣金", "Commission", commission_report.build))
    return {e.name: e for e in entries}
