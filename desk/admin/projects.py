"""The project being sold and the first-run set-up."""

from __future__ import annotations

from sqlalchemy import func, select

from desk.admin import auth
from desk.admin.auth import Actor, require
from desk.core import bounds
from desk.core.changes import ChangeKind
from desk.core.errors import Conflict, FieldErrors, InvalidInput, NotFound
from desk.core.uow import UnitOfWork
from desk.models import Project
from desk.models.enums import Role


def needs_setup(uow: UnitOfWork) -> bool:
    """An empty database: no account yet, so there is nobody to log in as."""
    return auth.count_users(uow) == 0


def _check_project_fields(name: str, seller: str, permit: str) -> None:
    errors: dict[str, InvalidInput] = {}
    if not name.strip():
        errors["project_name"] = InvalidInput(
            "请填写项目名称。", "Enter the project's name.", field="project_name"
        )
    if not seller.strip():
        errors["seller"] = InvalidInput(
            "请填写出卖人（开发企业）名称。", "Enter the seller (developer).", field="seller"
        )
    if not permit.strip():
        errors["presale_permit"] = InvalidInput(
            "请填写预售许可证号。", "Enter the presale permit number.", field="presale_permit"
        )
    for column, value, field, zh, en in (
            (Project.name, name, "project_name", "项目名称", "project name"),
            (Project.seller, seller, "seller", "出卖人", "seller"),
            (Project.presale_permit, permit, "presale_permit", "预售许可证号", "presale permit")):
        try:
            bounds.text(value, column, zh, en, field=field)
        except InvalidInput as e:
            errors.setdefault(field, e)
    if errors:
        raise FieldErrors(dict(errors))


def initial_setup(
    uow: UnitOfWork,
    *,
    admin_login: str,
    admin_name: str,
    admin_password: str,
    project_name: str,
    seller: str,
    presale_permit: str,
    address: str = "",
) -> Actor:
    """Create the administrator and the project on an empty database."""
    if not needs_setup(uow):
        raise Conflict("数据库已经初始化过。", "The database is already set up.")
    _check_project_fields(project_name, seller, presale_permit)
    admin = auth.create_user(uow, None, admin_login, admin_name, Role.ADMIN, admin_password)
    create_project(uow, None, project_name, seller, presale_permit, address)
    return auth.actor_of(admin)


def create_project(
    uow: UnitOfWork, actor: Actor | None, name: str, seller: str, permit: str, address: str = ""
) -> Project:
    if actor is not None:
        require(actor, "project.manage")
    _check_project_fields(name, seller, permit)
    address = bounds.text(address, Project.address, "地址", "address", field="address")
    if uow.execute(select(Project.id).where(Project.name == name.strip())).first():
        raise Conflict(f"项目 {name} 已存在。", f"Project {name} exists already.",
                       field="project_name")
    project = Project(
        name=name.strip(), seller=seller.strip(), presale_permit=permit.strip(),
        address=address.strip(), created_at=uow.now,
    )
    uow.add(project)
    uow.flush()
    uow.record(ChangeKind.PROJECT, project.id)
    return project


def update_project(
    uow: UnitOfWork, actor: Actor, project_id: int, *, name: str, seller: str, permit: str,
    address: str,
) -> None:
    require(actor, "project.manage")
    _check_project_fields(name, seller, permit)
    address = bounds.text(address, Project.address, "地址", "address", field="address")
    project = uow.get(Project, project_id)
    if project is None:
        raise NotFound("项目不存在。", "No such project.")
    project.name, project.seller = name.strip(), seller.strip()
    project.presale_permit, project.address = permit.strip(), address.strip()
    uow.record(ChangeKind.PROJECT, project.id)


def list_projects(uow: UnitOfWork) -> list[Project]:
    return list(uow.execute(select(Project).order_by(Project.id)).scalars())


def count_projects(uow: UnitOfWork) -> int:
    return uow.execute(select(func.count(Project.id))).scalar_one()


def find_project(uow: UnitOfWork, name: str | None) -> Project:
    """The named project, or the only one when no name is given."""
    if name:
        project = uow.execute(select(Project).where(Project.name == name)).scalar_one_or_none()
        if project is None:
            known = [p.name for p in list_projects(uow)]
            raise NotFound(
                f"没有名为 {name} 的项目（现有：{'、'.join(known) or '无'}）。",
                f"No project named {name} (there are: {', '.join(known) or 'none'}).",
                field="project")
        return project
    projects = list_projects(uow)
    if not projects:
        raise NotFound("还没有项目，请先初始化。", "There is no project yet: set one up first.")
    if len(projects) > 1:
        names = "、".join(p.name for p in projects)
        raise InvalidInput(
            f"有多个项目（{names}），请用 --project 指定。",
            f"There are several projects ({', '.join(p.name for p in projects)}): name one "
            "with --project.",
        )
    return projects[0]
