"""Certificates of recognised titles: the data both the print page and the PDF show, the
PDF itself (fpdf2 with the DejaVu Sans font shipped in `fonts/`, which covers Vietnamese),
and the QR code pointing at the public verification page."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import Evaluation
from .selectors import holder_name

FONT_DIR = Path(__file__).parent / "fonts"


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def verification_url(evaluation: Evaluation) -> str:
    return site_url() + reverse(
        "citizen_titles:verify", kwargs={"code": evaluation.verification_code}
    )


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2)


def certificate_data(evaluation: Evaluation) -> dict:
    cs = evaluation.criteria_set
    return {
        "title": evaluation.get_kind_display(),
        "set_name": cs.name,
        "year": evaluation.year,
        "holder": holder_name(evaluation),
        "issuer": cs.issuer or _("Hội Khuyến học"),
        "decision_number": evaluation.decision_number,
        "decision_date": (
            date_format(evaluation.decision_date, "d/m/Y") if evaluation.decision_date else ""
        ),
        "level": evaluation.level,
        "code": evaluation.verification_code_display(),
        "url": verification_url(evaluation),
        "revoked": evaluation.status == Evaluation.Status.REVOKED,
    }


def certificate_pdf(evaluation: Evaluation) -> bytes:
    """A one-page A4 landscape certificate."""
    data = certificate_data(evaluation)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"{data['title']} {data['year']}")
    pdf.set_creator(settings.WAGTAIL_SITE_NAME)
    pdf.add_font("DejaVu", "", FONT_DIR / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", "B", FONT_DIR / "DejaVuSans-Bold.ttf")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(164, 18, 29)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    pdf.set_line_width(0.4)
    pdf.rect(14, 14, 269, 182)

    def line(text, size, style="", h=10, color=(0, 0, 0)):
        pdf.set_font("DejaVu", style, size)
        pdf.set_text_color(*color)
        pdf.cell(0, h, text, align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(22)
    line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, "B", 7)
    line("Độc lập – Tự do – Hạnh phúc", 11, "", 7)
    pdf.ln(6)
    line(data["issuer"].upper(), 12, "B", 8)
    pdf.ln(4)
    line("GIẤY CHỨNG NHẬN", 26, "B", 14, (164, 18, 29))
    line(f"Danh hiệu “{data['title']}” năm {data['year']}", 15, "", 10)
    pdf.ln(4)
    line("Trao cho", 12, "", 8)
    line(data["holder"], 22, "B", 13, (20, 40, 110))
    if data["level"]:
        line(f"Xếp loại / mức: {data['level']}", 12, "", 8)
    pdf.ln(3)
    decision = f"Quyết định số {data['decision_number']} ngày {data['decision_date']}"
    line(decision, 11, "", 7)
    line(data["set_name"], 9, "", 6, (80, 80, 80))
    if data["revoked"]:
        pdf.ln(2)
        line("ĐÃ THU HỒI", 18, "B", 10, (164, 18, 29))
    qr = segno.make(data["url"], error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=1)
    png.seek(0)
    pdf.image(png, x=236, y=148, w=40, h=40)
    pdf.set_xy(20, 176)
    pdf.set_font("DejaVu", "", 9)
    pdf.set_text_color(60, 60, 60)
    pdf.cell(0, 5, f"Mã xác minh: {data['code']}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(20)
    pdf.cell(0, 5, f"Xác minh tại: {data['url']}")
    return bytes(pdf.output())
