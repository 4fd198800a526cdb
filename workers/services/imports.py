"""Workers imported from a CSV file by staff: all rows or none, then invited.

The file is UTF-8 (with or without BOM) or Shift_JIS (as Excel saves it in
Japan). Every row is checked before anything is written; any problem refuses
the whole file with the line numbers, so a half-imported list never exists.
Each imported worker is mailed a link to set their password after commit.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from enterprise.accounts.invitations import send_set_password_mail
from enterprise.audit import log_action
from enterprise.entry import nfkc
from enterprise.roles import WORKER

from ..models import WorkerProfile

COLUMNS = [
    "email",
    "username",
    "legal_name",
    "legal_name_kana",
    "display_name",
    "kind",
]
MAX_ROWS = 2_000


@dataclass
class ImportRow:
    line: int
    email: str
    username: str
    profile: WorkerProfile


def decode_csv(content: bytes) -> str:
    """UTF-8 (BOM or not) first, then Shift_JIS (cp932, Excel's)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(_("The file is neither UTF-8 nor Shift_JIS."))


def _line_error(line: int, message) -> str:
    return _("Line %(line)s: %(message)s") % {"line": line, "message": message}


def _check_row(line: int, row: dict, seen: dict, errors: list) -> ImportRow | None:
    values = {k: nfkc(row.get(k) or "").strip() for k in COLUMNS}
    # Kana stays as typed (NFKC would not change full-width kana anyway).
    values["legal_name_kana"] = (row.get("legal_name_kana") or "").strip()
    problems = []
    for name in ("email", "username", "legal_name", "legal_name_kana"):
        if not values[name]:
            problems.append(_("%(column)s is empty.") % {"column": name})
    email, username = values["email"].lower(), values["username"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("%(value)s is not an e-mail address.") % {"value": email})
    for key, value in (("email", email), ("username", username.lower())):
        if value and value in seen[key]:
            problems.append(
                _("%(value)s is already on line %(line)s.")
                % {"value": value, "line": seen[key][value]}
            )
        elif value:
            seen[key][value] = line
    kind = values["kind"] or WorkerProfile.Kind.INDIVIDUAL
    if kind not in WorkerProfile.Kind.values:
        problems.append(_("kind must be individual or corporation."))
    profile = WorkerProfile(
        kind=kind,
        legal_name=values["legal_name"],
        legal_name_kana=values["legal_name_kana"],
        display_name=values["display_name"] or values["legal_name"],
        signup_steps=True,
    )
    try:
        profile.full_clean(exclude=["user"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field in COLUMNS or field == "__all__":
                problems.extend(f"{field}: {m}" for m in messages)
    errors.extend(_line_error(line, p) for p in problems)
    return ImportRow(line, email, username, profile) if not problems else None


def parse_workers_csv(content: bytes) -> list[ImportRow]:
    """The rows of the file, all valid; ValidationError lists every problem."""
    text = decode_csv(content)
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS[:4] if c not in header]
    if missing:
        raise ValidationError(
            _line_error(
                1, _("missing columns: %(cols)s") % {"cols": ", ".join(missing)}
            )
        )
    reader.fieldnames = header
    errors: list[str] = []
    seen: dict = {"email": {}, "username": {}}
    rows = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(_("More than %(n)s rows.") % {"n": MAX_ROWS})
            break
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        checked = _check_row(number, row, seen, errors)
        if checked is not None:
            rows.append(checked)
    User = get_user_model()
    taken_names = set(
        User.objects.filter(username__in=[r.username for r in rows]).values_list(
            "username", flat=True
        )
    )
    taken_mails = {
        e.lower()
        for e in User.objects.filter(email__in=[r.email for r in rows]).values_list(
            "email", flat=True
        )
    }
    for r in rows:
        if r.username in taken_names:
            errors.append(
                _line_error(r.line, _("username %(v)s is taken.") % {"v": r.username})
            )
        if r.email in taken_mails:
            errors.append(
                _line_error(r.line, _("%(v)s already has an account.") % {"v": r.email})
            )
    if not rows and not errors:
        errors.append(_("The file has no workers."))
    if errors:
        raise ValidationError(sorted(errors, key=_line_number))
    return rows


def _line_number(message: str) -> int:
    digits = "".join(c for c in message.split(":")[0] if c.isdigit())
    return int(digits) if digits else 0


@transaction.atomic
def workers_import(*, content: bytes, by) -> list[WorkerProfile]:
    """Create every worker of the file (or none) and mail their invitations."""
    from ..tasks import send_worker_invitation

    if not by.has_perm("workers.import_workerprofile"):
        raise PermissionDenied
    rows = parse_workers_csv(content)
    User = get_user_model()
    group = Group.objects.get(name=WORKER)
    profiles = []
    for row in rows:
        user = User(username=row.username, email=row.email)
        user.set_unusable_password()
        user.save()
        user.groups.add(group)
        row.profile.user = user
        row.profile.save()
        profiles.append(row.profile)
        send_worker_invitation.delay_on_commit(user.pk)
    log_action(
        target=by,
        action="workers.import.done",
        by=by,
        data={"count": len(profiles), "usernames": [r.username for r in rows][:50]},
    )
    return profiles


def worker_send_invitation(*, user_id: int) -> bool:
    """Mail an imported worker the link to set their password (the task)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    return send_set_password_mail(
        user=user, template="workers/mail/invitation.txt", context={"user": user}
    )
