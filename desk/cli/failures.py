"""What `desk` says when a command fails: one line, and an exit code that tells
a script what kind of failure it was (see the README's exit codes).

Services refuse bad input themselves (DeskError). What is left are failures
from below them: a database address that is not one, a server that cannot be
reached, a file that cannot be written. Each becomes the refusal a user can
act on. Anything else is a bug: its traceback goes to the log, not the screen.
"""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from desk.cli.output import clean
from desk.core.errors import ConfigurationError, DeskError, InvalidInput, Unavailable

INTERNAL_EXIT = 1


def bad_address(exc: BaseException, url: str | None) -> ConfigurationError:
    """The database named by --db (or DESK_DATABASE_URL) cannot even be opened:
    not a URL, an unknown kind of database, a folder that cannot be made."""
    what = f"（{exc.strerror}）" if isinstance(exc, OSError) and exc.strerror else ""
    what_en = f" ({exc.strerror})" if isinstance(exc, OSError) and exc.strerror else ""
    shown = f" {_without_password(url)} " if url else ""
    return ConfigurationError(
        f"数据库地址{shown}无法使用{what}：应为 sqlite:///文件路径 或 "
        "postgresql://用户@服务器/数据库。",
        f"The database address{shown.rstrip()} cannot be used{what_en}: it should be "
        "sqlite:///path/to/file or postgresql://user@server/database.")


def _without_password(url: str) -> str:
    """The address as it may be shown: never with its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not even a URL: show its scheme only
        return url.split(":", 1)[0][:20] + ":…" if ":" in url else "…"


def opening_failed(exc: BaseException) -> bool:
    """Whether `exc`, raised while the database object was made, means the
    address is wrong rather than a bug."""
    return isinstance(exc, ArgumentError | NoSuchModuleError | ValueError | ImportError
                      | OSError)


def refusal(exc: BaseException) -> DeskError | None:
    """The refusal to show for `exc`; None: an internal error."""
    if isinstance(exc, DeskError):
        return exc
    from desk.core.db import unreachable

    gone = unreachable(exc)
    if gone is not None:
        return gone
    if isinstance(exc, DBAPIError):
        return _database_refusal(exc)
    if isinstance(exc, ArgumentError | NoSuchModuleError):
        return bad_address(exc, None)
    if isinstance(exc, OSError):
        return _file_refusal(exc)
    if isinstance(exc, OverflowError):  # an integer no database column holds
        return InvalidInput("数字太大。", "A number is too large.")
    return None


def _database_refusal(exc: DBAPIError) -> DeskError | None:
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        text = str(orig)
        if "locked" in text or "busy" in text:
            return Unavailable("数据库正被另一个程序占用，请稍后再试。",
                               "The database is busy in another program; try again shortly.")
        if "unable to open" in text:
            return ConfigurationError("无法打开数据库文件：请检查路径（不能是文件夹）和权限。",
                                      "The database file cannot be opened: check the path (not "
                                      "a folder) and its permissions.")
        return None
    if isinstance(orig, sqlite3.DatabaseError) and "not a database" in str(orig):
        return ConfigurationError("这个文件不是 Showroom Desk 的数据库。",
                                  "This file is not a Showroom Desk database.")
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg ships with the application
        return None
    if isinstance(orig, psycopg.DataError):
        # The services check lengths and ranges first; this is the last guard.
        return InvalidInput("有一项输入太长或超出范围，数据库不能保存。",
                            "A value is too long or out of range for the database.")
    if isinstance(orig, psycopg.OperationalError) and orig.sqlstate in ("28P01", "28000", "3D000"):
        return ConfigurationError("数据库服务器拒绝了连接（用户、密码或数据库名不对）。",
                                  "The database server refused the connection (wrong user, "
                                  "password or database name).")
    return None


def _file_refusal(exc: OSError) -> InvalidInput:
    name = exc.filename if isinstance(exc.filename, str) else ""
    reason = exc.strerror or exc.__class__.__name__
    where = f" {Path(name)}" if name else ""
    return InvalidInput(f"无法读写文件{where}：{reason}", f"Cannot read or write{where}: {reason}")


def internal_error(exc: BaseException) -> int:
    """A bug: the traceback to the log, one line to the user."""
    from desk.core import logsetup

    try:
        path: Path | str = logsetup.setup_logging()
        logging.getLogger("desk.cli").error("internal error", exc_info=exc)
    except Exception:  # no log folder either: say so, still in one line
        path = "-"
    say(f"内部错误，详情已写入日志 {path}" if _zh() else
        f"Internal error; the details are in the log {path}")
    return INTERNAL_EXIT


def say(message: str) -> None:
    """The one line a failed command prints on stderr."""
    sys.stderr.write(f"desk: {clean(message)}\n")


def _zh() -> bool:
    from desk.core.errors import language

    return language() != "en"
