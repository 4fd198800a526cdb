"""PDFs carry real Japanese glyphs: the text and an embedded Japanese font."""

import shutil
import subprocess
from pathlib import Path

import pytest

from enterprise.pdf import render_pdf, sha256_hex

TEMPLATE = """{% extends "pdf/base.html" %}{% load motouke %}
{% block body %}<h1>請求書</h1><p class="recipient">{{ name }} 御中</p>
<p>ご請求金額 {{ amount|yen }}</p>{% endblock body %}"""


@pytest.fixture
def pdf_tools():
    for tool in ("pdftotext", "pdffonts"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install poppler-utils (make setup does)")


@pytest.fixture
def sample_pdf(tmp_path, settings):
    (tmp_path / "sample.html").write_text(TEMPLATE)
    engine = settings.TEMPLATES[0]
    # Assigning (not mutating) TEMPLATES makes Django reload its engines.
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    content = render_pdf("sample.html", {"name": "株式会社テスト", "amount": 1100})
    path = tmp_path / "sample.pdf"
    path.write_bytes(content)
    return path


def test_pdf_text_has_company_and_amount(pdf_tools, sample_pdf):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(sample_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "株式会社テスト" in text
    assert "¥1,100" in text


def test_pdf_embeds_a_japanese_font(pdf_tools, sample_pdf):
    # Text extraction succeeds even when every glyph is an empty box, so the
    # font list is what proves the glyphs are there.
    fonts = subprocess.run(
        ["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True
    ).stdout
    japanese = [
        line
        for line in fonts.splitlines()
        if ("CJK" in line or "IPAex" in line) and " yes " in line
    ]
    assert japanese, fonts


def test_sha256_is_the_hex_digest():
    assert sha256_hex(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_a_document_does_not_load_the_whole_font_file(sample_pdf):
    # The Noto CJK file is 19 MB: WeasyPrint copied it into memory for every
    # document (regular and bold) though only the subset is embedded.
    import tracemalloc

    font = subprocess.run(
        ["fc-match", "-f", "%{file}", "Noto Sans CJK JP"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    tracemalloc.start()
    try:
        render_pdf("sample.html", {"name": "株式会社テスト", "amount": 1100})
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < Path(font).stat().st_size / 2


def test_streams_are_deflated_at_zlib_default_level(sample_pdf):
    # Level 9 (pydyf's) took ~30 % longer on the font programs for 0.1 %
    # fewer bytes; a zlib stream's second byte tells the level: 9C for 6.
    content = sample_pdf.read_bytes()
    streams = content.split(b"/FlateDecode")[1:]
    assert streams
    for stream in streams:
        data = stream.split(b"stream\n", 1)[1]
        assert data[:2] == b"\x78\x9c"
