import datetime
import threading
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from wagtail import hooks
from wagtail.models import ModelLogEntry

from citizen_profiles.declarations import services
from citizen_profiles.models import Declaration, ParticipationRecord
from tests.factories.declarations import DeclarationFactory, pdf_file, png_file
from tests.factories.geography import WardFactory
from tests.factories.people import ResidentFactory, make_centre, make_centre_manager
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


def submit(citizen, **overrides):
    values = dict(
        citizen=citizen,
        kind=Declaration.Kind.LIBRARY,
        title="Đọc sách tại thư viện",
        date=TODAY() - datetime.timedelta(days=1),
        hours=Decimal("2"),
    )
    values.update(overrides)
    return services.declaration_submit(**values)


@pytest.fixture
def ward_setup(home):
    ward = WardFactory()
    other = WardFactory()
    manager = make_centre_manager(make_centre(ward))
    other_manager = make_centre_manager(make_centre(other))
    resident = ResidentFactory(ward=ward)
    return ward, manager, other_manager, resident


def errors_of(excinfo):
    return excinfo.value.message_dict


# --- bad input: each refused with a message, nothing written ---------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"date": TODAY() + datetime.timedelta(days=1)}, "date", "tương lai"),
        ({"hours": Decimal("0")}, "hours", "lớn hơn 0"),
        ({"hours": Decimal("-1")}, "hours", "lớn hơn 0"),
        ({"hours": Decimal("24.5")}, "hours", "24 giờ"),
        ({"hours": "abc"}, "hours", "một số"),
        ({"title": "   "}, "title", "tên hoạt động"),
        ({"kind": "bogus"}, "kind", "loại hoạt động"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url", "http"),
        ({"evidence_url": "ftp://example.vn/a.pdf"}, "evidence_url", "http"),
        ({"kind": Declaration.Kind.CERTIFICATE}, "evidence_file", "cần minh chứng"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(overrides, field, words):
    resident = ResidentFactory()
    with pytest.raises(ValidationError) as excinfo:
        submit(resident, **overrides)
    messages = " ".join(errors_of(excinfo)[field])
    assert words in messages.lower() or words in messages
    assert not Declaration.objects.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="citizen_profiles.decl").exists()


def test_exactly_24_hours_and_today_are_accepted():
    declaration = submit(ResidentFactory(), hours=Decimal("24"), date=timezone.localdate())
    assert declaration.status == Declaration.Status.PENDING
    assert declaration.hours == Decimal("24.0")


def test_more_than_24_hours_on_one_day_across_declarations_is_refused():
    resident = ResidentFactory()
    submit(resident, hours=Decimal("20"), title="Tập huấn cả ngày")
    with pytest.raises(ValidationError) as excinfo:
        submit(resident, hours=Decimal("5"), title="Câu lạc bộ buổi tối")
    assert "vượt quá 24 giờ" in " ".join(errors_of(excinfo)["hours"])
    assert Declaration.objects.count() == 1


def test_same_activity_twice_is_refused_even_without_diacritics():
    resident = ResidentFactory()
    submit(resident, title="Đọc sách tại thư viện")
    with pytest.raises(ValidationError) as excinfo:
        submit(resident, title="doc  sach tai THU VIEN")
    assert "đã khai báo hoạt động này" in " ".join(errors_of(excinfo)["title"])
    assert Declaration.objects.count() == 1


def test_same_activity_may_be_declared_again_after_rejection_or_withdrawal(ward_setup):
    _ward, manager, _other, resident = ward_setup
    first = submit(resident)
    services.declaration_reject(declaration=first, by=manager, reason="Thiếu thông tin")
    second = submit(resident)
    services.declaration_withdraw(declaration=second, by=resident.user)
    third = submit(resident)
    assert third.status == Declaration.Status.PENDING
    assert Declaration.objects.filter(citizen=resident).count() == 3


def test_same_title_on_another_day_or_of_another_kind_is_another_activity():
    resident = ResidentFactory()
    submit(resident)
    submit(resident, date=TODAY() - datetime.timedelta(days=2))
    submit(resident, kind=Declaration.Kind.CLUB)
    assert Declaration.objects.filter(citizen=resident).count() == 3


def test_title_and_provider_are_nfc_normalised():
    decomposed = unicodedata.normalize("NFD", "Tin học cơ bản")
    assert decomposed != "Tin học cơ bản"
    declaration = submit(ResidentFactory(), title=f"  {decomposed}  ", provider="Thư  viện")
    assert declaration.title == "Tin học cơ bản"
    assert declaration.provider == "Thư viện"
    assert declaration.normalized_title == "tin hoc co ban"


def test_evidence_link_alone_satisfies_a_kind_that_needs_evidence():
    declaration = submit(
        ResidentFactory(),
        kind=Declaration.Kind.NATIONAL_PLATFORM,
        evidence_url="https://binhdanhocvuso.gov.vn/chung-nhan/1",
    )
    assert declaration.evidence_url.startswith("https://")


def test_evidence_file_is_stored_privately_with_a_random_name(settings):
    declaration = submit(
        ResidentFactory(),
        kind=Declaration.Kind.CERTIFICATE,
        evidence_file=pdf_file("Nguyen Van A.pdf"),
    )
    name = declaration.evidence_file.name
    assert "Nguyen" not in name and name.endswith(".pdf")
    assert declaration.evidence_content_type == "application/pdf"
    path = declaration.evidence_file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        declaration.evidence_file.url  # noqa: B018 - there is no public URL


def stored_files(settings):
    root = settings.PRIVATE_MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_refused_submission_leaves_no_file(settings):
    resident = ResidentFactory()
    submit(resident)
    with pytest.raises(ValidationError):
        submit(resident, evidence_file=png_file())  # a duplicate, with a valid file
    assert stored_files(settings) == []


def test_file_written_before_a_failure_is_removed(settings):
    def failing_hook(declaration, by):
        raise RuntimeError("hook failed")

    with hooks.register_temporarily("citizen_declaration_status_changed", failing_hook):
        with pytest.raises(RuntimeError):
            submit(ResidentFactory(), evidence_file=png_file())
    assert not Declaration.objects.exists()
    assert stored_files(settings) == []


# --- verification and its effect on the participation log ------------------------------


def declared_records(citizen):
    return ParticipationRecord.objects.filter(
        citizen=citizen, kind="declared", source_type="citizen_profiles.declaration"
    )


def test_only_verified_declarations_count(ward_setup):
    _ward, manager, _other, resident = ward_setup
    declaration = submit(resident, hours=Decimal("2.5"))
    assert not declared_records(resident).exists()
    services.declaration_verify(declaration=declaration, by=manager)
    record = declared_records(resident).get()
    assert record.source_id == str(declaration.pk)
    assert record.hours == Decimal("2.5")
    assert record.date == declaration.date
    assert record.title == declaration.title
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.VERIFIED
    assert declaration.reviewed_by == manager
    assert declaration.reviewed_at is not None


def test_rejecting_a_verified_declaration_removes_its_record(ward_setup):
    _ward, manager, _other, resident = ward_setup
    declaration = submit(resident)
    services.declaration_verify(declaration=declaration, by=manager)
    services.declaration_reject(declaration=declaration, by=manager, reason="Nhầm người")
    assert not declared_records(resident).exists()
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.REJECTED
    assert declaration.rejection_reason == "Nhầm người"


def test_withdrawing_a_verified_declaration_removes_its_record(ward_setup):
    _ward, manager, _other, resident = ward_setup
    declaration = submit(resident)
    services.declaration_verify(declaration=declaration, by=manager)
    services.declaration_withdraw(declaration=declaration, by=resident.user)
    assert not declared_records(resident).exists()
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.WITHDRAWN
    assert declaration.withdrawn_at is not None


def test_reject_needs_a_reason_and_changes_nothing_without_one(ward_setup):
    _ward, manager, _other, resident = ward_setup
    declaration = submit(resident)
    with pytest.raises(ValidationError) as excinfo:
        services.declaration_reject(declaration=declaration, by=manager, reason="  ")
    assert "lý do" in " ".join(errors_of(excinfo)["reason"])
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.PENDING


def test_verifying_twice_is_refused(ward_setup):
    _ward, manager, _other, resident = ward_setup
    declaration = submit(resident)
    services.declaration_verify(declaration=declaration, by=manager)
    with pytest.raises(ValidationError, match="đã được xử lý"):
        services.declaration_verify(declaration=declaration, by=manager)
    assert declared_records(resident).count() == 1


def test_withdrawn_or_rejected_declaration_cannot_be_withdrawn_again(ward_setup):
    _ward, manager, _other, resident = ward_setup
    declaration = submit(resident)
    services.declaration_reject(declaration=declaration, by=manager, reason="Không rõ")
    with pytest.raises(ValidationError):
        services.declaration_withdraw(declaration=declaration, by=resident.user)


def test_manager_of_another_ward_cannot_review(ward_setup):
    _ward, _manager, other_manager, resident = ward_setup
    declaration = submit(resident)
    with pytest.raises(PermissionDenied):
        services.declaration_verify(declaration=declaration, by=other_manager)
    with pytest.raises(PermissionDenied):
        services.declaration_reject(declaration=declaration, by=other_manager, reason="x")
    with pytest.raises(PermissionDenied):
        services.declaration_verify(declaration=declaration, by=UserFactory())
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.PENDING


def test_city_staff_may_review_any_ward(ward_setup):
    *_, resident = ward_setup
    admin = UserFactory(is_superuser=True)
    declaration = services.declaration_verify(declaration=submit(resident), by=admin)
    assert declaration.status == Declaration.Status.VERIFIED


def test_staff_cannot_review_their_own_declaration(home):
    ward = WardFactory()
    manager = make_centre_manager(make_centre(ward))
    own = ResidentFactory(ward=ward, user=manager)
    with pytest.raises(ValidationError, match="chính mình"):
        services.declaration_verify(declaration=submit(own), by=manager)


def test_only_the_owner_may_withdraw(ward_setup):
    *_, resident = ward_setup
    declaration = submit(resident)
    with pytest.raises(PermissionDenied):
        services.declaration_withdraw(declaration=declaration, by=ResidentFactory().user)


def test_each_status_change_is_audit_logged_without_personal_data(ward_setup):
    _ward, manager, _other, resident = ward_setup
    declaration = submit(resident)
    services.declaration_verify(declaration=declaration, by=manager)
    services.declaration_withdraw(declaration=declaration, by=resident.user)
    entries = ModelLogEntry.objects.filter(object_id=str(declaration.pk)).order_by("timestamp")
    assert [e.action for e in entries] == [
        "citizen_profiles.declaration_submit",
        "citizen_profiles.declaration_verify",
        "citizen_profiles.declaration_withdraw",
    ]
    assert {e.label for e in entries} == {f"Người học #{resident.pk}"}
    assert entries[1].user == manager


def test_status_change_hook_runs_inside_the_transaction(ward_setup):
    _ward, manager, _other, resident = ward_setup
    seen = []

    def hook(declaration, by):
        seen.append((declaration.status, by))
        if declaration.status == Declaration.Status.VERIFIED:
            raise RuntimeError("hook failed")

    with hooks.register_temporarily("citizen_declaration_status_changed", hook):
        declaration = submit(resident)
        with pytest.raises(RuntimeError):
            services.declaration_verify(declaration=declaration, by=manager)
    assert seen == [("pending", resident.user), ("verified", manager)]
    declaration.refresh_from_db()
    assert declaration.status == Declaration.Status.PENDING  # rolled back with the hook
    assert not declared_records(resident).exists()


@pytest.mark.postgres
# serialized_rollback: like the other transactional tests, so the flush after this test does
# not re-create content types that the next serialized test restores (duplicate keys).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_verifying_at_once_verify_once(home):
    ward = WardFactory()
    first = make_centre_manager(make_centre(ward))
    second = UserFactory(is_superuser=True)
    resident = ResidentFactory(ward=ward)
    declaration = submit(resident)
    barrier = threading.Barrier(2)
    outcomes = []

    def verify(user):
        barrier.wait()
        try:
            services.declaration_verify(declaration=declaration, by=user)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=verify, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert declared_records(resident).count() == 1
    assert ModelLogEntry.objects.filter(action="citizen_profiles.declaration_verify").count() == 1


@pytest.mark.postgres
# serialized_rollback: like the other transactional tests, so the flush after this test does
# not re-create content types that the next serialized test restores (duplicate keys).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_activity_submitted_twice_at_once_is_kept_once():
    resident = ResidentFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def go():
        barrier.wait()
        try:
            submit(resident)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=go) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert Declaration.objects.filter(citizen=resident).count() == 1


def test_factory_declarations_are_listed_by_the_queryset_helpers():
    waiting = DeclarationFactory()
    DeclarationFactory(status=Declaration.Status.VERIFIED, citizen=waiting.citizen)
    DeclarationFactory(
        status=Declaration.Status.REJECTED, rejection_reason="x", citizen=waiting.citizen
    )
    assert list(Declaration.objects.waiting()) == [waiting]
    assert Declaration.objects.active().count() == 2
    assert list(Declaration.objects.queue_order())[0] == waiting
