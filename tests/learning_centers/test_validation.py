import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from learning_centers.models import CenterMaterialPage, LearningCenterPage, OpeningHours
from tests.factories.centres import make_center, make_moderator
from tests.factories.geography import WardFactory

pytestmark = pytest.mark.django_db


def centre(**fields):
    fields.setdefault("title", "Trung tâm")
    return LearningCenterPage(slug="trung-tam-x", ward=WardFactory(), **fields)


def validate(instance) -> None:
    # Tree fields are set when the page is added under its parent, not by the editor.
    instance.full_clean(exclude=["path", "depth"])


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as info:
        validate(instance)
    return info.value.message_dict


@pytest.mark.parametrize(
    "phone", ["024 3823 4567", "0912 345 678", "+84 24 3823 4567", "1900 1234"]
)
def test_public_phone_formats_are_accepted(phone):
    validate(centre(phone=phone))


@pytest.mark.parametrize("phone", ["12345", "024 38", "abc", "0123 456 7890 12"])
def test_bad_phone_gets_vietnamese_message(phone):
    assert "Số điện thoại không hợp lệ" in errors_of(centre(phone=phone))["phone"][0]


def test_latitude_out_of_range_is_refused():
    errors = errors_of(centre(latitude=Decimal("95"), longitude=Decimal("105.8")))
    assert "Vĩ độ phải nằm trong khoảng -90 đến 90." in errors["latitude"]


def test_swapped_coordinates_are_refused_with_hint():
    errors = errors_of(centre(latitude=Decimal("105.8"), longitude=Decimal("21.03")))
    assert "Vĩ độ phải nằm trong khoảng -90 đến 90." in errors["latitude"]
    errors = errors_of(centre(latitude=Decimal("21.03"), longitude=Decimal("-105.8")))
    assert "ngoài lãnh thổ Việt Nam" in errors["latitude"][0]


def test_only_one_coordinate_is_refused():
    errors = errors_of(centre(latitude=Decimal("21.03")))
    assert errors["longitude"] == ["Nhập cả vĩ độ và kinh độ, hoặc để trống cả hai."]


def test_hanoi_coordinates_are_accepted():
    validate(centre(latitude=Decimal("21.035"), longitude=Decimal("105.834")))


def test_opening_hours_must_close_after_opening():
    row = OpeningHours(weekday=1, opens=datetime.time(17, 0), closes=datetime.time(7, 30))
    with pytest.raises(ValidationError) as info:
        row.clean()
    assert "Giờ đóng cửa phải sau giờ mở cửa" in info.value.message_dict["closes"][0]


@pytest.mark.parametrize(
    "kind,field,message",
    [
        (CenterMaterialPage.Kind.DOCUMENT, "document", "Chọn tài liệu cho học liệu."),
        (CenterMaterialPage.Kind.VIDEO, "video_url", "Nhập đường dẫn video."),
        (CenterMaterialPage.Kind.LINK, "link_url", "Nhập đường dẫn liên kết."),
    ],
)
def test_material_needs_the_content_of_its_kind(kind, field, message):
    material = CenterMaterialPage(title="Học liệu", slug="hoc-lieu", kind=kind)
    with pytest.raises(ValidationError) as info:
        material.clean()
    assert info.value.message_dict[field] == [message]


def test_admin_form_shows_vietnamese_messages_and_saves_nothing(client):
    center = make_center(title="Trung tâm Kiểm tra")
    client.force_login(make_moderator())
    data = nested_form_data(
        {
            "title": "Trung tâm Kiểm tra",
            "slug": center.slug,
            "ward": center.ward_id,
            "address": "",
            "latitude": "",
            "longitude": "",
            "phone": "12345",
            "email": "",
            "facilities": "",
            "director_name": "",
            "association_officer_name": "",
            "opening_hours": inline_formset(
                [{"weekday": "1", "opens": "17:00", "closes": "07:30"}]
            ),
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    response = client.post(reverse("wagtailadmin_pages:edit", args=[center.pk]), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Số điện thoại không hợp lệ" in content
    assert "Giờ đóng cửa phải sau giờ mở cửa" in content
    center.refresh_from_db()
    assert center.phone == "" and center.latest_revision is None


def test_text_is_normalised_to_nfc():
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nhà văn hóa phường Láng")
    center = centre(address=decomposed, title=unicodedata.normalize("NFD", "Trung tâm Láng"))
    validate(center)
    assert center.address == unicodedata.normalize("NFC", decomposed)
    assert center.title == "Trung tâm Láng"
