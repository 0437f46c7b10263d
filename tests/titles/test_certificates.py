"""Public verification, the certificate PDF, the signed Open Badge and My learning."""

import datetime
import io
import json

import jwt
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from jwt.algorithms import OKPAlgorithm
from pypdf import PdfReader

from citizen_profiles.titles.panels import titles_panel
from citizen_profiles.titles.services import (
    evaluation_recognise,
    evaluation_revoke,
    evaluation_start,
    evaluation_submit,
    evaluation_verify,
)
from tests.factories.users import UserFactory

from .helpers import learner, staff

pytestmark = pytest.mark.django_db
GOOD = {c: {"points": 10} for c in ("CS1", "CS4", "CS6", "CS7", "CS8", "CS9", "CS10")}


@pytest.fixture
def recognised(ward, seeded):
    citizen = learner(ward, full_name="Nguyễn Thị Lan", user=UserFactory())
    ev = evaluation_start(kind="citizen", subject=citizen, year=2025)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=citizen.user)
    boss = staff(ward, "verify_evaluation", "recognise_evaluation", "revoke_evaluation")
    ev = evaluation_verify(evaluation=ev, by=boss)
    ev = evaluation_recognise(
        evaluation=ev, by=boss, decision_number="15/QĐ-HKH", decision_date=datetime.date(2026, 1, 5)
    )
    ev.boss = boss
    return ev


def test_verification_shows_initials_and_nothing_else(client, recognised):
    response = client.get(f"/xac-minh/{recognised.verification_code}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Giấy chứng nhận hợp lệ" in html and "N. T. L." in html
    assert "15/QĐ-HKH" in html and "2025" in html
    assert "Nguyễn Thị Lan" not in html


def test_verification_accepts_the_printed_form_of_the_code(client, recognised):
    printed = recognised.verification_code_display().lower()
    assert client.get(f"/xac-minh/{printed}/").status_code == 200


def test_full_name_only_with_consent(client, recognised):
    client.force_login(recognised.citizen.user)
    client.post(f"/danh-hieu/{recognised.pk}/hien-ten/", {"show": "1"})
    client.logout()
    assert (
        "Nguyễn Thị Lan"
        in client.get(f"/xac-minh/{recognised.verification_code}/").content.decode()
    )


def test_revoked_title_verifies_as_revoked(client, recognised):
    evaluation_revoke(evaluation=recognised, by=recognised.boss, reason="Sai sót")
    html = client.get(f"/xac-minh/{recognised.verification_code}/").content.decode()
    assert "đã bị thu hồi" in html


def test_unknown_code_is_404(client, db):
    assert client.get("/xac-minh/ABCDEFGHJKMN/").status_code == 404


def test_verification_is_rate_limited(client, recognised):
    url = f"/xac-minh/{recognised.verification_code}/"
    statuses = [client.get(url).status_code for _ in range(31)]
    assert statuses[0] == 200 and statuses[-1] == 429


def test_verification_page_runs_constant_queries(client, recognised):
    url = f"/xac-minh/{recognised.verification_code}/"
    client.get(url)  # first request creates the site's footer settings
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    titles = [q for q in queries if "citizen_titles" in q["sql"]]
    assert len(titles) == 1  # one query for the title; the rest is the site's menus and footer
    assert len(queries) <= 8


def test_certificate_pdf_has_the_name_with_diacritics(client, recognised):
    client.force_login(recognised.citizen.user)
    response = client.get(f"/danh-hieu/{recognised.pk}/chung-nhan.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Nguyễn Thị Lan" in text
    assert "Công dân học tập" in text and recognised.verification_code_display() in text


def test_certificate_is_private_to_the_holder(client, recognised):
    client.force_login(UserFactory())
    assert client.get(f"/danh-hieu/{recognised.pk}/chung-nhan.pdf").status_code == 404
    client.force_login(recognised.citizen.user)
    page = client.get(f"/danh-hieu/{recognised.pk}/chung-nhan/")
    assert page.status_code == 200 and "<svg" in page.content.decode()


def test_open_badge_verifies_with_the_published_key(client, recognised):
    client.force_login(recognised.citizen.user)
    token = client.get(f"/danh-hieu/{recognised.pk}/open-badge.jwt").content.decode()
    client.logout()
    issuer = client.get("/danh-hieu/to-chuc-cap.json").json()
    keys = client.get(issuer["publicKey"].replace("http://testserver", "")).json()["keys"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    (key,) = [k for k in keys if k["kid"] == header["kid"]]
    public = OKPAlgorithm.from_jwk(json.dumps(key))
    vc = jwt.decode(token, public, algorithms=["EdDSA"])
    assert vc["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "purl.imsglobal.org/spec/ob/v3p0" in vc["@context"][1]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["issuer"]["id"] == issuer["id"] and "Profile" in vc["issuer"]["type"]
    assert vc["validFrom"].endswith("Z")
    subject = vc["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["identifier"][0]["hashed"] is True
    achievement = subject["achievement"]
    assert {"id", "type", "name", "description", "criteria"} <= set(achievement)
    assert "Nguyễn" not in token  # no name in clear
    tampered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(tampered, public, algorithms=["EdDSA"])


def test_my_learning_panel_shows_what_is_missing_in_constant_queries(ward, seeded, rf):
    citizen = learner(ward, hours="12", digital=False)
    with CaptureQueriesContext(connection) as one:
        panel = titles_panel(citizen, rf.get("/"), 2025)
    rows = {row["indicator"].code: row for row in panel["context"]["progress"]["rows"]}
    assert rows["CS3"]["missing"] == "còn thiếu 8 giờ học"
    assert "kỹ năng số" in rows["CS5"]["missing"]
    other = learner(ward, hours="30")
    evaluation_start(kind="citizen", subject=other, year=2025)
    with CaptureQueriesContext(connection) as two:
        titles_panel(other, rf.get("/"), 2025)
    assert len(two) <= len(one) + 1
    assert len(one) <= 15


def test_resident_self_assessment_page_submits(client, ward, seeded):
    citizen = learner(ward, user=UserFactory())
    client.force_login(citizen.user)
    response = client.post("/danh-hieu/tu-danh-gia/")
    assert response.status_code == 302
    ev = citizen.title_evaluations.get()
    page = client.get(response["Location"])
    assert "CS1" in page.content.decode()
    data = {f"points_{c}": "10" for c in GOOD}
    data["points_CS1"] = "11"
    bad = client.post(f"/danh-hieu/{ev.pk}/tu-danh-gia/", data)
    assert bad.status_code == 200 and "Vui lòng sửa" in bad.content.decode()
    data["points_CS1"] = "9,5".replace(",", ".")
    client.post(f"/danh-hieu/{ev.pk}/tu-danh-gia/", data)
    ev.refresh_from_db()
    assert ev.status == "submitted" and ev.scores["CS1"]["points"] == "9.5"
    client.force_login(UserFactory())
    assert client.get(f"/danh-hieu/{ev.pk}/tu-danh-gia/").status_code == 404


def test_panel_template_renders(ward, seeded, rf):
    from django.template.loader import render_to_string

    citizen = learner(ward, hours="12", digital=False)
    panel = titles_panel(citizen, rf.get("/"), 2025)
    html = render_to_string(panel["template"], {"panel": panel["context"]})
    assert "còn thiếu 8 giờ học" in html and "Bắt đầu tự đánh giá" in html


def test_admin_step_screen_verifies_for_ward_staff(client, ward, seeded):
    citizen = learner(ward, user=UserFactory())
    ev = evaluation_start(kind="citizen", subject=citizen, year=2025)
    ev = evaluation_submit(evaluation=ev, entries=GOOD, by=citizen.user)
    verifier = staff(ward, "view_evaluation", "verify_evaluation")
    client.force_login(verifier)
    listing = client.get("/admin/titles/evaluations/")
    assert listing.status_code == 200 and f"#{ev.pk}" in listing.content.decode()
    url = f"/admin/titles/evaluations/{ev.pk}/buoc/"
    refused = client.post(url, {"action": "recognise", "decision_number": "1"})
    assert refused.status_code == 200 and "không có quyền" in refused.content.decode()
    assert client.post(url, {"action": "verify"}).status_code == 302
    ev.refresh_from_db()
    assert ev.status == "verified"


def test_admin_queue_hides_other_wards(client, ward, seeded):
    from tests.factories.geography import WardFactory

    other_ward = WardFactory()
    ev = evaluation_start(kind="citizen", subject=learner(other_ward), year=2025)
    client.force_login(staff(ward, "view_evaluation", "verify_evaluation"))
    assert f"#{ev.pk}<" not in client.get("/admin/titles/evaluations/").content.decode()
    assert client.get(f"/admin/titles/evaluations/{ev.pk}/buoc/").status_code == 404
