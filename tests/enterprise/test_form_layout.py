"""Forms are laid out by one include: a checkbox or radio is inside its label
(so it sits on the label's line) and a rating is one segmented row of stars."""

import re

from django import forms
from django.template import Context, Template

from enterprise.widgets import RatingSelect


class SampleForm(forms.Form):
    agree = forms.BooleanField(label="見積内容を確認しました")
    rating = forms.TypedChoiceField(
        label="評価",
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=RatingSelect,
    )
    kinds = forms.MultipleChoiceField(
        label="種類", choices=[("a", "記事"), ("b", "デザイン")],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


def _render(form) -> str:
    return Template('{% include "_form.html" %}').render(Context({"form": form}))


def test_a_checkbox_is_inside_its_label():
    html = _render(SampleForm())
    assert re.search(
        r'<label class="check" for="id_agree"><input type="checkbox"[^>]*> '
        r"<span>見積内容を確認しました</span>",
        html,
    )


def test_choice_lists_are_a_fieldset_with_each_input_inside_its_label():
    html = _render(SampleForm())
    assert "<legend>種類" in html
    assert re.search(
        r'<label for="id_kinds_0"><input type="checkbox"[^>]*>\s*記事', html
    )


def test_a_rating_is_one_segmented_row_of_five_starred_radios():
    html = _render(SampleForm(data={"rating": "4"}))
    row = re.search(
        r'<div class="rating-select" role="radiogroup".*?</div>', html, re.S
    )
    assert row is not None
    labels = re.findall(r'<label for="id_rating_\d"><input type="radio"[^>]*>', row[0])
    assert len(labels) == 5
    assert row[0].count("★") == 5
    assert re.search(r'value="4"[^>]*checked', row[0])
