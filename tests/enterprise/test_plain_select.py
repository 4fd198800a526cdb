"""PlainSelect writes the same HTML as Django's template-rendered select (a
filter of a thousand clients rendered option by option was most of a list
page's time)."""

import pytest
from django import forms
from django.contrib.auth import get_user_model

from enterprise.widgets import NameChoiceField, PlainSelect

CHOICES = [
    ("", "すべて"),
    (1, "株式会社<テスト> & 子"),
    (2, '"引用"'),
    ("グループ", [(3, "三"), (4, "四")]),
]


def _both(value, attrs=None):
    django_html = forms.Select(choices=CHOICES).render("client", value, attrs)
    plain_html = PlainSelect(choices=CHOICES).render("client", value, attrs)
    return str(django_html), str(plain_html)


def test_same_html_as_djangos_select():
    for value, attrs in [
        (None, None),
        (2, {"id": "id_client", "class": "wide", "required": True}),
        ("4", {"id": "id_client", "disabled": False}),
    ]:
        django_html, plain_html = _both(value, attrs)
        assert plain_html == django_html


def test_labels_are_escaped_and_the_chosen_one_selected():
    _django_html, html = _both(1)
    assert "株式会社&lt;テスト&gt; &amp; 子" in html
    assert '<option value="1" selected>' in html


@pytest.mark.django_db
def test_name_choice_field_offers_and_checks_the_same_rows():
    """The options come from values_list, the chosen row from the queryset:
    the same page as a ModelChoiceField, and a row outside it refused."""
    users = get_user_model().objects
    first, second = (users.create(username=n) for n in ("あおい<1>", "かえで"))
    hidden = users.create(username="hidden")
    rows = users.exclude(pk=hidden.pk).order_by("username")
    named = NameChoiceField(queryset=rows, label_field="username", required=False)
    model = forms.ModelChoiceField(queryset=rows, required=False)
    assert str(named.widget.render("who", second.pk)) == str(
        model.widget.render("who", second.pk)
    )
    assert named.clean(str(first.pk)) == first
    with pytest.raises(forms.ValidationError):
        named.clean(str(hidden.pk))
