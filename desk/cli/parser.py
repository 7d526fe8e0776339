"""The argument parser of `desk` and the types of its arguments.

A wrong argument is bad input like any other: one line on stderr, exit 2, and
a message in the user's language that names the argument. Numbers and dates
are bounded here already, so a value no service could take (a date in the year
9999, a price of 1e30, minutes beyond any hold) never reaches one; the services
check the same bounds again for the GUI.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NoReturn

from desk.cli.output import clean
from desk.core import bounds
from desk.core.errors import pick

USAGE_EXIT = 2


class DeskArgumentParser(argparse.ArgumentParser):
    """argparse, but an error is one line ("desk: …", exit 2) instead of the usage
    and a message; `add_subparsers` hands the class on to every sub-command."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"desk: {clean(translate(message))}\n")
        sys.exit(USAGE_EXIT)


# argparse's own messages, in the user's language; a choice shows its value,
# not the enum's repr.
_ARGPARSE_ZH = [
    (re.compile(r"the following arguments are required: (.*)"), r"缺少必需的参数：\1"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
     r"参数 \1：\2 不是可选的值（可选：\3）"),
    (re.compile(r"argument (\S+): invalid \w+ value: (.*)"), r"参数 \1：\2 不是有效的值"),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 需要一个值"),
    (re.compile(r"unrecognized arguments: (.*)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (\S+): (.*)"), r"参数 \1：\2"),
]
_ENUM_REPR = re.compile(r"<\w+\.\w+: ('[^']*')>")


def translate(message: str) -> str:
    message = _ENUM_REPR.sub(r"\1", message)
    if pick("zh", "en") == "en":
        return message
    for pattern, zh in _ARGPARSE_ZH:
        if pattern.fullmatch(message):
            return pattern.sub(zh, message, count=1)
    return message


def undecodable(argv: Sequence[str]) -> str | None:
    """The first argument that held bytes which are not UTF-8 (Python passes them
    on as lone surrogates, which nothing can print or store), else None."""
    for arg in argv:
        if any("\udc80" <= c <= "\udcff" or "\ud800" <= c <= "\udfff" for c in arg):
            return arg
    return None


def refuse_undecodable(argv: Sequence[str]) -> None:
    """Exit 2 with one line when an argument is not UTF-8 text."""
    if undecodable(argv) is not None:
        sys.stderr.write("desk: " + pick("参数含有无法识别的字符（不是 UTF-8 文本）。",
                                         "An argument holds bytes that are not UTF-8 text.") + "\n")
        sys.exit(USAGE_EXIT)


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WHOLE = re.compile(r"[+-]?\d{1,12}")


def day(text: str) -> date:
    """YYYY-MM-DD, a real date from 2000-01-01 to 2100-12-31."""
    try:
        if not _DAY.fullmatch(text.strip()):
            raise ValueError(text)
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(pick(f"“{text[:40]}”不是日期（应为 年-月-日，如 2026-05-01）",
                                              f"'{text[:40]}' is not a date (YYYY-MM-DD, e.g. "
                                              "2026-05-01)")) from None
    if not bounds.DATE_MIN <= value <= bounds.DATE_MAX:
        raise argparse.ArgumentTypeError(pick(
            f"日期 {value} 不在 {bounds.DATE_MIN} 到 {bounds.DATE_MAX} 之间",
            f"the date {value} is not between {bounds.DATE_MIN} and {bounds.DATE_MAX}"))
    return value


def whole(low: int, high: int, zh: str, en: str) -> Callable[[str], int]:
    """A type for a whole number from `low` to `high` ("minutes", "party size" …)."""
    def parse(text: str) -> int:
        if not _WHOLE.fullmatch(text.strip()) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(pick(
                f"{zh}应为 {low} 到 {high} 之间的整数，而不是“{text[:40]}”",
                f"the {en} must be a whole number from {low} to {high}, not '{text[:40]}'"))
        return int(text)
    parse.__name__ = en
    return parse


def money(text: str) -> Decimal:
    """An amount in yuan ("1,234.50"): a finite number from 0 to bounds.MAX_TOTAL."""
    try:
        value = Decimal(text.replace(",", "").strip())
    except (InvalidOperation, ValueError):
        value = Decimal("NaN")
    if not value.is_finite() or not 0 <= value <= bounds.MAX_TOTAL:
        raise argparse.ArgumentTypeError(pick(
            f"金额应为 0 到 {bounds.MAX_TOTAL:,} 元之间的数，而不是“{text[:40]}”",
            f"an amount is a number from 0 to {bounds.MAX_TOTAL:,} yuan, not '{text[:40]}'"))
    return value


minutes = whole(1, 7 * 24 * 60, "分钟数", "minutes")
party = whole(1, 50, "来访人数", "party size")
record_id = whole(1, bounds.MAX_ID, "编号", "id")


_MONTH = re.compile(r"\d{4}-\d{2}")


def month(text: str) -> date:
    """YYYY-MM: the month's first day."""
    value = None
    if _MONTH.fullmatch(text.strip()):
        try:
            value = day(text.strip() + "-01")
        except argparse.ArgumentTypeError:
            value = None
    if value is None:
        raise argparse.ArgumentTypeError(pick(f"“{text[:40]}”不是月份（应为 年-月，如 2026-05）",
                                              f"'{text[:40]}' is not a month (YYYY-MM, e.g. 2026-05)"))
    return value
