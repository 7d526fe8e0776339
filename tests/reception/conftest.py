"""The reception tests' showroom: a front desk, a manager and four reps, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from desk.admin import auth
from desk.core.db import Database


@pytest.fixture
def desk(any_db: Database) -> Database:
    with any_db.begin() as s:
        for login, name, role in [("frontdesk", "王小丽", "front_desk"),
                                  ("manager", "赵建国", "manager"),
                                  ("lina", "李娜", "sales_rep"), ("zhangwei", "张伟", "sales_rep"),
                                  ("wangfang", "王芳", "sales_rep"), ("liuyang", "刘洋", "sales_rep")]:
            auth.create_user(s, None, login, name, role, "secret1")
    return any_db
