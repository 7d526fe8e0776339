"""Fixtures shared by the sales tests."""

from __future__ import annotations

import pytest

from desk.core.db import Database


@pytest.fixture
def showroom(any_db: Database) -> Database:
    """The demo showroom's units and people, without the demo deals, on both databases."""
    from desk.admin import auth, projects
    from desk.demo import showroom as demo

    with any_db.begin() as s:
        for login, name, role in demo.DEMO_USERS:
            auth.create_user(s, None, login, name, role, demo.DEMO_PASSWORD)
        p = projects.create_project(s, None, "翠湖天地", "翠湖置业", "深房许字（2026）1号")
        demo.load_units(s, p.id)
    return any_db
