from django import template

register = template.Library()


@register.filter
def stars(value) -> str:
    """A 1-5 rating as filled and empty stars: ★★★★☆."""
    try:
        n = max(0, min(5, int(value)))
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (5 - n)
