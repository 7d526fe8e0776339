"""Extract the UI strings into resources/i18n/desk_zh_CN.ts and compile the .qm.

New strings arrive marked unfinished; translate them (Qt Linguist or an editor)
and run this again. tests/test_i18n.py fails while any string is untranslated.

`python -m tools.i18n --fill FILE.tsv ...` also fills unfinished strings from
tab-separated lines `source<TAB>translation` (or `context<TAB>source<TAB>translation`
where one English word needs different Chinese in two places).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "desk_zh_CN.ts"
QM = TS.with_suffix(".qm")
# Hand-kept translations of Qt's own dialogs where Qt's catalogue has gaps.
QT_EXTRA_TS = TS.with_name("qtextra_zh_CN.ts")


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


def read_tsv(paths: list[Path]) -> dict[tuple[str, str], str]:
    """(context, source) -> translation; context "" matches any context."""
    table: dict[tuple[str, str], str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = line.split("\t")
            if len(cells) == 2:
                table[("", cells[0])] = cells[1]
            elif len(cells) == 3:
                table[(cells[0], cells[1])] = cells[2]
    return table


def fill(ts: Path, table: dict[tuple[str, str], str]) -> int:
    """Translate unfinished messages found in the table; returns how many."""
    tree = ET.parse(ts)
    done = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            source = message.findtext("source") or ""
            if translation is None or translation.get("type") != "unfinished":
                continue
            text = table.get((name, source), table.get(("", source)))
            if text:
                translation.text = text
                del translation.attrib["type"]
                done += 1
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
                  encoding="utf-8")
    return done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fill", nargs="*", type=Path, default=[],
                        help="TSV files of translations for unfinished strings")
    args = parser.parse_args()
    TS.parent.mkdir(parents=True, exist_ok=True)
    lupdate(TS)
    if args.fill:
        print(f"filled {fill(TS, read_tsv(args.fill))} string(s)")
        lupdate(TS)  # back to lupdate's own formatting
    lrelease(TS, QM)
    lrelease(QT_EXTRA_TS, QT_EXTRA_TS.with_suffix(".qm"))
    text = TS.read_text(encoding="utf-8")
    missing = text.count('type="unfinished"')
    print(f"{TS.relative_to(ROOT)}: {missing} string(s) to translate")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
