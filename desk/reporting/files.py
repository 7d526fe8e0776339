"""Writing an exported file whole or not at all: a half-written spreadsheet
left under the name a manager expects would be worse than none."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from desk.core.errors import InvalidInput


def _refused(zh: str, en: str) -> InvalidInput:
    return InvalidInput(zh, en, field="path")


def check(path: Path) -> Path:
    """The path to write, or InvalidInput naming what is wrong with it."""
    shown = str(path)[:120]
    if not str(path).strip():
        raise _refused("请给出文件名。", "Give a file name.")
    try:
        folder, parent = path.is_dir(), path.parent.is_dir()
    except OSError as e:  # a name too long for the file system
        raise _refused(f"无法写入 {shown}（{e.strerror}）。",
                       f"Cannot write {shown} ({e.strerror}).") from None
    if folder:
        raise _refused(f"{shown} 是文件夹，请给出文件名。", f"{shown} is a folder: give a file name.")
    if path.name in ("", ".", ".."):
        raise _refused("请给出文件名。", "Give a file name.")
    if not parent:
        raise _refused(f"文件夹 {str(path.parent)[:120]} 不存在。",
                       f"The folder {str(path.parent)[:120]} does not exist.")
    return path


def named(text: str) -> Path:
    """`check` of a name as typed: an empty one is no name (Path("") means ".")."""
    if not text.strip():
        raise _refused("请给出文件名。", "Give a file name.")
    return check(Path(text))


def write_atomically(path: Path, fill: Callable[[Path], None]) -> None:
    """`fill` writes a temporary file beside `path`, which then replaces `path`
    in one step."""
    path = check(Path(path))
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".desk-", suffix=".tmp")
    except OSError as e:
        raise _refused(f"无法在 {str(path.parent)[:120]} 写文件（{e.strerror}）。",
                       f"Cannot write a file in {str(path.parent)[:120]} ({e.strerror}).") from None
    os.close(fd)
    try:
        fill(Path(temp))
        os.replace(temp, path)
    except OSError as e:
        raise _refused(f"无法写入 {str(path)[:120]}（{e.strerror}）。",
                       f"Cannot write {str(path)[:120]} ({e.strerror}).") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
