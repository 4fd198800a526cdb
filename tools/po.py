"""Fill and check the Japanese catalogues.

    python tools/po.py missing               # untranslated or fuzzy ja entries
    python tools/po.py fill PO < map.json    # {"msgid": "訳", ...} into PO
    python tools/po.py compile               # .po -> .mo for every catalogue
    python tools/po.py union PO OTHER        # add OTHER's entries PO lacks (merges)

msgids are English; ja catalogues must translate every one; en catalogues stay
empty (English falls back to the msgid).
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", "node_modules", ".git"}


def catalogues(language: str | None = None):
    for path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po")):
        if SKIP.intersection(path.relative_to(ROOT).parts):
            continue
        if language is None or path.parts[-3] == language:
            yield path


def missing() -> int:
    count = 0
    for path in catalogues("ja"):
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            if not entry.translated() or "fuzzy" in entry.flags:
                count += 1
                print(f"{path.relative_to(ROOT)}: {entry.msgid!r}")
    return count


def fill(po_path: str, mapping: dict[str, str]) -> None:
    po = polib.pofile(po_path)
    for entry in po:
        if entry.msgid in mapping:
            if entry.msgid_plural:
                value = mapping[entry.msgid]
                entry.msgstr_plural = {0: value if isinstance(value, str) else value[0]}
            else:
                entry.msgstr = mapping[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    po.save()


def union(po_path: str, other_path: str) -> None:
    """Add to PO the entries of OTHER it lacks, and translations it misses.

    Two branches that each added strings to one catalogue conflict on it; take
    one side, union the other in, then ``make messages`` drops what is stale.
    """
    po = polib.pofile(po_path)
    known = {(entry.msgctxt, entry.msgid): entry for entry in po}
    for entry in polib.pofile(other_path):
        mine = known.get((entry.msgctxt, entry.msgid))
        if mine is None:
            po.append(entry)
        elif not mine.translated() and entry.translated():
            mine.msgstr, mine.msgstr_plural = entry.msgstr, entry.msgstr_plural
            mine.flags = [flag for flag in mine.flags if flag != "fuzzy"]
    po.save()


def compile_all() -> None:
    for path in catalogues():
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "missing"
    if command == "missing":
        sys.exit(1 if missing() else 0)
    elif command == "fill":
        fill(sys.argv[2], json.load(sys.stdin))
    elif command == "union":
        union(sys.argv[2], sys.argv[3])
    elif command == "compile":
        compile_all()
    else:
        sys.exit(__doc__)
