"""Every statistics view as XLSX (a title row, the date of the data, the table, and a sheet of
sources and definitions) and as CSV (the table, with the same title and date first)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .indicators import Indicator

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]


def _safe(value):
    # Formula injection: a name typed into the portal must never start a spreadsheet formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _as_of_text(as_of) -> str:
    moment = timezone.localtime(as_of or timezone.now())
    return _("Số liệu tính lúc %(when)s (giờ Hà Nội, UTC+7)") % {
        "when": moment.strftime("%H:%M %d/%m/%Y")
    }


def definitions_rows(indicators: list[Indicator], targets: dict) -> list[list]:
    rows = []
    for indicator in indicators:
        milestones = targets.get(indicator.key, [])
        rows.append(
            [
                indicator.key,
                str(indicator.label),
                indicator.unit,
                str(indicator.numerator),
                str(indicator.denominator or ""),
                "; ".join(
                    f"{m.year}: {m.value} % ({m.source_plan}, {m.provenance_label})"
                    for m in milestones
                ),
                str(indicator.note or ""),
            ]
        )
    return rows


DEFINITION_HEADER = [
    "Mã",
    "Chỉ số",
    "Đơn vị",
    "Tử số",
    "Mẫu số",
    "Chỉ tiêu (văn bản, nguồn gốc số liệu)",
    "Ghi chú",
]


def xlsx_response(
    *, tables: list[Table], filename: str, as_of, definitions: list[list] | None = None
) -> HttpResponse:
    workbook = Workbook()
    first = True
    for table in tables:
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        sheet.title = table.title[:31].replace("/", "-").replace(":", " ")
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_as_of_text(as_of)])
        sheet.append([])
        sheet.append([str(h) for h in table.header])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe(v) for v in row])
        for i, header in enumerate(table.header, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(12, min(60, len(header) + 4))
        sheet.freeze_panes = "A5"
    sources = workbook.create_sheet(_("Nguồn và định nghĩa")[:31])
    sources.append([_("Nguồn và định nghĩa")])
    sources["A1"].font = Font(bold=True, size=13)
    sources.append([_as_of_text(as_of)])
    sources.append(
        [
            _(
                "Nguồn: hồ sơ học tập và danh hiệu trên Cổng học tập suốt đời Hà Nội; chỉ tiêu "
                "theo Kế hoạch 290/KH-UBND, 291/KH-UBND và các văn bản ghi ở từng dòng."
            )
        ]
    )
    sources.append([])
    sources.append(DEFINITION_HEADER)
    for row in definitions or []:
        sources.append([_safe(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def csv_response(*, table: Table, filename: str, as_of) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so Excel reads Vietnamese as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([table.title])
    writer.writerow([_as_of_text(as_of)])
    writer.writerow([str(h) for h in table.header])
    writer.writerows([[_safe(v) for v in row] for row in table.rows])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
