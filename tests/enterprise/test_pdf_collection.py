"""A render leaves nothing for a full garbage collection: what it allocated is
collected while young (enterprise.pdf._young_garbage_only), so a worker
rendering one document after another does not walk all its objects every
few documents."""

import gc

import pytest

from enterprise.pdf import render_pdf

TEMPLATE = """{% extends "pdf/base.html" %}{% load motouke %}
{% block body %}<h1>請求書</h1><table>
{% for n in rows %}<tr><td>記事作成 {{ n }}</td><td class="amount">{{ n|yen }}</td></tr>
{% endfor %}</table>{% endblock body %}"""


@pytest.fixture
def template(tmp_path, settings):
    (tmp_path / "rows.html").write_text(TEMPLATE)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    return "rows.html"


def _render(template):
    return render_pdf(template, {"rows": range(1, 151)})


def test_a_render_promotes_nothing_to_the_oldest_generation(template):
    _render(template)  # warm: fonts, templates and caches stay for good
    gc.collect()
    oldest = len(gc.get_objects(generation=2))
    _render(template)
    _render(template)
    # Collected during the render, some 20,000 of its objects got here.
    assert len(gc.get_objects(generation=2)) - oldest < 1_000
    assert gc.isenabled()


def test_collection_is_back_on_after_a_failed_render(template, monkeypatch):
    class Broken:
        def __init__(self, **kwargs):
            assert not gc.isenabled()
            raise OSError("font file gone")

    monkeypatch.setattr("enterprise.pdf_css.document_class", lambda: Broken)
    with pytest.raises(OSError):
        _render(template)
    assert gc.isenabled()


def test_a_caller_that_turned_collection_off_keeps_it_off(template):
    gc.disable()
    try:
        _render(template)
        assert not gc.isenabled()
    finally:
        gc.enable()
