"""The review queue's sort field reads 並び順 without making a worker's
order document (発注書) read 並び順 on the orders page."""

from django.utils.translation import gettext

from directors.forms import QueueFilterForm


def test_sort_order_and_order_document_read_apart():
    assert QueueFilterForm().fields["order"].label == "並び順"
    assert gettext("Order") == "発注書"
