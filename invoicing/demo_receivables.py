"""Demo settings for money in and reminders: the transfer-fee tolerance and
two dunning steps (a week, then a month after the due date). Idempotent."""

DEMO_STEPS = ((7, "お支払いのお願い"), (30, "お支払いについての再度のお願い"))


def seed(*, stdout) -> None:
    from .models import DunningStep, ReceivablesSettings

    ReceivablesSettings.current()
    made = 0
    for days, title in DEMO_STEPS:
        _step, created = DunningStep.objects.get_or_create(
            days_after_due=days, defaults={"title": title}
        )
        made += created
    if made:
        stdout.write(f"dunning steps: {made} added")
