"""Links to many rows of one kind on a page, without a reverse per row."""

from collections.abc import Callable

from django.urls import reverse

# A pk no row has: the place of the pk in the reversed URL.
_MARKER = 2_147_483_647


def pk_url(viewname: str) -> Callable[[int], str]:
    """``reverse(viewname, args=[pk])`` as a function of ``pk``.

    The URL is reversed once and the row's pk put where the marker was:
    a reverse is about 30 µs, so a page of 100 linked rows saves 3 ms. For
    views whose one argument is an ``int`` pk.
    """
    head, marker, tail = reverse(viewname, args=[_MARKER]).partition(str(_MARKER))
    assert marker, viewname
    return lambda pk: f"{head}{int(pk)}{tail}"
