"""Holding a scheduled payout line while a dispute about it is mediated.

The line keeps its amount and pay date; a held line is left out of payout
runs until ``payout_line_release`` records why it is paid after all. Holding
is not a reduction (Freelance Act art. 5(1)(ii)): the reward stays owed and
the 60-day limit keeps running, which the release's reason must answer.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from enterprise.audit import log_action

from ...models import PayoutLine
from ._base import lock, require, require_finance
from ._base import require_reason as _reason

State = PayoutLine.State


@transaction.atomic
def payout_line_hold(*, line: PayoutLine, by, reason: str) -> PayoutLine:
    """Hold a scheduled line (finance only); raises PayoutError when it is
    already on a statement or held."""
    reason = _reason(reason)
    require_finance(by)
    line = lock(PayoutLine, line.pk)
    require(line.state == State.SCHEDULED, _("Only a scheduled payout line is held."))
    line.state, line.late_reason = State.HELD, reason
    line.save(update_fields=["state", "late_reason"])
    log_action(
        target=line,
        action="invoicing.payout_line.held",
        by=by,
        from_state=State.SCHEDULED,
        to_state=State.HELD,
        reason=reason,
    )
    return line
