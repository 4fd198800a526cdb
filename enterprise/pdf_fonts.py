"""Cheaper font embedding for WeasyPrint 70 with the Noto Sans CJK fonts.

A warm invoice spent about a third of its time in WeasyPrint's font code
(issue 15), for two reasons this module removes:

- every document copied each font file it used into Python bytes
  (``Font.__init__``: 19 MB per Noto CJK .ttc, regular and bold), a copy
  that is only read when the font is embedded whole, never after subsetting;
  ``Font.file_content`` now reads the file the first time it is asked for;
- every font was subset twice by HarfBuzz: once keeping the glyph ids, then
  again to drop the glyphs after the last one used and the hinting. Keeping
  the glyph ids already ends the font at the last glyph used, so one pass
  with the no-hinting flag gives the same glyphs (the pages rasterise
  pixel for pixel the same, the text extracts the same) at half the cost;
- the two font programs (about 1.5 MB before compression, 97 % of what a
  document compresses) were deflated at zlib level 9, which pydyf uses for
  every stream: level 6, zlib's own default, takes about 30 % less time for
  0.1 % more bytes (312,817 -> 313,197 for a 20-line invoice).

They replace internals of one WeasyPrint (and pydyf) release, so
``install`` does nothing for any other version (the documents are then only
slower).
"""

import zlib

import pydyf
import weasyprint
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text import fonts as text_fonts
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

PATCHED_VERSION = "70.0"
PATCHED_PYDYF_VERSION = "0.13.0"
STREAM_COMPRESSION_LEVEL = 6
# The tables WeasyPrint 70 drops from an embedded font (pdf/fonts.py).
DROPPED_TABLES = (
    b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
    b"LTSH", b"PCLT", b"SVG ",
)  # fmt: skip


class _FontFile:
    """The font file behind a HarfBuzz face, read only when asked for."""

    def __init__(self, hb_face):
        self.hb_face = hb_face

    def read(self) -> bytes:
        return text_fonts.get_hb_object_data(self.hb_face)


def _object_data(hb_object, ot_color=None, glyph=None):
    if ot_color is None and glyph is None:
        return _FontFile(hb_object)
    return text_fonts.get_hb_object_data(hb_object, ot_color, glyph)


def _get_file_content(font):
    content = font.__dict__.get("_file_content")
    if isinstance(content, _FontFile):
        content = font.__dict__["_file_content"] = content.read()
    return content


def _set_file_content(font, content):
    font.__dict__["_file_content"] = content


def _subset_once(font, to_unicode, hinting):
    """``Font._harfbuzz_subset`` in one HarfBuzz pass instead of two."""
    hb_input = ffi.gc(
        harfbuzz_subset.hb_subset_input_create_or_fail(),
        harfbuzz_subset.hb_subset_input_destroy,
    )
    glyphs = sorted(to_unicode)
    harfbuzz.hb_set_add_sorted_array(
        harfbuzz_subset.hb_subset_input_glyph_set(hb_input),
        ffi.new(f"hb_codepoint_t[{len(glyphs)}]", glyphs),
        len(glyphs),
    )
    flags = (
        harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
        | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    )
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(hb_input, flags)
    tags = [harfbuzz.hb_tag_from_string(name, -1) for name in DROPPED_TABLES]
    harfbuzz.hb_set_add_sorted_array(
        harfbuzz_subset.hb_subset_input_set(
            hb_input, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG
        ),
        ffi.new(f"hb_codepoint_t[{len(tags)}]", sorted(tags)),
        len(tags),
    )
    hb_face = ffi.gc(
        harfbuzz_subset.hb_subset_or_fail(font.hb_face, hb_input),
        harfbuzz.hb_face_destroy,
    )
    if hb_face:
        content = text_fonts.get_hb_object_data(hb_face)
        if content:
            font.file_content = content
            return
    pdf_fonts.LOGGER.warning('Unable to subset "%s" with HarfBuzz', font.family)


def _stream_data(stream: pydyf.Stream) -> bytes:
    """``pydyf.Stream.data`` of pydyf 0.13.0, at STREAM_COMPRESSION_LEVEL."""
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    extra = pydyf.Dictionary(stream.extra.copy())
    if stream.compress:
        extra["Filter"] = "/FlateDecode"
        data = zlib.compress(data, STREAM_COMPRESSION_LEVEL)
    extra["Length"] = len(data)
    return b"\n".join((extra.data, b"stream", data, b"endstream"))


def install() -> bool:
    """Patch WeasyPrint (once per process); False when its version differs."""
    if weasyprint.__version__ != PATCHED_VERSION:
        return False
    if getattr(pdf_fonts.Font, "_motouke_patched", False):
        return True
    pdf_fonts.get_hb_object_data = _object_data
    pdf_fonts.Font.file_content = property(_get_file_content, _set_file_content)
    pdf_fonts.Font._harfbuzz_subset = _subset_once
    pdf_fonts.Font._motouke_patched = True
    if pydyf.__version__ == PATCHED_PYDYF_VERSION:
        pydyf.Stream.data = property(_stream_data)
    return True
