"""django-helpdesk's side of bench.helpdesk, run by the Python of helpdesk's own virtualenv.

    python -P bench/_helpdesk_escalation.py migrate
    python -P bench/_helpdesk_escalation.py escalate SIZE

(``-P``: bench/ must not come first on the path, or ``import helpdesk`` would find
bench/helpdesk.py.) The settings module is the one bench.helpdesk writes and puts on
PYTHONPATH. ``migrate`` migrates the scratch database and creates the queue, escalating
after one day. ``escalate`` replaces the tickets by SIZE open ones (every 100th created two
days ago, the rest an hour ago), times ``manage.py escalate_tickets`` with a statement count,
checks that exactly the old ones escalated and prints one JSON line.
"""

import json
import sys
import time

import django

QUEUE = "bench"


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from helpdesk.models import Queue

    Queue.objects.update_or_create(
        slug=QUEUE,
        defaults={"title": "Bench", "escalate_days": 1, "email_address": "queue@example.com"},
    )


def build_tickets(connection, queue, size):
    """``size`` open tickets of priority 3, each with a submitter to mail; every 100th old."""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE helpdesk_ticket RESTART IDENTITY CASCADE")
        cursor.execute(
            """
            INSERT INTO helpdesk_ticket (title, created, modified, submitter_email, status,
                on_hold, description, resolution, priority, queue_id, secret_key)
            SELECT 'Ticket ' || i, d.at, d.at, 'submitter-' || i || '@example.com', 1, false,
                'Please help', '', 3, %(queue)s, md5(i::text)
            FROM generate_series(1, %(size)s) AS i,
                LATERAL (SELECT CASE WHEN i %% 100 = 0 THEN now() - interval '2 days'
                                     ELSE now() - interval '1 hour' END AS at) AS d
            """,
            {"queue": queue.pk, "size": size},
        )
        cursor.execute("VACUUM ANALYZE helpdesk_ticket")


def escalate(size):
    from django.core import mail
    from django.core.management import call_command
    from django.db import connection
    from helpdesk.models import FollowUp, Queue, Ticket, TicketChange

    build_tickets(connection, Queue.objects.get(slug=QUEUE), size)
    mail.outbox = []
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        call_command("escalate_tickets")
        seconds = time.perf_counter() - started
    escalated = Ticket.objects.filter(last_escalation__isnull=False, priority=2).count()
    followups, changes = FollowUp.objects.count(), TicketChange.objects.count()
    assert escalated == followups == changes == size // 100, (escalated, followups, changes)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "statements": statements,
                "escalated": escalated,
                "mailed": len(mail.outbox),
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "migrate":
        migrate()
    else:
        escalate(int(sys.argv[2]))
