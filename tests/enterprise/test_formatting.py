import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone

from enterprise.templatetags.motouke import jdate, yen


@pytest.mark.parametrize(
    ("amount", "shown"),
    [(1234, "¥1,234"), (0, "¥0"), (306801, "¥306,801"), (-880, "-¥880"), (None, "")],
)
def test_yen_shows_amounts_with_separators(amount, shown):
    assert yen(amount) == shown


def test_documents_show_dates_in_japanese():
    assert jdate(datetime.date(2026, 11, 28)) == "2026年11月28日"


def test_screens_show_dates_as_year_month_day_in_tokyo_time(settings):
    # 2026-11-27 20:30 UTC is already the 28th in Tokyo.
    moment = datetime.datetime(2026, 11, 27, 20, 30, tzinfo=datetime.UTC)
    with timezone.override("Asia/Tokyo"):
        shown = Template("{{ at|date:'SHORT_DATETIME_FORMAT' }}").render(
            Context({"at": moment})
        )
    assert shown == "2026/11/28 05:30"
    assert settings.TIME_ZONE == "Asia/Tokyo"
