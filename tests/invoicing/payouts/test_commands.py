"""render_pdf knows the worker order and the payout statement."""

import datetime
from io import StringIO

from django.core.management import call_command

from invoicing.models import WorkerOrder
from invoicing.services import payouts

from .factories import assigned_subtask, make_line


def test_render_pdf_lists_and_writes_a_worker_order(
    operator, director, yamada, tmp_path
):
    order = WorkerOrder.objects.get(
        subtask=assigned_subtask(director=director, worker=yamada)
    )
    out = StringIO()
    call_command("render_pdf", "worker_order", "--list", stdout=out)
    assert out.getvalue().split("\t")[:3] == [str(order.pk), order.number, "v1"]

    target = tmp_path / "order.pdf"
    call_command(
        "render_pdf", "worker_order", order.number, "-o", str(target), stdout=out
    )
    order.refresh_from_db()
    assert target.read_bytes().startswith(b"%PDF")
    assert target.read_bytes() == order.pdf.open("rb").read()


def test_render_pdf_writes_a_payout_statement(operator, yamada, finance, tmp_path):
    make_line(
        yamada,
        amount=50_000,
        received_on=datetime.date(2026, 3, 10),
        pay_date=datetime.date(2026, 4, 30),
    )
    [statement] = payouts.payout_run(pay_date=datetime.date(2026, 4, 30), by=finance)
    out = StringIO()
    call_command("render_pdf", "payout_statement", "--list", stdout=out)
    assert out.getvalue().startswith(
        f"{statement.number}\t2026-04-30\tissued\t山田 太郎\t¥49,895"
    )
    target = tmp_path / "statement.pdf"
    call_command(
        "render_pdf",
        "payout_statement",
        statement.number,
        "-o",
        str(target),
        stdout=out,
    )
    assert target.read_bytes().startswith(b"%PDF")
