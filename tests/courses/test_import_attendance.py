import pytest
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from citizen_profiles.models import ParticipationRecord
from courses.importers import attendance_import
from courses.models import Attendance
from courses.services import enrollment_create
from tests.factories.enrollment import CitizenFactory, make_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(home):
    course = make_course(capacity=2, sessions=2)
    s1, s2 = course.sessions.all()
    a, b, waiting = CitizenFactory(), CitizenFactory(), CitizenFactory()
    for c in (a, b, waiting):
        enrollment_create(course=course, citizen=c)
    return course, s1, s2, a, b, waiting


def csv_bytes(rows, header="session_id,citizen_id,status", bom=False):
    text = "\n".join([header, *rows]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def test_valid_file_with_bom_imports_all_rows_and_records(setup):
    course, s1, s2, a, b, _w = setup
    data = csv_bytes(
        [f"{s1.pk},{a.pk},co_mat", f"{s1.pk},{b.pk},Vắng", f"{s2.pk},{a.pk},có phép"], bom=True
    )
    result = attendance_import(data=data)
    assert result.ok and result.created == 3
    assert dict(Attendance.objects.values_list("citizen_id", "status").filter(session=s1)) == {
        a.pk: "present",
        b.pk: "absent",
    }
    assert ParticipationRecord.objects.filter(citizen=a, kind="attendance").count() == 1
    assert ModelLogEntry.objects.filter(action="courses.attendance").count() == 3


def test_reimport_changes_status_and_withdraws_record(setup):
    _course, s1, _s2, a, _b, _w = setup
    attendance_import(data=csv_bytes([f"{s1.pk},{a.pk},present"]))
    result = attendance_import(data=csv_bytes([f"{s1.pk},{a.pk},absent"]))
    assert result.changed == 1
    assert not ParticipationRecord.objects.filter(citizen=a, kind="attendance").exists()


@pytest.mark.parametrize(
    "row_template,fragment",
    [
        ("999999,{a},co_mat", "không có buổi học"),
        ("{s1},999999,co_mat", "không có người học"),
        ("{s1},{w},co_mat", "chưa có chỗ"),
        ("{s1},{a},di_muon", "trạng thái"),
        ("abc,{a},co_mat", "mã buổi học"),
    ],
)
def test_any_bad_row_imports_nothing_and_names_its_line(setup, row_template, fragment):
    _course, s1, _s2, a, b, waiting = setup
    bad = row_template.format(s1=s1.pk, a=a.pk, w=waiting.pk)
    result = attendance_import(data=csv_bytes([f"{s1.pk},{b.pk},co_mat", bad]))
    assert not result.ok
    assert [e.line for e in result.errors] == [3]
    assert fragment in result.errors[0].message
    assert not Attendance.objects.exists()
    assert not ParticipationRecord.objects.exists()


def test_duplicate_rows_are_reported(setup):
    _course, s1, _s2, a, _b, _w = setup
    result = attendance_import(data=csv_bytes([f"{s1.pk},{a.pk},co_mat", f"{s1.pk},{a.pk},vang"]))
    assert [(e.line, "trùng với dòng 2" in e.message) for e in result.errors] == [(3, True)]
    assert not Attendance.objects.exists()


def test_every_bad_row_is_listed(setup):
    _course, s1, _s2, a, _b, _w = setup
    result = attendance_import(
        data=csv_bytes([f"{s1.pk},{a.pk},co_mat", "1,x,co_mat", f"{s1.pk},{a.pk},??"])
    )
    assert [e.line for e in result.errors] == [3, 4]


def test_missing_columns_and_wrong_encoding_are_refused(setup):
    _course, s1, _s2, a, _b, _w = setup
    result = attendance_import(data=csv_bytes([f"{s1.pk},{a.pk}"], header="session_id,citizen_id"))
    assert result.errors[0].line == 1 and "status" in result.errors[0].message
    # A sheet saved as Windows-1258/Latin: byte 0xE1 alone is not valid UTF-8.
    latin = f"session_id,citizen_id,status\n{s1.pk},{a.pk},co_mat\n{s1.pk},{a.pk},".encode()
    result = attendance_import(data=latin + b"v\xe1ng\n")
    assert [e.line for e in result.errors] == [3]
    assert not Attendance.objects.exists()


def test_session_outside_managers_centre_is_refused(setup):
    course, s1, _s2, a, _b, _w = setup
    other = make_course(title="Khóa khác")
    result = attendance_import(
        data=csv_bytes([f"{s1.pk},{a.pk},co_mat"]), allowed_course_ids={other.pk}
    )
    assert "không thuộc trung tâm" in result.errors[0].message
    assert not Attendance.objects.exists()


def test_dry_run_writes_nothing(setup):
    _course, s1, _s2, a, _b, _w = setup
    result = attendance_import(data=csv_bytes([f"{s1.pk},{a.pk},co_mat"]), dry_run=True)
    assert result.ok and not Attendance.objects.exists()


def test_command_reports_bad_rows_and_fails(setup, tmp_path, capsys):
    _course, s1, _s2, a, _b, _w = setup
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes([f"{s1.pk},{a.pk},co_mat", f"{s1.pk},999999,vang"]))
    with pytest.raises(CommandError):
        call_command("import_attendance", str(path))
    assert "Dòng 3" in capsys.readouterr().err
    assert not Attendance.objects.exists()


def test_command_imports_valid_file(setup, tmp_path):
    _course, s1, s2, a, b, _w = setup
    path = tmp_path / "sheet.csv"
    path.write_bytes(csv_bytes([f"{s1.pk},{a.pk},co_mat", f"{s2.pk},{b.pk},co_mat"]))
    call_command("import_attendance", str(path), "--dry-run")
    assert not Attendance.objects.exists()
    call_command("import_attendance", str(path))
    assert Attendance.objects.filter(status="present").count() == 2


def test_import_completes_enrollment_reaching_threshold(setup):
    course, s1, s2, a, _b, _w = setup
    attendance_import(data=csv_bytes([f"{s1.pk},{a.pk},co_mat", f"{s2.pk},{a.pk},co_mat"]))
    assert a.enrollments.get().status == "completed"
    assert ParticipationRecord.objects.filter(citizen=a, kind="completion").count() == 1


def test_bulk_participation_path_writes_same_records(setup, monkeypatch):
    from citizen_profiles import services

    participation_record_many = services.participation_record_many
    calls = []

    def spy(*, records):
        calls.append(len(records))
        return participation_record_many(records=records)

    monkeypatch.setattr(services, "participation_record_many", spy)
    _course, s1, s2, a, b, _w = setup
    attendance_import(data=csv_bytes([f"{s1.pk},{a.pk},co_mat", f"{s1.pk},{b.pk},co_mat"]))
    assert calls == [2]
    record = ParticipationRecord.objects.get(citizen=a, kind="attendance")
    assert record.source_id == str(s1.pk) and record.hours == 2
    # re-importing the same presence is idempotent; a change to absent withdraws per row
    attendance_import(data=csv_bytes([f"{s1.pk},{a.pk},vang", f"{s2.pk},{a.pk},co_mat"]))
    assert list(
        ParticipationRecord.objects.filter(citizen=a, kind="attendance").values_list(
            "source_id", flat=True
        )
    ) == [str(s2.pk)]
