"""Fill Vietnamese translations into workstation_vi.ts from a small table (maintainers' helper).

    .venv/bin/pyside6-lupdate workstation/ui/*.py -ts workstation/ui/translations/workstation_vi.ts -no-obsolete
    .venv/bin/python scripts/translate.py 'English source=Vietnamese text' ...

Entries given on the command line replace unfinished ones; Qt Linguist does the same by hand.
"""
from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

TS = Path(__file__).resolve().parent.parent / "workstation/ui/translations/workstation_vi.ts"


def main(pairs: list[str]) -> int:
    table = dict(p.split("=", 1) for p in pairs)
    tree = ET.parse(TS)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in table:
            translation.text = table[source]
            translation.attrib.pop("type", None)
        elif translation.get("type") == "unfinished":
            missing.append(source)
    ET.indent(tree)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print(f"still untranslated: {source}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
