"""Import attendance typed in from paper sign-in sheets (CSV).

Format (see docs/enrollment.md): UTF-8, with or without BOM, comma separated, a header row
with at least `session_id,citizen_id,status`; other columns (for example `ho_ten`, which
the attendance-sheet export adds so the printed sheet is readable) are ignored. Status is
`co_mat` / `vang` / `co_phep` (also `có mặt`, `vắng`, `có phép`, `present`, `absent`,
`excused`). The file is all-or-nothing: any invalid row and nothing is written; every bad
row is reported with its line number.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from citizen_profiles import services as participation_services
from citizen_profiles.models import Citizen
from search.text import fold

from .models import Attendance, CoursePage, CourseSession, Enrollment
from .services import attendance_record_fields, completion_evaluate, write_attendance_record

REQUIRED_COLUMNS = ("session_id", "citizen_id", "status")

STATUS_ALIASES = {
    "co_mat": Attendance.Status.PRESENT,
    "present": Attendance.Status.PRESENT,
    "x": Attendance.Status.PRESENT,
    "vang": Attendance.Status.ABSENT,
    "absent": Attendance.Status.ABSENT,
    "co_phep": Attendance.Status.EXCUSED,
    "vang_co_phep": Attendance.Status.EXCUSED,
    "excused": Attendance.Status.EXCUSED,
}


def parse_status(raw: str) -> str | None:
    return STATUS_ALIASES.get(fold(raw).replace(" ", "_").replace("-", "_"))


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Dòng %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _decode(data: bytes, result: ImportResult) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        for number, line in enumerate(data.split(b"\n"), start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                result.errors.append(
                    RowError(
                        number,
                        _("không phải mã UTF-8 (hãy lưu tệp dạng “CSV UTF-8”)."),
                    )
                )
        return None


def _parse_int(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def attendance_import(
    *,
    data: bytes,
    by=None,
    dry_run: bool = False,
    allowed_course_ids: set[int] | None = None,
) -> ImportResult:
    """Validate the whole file, then (unless `dry_run` or any error) write it in one
    transaction with bulk operations. `allowed_course_ids` limits a centre manager to the
    courses they may edit (None: no limit, as for the management command)."""
    result = ImportResult(dry_run=dry_run)
    text = _decode(data, result)
    if text is None:
        return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append(RowError(1, _("tệp rỗng, thiếu dòng tiêu đề.")))
        return result
    columns = [fold(h).replace(" ", "_") for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        result.errors.append(RowError(1, _("thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)}))
        return result
    idx = {c: columns.index(c) for c in REQUIRED_COLUMNS}

    parsed: list[tuple[int, int | None, int | None, str | None, list[str]]] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue  # blank lines at the end of spreadsheets
        result.rows += 1
        cells = [row[i] if i < len(row) else "" for i in range(len(columns))]
        problems: list[str] = []
        session_id = _parse_int(cells[idx["session_id"]])
        citizen_id = _parse_int(cells[idx["citizen_id"]])
        status = parse_status(cells[idx["status"]])
        if session_id is None:
            problems.append(_("mã buổi học “%(v)s” không hợp lệ") % {"v": cells[idx["session_id"]]})
        if citizen_id is None:
            problems.append(
                _("mã người học “%(v)s” không hợp lệ") % {"v": cells[idx["citizen_id"]]}
            )
        if status is None:
            problems.append(
                _("trạng thái “%(v)s” không hợp lệ (dùng co_mat, vang hoặc co_phep)")
                % {"v": cells[idx["status"]]}
            )
        parsed.append((line, session_id, citizen_id, status, problems))

    session_ids = {p[1] for p in parsed if p[1] is not None}
    citizen_ids = {p[2] for p in parsed if p[2] is not None}
    sessions = {
        s["id"]: s
        for s in CourseSession.objects.filter(pk__in=session_ids).values(
            "id", "course_id", "date", "start_time", "end_time"
        )
    }
    known_citizens = set(Citizen.objects.filter(pk__in=citizen_ids).values_list("id", flat=True))
    course_ids = {s["course_id"] for s in sessions.values()}
    enrollments = {
        (course_id, citizen_id): enrollment_id
        for enrollment_id, course_id, citizen_id in Enrollment.objects.filter(
            course_id__in=course_ids, citizen_id__in=known_citizens
        )
        .attending()
        .values_list("id", "course_id", "citizen_id")
    }

    seen: dict[tuple[int, int], int] = {}
    valid: list[tuple[int, int, int, str]] = []  # session, citizen, enrollment, status
    for line, session_id, citizen_id, status, problems in parsed:
        session = sessions.get(session_id) if session_id is not None else None
        if session_id is not None and session is None:
            problems.append(_("không có buổi học mã %(id)s") % {"id": session_id})
        if (
            session
            and allowed_course_ids is not None
            and session["course_id"] not in (allowed_course_ids)
        ):
            problems.append(
                _("buổi học %(id)s không thuộc trung tâm bạn quản lý") % {"id": session_id}
            )
        if citizen_id is not None and citizen_id not in known_citizens:
            problems.append(_("không có người học mã %(id)s") % {"id": citizen_id})
        enrollment_id = None
        if session and citizen_id in known_citizens:
            enrollment_id = enrollments.get((session["course_id"], citizen_id))
            if enrollment_id is None:
                problems.append(
                    _("người học %(c)s chưa có chỗ trong khóa học của buổi %(s)s")
                    % {"c": citizen_id, "s": session_id}
                )
        if session_id is not None and citizen_id is not None:
            key = (session_id, citizen_id)
            if key in seen:
                problems.append(_("trùng với dòng %(line)s") % {"line": seen[key]})
            else:
                seen[key] = line
        if problems:
            result.errors.append(RowError(line, "; ".join(problems) + "."))
        else:
            valid.append((session_id, citizen_id, enrollment_id, status))

    if result.rows == 0 and not result.errors:
        result.errors.append(RowError(2, _("tệp không có dòng dữ liệu nào.")))
    if result.errors or dry_run:
        return result
    _apply(valid, sessions, by, result)
    return result


def _write_participation(record_changes, sessions, courses, topics) -> None:
    """Write or withdraw the learning-record entries through citizen_profiles.services, the
    log's one write path. New "present" records go through the bulk variant
    `participation_record_many` in one statement: the per-row path costs ~6 queries a row,
    too slow for a 10,000-row sheet."""
    session_objs = {
        s.pk: s for s in CourseSession.objects.filter(pk__in={a.session_id for a in record_changes})
    }
    citizens = {
        c.pk: c for c in Citizen.objects.filter(pk__in={a.citizen_id for a in record_changes})
    }
    pending = []
    for att in record_changes:
        att.session = session_objs[att.session_id]
        att.citizen = citizens[att.citizen_id]
        course_id = sessions[att.session_id]["course_id"]
        if att.status == Attendance.Status.PRESENT:
            pending.append(attendance_record_fields(att, courses[course_id], topics[course_id]))
        else:
            write_attendance_record(att, courses[course_id], topics[course_id])
    if pending:
        participation_services.participation_record_many(records=pending)


@transaction.atomic
def _apply(valid, sessions, by, result: ImportResult) -> None:
    existing = {
        (a.session_id, a.citizen_id): a
        for a in Attendance.objects.filter(session_id__in={v[0] for v in valid})
    }
    now = timezone.now()
    to_create, to_update, record_changes = [], [], []
    for session_id, citizen_id, enrollment_id, status in valid:
        current = existing.get((session_id, citizen_id))
        if current is None:
            att = Attendance(
                session_id=session_id,
                citizen_id=citizen_id,
                enrollment_id=enrollment_id,
                status=status,
                source=Attendance.Source.IMPORT,
                recorded_by=by,
                recorded_at=now,
            )
            to_create.append(att)
            if status == Attendance.Status.PRESENT:
                record_changes.append(att)
        elif current.status != status:
            was_present = current.status == Attendance.Status.PRESENT
            current.status = status
            current.source = Attendance.Source.IMPORT
            current.recorded_by = by
            current.recorded_at = now
            to_update.append(current)
            if was_present or status == Attendance.Status.PRESENT:
                record_changes.append(current)
        else:
            result.unchanged += 1
    Attendance.objects.bulk_create(to_create, batch_size=1000)
    Attendance.objects.bulk_update(
        to_update, ["status", "source", "recorded_by", "recorded_at"], batch_size=1000
    )
    result.created, result.changed = len(to_create), len(to_update)

    courses = {
        c.pk: c
        for c in CoursePage.objects.filter(
            pk__in={sessions[a.session_id]["course_id"] for a in to_create + to_update}
        )
    }
    topics = {pk: [t.name for t in c.topics.all()] for pk, c in courses.items()}
    _write_participation(record_changes, sessions, courses, topics)

    # Audit log: one entry per change, written in bulk (log() per row would be ~10k inserts
    # plus look-ups); same model and action as a roster change, with source "import".
    content_type = ContentType.objects.get_for_model(Enrollment)
    batch = uuid.uuid4()
    ModelLogEntry.objects.bulk_create(
        [
            ModelLogEntry(
                content_type=content_type,
                label=str(att.enrollment_id),
                action="courses.attendance",
                data={
                    "session": att.session_id,
                    "date": sessions[att.session_id]["date"].isoformat(),
                    "status": att.status,
                    "source": "import",
                },
                timestamp=now,
                uuid=batch,
                user=by,
                object_id=str(att.enrollment_id),
            )
            for att in to_create + to_update
        ],
        batch_size=1000,
    )
    by_course = defaultdict(int)
    for att in to_create + to_update:
        by_course[sessions[att.session_id]["course_id"]] += 1
    for course_id in by_course:
        completion_evaluate(course=courses[course_id], by=by)
