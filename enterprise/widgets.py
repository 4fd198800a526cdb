"""Form widgets every app's pages share (laid out by templates/_field.html)."""

from django import forms


class RatingSelect(forms.RadioSelect):
    """A 1–5 rating as one segmented row of stars: each choice is a real radio
    inside its label, so it works without script and sits on one line."""

    template_name = "widgets/rating_select.html"
