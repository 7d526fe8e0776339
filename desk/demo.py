"""Demo data: a realistic showroom to try the application with.

Every demo account has the password DEMO_PASSWORD (README.md lists them).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk import auth, projects

DEMO_PASSWORD = "demo123"
DEMO_PROJECT = "翠湖天地"

DEMO_USERS = [
    ("admin", "系统管理员", "admin"),
    ("manager", "赵建国", "manager"),
    ("assistant", "孙晓燕", "assistant"),
    ("frontdesk", "王小丽", "front_desk"),
    ("lina", "李娜", "sales_rep"),
    ("zhangwei", "张伟", "sales_rep"),
    ("wangfang", "王芳", "sales_rep"),
    ("liuyang", "刘洋", "sales_rep"),
    ("chenjing", "陈静", "sales_rep"),
    ("yangfan", "杨帆", "sales_rep"),
]


def is_empty(session: Session) -> bool:
    return projects.needs_setup(session) and projects.count_projects(session) == 0


def load(session: Session) -> None:
    """Fill an empty database with the demo showroom (one transaction)."""
    from desk.errors import Conflict

    if not is_empty(session):
        raise Conflict(
            "数据库里已有数据，演示数据只能装入空数据库。",
            "The database has data already: demo data goes into an empty database only.",
        )
    for login, name, role in DEMO_USERS:
        auth.create_user(session, None, login, name, role, DEMO_PASSWORD)
    projects.create_project(
        session, None, DEMO_PROJECT, "深圳市翠湖置业有限公司", "深房许字（2026）南山018号",
        "深圳市南山区翠湖路 88 号",
    )
