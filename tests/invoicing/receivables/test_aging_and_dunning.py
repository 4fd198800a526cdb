"""The aging report puts each open invoice in its bucket as of a date; the
dunning run mails once per step and stops once the invoice is paid."""

import datetime

import pytest
from django.core import mail

from invoicing.models import DunningLetter, DunningStep
from invoicing.services.billing import payment_record
from invoicing.services.receivables import aging_report, dunning_run

# 月末締め翌月末払い (previous business day): issued on these closing days,
# the invoices fall due on the dates in the comments.
DUE = {
    datetime.date(2026, 3, 31): datetime.date(2026, 4, 30),
    datetime.date(2026, 1, 31): datetime.date(2026, 2, 27),
    datetime.date(2025, 12, 31): datetime.date(2026, 1, 30),
    datetime.date(2025, 11, 30): datetime.date(2025, 12, 30),  # 12/31 is a bank holiday
    datetime.date(2025, 9, 30): datetime.date(2025, 10, 31),
}
AS_OF = datetime.date(2026, 4, 30)


def test_aging_buckets_as_of_a_fixed_date(issue, sample, other_client, finance):
    current = issue(sample, 10_000, on=datetime.date(2026, 3, 31))  # due 4/30: 0 days
    late_62 = issue(sample, 20_000, on=datetime.date(2026, 1, 31))  # due 2/27: 62
    late_90 = issue(sample, 30_000, on=datetime.date(2025, 12, 31))  # due 1/30: 90
    late_125 = issue(other_client, 40_000, on=datetime.date(2025, 11, 30))  # 121
    late_181 = issue(other_client, 50_000, on=datetime.date(2025, 9, 30))
    for invoice in (current, late_62, late_90, late_125, late_181):
        assert invoice.due_date == DUE[invoice.issue_date]
    # Paid after the report's date: still owed on it.
    payment_record(
        invoice=late_62, by=finance, amount=22_000,
        received_on=datetime.date(2026, 5, 10),
    )  # fmt: skip
    # Partly paid before it: only the rest is owed.
    payment_record(
        invoice=late_90, by=finance, amount=3_000,
        received_on=datetime.date(2026, 4, 1),
    )  # fmt: skip

    report = aging_report(as_of=AS_OF)

    rows = {row["client__legal_name"]: row for row in report["rows"]}
    assert rows["株式会社サンプル"] == {
        **rows["株式会社サンプル"],
        "current": 11_000,
        "days_1_30": 0,
        "days_31_60": 0,
        "days_61_90": 22_000 + 30_000,
        "over_90": 0,
        "total_owed": 63_000,
    }
    assert (rows["株式会社ホカ"]["over_90"], rows["株式会社ホカ"]["total_owed"]) == (
        44_000 + 55_000,
        99_000,
    )
    assert report["totals"]["total_owed"] == 162_000
    # A day later the 1/30 invoice is over 90 days late.
    later = aging_report(as_of=AS_OF + datetime.timedelta(days=1))
    sample_row = next(r for r in later["rows"] if r["client_id"] == sample.pk)
    assert (sample_row["days_1_30"], sample_row["over_90"]) == (11_000, 33_000 - 3_000)


@pytest.fixture
def steps(db):
    return [
        DunningStep.objects.create(days_after_due=7, title="お支払いのお願い"),
        DunningStep.objects.create(days_after_due=30, title="再度のお願い"),
    ]


def test_dunning_mails_once_per_step_and_stops_when_paid(
    issue, sample, finance, steps, django_capture_on_commit_callbacks
):
    invoice = issue(sample, 100_000)  # due 2026-04-30
    mail.outbox.clear()

    assert dunning_run(today=datetime.date(2026, 5, 6)) == []  # 6 days late
    with django_capture_on_commit_callbacks(execute=True):
        first = dunning_run(today=datetime.date(2026, 5, 7))
    assert [letter.step.days_after_due for letter in first] == [7]
    assert len(mail.outbox) == 1
    assert "INV-2025-000001" in mail.outbox[0].subject
    assert "110,000" in mail.outbox[0].body

    # The same day again, and the days until the next step: nothing more.
    for day in (7, 8, 29):
        assert dunning_run(today=datetime.date(2026, 5, day)) == []
    with django_capture_on_commit_callbacks(execute=True):
        second = dunning_run(today=datetime.date(2026, 5, 30))
    assert [letter.step.days_after_due for letter in second] == [30]
    assert len(mail.outbox) == 2

    payment_record(
        invoice=invoice, by=finance, amount=110_000,
        received_on=datetime.date(2026, 6, 1),
    )  # fmt: skip
    DunningStep.objects.create(days_after_due=60, title="最終のお願い")
    assert dunning_run(today=datetime.date(2026, 7, 1)) == []
    assert len(mail.outbox) == 2
    assert DunningLetter.objects.filter(invoice=invoice).count() == 2


def test_the_reminder_pdf_says_what_is_owed(
    issue, sample, steps, django_capture_on_commit_callbacks
):
    import subprocess

    issue(sample, 100_000)
    with django_capture_on_commit_callbacks(execute=True):
        (letter,) = dunning_run(today=datetime.date(2026, 5, 7))
    letter.refresh_from_db()
    assert len(letter.pdf_sha256) == 64
    text = subprocess.run(
        ["pdftotext", letter.pdf.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "お支払いのお願い" in text
    assert "INV-2025-000001" in text
    assert "¥110,000" in text
