"""Demo residents (called by `seed_demo`): one resident with an account and one record
created by centre staff for an elderly resident, with its claim code, so the sign-in and
claim flows can be tried at once. Idempotent: looked up by phone and by name."""

from django.contrib.auth import get_user_model

from learning_centers.models import Ward

from . import demo_record
from .demo_declarations import seed as seed_declarations
from .models import Citizen
from .services import citizen_create_assisted, citizen_register

DEMO_PHONE = "0912000001"
DEMO_PASSWORD = "hoctapsuotdoi"
ASSISTED_NAME = "Trần Văn Cường"


def seed(*, small: bool = False) -> str:
    ward = Ward.objects.order_by("code").first()
    if not get_user_model().objects.filter(phone=DEMO_PHONE).exists():
        citizen_register(
            full_name="Nguyễn Thị Lan",
            birth_year=1972,
            ward=ward,
            password=DEMO_PASSWORD,
            phone=DEMO_PHONE,
        )
    assisted = Citizen.objects.filter(full_name=ASSISTED_NAME, created_by__isnull=True).first()
    if assisted is None:
        assisted = citizen_create_assisted(full_name=ASSISTED_NAME, birth_year=1948, ward=ward)
    claim = (
        f"mã nhận hồ sơ của “{ASSISTED_NAME}” (sinh 1948): {assisted.claim_code_display()}"
        if assisted.is_claimable
        else "hồ sơ ghi danh hộ đã được nhận"
    )
    summary = f"người dân mẫu {DEMO_PHONE} / {DEMO_PASSWORD}; {claim}"
    summary += "; " + seed_declarations(small=small)
    summary += "; " + demo_record.seed(small=small)
    return summary
