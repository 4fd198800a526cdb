"""Lists print dates with ``short_date``: the same text as the ``date``
filter's short format, in the page's language and the local day."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template(
    '{% load motouke %}{{ value|date:"SHORT_DATE_FORMAT" }}|{{ value|short_date }}'
)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize(
    "value",
    [
        datetime.date(2026, 12, 7),
        # 23:30 UTC is already the next day in Tokyo.
        datetime.datetime(2026, 12, 7, 23, 30, tzinfo=datetime.UTC),
        None,
    ],
)
def test_short_date_reads_as_the_date_filter(language, value):
    with translation.override(language):
        for _ in range(2):  # the second from the cache
            expected, shown = TEMPLATE.render(Context({"value": value})).split("|")
            assert shown == expected
