"""Run every benchmark section (or those named) and print one line per figure,
then one table of the figures measured at several sizes (bench.common.scaling)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from bench import (
        daily,
        load,
        pricelist,
        printing,
        reports,
        rotation,
        sales,
        startup,
        storm,
        visitors,
    )
    from bench.common import scaling_table

    sections = [startup, sales, pricelist, rotation, visitors, printing, reports, daily, storm,
                load]
    wanted = set(sys.argv[1:])
    results = []
    for section in sections:
        name = section.__name__.split(".")[-1]
        if wanted and name not in wanted:
            continue
        print(f"== {name}")
        results.extend(section.run())
    table = scaling_table(results)
    if table:
        print("== scaling (each size against the first)")
        print("\n".join(table))
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
