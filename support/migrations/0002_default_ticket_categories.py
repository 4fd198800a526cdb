from django.db import migrations

# (code, name, English name, queue, first response h, resolution h, clients, workers)
CATEGORIES = [
    (
        "general",
        "一般的なお問い合わせ",
        "General inquiry",
        "support",
        8,
        40,
        True,
        True,
    ),
    ("work", "作業・納品について", "Work and delivery", "support", 4, 24, True, True),
    (
        "billing",
        "請求・お支払いについて",
        "Invoices and billing",
        "support",
        8,
        40,
        True,
        False,
    ),
    (
        "payouts",
        "報酬・支払通知書について",
        "Rewards and payout statements",
        "support",
        4,
        24,
        False,
        True,
    ),
    (
        "account",
        "アカウント・ログイン",
        "Account and login",
        "support",
        4,
        16,
        True,
        True,
    ),
    ("new-work", "新規のご依頼", "New work request", "sales", 8, 40, True, False),
]


def add_categories(apps, schema_editor):
    TicketCategory = apps.get_model("support", "TicketCategory")
    for order, row in enumerate(CATEGORIES):
        code, name, name_en, team, first, resolution, clients, workers = row
        TicketCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "team": team,
                "first_response_hours": first,
                "resolution_hours": resolution,
                "for_clients": clients,
                "for_workers": workers,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_tickets_and_disputes")]

    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
