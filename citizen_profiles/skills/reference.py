"""What the portal knows of the basic digital-skills frameworks, as data to seed from
(`/work/shared/reference/digital-skills.md` in the project notes; summarised here), and the
Citizen Learner indicators read from `citizen_profiles/data/criteria.yaml`.

DESIGN CHOICE, TO BE CONFIRMED (moved here from `courses/models/taxonomy.py`): the framework
of QĐ 757/QĐ-BKHCN (29/4/2025, "Bình dân học vụ số") is known to exist (provenance: read: its
number, date, issuer, "phiên bản 1.0", four target groups), but the wording of its Phụ lục I
(groups, skills, codes) and Phụ lục II (assessment) could not be read. The first version the
portal seeds is therefore a DRAFT: the seven areas courses were already tagged with
(DigComp-style areas plus online public services and AI: inferred), grouped after the older
framework of Công văn 3139/BTTTT-KTS&XHS (2024), whose groups 0 and 1 were read word for word
(later groups cut off). Every row carries its provenance, so staff see what is official and
what is a draft; once the annex is read, staff make a new version in the admin (old
attainments keep pointing at the version they were recorded against).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from search.text import nfc

CRITERIA_FILE = Path(__file__).resolve().parent.parent / "data" / "criteria.yaml"

SOURCE_757 = (
    "https://hethongphapluat.com/quyet-dinh-757-qd-bkhcn-nam-2025-ve-khung-kien-thuc-ky-nang-so-"
    "co-ban-va-huong-dan-danh-gia-xac-nhan-hoan-thanh-muc-do-pho-cap-ky-nang-so-do-bo-truong-"
    "bo-khoa-hoc-va-cong-nghe-ban-hanh.html"
)
SOURCE_3139_GROUP_0 = (
    "https://thuvienphapluat.vn/chinh-sach-phap-luat-moi/vn/ho-tro-phap-luat/chinh-sach-moi/"
    "70041/khung-ky-nang-so-co-ban-danh-cho-nguoi-dan-phien-ban-1-0"
)
SOURCE_3139_GROUP_1 = (
    "https://lawnet.vn/thong-tin-phap-luat/en/chinh-sach-moi/"
    "basic-digital-skills-framework-for-citizens-in-vietnam-171045.html"
)

# The seven area codes courses were tagged with before the move (same codes, same primary
# keys: they are the skills of the draft framework, so course tags and the API's
# `digital_skill_area_codes` keep working).
AREA_CODES: tuple[str, ...] = (
    "thiet-bi-so",
    "thong-tin-du-lieu",
    "giao-tiep-hop-tac",
    "sang-tao-noi-dung",
    "an-toan-so",
    "dich-vu-so",
    "tri-tue-nhan-tao",
)

DRAFT_FRAMEWORK = {
    "name": "Khung kiến thức, kỹ năng số cơ bản",
    "version": "1.0-nháp",
    "issuing_document": "Quyết định 757/QĐ-BKHCN của Bộ Khoa học và Công nghệ",
    "issued_on": datetime.date(2025, 4, 29),
    "provenance": "read",
    "source": SOURCE_757,
    "status": "draft",
    "note": (
        "Đã đọc: số, ngày, cơ quan ban hành, tên khung, “phiên bản 1.0” và bốn nhóm đối tượng "
        "(học sinh, sinh viên; người dân; cán bộ, công chức, viên chức; người lao động trong "
        "doanh nghiệp). Chưa đọc được Phụ lục I (nhóm, kỹ năng, mã) và Phụ lục II (đánh giá, "
        "xác nhận). Các nhóm dưới đây theo khung cũ của Công văn 3139/BTTTT-KTS&XHS (2024): "
        "nhóm 0 và 1 đã đọc nguyên văn, các nhóm sau bị cắt. Các kỹ năng là bảy lĩnh vực "
        "khóa học đã được gắn trước đây (suy luận). Cần thay bằng nội dung Phụ lục I khi có."
    ),
    "certificate_counts_for_all": True,
    "rule_provenance": "inferred",
    "rule_note": (
        "Quy tắc tạm: đạt ít nhất 1 kỹ năng nhóm 0, 1 kỹ năng nhóm 1 và 2 kỹ năng các nhóm "
        "còn lại; chứng chỉ của nền tảng “Bình dân học vụ số” đã xác minh được tính là đạt "
        "toàn bộ khung (nền tảng cấp chứng chỉ theo khung 757: suy luận). Chưa đọc được "
        "Hướng dẫn đánh giá, xác nhận (Phụ lục II)."
    ),
}

DRAFT_GROUPS = [
    {
        "code": "0",
        "name": "Sử dụng thiết bị và phần mềm trên thiết bị",
        "description": "Nhóm kỹ năng sử dụng thiết bị (Công văn 3139/BTTTT-KTS&XHS, nhóm 0).",
        "provenance": "read",
        "source": SOURCE_3139_GROUP_0,
        "min_skills": 1,
        "skills": [
            {
                "code": "thiet-bi-so",
                "name": "Sử dụng thiết bị số và phần mềm cơ bản",
                "description": (
                    "Gộp hai kỹ năng đã đọc của Công văn 3139 (diễn giải): 0.1 “Sử dụng thiết "
                    "bị”: nhận diện, phân biệt thiết bị và các bộ phận cơ bản; 0.2 “Sử dụng "
                    "phần mềm trên thiết bị”: nhận biết biểu tượng, cài đặt, cập nhật, quản lý "
                    "ứng dụng."
                ),
                "provenance": "inferred",
                "source": SOURCE_3139_GROUP_0,
            },
        ],
    },
    {
        "code": "1",
        "name": "Tìm kiếm và khai thác thông tin trên Internet",
        "description": (
            "Công văn 3139, nhóm 1 (tên tiếng Việt suy từ bản tiếng Anh “Searching and "
            "exploiting information on the Internet”)."
        ),
        "provenance": "inferred",
        "source": SOURCE_3139_GROUP_1,
        "min_skills": 1,
        "skills": [
            {
                "code": "thong-tin-du-lieu",
                "name": "Khai thác thông tin và dữ liệu",
                "description": (
                    "Gộp các kỹ năng 1.1–1.3 của Công văn 3139 (đọc bằng tiếng Anh, diễn giải): "
                    "tìm kiếm và chọn lọc thông tin; đánh giá độ tin cậy của dữ liệu, thông "
                    "tin; sắp xếp, lưu trữ và truy xuất dữ liệu."
                ),
                "provenance": "inferred",
                "source": SOURCE_3139_GROUP_1,
            },
        ],
    },
    {
        "code": "2+",
        "name": "Các nhóm kỹ năng khác (chờ Phụ lục I của QĐ 757)",
        "description": (
            "Các nhóm sau nhóm 1 bị cắt trong mọi bản trích đã đọc; tên chưa tìm thấy. Các kỹ "
            "năng dưới đây là lĩnh vực suy luận theo các khung năng lực số quốc gia."
        ),
        "provenance": "not_found",
        "source": "",
        "min_skills": 2,
        "skills": [
            {
                "code": "giao-tiep-hop-tac",
                "name": "Giao tiếp và hợp tác trên môi trường số",
                "provenance": "inferred",
            },
            {"code": "sang-tao-noi-dung", "name": "Sáng tạo nội dung số", "provenance": "inferred"},
            {
                "code": "an-toan-so",
                "name": "An toàn, bảo vệ thông tin cá nhân trên môi trường số",
                "provenance": "inferred",
            },
            {
                "code": "dich-vu-so",
                "name": "Sử dụng dịch vụ công trực tuyến và dịch vụ số thiết yếu",
                "provenance": "inferred",
            },
            {
                "code": "tri-tue-nhan-tao",
                "name": "Ứng dụng trí tuệ nhân tạo",
                "description": (
                    "QĐ 757 đặt trí tuệ nhân tạo làm một trọng tâm (đã đọc qua báo chí)."
                ),
                "provenance": "inferred",
            },
        ],
    },
]


def draft_skill_rows() -> list[dict]:
    """The draft's skills in order, each with its group code (for the data migration)."""
    rows = []
    for group in DRAFT_GROUPS:
        for skill in group["skills"]:
            rows.append({"group": group["code"], **skill})
    return rows


def indicator_rows(path: Path = CRITERIA_FILE) -> list[dict]:
    """The Citizen Learner indicators (CS1..CS10) with their criterion and provenance."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for title in data.get("titles", []):
        if title.get("key") != "cong_dan_hoc_tap":
            continue
        for criterion in title.get("criteria", []):
            for indicator in criterion.get("indicators", []):
                rows.append(
                    {
                        "code": indicator["code"],
                        "criterion_code": criterion["code"],
                        "criterion_name": nfc(criterion.get("name_vi", "")),
                        "text": nfc(indicator.get("text_vi", "")),
                        "provenance": str(indicator.get("provenance", ""))[:120],
                    }
                )
    return rows


def seed_draft_framework(*, framework_model, group_model, skill_model, skill_pks=None):
    """Create the draft framework with its groups and skills unless a framework with the
    same name and version exists (idempotent). Takes the model classes so the data migration
    can pass its historical models. `skill_pks` maps a skill code to the primary key it must
    keep (the moved `courses.DigitalSkillArea` rows). Returns the framework."""
    existing = framework_model.objects.filter(
        name=DRAFT_FRAMEWORK["name"], version=DRAFT_FRAMEWORK["version"]
    ).first()
    if existing is not None:
        return existing
    skill_pks = skill_pks or {}
    is_first = not framework_model.objects.filter(is_current=True).exists()
    framework = framework_model.objects.create(**DRAFT_FRAMEWORK, is_current=is_first)
    order = 0
    for group_order, group_data in enumerate(DRAFT_GROUPS):
        data = {k: v for k, v in group_data.items() if k != "skills"}
        group = group_model.objects.create(framework=framework, sort_order=group_order, **data)
        for skill_data in group_data["skills"]:
            fields = {"description": "", "source": "", **skill_data}
            pk = skill_pks.get(fields["code"])
            if pk is not None:
                fields["pk"] = pk
            skill_model.objects.create(framework=framework, group=group, sort_order=order, **fields)
            order += 1
    return framework
