"""The rates and thresholds in force, as the domain notes give them.

Sources (japan.md): consumption tax §4 (10% / 8% since 2019-10-01);
withholding §2.1 (10.21% / 20.42% + 102,100 above 1,000,000, unchanged from
2027-01-01 when 防衛特別所得税 starts); transitional credit §1.6 (令和8年度
改正); thresholds §1.4, §1.6, §2.4, §3.3, §3.4, §6.4. Operators correct or
extend them in the admin.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

TAX_RATES = [
    ("standard", "0.10", date(2019, 10, 1), None, "国7.8% + 地方2.2%"),
    ("reduced", "0.08", date(2019, 10, 1), None, "国6.24% + 地方1.76%"),
]

WITHHOLDING = [
    (date(2013, 1, 1), date(2026, 12, 31), "所得税10% + 復興特別所得税2.1%"),
    (date(2027, 1, 1), None, "所得税10% + 防衛特別所得税1% + 復興特別所得税1.1%"),
]

TRANSITIONAL = [
    ("0.80", date(2023, 10, 1), date(2026, 9, 30)),
    ("0.70", date(2026, 10, 1), date(2028, 9, 30)),
    ("0.50", date(2028, 10, 1), date(2030, 9, 30)),
    ("0.30", date(2030, 10, 1), date(2031, 9, 30)),
    ("0.00", date(2031, 10, 1), None),
]

FREELANCE_ACT = date(2024, 11, 1)
THRESHOLDS = [
    ("credit_note", 10_000, "yen", date(2023, 10, 1), None, "消法57条の4③"),
    ("small_purchase", 10_000, "yen", date(2023, 10, 1), date(2029, 9, 30), "少額特例"),
    ("payment_report", 50_000, "yen", date(2000, 1, 1), None, "支払調書 (1号報酬)"),
    ("ebook_search_waiver", 50_000_000, "yen", date(2024, 1, 1), None, "電帳法"),
    ("payment_days", 60, "days", FREELANCE_ACT, None, "フリーランス法4条1項"),
    ("redelegation_days", 30, "days", FREELANCE_ACT, None, "フリーランス法4条3項"),
    ("postponement_days", 2, "days", FREELANCE_ACT, None, "公取委: 休日順延"),
    ("prohibited_acts_months", 1, "months", FREELANCE_ACT, None, "フリーランス法5条"),
    ("notice_months", 6, "months", FREELANCE_ACT, None, "フリーランス法16条"),
    ("notice_days", 30, "days", FREELANCE_ACT, None, "フリーランス法16条"),
]


def seed(apps, schema_editor):
    TaxRate = apps.get_model("enterprise", "TaxRate")
    WithholdingRule = apps.get_model("enterprise", "WithholdingRule")
    TransitionalCreditRate = apps.get_model("enterprise", "TransitionalCreditRate")
    Threshold = apps.get_model("enterprise", "Threshold")
    for code, rate, start, end, note in TAX_RATES:
        TaxRate.objects.get_or_create(
            code=code,
            valid_from=start,
            defaults={"rate": Decimal(rate), "valid_to": end, "note": note},
        )
    for start, end, note in WITHHOLDING:
        WithholdingRule.objects.get_or_create(
            valid_from=start,
            defaults={
                "valid_to": end,
                "note": note,
                "base_rate": Decimal("0.1021"),
                "threshold": 1_000_000,
                "upper_rate": Decimal("0.2042"),
                "upper_base": 102_100,
            },
        )
    for rate, start, end in TRANSITIONAL:
        TransitionalCreditRate.objects.get_or_create(
            valid_from=start,
            defaults={"rate": Decimal(rate), "valid_to": end, "note": "令和8年度改正"},
        )
    for code, value, unit, start, end, note in THRESHOLDS:
        Threshold.objects.get_or_create(
            code=code,
            valid_from=start,
            defaults={"value": value, "unit": unit, "valid_to": end, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("enterprise", "0003_rate_tables_operator_profile")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
