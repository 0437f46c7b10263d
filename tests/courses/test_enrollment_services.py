import datetime

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.models import Enrollment
from courses.services import (
    EnrollmentError,
    course_capacity_changed,
    enrollment_cancel,
    enrollment_create,
    enrollment_remove,
    waitlist_position,
)
from tests.factories.enrollment import CitizenFactory, make_course
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def course(home):
    return make_course(capacity=2)


def enroll_many(course, n):
    return [enrollment_create(course=course, citizen=CitizenFactory()) for _ in range(n)]


def test_enrollment_confirmed_until_capacity_then_waitlisted_fifo(course):
    e = enroll_many(course, 5)
    assert [x.status for x in e] == ["confirmed"] * 2 + ["waitlisted"] * 3
    assert [waitlist_position(x) for x in e] == [None, None, 1, 2, 3]


def test_double_enrollment_is_refused(course):
    citizen = CitizenFactory()
    enrollment_create(course=course, citizen=citizen)
    with pytest.raises(EnrollmentError) as err:
        enrollment_create(course=course, citizen=citizen)
    assert err.value.code == "duplicate"
    assert Enrollment.objects.filter(citizen=citizen).count() == 1


def test_reenrolling_after_cancel_goes_to_end_of_waitlist(course):
    first, _second, third = enroll_many(course, 3)
    enrollment_cancel(enrollment=third)
    fourth = enrollment_create(course=course, citizen=CitizenFactory())
    again = enrollment_create(course=course, citizen=third.citizen)
    assert waitlist_position(fourth) == 1 and waitlist_position(again) == 2


@pytest.mark.parametrize(
    "opens,closes",
    [
        (datetime.timedelta(days=1), datetime.timedelta(days=3)),  # not yet open
        (datetime.timedelta(days=-5), datetime.timedelta(days=-1)),  # closed
    ],
)
def test_enrollment_outside_window_is_refused(home, opens, closes):
    now = timezone.now()
    course = make_course(opens=now + opens, closes=now + closes)
    with pytest.raises(EnrollmentError) as err:
        enrollment_create(course=course, citizen=CitizenFactory())
    assert err.value.code == "window"
    assert not Enrollment.objects.exists()


def test_cancel_promotes_first_waitlisted_and_notifies(course):
    first, _second, third, fourth = enroll_many(course, 4)
    promoted = enrollment_cancel(enrollment=first)
    assert [p.pk for p in promoted] == [third.pk]
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == "confirmed" and waitlist_position(fourth) == 1


def test_promotion_email_sent_on_commit(course, django_capture_on_commit_callbacks):
    first, _second, third = enroll_many(course, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_cancel(enrollment=first)
    assert [m.to for m in mail.outbox] == [[third.citizen.user.email]]
    assert "Đã có chỗ" in mail.outbox[0].subject


def test_citizen_without_email_is_skipped_not_failed(course, django_capture_on_commit_callbacks):
    first = enrollment_create(course=course, citizen=CitizenFactory())
    enrollment_create(course=course, citizen=CitizenFactory())
    waiting = enrollment_create(course=course, citizen=CitizenFactory(user=None))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrollment_cancel(enrollment=first)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert mail.outbox == []


def test_cancelling_a_waitlisted_enrollment_promotes_nobody(course):
    e = enroll_many(course, 4)
    assert enrollment_cancel(enrollment=e[2]) == []
    assert waitlist_position(Enrollment.objects.get(pk=e[3].pk)) == 1


def test_staff_removal_requires_reason_and_promotes(course):
    staff = UserFactory()
    first, _second, third = enroll_many(course, 3)
    with pytest.raises(EnrollmentError):
        enrollment_remove(enrollment=first, by=staff, reason="  ")
    promoted = enrollment_remove(enrollment=first, by=staff, reason="Chuyển nơi ở")
    first.refresh_from_db()
    assert first.status == "removed" and first.removal_reason == "Chuyển nơi ở"
    assert [p.pk for p in promoted] == [third.pk]


def test_raising_capacity_promotes_in_order(course):
    e = enroll_many(course, 6)
    course.capacity = 4
    course.save()
    promoted = course_capacity_changed(course=course)
    assert [p.pk for p in promoted] == [e[2].pk, e[3].pk]
    assert waitlist_position(Enrollment.objects.get(pk=e[4].pk)) == 1


def test_lowering_capacity_keeps_confirmed_seats(course):
    e = enroll_many(course, 2)
    course.capacity = 1
    course.save()
    assert course_capacity_changed(course=course) == []
    assert Enrollment.objects.filter(pk__in=[x.pk for x in e], status="confirmed").count() == 2


def test_cancel_twice_is_refused(course):
    (first,) = enroll_many(course, 1)
    enrollment_cancel(enrollment=first)
    with pytest.raises(EnrollmentError):
        enrollment_cancel(enrollment=first)


def test_enroll_cancel_promote_are_in_audit_log(course):
    staff = UserFactory()
    first = enrollment_create(course=course, citizen=CitizenFactory(), by=staff)
    enroll_many(course, 2)
    enrollment_cancel(enrollment=first, by=staff)
    actions = list(ModelLogEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions.count("courses.enroll") == 3
    assert "courses.cancel" in actions and "courses.promote" in actions
    entry = ModelLogEntry.objects.get(action="courses.cancel")
    assert entry.user == staff and entry.object_id == str(first.pk)
