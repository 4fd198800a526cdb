"""``{% once_token %}``: the hidden one-time token of a form that creates a
document or moves money (see ``enterprise.once``)."""

from django import template
from django.utils.html import format_html

from enterprise.once import FIELD, new_token

register = template.Library()


@register.simple_tag
def once_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
