# ruff: noqa: E501  (demo copy: long Vietnamese strings read better unwrapped)
"""Demo content for the information site (called by `seed_demo`).

Idempotent: every page is looked up by its slug under its parent, every menu by its slug,
and nothing that exists is changed, so a second run (or a run after editors changed the
content) leaves the site as it is. Plan targets come from criteria.yaml with their
provenance; the news articles are written for this demo from the facts in the source
documents (plans 290/KH-UBND and 291/KH-UBND, QĐ 387/QĐ-TTg, QĐ 677/QĐ-TTg).
"""

import re
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from cms.models import (
    FOOTER_MENU,
    MAIN_MENU,
    FooterSettings,
    HomePage,
    Menu,
    MenuItem,
    NewsIndexPage,
    NewsPage,
    PlanIndexPage,
    PlanPage,
    PlanTarget,
    Provenance,
    StandardPage,
)

ADMIN_EMAIL = "admin@example.vn"
ADMIN_PASSWORD = "hoctapsuotdoi"
CRITERIA_YAML = Path(settings.BASE_DIR) / "citizen_profiles" / "data" / "criteria.yaml"


def ensure_home() -> HomePage:
    """Replace Wagtail's placeholder root child with our HomePage, once."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Cổng học tập suốt đời Hà Nội",
                slug="trang-chu",
                intro=(
                    "Cổng thông tin về xây dựng xã hội học tập và học tập suốt đời của "
                    "Thành phố Hà Nội."
                ),
                body=HOME_BODY,
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        if site:
            old_root = site.root_page
            site.root_page = home
            site.site_name = "Cổng học tập suốt đời Hà Nội"
            site.save()
            if old_root.specific_class is Page and not old_root.get_children().exists():
                old_root.delete()
        else:
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Cổng học tập suốt đời Hà Nội",
            )
    return home


def ensure_admin() -> None:
    User = get_user_model()
    if not User.objects.filter(email=ADMIN_EMAIL).exists():
        User.objects.create_superuser(
            username="admin",
            email=ADMIN_EMAIL,
            password=ADMIN_PASSWORD,
            full_name="Quản trị viên",
        )


def _p(*paragraphs: str) -> list[dict]:
    return [{"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}]


def _h(text: str) -> list[dict]:
    return [{"type": "heading", "value": {"text": text, "level": "h2"}}]


HOME_BODY = _p(
    "Hà Nội đang xây dựng xã hội học tập: mỗi người dân, gia đình, dòng họ, cộng đồng và "
    "đơn vị đều được khuyến khích học thường xuyên, học suốt đời. Hai kế hoạch của Ủy ban "
    "nhân dân Thành phố ban hành ngày 05/12/2023, số 290/KH-UBND (mô hình “Công dân học "
    "tập”) và số 291/KH-UBND (học tập suốt đời trong gia đình, dòng họ, cộng đồng, đơn vị), "
    "đặt ra các chỉ tiêu cụ thể cho năm 2025 và năm 2030.",
    "Trên cổng này, bạn có thể tìm khóa học ở trung tâm học tập cộng đồng gần nhà, đăng ký "
    "học, theo dõi quá trình học tập của mình và xem kết quả thực hiện các chỉ tiêu.",
)


def _get_or_add(parent: Page, model, *, slug: str, **fields):
    """The child page of `parent` with this slug, created (live) if it is missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return page, True


# --- plans and their targets -------------------------------------------------------------

INDICATOR_LABELS = {
    "hkh_members_trained_pct": "Cán bộ, hội viên Hội Khuyến học được học tập, quán triệt chủ trương về xây dựng xã hội học tập",
    "gdht_pct": "Gia đình đạt danh hiệu “Gia đình học tập”",
    "dhht_pct": "Dòng họ đạt danh hiệu “Dòng họ học tập”",
    "cdht_thon_pct": "Cộng đồng (thôn, xóm, tổ dân phố) đạt danh hiệu “Cộng đồng học tập”",
    "dvht_commune_pct": "Tổ chức, cơ quan, trường học, doanh nghiệp trên địa bàn cấp xã đạt danh hiệu “Đơn vị học tập”",
    "workers_in_gd_dh_cd_cdht_pct": "Người lao động trong gia đình, dòng họ, cộng đồng học tập đạt danh hiệu “Công dân học tập”",
    "workers_cdht_pct": "Người lao động trong gia đình, dòng họ, cộng đồng học tập đạt danh hiệu “Công dân học tập”",
    "staff_in_dvht_commune_cdht_pct": "Cán bộ, công chức, nhân viên trong “Đơn vị học tập” cấp xã đạt danh hiệu “Công dân học tập”",
    "staff_dvht_cdht_pct": "Cán bộ, công chức, nhân viên trong “Đơn vị học tập” cấp xã đạt danh hiệu “Công dân học tập”",
    "hkh_commune_chair_in_cls_mgmt_pct": "Chủ tịch hoặc Phó Chủ tịch Hội Khuyến học cấp xã tham gia quản lý trung tâm học tập cộng đồng",
    "commune_khuyenhoc_staff_in_clc_it_trained_pct": "Cán bộ khuyến học cấp xã tham gia hoạt động của trung tâm học tập cộng đồng và được bồi dưỡng ứng dụng công nghệ thông tin",
    "commune_khuyenhoc_staff_clc_it_pct": "Cán bộ khuyến học cấp xã tham gia hoạt động của trung tâm học tập cộng đồng và được bồi dưỡng ứng dụng công nghệ thông tin",
    "adults_in_gd_dh_cd_cdht_pct": "Người lớn trong gia đình, dòng họ, cộng đồng học tập đạt danh hiệu “Công dân học tập”",
    "staff_in_dvht_all_levels_cdht_pct": "Cán bộ, công chức, người lao động trong “Đơn vị học tập” các cấp đạt danh hiệu “Công dân học tập”",
    "staff_in_dvht_cdht_pct": "Cán bộ, công chức, người lao động trong “Đơn vị học tập” đạt danh hiệu “Công dân học tập”",
    "cdht_with_digital_skills_pct": "Người đạt danh hiệu “Công dân học tập” có kỹ năng số đáp ứng yêu cầu công việc",
    "cdht_proficient_digital_self_update_pct": "Người đạt danh hiệu “Công dân học tập” sử dụng thành thạo kỹ năng số để tự cập nhật kiến thức",
}

# Notes of criteria.yaml, in Vietnamese for readers: (plan, year, key or None for every key).
SOURCE_NOTES = {
    ("QD-387-TTg-2022", "2030", None): (
        "Quyết định chưa nêu mốc năm 2030; số liệu ghi theo Kế hoạch 291/KH-UBND của Thành phố."
    ),
    ("QD-677-TTg-2022", "2030", "adults_in_gd_dh_cd_cdht_pct"): (
        "Theo văn bản tiếng Việt và kế hoạch của Thành phố: 60 %."
    ),
    ("HN-KH-290-UBND-2023", "2025", "staff_in_dvht_cdht_pct"): (
        "Chỉ tiêu năm 2025 đang được đối chiếu với văn bản gốc."
    ),
    ("HN-KH-290-UBND-2023", "2030", "cdht_proficient_digital_self_update_pct"): (
        "Chỉ tiêu năm 2030 đang được đối chiếu với văn bản gốc."
    ),
}
META_KEYS = {"provenance", "note", "conflict", "source_lang", "hard_areas"}

PLANS = [
    {
        "slug": "ke-hoach-291-kh-ubnd",
        "yaml": ("hanoi", "HN-KH-291-UBND-2023"),
        "number": "291/KH-UBND",
        "title": "Đẩy mạnh phong trào học tập suốt đời trong gia đình, dòng họ, cộng đồng, đơn vị giai đoạn 2021–2030",
        "issuing_body": "Ủy ban nhân dân Thành phố Hà Nội",
        "date_signed": date(2023, 12, 5),
        "summary": (
            "<p>Kế hoạch của Thành phố thực hiện Quyết định 387/QĐ-TTg: nhân rộng các mô hình "
            "“Gia đình học tập”, “Dòng họ học tập”, “Cộng đồng học tập”, “Đơn vị học tập”, gắn "
            "với chuyển đổi số.</p><p>Năm nhóm nhiệm vụ: tuyên truyền; áp dụng bộ tiêu chí của "
            "Trung ương Hội Khuyến học Việt Nam; ứng dụng công nghệ số (kể cả thu thập minh "
            "chứng, chấm điểm, tổng hợp, báo cáo và một trang thông tin điện tử); củng cố trung "
            "tâm học tập cộng đồng; nhân rộng, sơ kết, tổng kết các mô hình.</p>"
        ),
        "headline": {"gdht_pct", "dvht_commune_pct"},
    },
    {
        "slug": "ke-hoach-290-kh-ubnd",
        "yaml": ("hanoi", "HN-KH-290-UBND-2023"),
        "number": "290/KH-UBND",
        "title": "Xây dựng mô hình “Công dân học tập” giai đoạn 2021–2030",
        "issuing_body": "Ủy ban nhân dân Thành phố Hà Nội",
        "date_signed": date(2023, 12, 5),
        "summary": (
            "<p>Kế hoạch của Thành phố thực hiện Quyết định 677/QĐ-TTg: khuyến khích mỗi người "
            "học thường xuyên, suốt đời thông qua mô hình “Công dân học tập”, hướng tới công "
            "dân số theo Chương trình chuyển đổi số quốc gia.</p>"
        ),
        "headline": {"adults_in_gd_dh_cd_cdht_pct", "cdht_with_digital_skills_pct"},
    },
    {
        "slug": "quyet-dinh-677-qd-ttg",
        "yaml": ("national", "QD-677-TTg-2022"),
        "number": "677/QĐ-TTg",
        "title": "Chương trình “Xây dựng mô hình Công dân học tập giai đoạn 2021–2030”",
        "issuing_body": "Thủ tướng Chính phủ",
        "date_signed": date(2022, 6, 3),
        "summary": (
            "<p>Chương trình quốc gia về mô hình “Công dân học tập”, trong đó có các chỉ tiêu "
            "về kỹ năng số của người đạt danh hiệu.</p>"
        ),
        "headline": set(),
    },
    {
        "slug": "quyet-dinh-387-qd-ttg",
        "yaml": ("national", "QD-387-TTg-2022"),
        "number": "387/QĐ-TTg",
        "title": "Chương trình “Đẩy mạnh phong trào học tập suốt đời trong gia đình, dòng họ, cộng đồng, đơn vị giai đoạn 2021–2030”",
        "issuing_body": "Thủ tướng Chính phủ",
        "date_signed": date(2022, 3, 25),
        "summary": (
            "<p>Chương trình quốc gia về học tập suốt đời trong gia đình, dòng họ, cộng đồng "
            "và đơn vị, làm căn cứ cho Kế hoạch 291/KH-UBND của Hà Nội.</p>"
        ),
        "headline": set(),
    },
]


def load_targets() -> dict:
    with CRITERIA_YAML.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)["targets"]


def _provenance(raw, key: str) -> str:
    """criteria.yaml gives one provenance per year, sometimes "read except X (inferred)"."""
    raw = str(raw or "read")
    if raw in Provenance.values:
        return raw
    match = re.match(r"read except (\w+) \(inferred\)", raw)
    if match:
        tokens = set(match.group(1).split("_"))
        return Provenance.INFERRED if tokens <= set(key.split("_")) else Provenance.READ
    return Provenance.INFERRED


def target_rows(plan_id: str, years: dict, headline: set[str]) -> list[dict]:
    """One row per indicator with its 2025 and 2030 values and their provenance."""
    y2025, y2030 = years.get("2025", {}), years.get("2030", {})
    keys = [k for k in y2025 if k not in META_KEYS]
    keys += [k for k in y2030 if k not in META_KEYS and k not in keys]
    rows = []
    for key in keys:
        row = {"key": key, "indicator": INDICATOR_LABELS.get(key, key), "unit": "%"}
        notes = []
        for year, block in (("2025", y2025), ("2030", y2030)):
            value = block.get(key)
            provenance = _provenance(block.get("provenance"), key) if block else "not_found"
            if key in block and value is None:
                provenance = Provenance.NOT_FOUND
            row[f"value_{year}"] = Decimal(str(value)) if value is not None else None
            row[f"provenance_{year}"] = provenance
            for note_key in (None, key):
                note = SOURCE_NOTES.get((plan_id, year, note_key))
                if note and note not in notes:
                    notes.append(note)
        row["source_note"] = " ".join(notes)
        row["is_headline"] = key in headline
        rows.append(row)
    return rows


def seed_plans(home: HomePage) -> PlanIndexPage:
    index, _ = _get_or_add(
        home,
        PlanIndexPage,
        slug="ke-hoach",
        title="Kế hoạch và chỉ tiêu",
        intro=(
            "Các kế hoạch, quyết định về xây dựng xã hội học tập và học tập suốt đời, với chỉ "
            "tiêu đến năm 2025 và năm 2030."
        ),
        search_description="Kế hoạch 290/KH-UBND, 291/KH-UBND, Quyết định 387/QĐ-TTg, 677/QĐ-TTg và chỉ tiêu.",
    )
    targets = load_targets()
    for spec in PLANS:
        scope, plan_id = spec["yaml"]
        plan, created = _get_or_add(
            index,
            PlanPage,
            slug=spec["slug"],
            title=spec["title"],
            number=spec["number"],
            issuing_body=spec["issuing_body"],
            date_signed=spec["date_signed"],
            status=PlanPage.Status.IN_FORCE,
            summary=spec["summary"],
        )
        if created:
            for order, row in enumerate(
                target_rows(plan_id, targets[scope][plan_id], spec["headline"])
            ):
                PlanTarget.objects.create(page=plan, sort_order=order, **row)
    return index


# --- news ---------------------------------------------------------------------------------

NEWS = [
    {
        "slug": "ha-noi-ban-hanh-ke-hoach-cong-dan-hoc-tap",
        "title": "Hà Nội ban hành kế hoạch xây dựng mô hình “Công dân học tập”",
        "date": date(2023, 12, 6),
        "tags": ["Công dân học tập", "Kế hoạch", "Kỹ năng số"],
        "summary": "Kế hoạch 290/KH-UBND đặt mục tiêu 60 % người lớn trong các mô hình học tập đạt danh hiệu “Công dân học tập” vào năm 2030.",
        "body": _p(
            "Ngày 05/12/2023, Ủy ban nhân dân Thành phố ký ban hành Kế hoạch số 290/KH-UBND "
            "thực hiện Chương trình xây dựng mô hình “Công dân học tập” giai đoạn 2021–2030.",
            "Đến năm 2025, toàn bộ cán bộ, hội viên Hội Khuyến học được học tập các tiêu chí "
            "của mô hình; 40 % người lớn trong gia đình, dòng họ, cộng đồng học tập đạt danh "
            "hiệu; 70 % người đạt danh hiệu có kỹ năng số đáp ứng yêu cầu công việc.",
            "Đến năm 2030, các tỷ lệ tương ứng được nâng lên 60 % người lớn, 80 % cán bộ, "
            "công chức, người lao động trong đơn vị học tập, và 90 % người đạt danh hiệu có "
            "kỹ năng số.",
        ),
    },
    {
        "slug": "ke-hoach-291-nhan-rong-mo-hinh-hoc-tap",
        "title": "Kế hoạch 291: nhân rộng gia đình, dòng họ, cộng đồng và đơn vị học tập",
        "date": date(2023, 12, 8),
        "tags": ["Gia đình học tập", "Kế hoạch"],
        "summary": "70 % gia đình đạt danh hiệu “Gia đình học tập” vào năm 2025 và 80 % vào năm 2030.",
        "body": _p(
            "Cùng ngày với Kế hoạch 290, Thành phố ban hành Kế hoạch số 291/KH-UBND thực hiện "
            "Quyết định 387/QĐ-TTg của Thủ tướng Chính phủ.",
            "Mục tiêu đến năm 2025: 70 % gia đình, 65 % dòng họ, 65 % cộng đồng (thôn, xóm, tổ "
            "dân phố) và 80 % cơ quan, trường học, doanh nghiệp trên địa bàn cấp xã được công "
            "nhận là mô hình học tập. Đến năm 2030, các tỷ lệ này lần lượt là 80 %, 75 %, 75 % "
            "và 90 %.",
        ),
    },
    {
        "slug": "nam-nhom-nhiem-vu-hoc-tap-suot-doi",
        "title": "Năm nhóm nhiệm vụ để đẩy mạnh học tập suốt đời",
        "date": date(2024, 1, 15),
        "tags": ["Kế hoạch"],
        "summary": "Từ tuyên truyền đến sơ kết, tổng kết: những việc Thành phố giao cho các ngành và Hội Khuyến học.",
        "body": _h("Năm nhóm nhiệm vụ")
        + _p(
            "Thứ nhất, tuyên truyền, quán triệt chủ trương về khuyến học, khuyến tài và xây "
            "dựng xã hội học tập. Thứ hai, nghiên cứu, áp dụng bộ tiêu chí đánh giá các mô hình "
            "học tập do Trung ương Hội Khuyến học Việt Nam ban hành.",
            "Thứ ba, ứng dụng công nghệ thông tin và công nghệ số trong tổ chức các hoạt động "
            "học tập. Thứ tư, củng cố và nâng cao chất lượng trung tâm học tập cộng đồng cùng "
            "các thiết chế văn hóa cơ sở. Thứ năm, nhân rộng, sơ kết và tổng kết các mô hình.",
        ),
    },
    {
        "slug": "cong-nghe-so-danh-gia-mo-hinh-hoc-tap",
        "title": "Dùng công nghệ số để đánh giá các mô hình học tập",
        "date": date(2024, 3, 20),
        "tags": ["Chuyển đổi số", "Kế hoạch"],
        "summary": "Thu thập minh chứng, chấm điểm, tổng hợp và báo cáo trên môi trường số.",
        "body": _p(
            "Kế hoạch 291/KH-UBND yêu cầu nghiên cứu ứng dụng công nghệ số để thu thập minh "
            "chứng, cho điểm, đánh giá, tổng hợp và báo cáo việc thực hiện các bộ tiêu chí "
            "“Gia đình học tập”, “Dòng họ học tập”, “Cộng đồng học tập”, “Đơn vị học tập”.",
            "Kế hoạch cũng giao xây dựng một trang thông tin điện tử để phổ biến, tập huấn và "
            "nâng cao hiểu biết của cán bộ, hội viên và người dân. Cổng học tập suốt đời này là "
            "một bước theo hướng đó.",
        ),
    },
    {
        "slug": "trung-tam-hoc-tap-cong-dong-va-hoi-khuyen-hoc",
        "title": "Trung tâm học tập cộng đồng: nơi người dân học suốt đời",
        "date": date(2024, 6, 10),
        "tags": ["Trung tâm học tập cộng đồng"],
        "summary": "Hội Khuyến học cấp xã tham gia quản lý trung tâm học tập cộng đồng; cán bộ khuyến học được bồi dưỡng công nghệ thông tin.",
        "body": _p(
            "Theo Kế hoạch 291/KH-UBND, Thành phố phấn đấu để Chủ tịch hoặc Phó Chủ tịch Hội "
            "Khuyến học cấp xã đều tham gia quản lý trung tâm học tập cộng đồng.",
            "Tỷ lệ cán bộ khuyến học cấp xã tham gia tổ chức hoạt động của trung tâm và được "
            "bồi dưỡng về ứng dụng công nghệ thông tin (biên soạn tài liệu, lưu trữ thông tin, "
            "vận hành thiết bị) được đặt ở mức 40 % năm 2025 và 70 % năm 2030.",
        ),
    },
    {
        "slug": "kinh-nghiem-quang-ninh-mo-hinh-hoc-tap",
        "title": "Kinh nghiệm từ Quảng Ninh: vượt các mục tiêu giai đoạn trước",
        "date": date(2024, 10, 5),
        "tags": ["Kinh nghiệm", "Gia đình học tập"],
        "summary": "Tỉnh bạn đã có hơn 71 % gia đình đạt danh hiệu “Gia đình học tập”.",
        "body": _p(
            "Tháng 8/2022, Hội Khuyến học tỉnh Quảng Ninh tập huấn cho gần 190 cán bộ về các đề "
            "án xây dựng xã hội học tập giai đoạn 2021–2030, bộ tiêu chí và thủ tục công nhận "
            "các danh hiệu học tập.",
            "Tỉnh cho biết 71,4 % gia đình, 62,2 % dòng họ, 81,9 % cộng đồng và 82,9 % đơn vị "
            "đã đạt danh hiệu học tập, vượt các mục tiêu của Quyết định 281/QĐ-TTg năm 2014.",
        ),
    },
    {
        "slug": "ha-noi-huong-toi-thanh-pho-hoc-tap-unesco",
        "title": "Hà Nội hướng tới Mạng lưới Thành phố học tập toàn cầu của UNESCO",
        "date": date(2025, 2, 18),
        "tags": ["Thành phố học tập", "Kỹ năng số"],
        "summary": "Mục tiêu năm 2025: 50 % người dân đạt danh hiệu “Công dân học tập” và 50 % có kỹ năng số.",
        "body": _p(
            "Thành phố đặt mục tiêu hoàn thành việc đăng ký tham gia Mạng lưới Thành phố học "
            "tập toàn cầu của UNESCO trong năm 2025, đẩy mạnh học từ xa và học qua mạng.",
            "Nghị quyết của Thành ủy về khuyến học, khuyến tài, xây dựng xã hội học tập đặt "
            "các mục tiêu như: 50 % người dân đạt danh hiệu “Công dân học tập”, 50 % người dân "
            "có kỹ năng số, 60 % gia đình, dòng họ, cộng đồng đạt danh hiệu học tập và 70 % "
            "trung tâm học tập cộng đồng ứng dụng công nghệ thông tin.",
        ),
    },
    {
        "slug": "mo-hinh-hoc-tap-trong-chinh-quyen-hai-cap",
        "title": "Trung tâm học tập cộng đồng theo phường, xã mới",
        "date": date(2025, 7, 5),
        "tags": ["Trung tâm học tập cộng đồng"],
        "summary": "Từ 01/7/2025 Hà Nội có 126 phường, xã; cổng thông tin sắp xếp các trung tâm theo địa bàn mới.",
        "body": _p(
            "Từ ngày 01/7/2025, chính quyền địa phương được tổ chức theo hai cấp: thành phố và "
            "phường, xã. Hà Nội có 126 phường, xã.",
            "Các kế hoạch ban hành trước thời điểm này vẫn nhắc đến quận, huyện, thị xã; cổng "
            "giữ nguyên nội dung văn bản, còn danh sách trung tâm học tập cộng đồng và khóa "
            "học được sắp xếp theo phường, xã hiện nay.",
        ),
    },
    {
        "slug": "chuan-bi-so-ket-5-nam-mo-hinh-hoc-tap",
        "title": "Chuẩn bị sơ kết 5 năm các mô hình học tập",
        "date": date(2026, 1, 12),
        "tags": ["Kế hoạch", "Gia đình học tập"],
        "summary": "Hội nghị sơ kết giai đoạn 2021–2025 dự kiến diễn ra trong quý III năm 2026.",
        "body": _p(
            "Kế hoạch 291/KH-UBND dự kiến tổ chức Hội nghị sơ kết 5 năm và Đại hội biểu dương "
            "các mô hình học tập tiêu biểu giai đoạn 2021–2025 vào quý III năm 2026, và tổng "
            "kết 10 năm vào quý IV năm 2030.",
            "Các phường, xã đang rà soát kết quả công nhận danh hiệu năm 2025 để so với chỉ tiêu "
            "70 % “Gia đình học tập”.",
        ),
    },
]


def _published(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def seed_news(home: HomePage) -> NewsIndexPage:
    index, _ = _get_or_add(
        home,
        NewsIndexPage,
        slug="tin-tuc",
        title="Tin tức",
        intro="Tin về phong trào học tập suốt đời và xây dựng xã hội học tập ở Hà Nội.",
    )
    for spec in NEWS:
        article, created = _get_or_add(
            index,
            NewsPage,
            slug=spec["slug"],
            title=spec["title"],
            date=spec["date"],
            author="Ban biên tập",
            summary=spec["summary"],
            body=spec["body"],
            first_published_at=_published(spec["date"]),
            last_published_at=_published(spec["date"]),
        )
        if created:
            article.tags.add(*spec["tags"])
            article.save()
    return index


# --- standard pages and menus -----------------------------------------------------------

TITLES_TABLE = {
    "first_row_is_table_header": True,
    "first_col_is_header": True,
    "table_caption": "Năm danh hiệu học tập",
    "data": [
        ["Danh hiệu", "Dành cho", "Bộ tiêu chí hiện hành (theo tài liệu đã đọc)"],
        ["Công dân học tập", "Mỗi người", "QĐ 244/QĐ-KHVN (2022), QĐ 324/QĐ-KHVN (2023)"],
        ["Gia đình học tập", "Hộ gia đình", "Bộ tiêu chí 2021–2030 của Hội Khuyến học Việt Nam"],
        ["Dòng họ học tập", "Dòng họ", "Bộ tiêu chí 2021–2030 của Hội Khuyến học Việt Nam"],
        [
            "Cộng đồng học tập",
            "Thôn, tổ dân phố; phường, xã",
            "QĐ 448/QĐ-KHVN; Thông tư 25/2023/TT-BGDĐT (cấp xã)",
        ],
        [
            "Đơn vị học tập",
            "Cơ quan, trường học, doanh nghiệp",
            "Bộ tiêu chí 2021–2030; Thông tư 24/2023/TT-BGDĐT",
        ],
    ],
}


def seed_standard_pages(home: HomePage, plan_index: PlanIndexPage) -> list[StandardPage]:
    about, _ = _get_or_add(
        home,
        StandardPage,
        slug="gioi-thieu",
        title="Giới thiệu chương trình",
        intro="Xây dựng xã hội học tập: vì sao, ai tham gia và tham gia như thế nào.",
        body=_h("Chương trình là gì")
        + _p(
            "Xã hội học tập là nơi mọi người đều có cơ hội học ở mọi lứa tuổi, ở trường, ở nơi "
            "làm việc, ở trung tâm học tập cộng đồng hay qua mạng. Thành phố Hà Nội thực hiện "
            "hai chương trình quốc gia (Quyết định 387/QĐ-TTg và 677/QĐ-TTg) qua hai kế hoạch "
            "290/KH-UBND và 291/KH-UBND."
        )
        + [
            {
                "type": "quote",
                "value": {
                    "quote": "Mỗi người dân, gia đình, dòng họ, cộng đồng và đơn vị đều học "
                    "thường xuyên, học suốt đời.",
                    "attribution": "Tinh thần của Kế hoạch 291/KH-UBND",
                },
            }
        ]
        + _h("Người dân tham gia thế nào")
        + _p(
            "Tìm một khóa học ở trung tâm học tập cộng đồng của phường, xã; đăng ký; điểm danh "
            "khi đến lớp; theo dõi quá trình học của mình để hướng tới danh hiệu “Công dân học "
            "tập”."
        )
        + [
            {
                "type": "call_to_action",
                "value": {
                    "title": "Các chỉ tiêu đến năm 2030",
                    "text": "Xem các kế hoạch và chỉ tiêu cụ thể của Thành phố.",
                    "button_label": "Xem kế hoạch",
                    "page": plan_index.pk,
                    "url": "",
                },
            }
        ],
    )
    titles, _ = _get_or_add(
        home,
        StandardPage,
        slug="cac-danh-hieu-hoc-tap",
        title="Các danh hiệu học tập",
        intro="Năm danh hiệu ghi nhận việc học tập suốt đời của người dân, gia đình, dòng họ, cộng đồng và đơn vị.",
        body=_p(
            "Các danh hiệu được đánh giá, công nhận theo bộ tiêu chí của Trung ương Hội Khuyến "
            "học Việt Nam và các thông tư của Bộ Giáo dục và Đào tạo. Một số bộ tiêu chí giai "
            "đoạn 2021–2030 chưa được công bố đầy đủ; cổng sẽ cập nhật khi có văn bản."
        )
        + [{"type": "table", "value": TITLES_TABLE}],
    )
    return [about, titles]


def seed_menus(*, plan_index: Page, news_index: Page, about: Page, titles: Page) -> None:
    main, created = Menu.objects.get_or_create(
        slug=MAIN_MENU, defaults={"title": "Điều hướng chính"}
    )
    if created:
        for order, (label, page, url) in enumerate(
            [
                ("Khóa học", None, "/khoa-hoc/"),
                ("Trung tâm", None, "/trung-tam/"),
                ("Kế hoạch", plan_index, ""),
                ("Tin tức", news_index, ""),
                ("Giới thiệu", about, ""),
            ]
        ):
            MenuItem.objects.create(
                menu=main, sort_order=order, label=label, link_page=page, link_url=url
            )
    footer, created = Menu.objects.get_or_create(slug=FOOTER_MENU, defaults={"title": "Chân trang"})
    if created:
        for order, (label, page, url) in enumerate(
            [
                ("", about, ""),
                ("", titles, ""),
                ("", plan_index, ""),
                ("Tin tức (RSS)", None, news_index.url + "rss/"),
                ("Sơ đồ trang", None, "/so-do-trang/"),
            ]
        ):
            MenuItem.objects.create(
                menu=footer, sort_order=order, label=label, link_page=page, link_url=url
            )
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        FooterSettings.objects.get_or_create(
            site=site,
            defaults={
                "about": (
                    "Cổng học tập suốt đời Hà Nội: thông tin, khóa học và hồ sơ học tập, thực "
                    "hiện Kế hoạch 290/KH-UBND và 291/KH-UBND của Ủy ban nhân dân Thành phố."
                )
            },
        )


def seed(*, small: bool = False) -> str:
    home = ensure_home()
    ensure_admin()
    plan_index = seed_plans(home)
    news_index = seed_news(home)
    about, titles = seed_standard_pages(home, plan_index)
    seed_menus(plan_index=plan_index, news_index=news_index, about=about, titles=titles)
    return (
        f"home, {PlanPage.objects.count()} plans, {NewsPage.objects.count()} news, "
        f"{StandardPage.objects.count()} pages, menus and admin user ready"
    )
