from django import forms
from django.utils.translation import gettext_lazy as _

from enterprise import entry

STARS = [(n, "★" * n) for n in range(5, 0, -1)]


class DeliveryRatingForm(entry.Form):
    """A rating 1-5 (five radios shown as a segmented star control) and a comment."""

    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=STARS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What went well, and what we could do better."),
    )
