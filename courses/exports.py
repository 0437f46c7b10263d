"""Course roster and attendance sheet as XLSX (openpyxl) and CSV.

The attendance sheet CSV has one row per (session, resident) in the import format
(`session_id,citizen_id,status` plus readable columns), so a centre can print it, tick it
on paper, type the statuses and upload it back (see courses/importers.py).
"""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from cms.timefmt import ZONE_LABEL, local_stamp

from .enrollment_selectors import attendance_matrix, course_enrollments
from .models import Attendance

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_STATUS = {
    Attendance.Status.PRESENT: "co_mat",
    Attendance.Status.ABSENT: "vang",
    Attendance.Status.EXCUSED: "co_phep",
}


def roster_rows(course) -> tuple[list[str], list[list]]:
    header = [
        _("Mã người học"),
        _("Họ và tên"),
        _("Năm sinh"),
        _("Điện thoại"),
        _("Phường/xã"),
        _("Trạng thái"),
        _("Thứ tự chờ"),
        _("Số buổi có mặt"),
        # Times in Hanoi's zone, and the header says so (exports once showed UTC).
        _("Đăng ký lúc (%(zone)s)") % {"zone": ZONE_LABEL},
        _("Ghi danh hộ"),
    ]
    rows = []
    for e in course_enrollments(course):
        rows.append(
            [
                e.citizen_id,
                e.citizen.full_name,
                e.citizen.birth_year or "",
                e.citizen.phone,
                e.citizen.ward.name if e.citizen.ward else "",
                e.get_status_display(),
                e.position if e.status == "waitlisted" else "",
                e.present,
                local_stamp(e.created_at),
                str(e.enrolled_by) if e.enrolled_by else "",
            ]
        )
    return header, rows


def attendance_rows(course) -> tuple[list[str], list[list]]:
    sessions, matrix = attendance_matrix(course)
    labels = dict(Attendance.Status.choices)
    header = [_("Mã người học"), _("Họ và tên")] + [f"{s.date:%d/%m/%Y}" for s in sessions]
    header.append(_("Số buổi có mặt"))
    rows = []
    for enrollment, marks in matrix:
        present = sum(1 for m in marks if m == Attendance.Status.PRESENT)
        rows.append(
            [enrollment.citizen_id, enrollment.citizen.full_name]
            + [str(labels[m]) if m else "" for m in marks]
            + [present]
        )
    return header, rows


def attendance_import_rows(course) -> tuple[list[str], list[list]]:
    sessions, matrix = attendance_matrix(course)
    header = ["session_id", "citizen_id", "status", "ngay", "ho_ten"]
    rows = []
    for col, session in enumerate(sessions):
        for enrollment, marks in matrix:
            mark = marks[col]
            rows.append(
                [
                    session.pk,
                    enrollment.citizen_id,
                    IMPORT_STATUS.get(mark, ""),
                    f"{session.date:%d/%m/%Y}",
                    enrollment.citizen.full_name,
                ]
            )
    return header, rows


def _safe_cell(value):
    # Spreadsheet formula injection: names typed by the public must not start a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def csv_response(header, rows, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM so Excel opens Vietnamese text correctly
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_safe_cell(v) for v in row] for row in rows])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(header, rows, filename: str, title: str) -> HttpResponse:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([str(h) for h in header])
    for row in rows:
        ws.append([_safe_cell(v) for v in row])
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(str(h)) + 2)
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
