"""The two certification levels and their default criteria.

The operator edits them in the admin; these are a starting point in line with
what large Japanese platforms publish (completion 90%+, rating 4.8+ for the
top tier).
"""

from decimal import Decimal

from django.db import migrations

LEVELS = [
    # code, name, English name, rank, criteria
    (
        "certified",
        "認定ワーカー",
        "Certified worker",
        1,
        {
            "window_days": 180,
            "min_approved": 5,
            "min_completion_rate": Decimal("90.00"),
            "min_first_pass_rate": Decimal("60.00"),
            "min_avg_rating": Decimal("4.50"),
            "min_response_rate_24h": Decimal("80.00"),
            "no_overdue_incident_days": 90,
            "no_conduct_incident_days": 365,
            "requires_passed_skill_test": False,
            "probation_days": 30,
        },
    ),
    (
        "senior",
        "シニア認定ワーカー",
        "Senior certified worker",
        2,
        {
            "window_days": 365,
            "min_approved": 20,
            "min_completion_rate": Decimal("95.00"),
            "min_first_pass_rate": Decimal("75.00"),
            "min_avg_rating": Decimal("4.80"),
            "min_response_rate_24h": Decimal("90.00"),
            "no_overdue_incident_days": 90,
            "no_conduct_incident_days": 365,
            "requires_passed_skill_test": True,
            "probation_days": 30,
        },
    ),
]


def create_levels(apps, schema_editor):
    Level = apps.get_model("workers", "CertificationLevel")
    Criteria = apps.get_model("workers", "CertificationCriteria")
    for code, name, name_en, rank, criteria in LEVELS:
        level, _created = Level.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "rank": rank,
                "sort_order": rank,
            },
        )
        Criteria.objects.get_or_create(level=level, category=None, defaults=criteria)


class Migration(migrations.Migration):
    dependencies = [("workers", "0001_initial")]

    operations = [migrations.RunPython(create_levels, migrations.RunPython.noop)]
