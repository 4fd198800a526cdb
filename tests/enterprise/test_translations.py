"""Every Japanese catalogue is complete and compiled (the .mo matches the .po)."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


def test_there_are_catalogues_for_both_languages():
    languages = {p.parts[-3] for p in CATALOGUES}
    assert languages == {"ja", "en"}


@pytest.mark.parametrize(
    "po_path",
    [p for p in CATALOGUES if p.parts[-3] == "ja"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_japanese_catalogue_is_complete(po_path):
    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po_path):
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    # Keyed by (context, msgid): one English word may read differently per context.
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in mo}
    po = polib.pofile(str(po_path))
    source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
    assert {k: v for k, v in compiled.items() if k[1]} == source
