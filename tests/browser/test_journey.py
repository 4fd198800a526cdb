"""Issue 9's journey through the pages, on the production stack: sales
onboards a new client and sends a quote, the client accepts it, the director
plans and offers three subtasks, two workers do them (a question answered,
one revision), the director delivers, the client accepts the delivery, and
finance closes the month and pays.

One test: each step needs the state the previous ones left. The steps are in
journey.py (finance's in finance.py); at the end each role's dashboard is
saved at 1280 px for the README (screens.py).
"""

from . import journey as j
from .finance import WorkerPayout, close_month_and_pay
from .screens import retake_screenshots


def test_the_whole_journey_through_the_pages(person, stack, tmp_path):
    journey = j.Journey()

    # 1. Sales onboards the client, invites its contact, sends a quote.
    sales = person("sales")
    j.register_client(sales, journey)
    j.screen_client(sales, journey)
    j.invite_contact(sales, journey)
    contact = person(journey.contact_email, log_in=False)
    j.contact_sets_password(contact, journey)
    j.record_engagement(sales, journey)
    j.send_quote(sales, journey)
    j.sales_dashboard(sales, journey)

    # 2. The contact logs in with the new password and accepts the quote.
    contact.log_in(journey.contact_password)
    j.accept_quote(contact, journey)

    # 3. The director plans three subtasks and offers them.
    director = person("director")
    j.plan_subtasks(director, journey)
    j.offer_subtasks(director, journey)
    j.director_dashboard(director, journey)

    # 4. Two workers accept; one asks, the director answers; all submit.
    workers = {name: person(name) for name in journey.worker_usernames()}
    for subtask in journey.subtasks:
        j.accept_offer(workers[subtask.worker], subtask)
    asker = journey.subtasks[1]
    j.worker_dashboard(workers[asker.worker], asker)
    j.ask_question(workers[asker.worker], asker)
    j.answer_question(director, journey, asker)
    j.read_answer(workers[asker.worker], asker)
    for subtask in journey.subtasks:
        j.submit_work(workers[subtask.worker], subtask, tmp_path)

    # 5. One revision, then everything approved and delivered.
    j.request_revision(director, journey, asker)
    j.read_revision_request(workers[asker.worker], asker)
    j.submit_work(workers[asker.worker], asker, tmp_path, version=2)
    for subtask in journey.subtasks:
        j.approve(director, journey, subtask, version=2 if subtask is asker else 1)
    j.deliver(director, journey)

    # 6. The client accepts the delivery and sees the engagement completed.
    j.accept_delivery(contact, journey)
    j.client_dashboard(contact, journey)

    everyone = [sales, contact, director, *workers.values()]
    assert not [e for someone in everyone for e in someone.server_errors]
    assert not [e for someone in everyone for e in someone.console_errors]

    # 7. Finance (finance.py): close the client's month, invoice, pay.
    close_month_and_pay(
        person,
        stack,
        client_name=journey.client_name,
        work_subtotal=journey.quote.work_subtotal,
        direction_fee=journey.quote.direction_fee,
        worker_payouts=[
            WorkerPayout(name, rewards=rewards)
            for name, rewards in journey.rewards_by_worker().items()
        ],
    )

    # 8. The README's pictures, one per role, now that the work is paid.
    retake_screenshots(
        {
            "sales": sales,
            "director": director,
            "worker": workers[asker.worker],
            "finance": person("finance"),
            "client": contact,
            "compliance": person("compliance"),
        }
    )
