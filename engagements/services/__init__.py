"""Every change to engagements and their subtasks goes through these services.

Each runs in one transaction with the row locked (select_for_update) so two
people cannot move the same object at once, checks the actor's right, makes
the django-fsm transition, writes the audit row and queues notifications to
go out after commit. Split by subdomain:

- intake: create an engagement, screening
- quotes: quote revisions, sending, client acceptance, order confirmation
- decomposition: subtasks, planning, starting work
- assignment: offers, acceptance, expiry, re-offer
- work: questions and answers, submissions, reviews
- delivery: delivery, 検収 (acceptance), changes, cancellation
"""
