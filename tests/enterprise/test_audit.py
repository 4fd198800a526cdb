import pytest

from enterprise.audit import log_action, timeline_for
from enterprise.models import WorkCategory

pytestmark = pytest.mark.django_db


def test_log_action_records_who_what_and_the_change(make_user):
    sales = make_user(roles=["sales"])
    category = WorkCategory.objects.create(code="x", name="テスト", name_en="Test")
    log_action(
        target=category,
        action="enterprise.category.renamed",
        by=sales,
        from_state="old",
        to_state="new",
        reason="表記ゆれの修正",
    )
    (entry,) = timeline_for(category)
    assert (entry.actor, entry.action, entry.from_state, entry.to_state) == (
        sales,
        "enterprise.category.renamed",
        "old",
        "new",
    )
    assert entry.reason == "表記ゆれの修正"
