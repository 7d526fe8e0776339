"""Every UI string has a Chinese translation, and the compiled catalogue is current."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from tools import i18n


def test_every_ui_string_is_translated_to_chinese(tmp_path: Path) -> None:
    ts = tmp_path / "desk_zh_CN.ts"
    shutil.copy(i18n.TS, ts)
    i18n.lupdate(ts)  # adds any string the sources have and the catalogue lacks
    untranslated = [
        m.findtext("source")
        for m in ET.parse(ts).iter("message")
        if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")
    ]
    assert untranslated == [], f"run `make i18n` and translate: {untranslated}"


def test_compiled_catalogue_matches_the_ts_file(tmp_path: Path) -> None:
    qm = tmp_path / "desk_zh_CN.qm"
    i18n.lrelease(i18n.TS, qm)
    assert qm.read_bytes() == i18n.QM.read_bytes(), "run `make i18n` to recompile the .qm"
