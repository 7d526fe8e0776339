"""What a command loads and does before it runs: `desk` alone starts the GUI
without the commands' modules; a command on a database with nothing to upkeep
loads no sales service; a hold that ran out is still recorded first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

from sqlalchemy import text

from desk.core.db import Database
from tests.cli.test_cli import run

HEAVY = ("sqlalchemy", "desk.models", "desk.cli.units", "desk.sales.claims")


def _python(code: str, db_url: str = "") -> str:
    env = dict(os.environ, DESK_DATABASE_URL=db_url) if db_url else None
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_desk_alone_starts_the_gui_without_loading_the_commands() -> None:
    out = _python(
        "import sys, desk.app\n"
        f"heavy = {HEAVY!r}\n"
        "desk.app.main = lambda db_url, lang: print(db_url, lang,"
        " [m for m in heavy if m in sys.modules]) or 0\n"
        "from desk.cli.main import main\n"
        "sys.exit(main(['--db', 'x.sqlite3', '--lang', 'en']))\n")
    assert out == "x.sqlite3 en []"


def test_desk_alone_with_a_mistake_is_refused_as_before() -> None:
    for args, message in ((["--lang", "fr"], "'fr'"), (["--bogus"], "--bogus")):
        proc = subprocess.run([sys.executable, "-m", "desk", *args], capture_output=True,
                              text=True, timeout=120, check=False)
        assert proc.returncode == 2
        assert proc.stderr.startswith("desk: ") and message in proc.stderr
        assert proc.stderr.count("\n") == 1


def test_a_command_with_nothing_to_upkeep_loads_no_sales_service(staff_db: Database) -> None:
    out = _python(
        "import sys, io, contextlib\n"
        "from desk.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['units', 'list', '--json']) == 0\n"
        "print(sorted(m for m in ('desk.sales.claims', 'desk.sales.payments')"
        " if m in sys.modules))\n", staff_db.url)
    assert out == "[]"


def test_a_hold_that_ran_out_is_recorded_before_the_command(any_db: Database) -> None:
    run(any_db.url, "demo")
    with any_db.engine.begin() as c:
        held = c.execute(text("UPDATE claims SET expires_at = :past WHERE kind = 'hold' "
                              "AND state = 'active'"), {"past": datetime(2020, 1, 1)}).rowcount
        before = c.execute(text("SELECT count(*) FROM unit_events WHERE action = 'expire'"))
        expired_before = before.scalar_one()
    assert held > 0
    rows = json.loads(run(any_db.url, "units", "list", "--json").stdout)
    assert not [r for r in rows if r["status"] == "held"]
    with any_db.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM claims WHERE kind = 'hold' "
                              "AND state = 'active'")).scalar_one() == 0
        assert c.execute(text("SELECT count(*) FROM unit_events WHERE action = 'expire'")
                         ).scalar_one() == expired_before + held
