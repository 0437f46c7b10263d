"""Demo for the learning record (called at the end of `citizen_profiles.demo.seed`): two
records of one elderly resident created by staff at different times, so the admin's
"Hồ sơ có thể trùng" screen has a pair to merge. Idempotent: looked up by name."""

from learning_centers.models import Ward

from .models import Citizen
from .services import citizen_create_assisted

DUPLICATE_NAME = "Lê Thị Hoa"
DUPLICATE_SPELLINGS = ("Lê Thị Hoa", "Le Thi Hoa")
DUPLICATE_BIRTH_YEAR = 1958


def seed(*, small: bool = False) -> str:
    ward = Ward.objects.order_by("code").first()
    existing = Citizen.objects.filter(normalized="le thi hoa", birth_year=DUPLICATE_BIRTH_YEAR)
    for spelling in DUPLICATE_SPELLINGS[existing.count() :]:
        citizen_create_assisted(full_name=spelling, birth_year=DUPLICATE_BIRTH_YEAR, ward=ward)
    return f"hồ sơ trùng mẫu: “{DUPLICATE_NAME}” ({DUPLICATE_BIRTH_YEAR}), hai bản"
