"""Every audit action the code logs has one label, in English and Japanese,
and the history panel shows labels and state names, never raw keys."""

import ast
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template import Context, Template
from django.utils import translation

from clients.services import TRANSITIONS
from engagements.models import Engagement
from engagements.models.batches import AppealState
from enterprise.audit import action_label, log_action
from enterprise.downloads import TAMPER_ACTION
from enterprise.models import AuditLog
from tests.engagements.factories import active_client
from workers.models import CertificationDecision

ROOT = Path(__file__).resolve().parents[2]
APPS = ("api", "clients", "directors", "engagements", "enterprise", "invoicing")
APPS += ("support", "workers")

# Actions built at run time, by the values they can take.
DYNAMIC = {
    "clients/services.py": [f"clients.client.{name}" for name in TRANSITIONS],
    "engagements/services/batch_review.py": [
        f"engagements.taskappeal.{state}" for state in AppealState.values
    ],
    "enterprise/downloads.py": [TAMPER_ACTION],
    "support/services/tickets.py": [
        f"support.ticket.{verb}"
        for verb in ("waiting", "requester_replied", "resolved", "closed", "reopened")
    ],
    "workers/services/onboarding.py": [
        f"workers.identity.{name}" for name in ("approve", "refuse")
    ],
    "workers/services/standing.py": [
        f"workers.profile.{name}" for name in ("suspend", "reinstate", "leave")
    ],
    "workers/services/certification.py": [
        f"workers.certification.{kind}" for kind in CertificationDecision.Kind.values
    ],
}
# Helpers that pass their caller's action on.
PASS_THROUGH = {"enterprise/fsm.py", "enterprise/audit.py"}


def _values(node) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, other = _values(node.body), _values(node.orelse)
        return None if body is None or other is None else body + other
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _values(node.left), _values(node.right)
        if left is not None and right is not None:
            return [a + b for a in left for b in right]
    return None


def logged_actions() -> set[str]:
    """Every ``action=`` a service passes to log_action and its kin."""
    found: set[str] = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            name = str(path.relative_to(ROOT))
            if "migrations" in path.parts or "management" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    if keyword.arg != "action":
                        continue
                    values = _values(keyword.value)
                    if values is not None:
                        found.update(values)
                    elif name in DYNAMIC:
                        found.update(DYNAMIC[name])
                    else:
                        assert name in PASS_THROUGH, f"{name}:{node.lineno}"
    return found


def test_the_scan_finds_the_actions_people_see_most():
    actions = logged_actions()
    assert len(actions) > 100
    assert "engagements.engagement.invoiced" in actions
    assert "invoicing.invoice.issued" in actions
    assert "clients.client.suspend" in actions


@pytest.mark.parametrize("action", sorted(logged_actions()))
def test_every_logged_action_has_a_label_in_both_languages(action):
    with translation.override("en"):
        english = str(action_label(action))
    with translation.override("ja"):
        japanese = str(action_label(action))
    assert english != action, f"{action} has no label"
    assert japanese != english, f"{action} has no Japanese label"


def test_the_history_panel_shows_labels_and_state_names(db, make_user):
    client = active_client()
    entry = log_action(
        target=client,
        action="clients.client.suspend",
        by=make_user("eigyo"),
        from_state="active",
        to_state="suspended",
    )
    invoiced = AuditLog(
        content_type=ContentType.objects.get_for_model(Engagement),
        object_id=1,
        action="engagements.engagement.invoiced",
        from_state="completed",
        to_state="invoiced",
        created_at=entry.created_at,
    )
    html = Template('{% include "_timeline.html" %}').render(
        Context({"timeline": [entry, invoiced]})
    )
    assert "取引を停止" in html
    assert "請求済" in html
    assert "clients.client.suspend" not in html
    assert "engagements.engagement.invoiced" not in html
    assert "→ invoiced" not in html and "→ suspended" not in html
