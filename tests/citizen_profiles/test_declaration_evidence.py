"""Evidence is accepted by what it is, stored outside the public media, and served only to
the owner and to staff of the resident's ward."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from citizen_profiles.declarations import services
from citizen_profiles.declarations.evidence import sniff_evidence
from citizen_profiles.demo_declarations import sample_pdf, sample_png
from citizen_profiles.models import Declaration
from tests.factories.declarations import image_file, pdf_file, png_file
from tests.factories.geography import WardFactory
from tests.factories.people import ResidentFactory, make_centre, make_centre_manager
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db
FIVE_MB = 5 * 1024 * 1024


def refused(upload) -> str:
    with pytest.raises(ValidationError) as excinfo:
        sniff_evidence(upload)
    return " ".join(excinfo.value.message_dict["evidence_file"])


# --- content sniffing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("upload", "content_type"),
    [
        (lambda: pdf_file("giay.PDF"), "application/pdf"),
        (lambda: png_file("anh.png"), "image/png"),
        (lambda: image_file("JPEG", "anh.jpg"), "image/jpeg"),
        (lambda: image_file("JPEG", "anh.jpeg"), "image/jpeg"),
        (lambda: image_file("WEBP", "anh.webp"), "image/webp"),
    ],
)
def test_real_files_are_accepted(upload, content_type):
    assert sniff_evidence(upload()).content_type == content_type


def test_a_pdf_that_is_really_a_png_is_refused():
    upload = SimpleUploadedFile("chung-chi.pdf", sample_png(), content_type="application/pdf")
    message = refused(upload)
    assert "PDF" in message and "PNG" in message


def test_a_renamed_text_file_is_refused():
    upload = SimpleUploadedFile("anh.jpg", b"Xin chao, day khong phai anh.\n" * 20, "image/jpeg")
    assert "không phải là tệp JPEG thật" in refused(upload)


def test_a_file_one_byte_over_five_megabytes_is_refused():
    content = sample_pdf()
    padded = content + b" " * (FIVE_MB + 1 - len(content))
    assert len(padded) == FIVE_MB + 1
    assert "quá lớn" in refused(SimpleUploadedFile("giay.pdf", padded))


def test_a_file_of_exactly_five_megabytes_is_accepted():
    content = sample_pdf()
    # Padding before the trailer keeps it a valid PDF (the check reads the last 2 KB).
    eof = content.rindex(b"%%EOF")
    padded = content[:eof] + b"\n" * (FIVE_MB - len(content)) + content[eof:]
    assert len(padded) == FIVE_MB
    assert sniff_evidence(SimpleUploadedFile("giay.pdf", padded)).extension == "pdf"


def test_a_pdf_header_without_a_document_is_refused():
    assert "PDF" in refused(SimpleUploadedFile("giay.pdf", b"%PDF-1.4\n" + b"x" * 5000))


def test_a_truncated_png_is_refused():
    broken = sample_png()[:60]
    assert "hỏng" in refused(SimpleUploadedFile("anh.png", broken))


def test_other_formats_are_refused_even_when_real():
    gif = image_file("GIF", "anh.gif")
    assert "PDF, JPEG, PNG hoặc WebP" in refused(gif)


def test_a_name_without_an_extension_is_refused():
    assert "PDF, JPEG, PNG hoặc WebP" in refused(SimpleUploadedFile("anh", sample_png()))


def test_the_browser_content_type_is_not_trusted():
    upload = SimpleUploadedFile("anh.png", sample_png(), content_type="text/html")
    assert sniff_evidence(upload).content_type == "image/png"


# --- private access -------------------------------------------------------------------------


@pytest.fixture
def evidence(home):
    ward = WardFactory()
    other_ward = WardFactory()
    owner = ResidentFactory(ward=ward)
    declaration = services.declaration_submit(
        citizen=owner,
        kind=Declaration.Kind.CERTIFICATE,
        title="Chứng chỉ tin học",
        date=datetime.date.today(),
        hours=Decimal("3"),
        evidence_file=png_file("Nguyen Thi Lan - chung chi.png"),
    )
    return {
        "declaration": declaration,
        "url": reverse("citizen_profiles:declaration_evidence", args=[declaration.pk]),
        "owner": owner.user,
        "manager": make_centre_manager(make_centre(ward)),
        "other_manager": make_centre_manager(make_centre(other_ward)),
        "other_resident": ResidentFactory(ward=ward).user,
    }


@pytest.mark.parametrize("who", ["owner", "manager"])
def test_owner_and_ward_staff_get_the_file(client, evidence, who):
    client.force_login(evidence[who])
    response = client.get(evidence["url"])
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == sample_png()
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline") and "Nguyen" not in disposition


def test_download_parameter_makes_it_an_attachment(client, evidence):
    client.force_login(evidence["owner"])
    response = client.get(evidence["url"] + "?tai=1")
    assert response["Content-Disposition"].startswith("attachment")


def test_city_staff_get_the_file(client, evidence):
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(evidence["url"]).status_code == 200


@pytest.mark.parametrize("who", ["other_resident", "other_manager"])
def test_everyone_else_gets_404(client, evidence, who):
    client.force_login(evidence[who])
    assert client.get(evidence["url"]).status_code == 404


def test_anonymous_gets_404(client, evidence):
    assert client.get(evidence["url"]).status_code == 404


def test_a_declaration_without_a_file_is_404_even_for_its_owner(client, evidence):
    plain = services.declaration_submit(
        citizen=evidence["declaration"].citizen,
        kind=Declaration.Kind.LIBRARY,
        title="Thư viện",
        date=datetime.date.today(),
        hours=Decimal("1"),
    )
    client.force_login(evidence["owner"])
    url = reverse("citizen_profiles:declaration_evidence", args=[plain.pk])
    assert client.get(url).status_code == 404


def test_the_file_is_not_under_media_root_nor_reachable_by_a_media_url(client, evidence, settings):
    path = evidence["declaration"].evidence_file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    name = evidence["declaration"].evidence_file.name
    assert client.get(settings.MEDIA_URL + name).status_code == 404


@pytest.mark.django_db
def test_ward_evaluators_read_evidence_of_their_ward_only():
    from citizen_profiles.declarations.selectors import can_view_evidence
    from tests.factories.geography import WardFactory
    from tests.factories.groups import make_evaluator
    from tests.factories.people import CitizenFactory

    a, b = WardFactory(), WardFactory()
    declaration = type("D", (), {"citizen": CitizenFactory(ward=a)})()
    assert can_view_evidence(make_evaluator(wards=[a]), declaration)
    assert not can_view_evidence(make_evaluator(wards=[b]), declaration)
