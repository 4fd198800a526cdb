"""Form widgets every app's pages share (laid out by templates/_field.html)."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


class RatingSelect(forms.RadioSelect):
    """A 1–5 rating as one segmented row of stars: each choice is a real radio
    inside its label, so it works without script and sits on one line."""

    template_name = "widgets/rating_select.html"


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html in Python: False left out, True bare."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A select written in Python, the same HTML as Django's templates: a
    filter of a thousand clients rendered one template per option took a
    quarter of a second a page."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts.extend(
                f'\n  <option value="{escape(option["value"])}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}"
                "</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every part escaped above


class NameChoiceIterator(ModelChoiceIterator):
    """(pk, name) pairs read with values_list: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field)


class NameChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are each row's ``label_field`` (the
    chosen row is still looked up and validated by the queryset), rendered
    by PlainSelect: for a list of a thousand clients."""

    iterator = NameChoiceIterator
    widget = PlainSelect

    def __init__(self, *args, label_field: str, **kwargs):
        self.label_field = label_field
        super().__init__(*args, **kwargs)
