"""Extract the UI strings into resources/i18n/desk_zh_CN.ts and compile the .qm.

New strings arrive marked unfinished; translate them (Qt Linguist or an editor)
and run this again. tests/test_i18n.py fails while any string is untranslated.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "desk_zh_CN.ts"
QM = TS.with_suffix(".qm")


def sources() -> list[Path]:
    return sorted([*(ROOT / "desk" / "ui").rglob("*.py"), ROOT / "desk" / "app.py"])


def tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def lupdate(ts: Path) -> None:
    subprocess.run([tool("pyside6-lupdate"), *map(str, sources()), "-no-obsolete",
                    "-locations", "none", "-ts", str(ts)], check=True, capture_output=True)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True,
                   capture_output=True)


def main() -> int:
    TS.parent.mkdir(parents=True, exist_ok=True)
    lupdate(TS)
    lrelease(TS, QM)
    text = TS.read_text(encoding="utf-8")
    missing = text.count('type="unfinished"')
    print(f"{TS.relative_to(ROOT)}: {missing} string(s) to translate")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
