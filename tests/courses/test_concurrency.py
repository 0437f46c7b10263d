"""Seats under real concurrency (PostgreSQL only: SQLite serialises writers anyway).

100 clients post to the enroll view at the same instant. PostgreSQL's max_connections
(100 by default, shared with the test runner and other databases) cannot give each its own
connection, so a semaphore lets at most DB_SLOTS of them hold a connection at a time — like
a server with that many workers — which still makes DB_SLOTS transactions race for the
same course row.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from courses.models import Enrollment
from courses.services import enrollment_cancel, enrollment_create, waitlist_position
from tests.factories.enrollment import CitizenFactory, make_course

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DB_SLOTS = 40


def run_concurrently(jobs):
    """Start every job at once (barrier); each thread uses its own connection and closes it."""
    barrier = threading.Barrier(len(jobs))
    slots = threading.Semaphore(DB_SLOTS)
    results, errors = [None] * len(jobs), []

    def worker(i, job):
        try:
            barrier.wait()
            with slots:
                try:
                    results[i] = job()
                finally:
                    connection.close()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


def test_concurrency_100_enrollments_for_30_seats(home):
    course = make_course(capacity=30)
    url = reverse("courses:enroll", args=[course.pk])
    clients = []
    for _ in range(100):
        client = Client()
        client.force_login(CitizenFactory().user)
        clients.append(client)

    statuses, errors = run_concurrently([lambda c=c: c.post(url).status_code for c in clients])

    assert errors == []
    assert statuses == [302] * 100
    enrollments = list(Enrollment.objects.filter(course=course).order_by("id"))
    assert len(enrollments) == 100
    assert len({e.citizen_id for e in enrollments}) == 100
    confirmed = [e for e in enrollments if e.status == "confirmed"]
    waiting = [e for e in enrollments if e.status == "waitlisted"]
    assert len(confirmed) == 30 and len(waiting) == 70
    # Arrival order is id order: the first 30 in got the seats, the rest queue behind them.
    assert max(e.id for e in confirmed) < min(e.id for e in waiting)
    assert [waitlist_position(e) for e in waiting] == list(range(1, 71))
    assert [e.created_at for e in waiting] == sorted(e.created_at for e in waiting)


def test_concurrency_cancel_and_promote_never_overbooks(home):
    course = make_course(capacity=30)
    enrollments = [enrollment_create(course=course, citizen=CitizenFactory()) for _ in range(50)]
    confirmed, waiting = enrollments[:30], enrollments[30:]
    newcomers = [CitizenFactory() for _ in range(10)]

    jobs = [lambda e=e: enrollment_cancel(enrollment=e) for e in confirmed[:10]]
    jobs += [lambda c=c: enrollment_create(course=course, citizen=c) for c in newcomers]
    jobs += [lambda e=e: enrollment_cancel(enrollment=e) for e in confirmed[:5]]  # repeats
    _results, errors = run_concurrently(jobs)

    # The 5 repeated cancellations are refused cleanly; nothing else fails.
    assert len(errors) == 5 and all(getattr(e, "code", "") == "state" for e in errors)
    rows = Enrollment.objects.filter(course=course)
    assert rows.filter(status="confirmed").count() == 30
    promoted = set(
        rows.filter(status="confirmed", id__in=[e.id for e in waiting]).values_list("id", flat=True)
    )
    assert promoted == {e.id for e in waiting[:10]}  # FIFO: the first ten in line
    still_waiting = list(rows.filter(status="waitlisted").order_by("id"))
    assert len(still_waiting) == 20
    assert [waitlist_position(e) for e in still_waiting] == list(range(1, 21))
