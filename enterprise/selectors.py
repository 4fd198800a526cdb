"""Reads of the enterprise app: the audit viewer's search."""

import datetime
import sys
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AuditLog


def _tokyo_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def project_models() -> list:
    """The models of the project's own apps: in this repository, not in the
    installed packages (the virtualenv may sit inside the repository)."""
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and not Path(config.path).is_relative_to(sys.prefix)
        for model in config.get_models()
    ]


def _numbered_models(object_type: str) -> list:
    """The models a document number can name: the chosen type, or every
    model of the project with a ``number`` field."""
    models = [apps.get_model(object_type)] if object_type else project_models()
    return [
        m for m in models if any(f.name == "number" for f in m._meta.concrete_fields)
    ]


def _object_filter(object_type: str, object_id: str) -> Q:
    if object_id.isdigit() and object_type:
        model = apps.get_model(object_type)
        return Q(content_type=ContentType.objects.get_for_model(model)) & Q(
            object_id=object_id
        )
    found = Q(pk__in=[])
    for model in _numbered_models(object_type):
        ids = model._base_manager.filter(number=object_id).values_list("pk", flat=True)
        found |= Q(content_type=ContentType.objects.get_for_model(model)) & Q(
            object_id__in=[str(pk) for pk in ids]
        )
    return found


def _person_filter(person: str) -> Q:
    """Each word of ``person`` in the login name or the family/given name."""
    found = Q()
    for word in person.split():
        found &= (
            Q(actor__username__icontains=word)
            | Q(actor__last_name__icontains=word)
            | Q(actor__first_name__icontains=word)
        )
    return found


def audit_search(
    *,
    object_type: str = "",
    object_id: str = "",
    person: str = "",
    action: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AuditLog]:
    """Audit rows matching every given filter, newest first, with who and
    the object's type. Dates are Asia/Tokyo days, both ends included. Only
    for people who may read the whole trail (the view checks the role)."""
    rows = AuditLog.objects.all()
    if object_id:
        rows = rows.filter(_object_filter(object_type, object_id))
    elif object_type:
        rows = rows.filter(
            content_type=ContentType.objects.get_for_model(apps.get_model(object_type))
        )
    if person:
        rows = rows.filter(_person_filter(person))
    if action:
        rows = rows.filter(action__startswith=action)
    if date_from:
        rows = rows.filter(created_at__gte=_tokyo_midnight(date_from))
    if date_to:
        rows = rows.filter(
            created_at__lt=_tokyo_midnight(date_to + datetime.timedelta(days=1))
        )
    return rows.select_related("actor", "content_type").order_by("-created_at", "-id")
