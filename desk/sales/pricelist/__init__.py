"""Importing a price list (一房一价) from .xlsx or .csv: all rows or none.

`preview` reads and checks the file and says what an import would do, writing
nothing; `import_file` does it, refusing the whole file when any row is bad.
"""

from __future__ import annotations

from pathlib import Path

from desk.admin.auth import Actor, require
from desk.core.errors import DeskError
from desk.core.uow import UnitOfWork
from desk.models import Project
from desk.sales.price_rules import PriceRule
from desk.sales.pricelist.columns import FIELDS, IGNORE, RowError, map_columns
from desk.sales.pricelist.plan import BuildingShape, ImportPlan, read_plan
from desk.sales.pricelist.rows import ParsedUnit
from desk.sales.pricelist.write import ImportReport, apply, compare, store_rule

__all__ = ["FIELDS", "IGNORE", "BuildingShape", "ImportPlan", "ImportRefused", "ImportReport",
           "ParsedUnit", "RowError", "apply", "import_file", "map_columns", "preview"]


class ImportRefused(DeskError):
    """The file has bad rows (or none); nothing was imported. `report` is the plan,
    whose `errors` list them."""

    exit_code = 2

    def __init__(self, plan: ImportPlan) -> None:
        n = plan.error_count
        if not plan.units and n <= 1 and plan.errors:
            e = plan.errors[0]
            super().__init__(f"{e.zh}，未导入任何数据。",
                             f"{e.en[:1].upper()}{e.en[1:]}; nothing was imported.")
        else:
            super().__init__(f"价目表有 {n} 行错误，未导入任何数据。",
                             f"The price list has {n} bad row(s); nothing was imported.")
        self.report = plan


def _stored_rule(uow: UnitOfWork, project_id: int | None) -> PriceRule | None:
    project = uow.get(Project, project_id) if project_id is not None else None
    return PriceRule(project.price_rule) if project is not None and project.price_rule else None


def preview(uow: UnitOfWork, actor: Actor, project_id: int | None, path: Path,
            overrides: dict[str, str] | None = None) -> ImportPlan:
    """What importing `path` into the project would do; writes nothing."""
    require(actor, "units.import")
    plan = read_plan(Path(path), overrides, _stored_rule(uow, project_id))
    plan.new, plan.repriced, plan.unchanged, plan.claimed = compare(uow, project_id, plan.units)
    return plan


def import_file(uow: UnitOfWork, actor: Actor, project_id: int, path: Path,
                overrides: dict[str, str] | None = None) -> ImportReport:
    require(actor, "units.import")
    plan = read_plan(Path(path), overrides, _stored_rule(uow, project_id))
    if not plan.ok:
        raise ImportRefused(plan)
    report = ImportReport(rows=plan.rows, columns=plan.columns,
                          rule=None if plan.rule is None else plan.rule.value)
    apply(uow, actor, project_id, plan.units, report)
    store_rule(uow, project_id, report.rule)
    return report
