"""Demo declarations (called at the end of `citizen_profiles.demo.seed`): the demo resident
0912000001 and three neighbours declare learning outside the centres; some wait, some are
verified (their participation records written by `declaration_verify`), some are rejected
with a reason. Evidence files are real PNG and PDF files made here. Idempotent: an activity
already declared (same resident, kind and title) is not declared again."""

import datetime
import io
import zlib

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from search.text import fold

from .declarations.services import declaration_reject, declaration_submit, declaration_verify
from .models import Citizen, Declaration
from .services import citizen_create_assisted

DEMO_PHONE = "0912000001"
NEIGHBOURS = [("Lê Thị Hoa", 1985), ("Phạm Văn Minh", 1960), ("Đỗ Thu Trang", 1998)]


def sample_png(width: int = 240, height: int = 160, colour=(11, 83, 148)) -> bytes:
    """A small real PNG: a certificate-like card (Pillow, already a Wagtail dependency)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([4, 4, width - 5, height - 5], outline=colour, width=4)
    draw.rectangle([20, 24, width - 20, 40], fill=colour)
    for y in range(60, height - 30, 16):
        draw.line([20, y, width - 40, y], fill=(120, 120, 120), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def sample_pdf(text: str = "Giay chung nhan hoan thanh") -> bytes:
    """A minimal but valid one-page PDF (header, objects, cross-reference table, trailer)."""
    stream = zlib.compress(f"BT /F1 18 Tf 40 100 Td ({text}) Tj ET".encode("latin-1"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 420 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _reviewer():
    User = get_user_model()
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _declare(citizen, *, kind, title, days_ago, hours, provider="", file=None, url=""):
    """Submit once: an activity already declared by this resident is returned as it is."""
    existing = Declaration.objects.filter(
        citizen=citizen, kind=kind, normalized_title=fold(title)
    ).first()
    if existing is not None:
        return existing, False
    evidence = None
    if file is not None:
        name, content = file
        evidence = ContentFile(content, name=name)
    declaration = declaration_submit(
        citizen=citizen,
        kind=kind,
        title=title,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        hours=hours,
        provider=provider,
        evidence_file=evidence,
        evidence_url=url,
        by=citizen.user,
    )
    return declaration, True


def seed(*, small: bool = False) -> str:
    User = get_user_model()
    user = User.objects.filter(phone=DEMO_PHONE).first()
    demo = Citizen.objects.filter(user=user).first() if user else None
    if demo is None:
        return "khai báo: chưa có người dân mẫu"
    neighbours = []
    for name, year in NEIGHBOURS:
        citizen = Citizen.objects.filter(full_name=name, ward=demo.ward).first()
        if citizen is None:
            citizen = citizen_create_assisted(full_name=name, birth_year=year, ward=demo.ward)
        neighbours.append(citizen)
    reviewer = _reviewer()
    K = Declaration.Kind
    created = 0
    plan = [
        # (citizen, fields, outcome)
        (
            demo,
            dict(
                kind=K.NATIONAL_PLATFORM,
                title="Kỹ năng số cơ bản – Bình dân học vụ số",
                days_ago=40,
                hours=8,
                provider="Nền tảng Bình dân học vụ số",
                file=("chung-nhan-bdhvs.png", sample_png()),
            ),
            "verify",
        ),
        (
            demo,
            dict(
                kind=K.LIBRARY,
                title="Đọc sách tại thư viện phường",
                days_ago=12,
                hours=2,
                provider="Thư viện phường",
            ),
            "verify",
        ),
        (
            demo,
            dict(
                kind=K.ONLINE_COURSE,
                title="An toàn thông tin cho người dùng mạng xã hội",
                days_ago=5,
                hours=3,
                url="https://example.vn/chung-nhan/an-toan-thong-tin",
            ),
            None,
        ),
        (
            demo,
            dict(
                kind=K.CERTIFICATE,
                title="Chứng chỉ tiếng Anh A2",
                days_ago=3,
                hours=4,
                provider="Trung tâm Ngoại ngữ",
                file=("chung-chi-a2.pdf", sample_pdf("Chung chi tieng Anh A2")),
            ),
            None,
        ),
        (
            neighbours[0],
            dict(
                kind=K.WORKPLACE,
                title="Tập huấn an toàn lao động",
                days_ago=15,
                hours=4,
                provider="Công ty may Thăng Long",
                file=("xac-nhan.pdf", sample_pdf("Xac nhan tap huan")),
            ),
            "verify",
        ),
        (
            neighbours[0],
            dict(
                kind=K.COMMUNITY_TALK,
                title="Nói chuyện chuyên đề phòng chống lừa đảo qua mạng",
                days_ago=8,
                hours=2,
            ),
            None,
        ),
        (
            neighbours[1],
            dict(
                kind=K.CERTIFICATE,
                title="Chứng nhận trồng rau an toàn",
                days_ago=25,
                hours=6,
                file=("anh-chung-nhan.png", sample_png(colour=(30, 107, 50))),
            ),
            (
                "reject",
                "Ảnh chụp không đọc được tên người được cấp. Hãy chụp lại rõ cả tờ giấy "
                "chứng nhận.",
            ),
        ),
        (
            neighbours[2],
            dict(
                kind=K.NATIONAL_PLATFORM,
                title="Sử dụng dịch vụ công trực tuyến",
                days_ago=2,
                hours=2,
                url="https://example.vn/bdhvs/chung-nhan/12345",
            ),
            None,
        ),
        (
            neighbours[2],
            dict(
                kind=K.ONLINE_COURSE,
                title="Lập trình cơ bản",
                days_ago=30,
                hours=5,
                url="https://example.vn/khoa-hoc/lap-trinh",
            ),
            ("reject", "Đường dẫn không mở được trang chứng nhận hoàn thành khóa học."),
        ),
    ]
    for citizen, fields, outcome in plan:
        declaration, is_new = _declare(citizen, **fields)
        if not is_new:
            continue
        created += 1
        if reviewer is None or declaration.status != Declaration.Status.PENDING:
            continue
        if outcome == "verify":
            declaration_verify(declaration=declaration, by=reviewer)
        elif isinstance(outcome, tuple):
            declaration_reject(declaration=declaration, by=reviewer, reason=outcome[1])
    counts = {
        status: Declaration.objects.filter(status=status).count()
        for status in (Declaration.Status.PENDING, Declaration.Status.VERIFIED)
    }
    return (
        f"{created} khai báo mới ({counts['pending']} chờ xác nhận, "
        f"{counts['verified']} đã xác nhận)"
    )
