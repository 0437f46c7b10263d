import pytest

from citizen_profiles import demo
from citizen_profiles.models import Declaration, ParticipationRecord
from tests.factories.geography import WardFactory
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_declarations_have_every_status_and_are_idempotent():
    WardFactory()
    UserFactory(is_superuser=True, is_staff=True)
    demo.seed(small=True)
    statuses = set(Declaration.objects.values_list("status", flat=True))
    assert {"pending", "verified", "rejected"} <= statuses
    resident = Declaration.objects.filter(citizen__user__phone=demo.DEMO_PHONE)
    assert resident.filter(status="pending").exists()
    assert resident.filter(status="verified").exists()
    assert resident.exclude(evidence_file="").exists()
    verified = Declaration.objects.filter(status="verified").count()
    assert ParticipationRecord.objects.filter(kind="declared").count() == verified
    assert all(d.rejection_reason for d in Declaration.objects.filter(status="rejected"))
    counts = (Declaration.objects.count(), ParticipationRecord.objects.count())
    demo.seed(small=True)
    assert (Declaration.objects.count(), ParticipationRecord.objects.count()) == counts
