"""The README's pictures: each role's first page at 1280 px, taken at the end
of the journey, when every dashboard shows the journey's work done and paid."""

SCREENS = ("sales", "director", "worker", "finance", "client", "compliance")


def retake_screenshots(people: dict) -> None:
    """``people``: {role: a logged-in Person}, one per name in SCREENS."""
    for role in SCREENS:
        someone = people[role]
        someone.page.goto("/")
        someone.page.wait_for_load_state("networkidle")
        someone.screenshot(f"{role}-dashboard")
