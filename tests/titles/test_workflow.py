"""The yearly evaluation: each step, its permission and ward scope, the audit log, the
override rule, a future year, and the bulk run."""

import datetime
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from wagtail.models import ModelLogEntry

from citizen_profiles.titles.bulk import evaluate_titles
from citizen_profiles.titles.models import Evaluation, EvaluationRun
from citizen_profiles.titles.services import (
    evaluation_recognise,
    evaluation_reject,
    evaluation_return,
    evaluation_revoke,
    evaluation_start,
    evaluation_submit,
    evaluation_verify,
)
from tests.factories.geography import WardFactory
from tests.factories.people import ResidentFactory
from tests.factories.users import UserFactory

from .helpers import ALL_STEPS, learner, staff

pytestmark = pytest.mark.django_db
Y = 2025
DAY = datetime.date(2026, 1, 15)
GOOD = {c: {"points": 10} for c in ("CS1", "CS4", "CS6", "CS7", "CS8", "CS9", "CS10")}


@pytest.fixture
def resident(ward, seeded):
    citizen = learner(ward, user=UserFactory())
    return citizen


def test_start_fills_computed_indicators_from_the_record(resident):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    assert ev.status == "draft" and ev.ward_id == resident.ward_id
    assert ev.criteria_set.target_group == "cu-dan"
    assert ev.scores["CS3"]["points"] == "10"  # 20 hours
    assert ev.scores["CS5"]["points"] == "10"  # digital skills
    assert ev.scores["CS1"]["points"] is None  # scored by the resident
    assert ev.total == 30 and not ev.passed


def test_occupation_picks_the_target_group(ward, seeded):
    worker = learner(ward, occupation="lao-dong")
    assert evaluation_start(kind="citizen", subject=worker, year=Y).criteria_set.target_group == (
        "lao-dong"
    )


def test_a_future_year_is_refused_and_nothing_written(resident):
    with pytest.raises(ValidationError, match="chưa đến"):
        evaluation_start(kind="citizen", subject=resident, year=datetime.date.today().year + 1)
    assert not Evaluation.objects.exists()


def test_full_workflow_with_permissions_and_audit_log(resident, ward):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    stranger = ResidentFactory(ward=ward).user
    with pytest.raises(PermissionDenied):
        evaluation_submit(evaluation=ev, entries=GOOD, by=stranger)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=resident.user)
    assert (ev.status, ev.total, ev.passed) == ("submitted", 100, True)

    verifier = staff(ward, "verify_evaluation", email="v@example.vn")
    recogniser = staff(ward, "recognise_evaluation", email="r@example.vn")
    with pytest.raises(PermissionDenied):
        evaluation_verify(evaluation=ev, by=recogniser)
    ev = evaluation_verify(evaluation=ev, by=verifier)
    with pytest.raises(PermissionDenied):
        evaluation_recognise(evaluation=ev, by=verifier, decision_number="1", decision_date=DAY)
    with pytest.raises(ValidationError):
        evaluation_recognise(evaluation=ev, by=recogniser, decision_number="", decision_date=DAY)
    ev = evaluation_recognise(
        evaluation=ev, by=recogniser, decision_number="12/QĐ-KH", decision_date=DAY
    )
    assert ev.status == "recognised" and len(ev.verification_code) == 12
    revoker = staff(ward, "revoke_evaluation", email="x@example.vn")
    with pytest.raises(ValidationError, match="lý do"):
        evaluation_revoke(evaluation=ev, by=revoker, reason=" ")
    ev = evaluation_revoke(evaluation=ev, by=revoker, reason="Khai sai")
    assert ev.status == "revoked"
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(ev.pk), content_type__model="evaluation")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "citizen_titles.start",
        "citizen_titles.submit",
        "citizen_titles.verify",
        "citizen_titles.recognise",
        "citizen_titles.revoke",
    ]
    labels = set(
        ModelLogEntry.objects.filter(
            object_id=str(ev.pk), content_type__model="evaluation"
        ).values_list("label", flat=True)
    )
    assert all(resident.full_name not in label for label in labels)


def test_staff_of_another_ward_cannot_act(resident, ward):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=resident.user)
    other = staff(WardFactory(), *ALL_STEPS, email="o@example.vn")
    with pytest.raises(PermissionDenied):
        evaluation_verify(evaluation=ev, by=other)


def test_staff_enter_a_paper_form(resident, ward):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    clerk = staff(ward, "submit_evaluation")
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=clerk, on_paper=True)
    assert ev.on_paper and ev.submitted_by == clerk and ev.status == "submitted"


def test_points_outside_the_range_are_refused(resident):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        evaluation_submit(evaluation=ev, entries={"CS1": {"points": 11}}, by=resident.user)
    ev.refresh_from_db()
    assert ev.status == "draft"


def test_return_and_reject_need_a_reason(resident, ward):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=resident.user)
    verifier = staff(ward, "verify_evaluation", "recognise_evaluation")
    with pytest.raises(ValidationError):
        evaluation_return(evaluation=ev, by=verifier, reason="")
    ev = evaluation_return(evaluation=ev, by=verifier, reason="Thiếu minh chứng")
    assert ev.status == "returned"
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=resident.user)
    ev = evaluation_verify(evaluation=ev, by=verifier)
    ev = evaluation_reject(evaluation=ev, by=verifier, reason="Không đủ điều kiện")
    assert ev.status == "rejected" and ev.reason == "Không đủ điều kiện"


def test_recognising_a_failing_subject_needs_an_override_with_reason(resident, ward):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    ev = evaluation_submit(evaluation=ev, entries={"CS1": {"points": 5}}, by=resident.user)
    assert not ev.passed
    boss = staff(ward, "verify_evaluation", "recognise_evaluation")
    ev = evaluation_verify(evaluation=ev, by=boss)
    with pytest.raises(ValidationError, match="ngoại lệ"):
        evaluation_recognise(evaluation=ev, by=boss, decision_number="1", decision_date=DAY)
    ev.refresh_from_db()
    assert ev.status == "verified" and not ev.verification_code
    ev = evaluation_recognise(
        evaluation=ev, by=boss, decision_number="1", decision_date=DAY, override_reason="Hoàn cảnh"
    )
    assert ev.status == "recognised" and ev.override_reason == "Hoàn cảnh"


def test_recognising_twice_is_refused(resident, ward):
    ev = evaluation_start(kind="citizen", subject=resident, year=Y)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=resident.user)
    boss = staff(ward, "verify_evaluation", "recognise_evaluation")
    ev = evaluation_verify(evaluation=ev, by=boss)
    evaluation_recognise(evaluation=ev, by=boss, decision_number="1", decision_date=DAY)
    with pytest.raises(ValidationError):
        evaluation_recognise(evaluation=ev, by=boss, decision_number="2", decision_date=DAY)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_evaluators_at_once_cannot_recognise_twice(ward, seeded):
    citizen = learner(ward, user=UserFactory())
    ev = evaluation_start(kind="citizen", subject=citizen, year=Y)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=citizen.user)
    first = staff(ward, "verify_evaluation", "recognise_evaluation", email="a@example.vn")
    second = staff(ward, "recognise_evaluation", email="b@example.vn")
    ev = evaluation_verify(evaluation=ev, by=first)
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, number):
        try:
            barrier.wait()
            evaluation_recognise(evaluation=ev, by=user, decision_number=number, decision_date=DAY)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=act, args=(u, n)) for u, n in ((first, "1"), (second, "2"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert ModelLogEntry.objects.filter(action="citizen_titles.recognise").count() == 1


def test_bulk_run_is_idempotent_and_counts(ward, seeded):
    learner(ward)
    learner(ward, hours="5", digital=False)
    out = io.StringIO()
    call_command("evaluate_titles", "--year", str(Y), "--ward", ward.code, stdout=out)
    assert "Đã đánh giá 3, dự kiến đạt 0, thay đổi so với lần trước 3" in out.getvalue()
    assert Evaluation.objects.filter(kind="citizen").count() == 2
    counts = evaluate_titles(year=Y, ward_ids=[ward.pk], kinds=["citizen"])
    assert (counts.evaluated, counts.changed) == (2, 0)
    newcomer = learner(ward)
    dry = evaluate_titles(year=Y, ward_ids=[ward.pk], kinds=["citizen"], dry_run=True)
    assert (dry.evaluated, dry.changed) == (3, 1)
    assert not Evaluation.objects.filter(citizen=newcomer).exists()


def test_bulk_run_keeps_verified_evaluations(ward, seeded):
    citizen = learner(ward, user=UserFactory())
    ev = evaluation_start(kind="citizen", subject=citizen, year=Y)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=citizen.user)
    ev = evaluation_verify(evaluation=ev, by=staff(ward, "verify_evaluation"))
    before = Evaluation.objects.get(pk=ev.pk).scores
    from .helpers import record

    record(citizen, hours="100")
    evaluate_titles(year=Y, ward_ids=[ward.pk], kinds=["citizen"])
    assert Evaluation.objects.get(pk=ev.pk).scores == before


def test_bulk_run_refuses_a_future_year():
    with pytest.raises(Exception, match="chưa đến"):
        call_command("evaluate_titles", "--year", "2999", stdout=io.StringIO())


def test_admin_task_runs_and_records_progress(ward, seeded, client):
    learner(ward)
    user = staff(ward, "run_evaluation", "view_evaluation")
    client.force_login(user)
    response = client.post("/admin/titles/runs/", {"year": Y, "ward": ward.pk})
    assert response.status_code == 302
    run = EvaluationRun.objects.get()
    assert (run.status, run.evaluated, run.processed) == ("done", run.total, run.total)
    assert run.total >= 1
    assert Evaluation.objects.filter(kind="citizen", ward=ward).count() == 1
