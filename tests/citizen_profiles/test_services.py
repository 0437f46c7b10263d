import datetime
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from citizen_profiles.models import Citizen, ParticipationRecord, normalize_claim_code
from citizen_profiles.services import (
    citizen_create_assisted,
    citizen_register,
    participation_record,
    participation_withdraw,
)
from tests.factories.people import CitizenFactory

pytestmark = pytest.mark.django_db


def record(citizen, **overrides):
    kwargs = {
        "citizen": citizen,
        "kind": ParticipationRecord.Kind.ATTENDANCE,
        "title": "Kỹ năng số cho người cao tuổi",
        "hours": Decimal("2"),
        "date": datetime.date(2026, 3, 1),
        "source_type": "courses.attendance",
        "source_id": 7,
        "topics": ["kỹ năng số"],
    }
    kwargs.update(overrides)
    return participation_record(**kwargs)


def test_participation_record_is_idempotent_per_source():
    citizen = CitizenFactory()
    first = record(citizen)
    second = record(citizen, hours=Decimal("3"))
    assert first.pk == second.pk
    assert ParticipationRecord.objects.count() == 1
    assert ParticipationRecord.objects.get().hours == Decimal("3")


def test_participation_record_nfc_normalises_title_and_topics():
    citizen = CitizenFactory()
    nfd = unicodedata.normalize("NFD", "Tin học cơ bản")
    rec = record(citizen, title=nfd, topics=[unicodedata.normalize("NFD", "tin học")])
    assert rec.title == "Tin học cơ bản" and rec.topics == "tin học"


def test_participation_record_refuses_negative_hours():
    citizen = CitizenFactory()
    with pytest.raises(ValidationError):
        record(citizen, hours=Decimal("-1"))
    assert not ParticipationRecord.objects.exists()


def test_database_refuses_negative_hours_too():
    citizen = CitizenFactory()
    with pytest.raises(IntegrityError):
        ParticipationRecord.objects.create(
            citizen=citizen,
            kind="attendance",
            title="x",
            hours=Decimal("-2"),
            date=datetime.date(2026, 1, 1),
            source_type="t",
            source_id="1",
        )


def test_participation_withdraw_removes_only_that_source():
    citizen = CitizenFactory()
    record(citizen, source_id=1)
    record(citizen, source_id=2)
    assert (
        participation_withdraw(
            citizen=citizen, kind="attendance", source_type="courses.attendance", source_id=1
        )
        == 1
    )
    assert list(ParticipationRecord.objects.values_list("source_id", flat=True)) == ["2"]


def test_citizen_register_duplicate_phone_raises_and_creates_nothing(ward):
    citizen_register(
        full_name="A", birth_year=1970, ward=ward, password="x-12345678", phone="0912345678"
    )
    with pytest.raises(ValidationError) as error:
        citizen_register(
            full_name="B", birth_year=1970, ward=ward, password="x-12345678", phone="0912345678"
        )
    assert "phone" in error.value.error_dict
    assert Citizen.objects.count() == 1


def test_assisted_normalises_phone_and_folds_name(ward):
    citizen = citizen_create_assisted(
        full_name=" Đỗ  Thị   Ánh ", birth_year=1950, ward=ward, phone="+84 912 345 678"
    )
    assert citizen.full_name == "Đỗ Thị Ánh"
    assert citizen.normalized == "do thi anh"
    assert citizen.phone == "0912345678"


def test_claim_code_input_forms_are_equivalent():
    assert normalize_claim_code(" abcd-efgh ") == "ABCDEFGH"
    assert normalize_claim_code("ABCD EFGH") == "ABCDEFGH"


def test_residential_group_must_belong_to_the_ward(ward):
    from learning_centers.models import ResidentialGroup
    from tests.factories.geography import WardFactory

    other_group = ResidentialGroup.objects.create(ward=WardFactory(), name="Tổ 1")
    citizen = CitizenFactory(ward=ward)
    citizen.residential_group = other_group
    with pytest.raises(ValidationError) as error:
        citizen.full_clean()
    assert "residential_group" in error.value.error_dict


def test_participation_record_many_upserts_and_validates():
    import datetime
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from citizen_profiles.models import ParticipationRecord
    from citizen_profiles.services import participation_record_many
    from tests.factories.people import CitizenFactory

    citizen = CitizenFactory()
    day = datetime.date(2026, 3, 1)
    row = {
        "citizen": citizen,
        "kind": "attendance",
        "title": "Tin học cơ bản",
        "hours": Decimal("2"),
        "date": day,
        "source_type": "courses.attendance",
        "source_id": 7,
    }
    assert participation_record_many(records=[row, {**row, "source_id": 8}]) == 2
    participation_record_many(records=[{**row, "hours": Decimal("3")}])
    assert ParticipationRecord.objects.filter(citizen=citizen).count() == 2
    assert ParticipationRecord.objects.get(source_id="7").hours == Decimal("3")
    with pytest.raises(ValidationError):
        participation_record_many(records=[{**row, "source_id": 9}, {**row, "hours": -1}])
    assert not ParticipationRecord.objects.filter(source_id="9").exists()
