"""Demo centres (called by `seed_demo`): Hanoi's 126 wards/communes, the `/trung-tam/` index,
one centre page per ward (3 with `small`), each with its collection and editors group, a few
materials, a demo centre manager and a city moderator. Idempotent: everything is looked up by
a stable key (ward, slug, e-mail) before it is created."""

from datetime import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from cms.demo import ensure_home
from learning_centers.models import (
    CenterMaterialPage,
    LearningCenterIndexPage,
    LearningCenterPage,
    OpeningHours,
    Ward,
)
from learning_centers.services import (
    ProvisionReport,
    center_collections_bulk_create,
    center_provision_permissions,
    geography_load,
    moderators_provision,
)

SMALL_WARDS = ("00004", "00235", "00376")  # Phường Ba Đình, Phường Đống Đa, Xã Sóc Sơn
TRUSTED_WARDS = ("00235",)  # one trusted centre publishes without moderation
MATERIAL_WARDS = ("00004", "00235", "00376", "00070")
MANAGER_EMAIL = "quanly.badinh@example.vn"
MANAGER_WARD = "00004"
MODERATOR_EMAIL = "kiemduyet@example.vn"
DEMO_PASSWORD = "hoctap-2025"

WEEKLY_HOURS = [
    (OpeningHours.Weekday.MONDAY, time(7, 30), time(17, 0)),
    (OpeningHours.Weekday.TUESDAY, time(7, 30), time(17, 0)),
    (OpeningHours.Weekday.WEDNESDAY, time(7, 30), time(17, 0)),
    (OpeningHours.Weekday.THURSDAY, time(7, 30), time(17, 0)),
    (OpeningHours.Weekday.FRIDAY, time(7, 30), time(17, 0)),
    (OpeningHours.Weekday.SATURDAY, time(7, 30), time(11, 30)),
    (OpeningHours.Weekday.SUNDAY, time(18, 30), time(21, 0)),
]


def _lower_kind(ward: Ward) -> str:
    """ "Phường Ba Đình" -> "phường Ba Đình", as it reads inside a sentence."""
    kind, _, rest = ward.name.partition(" ")
    return f"{kind.lower()} {rest}" if rest else ward.name


def _phone(ward: Ward) -> str:
    number = int(ward.code)
    return f"024 3{number % 1000:03d} {(number * 37) % 10000:04d}"


def center_for_ward(ward: Ward) -> LearningCenterPage:
    place = _lower_kind(ward)
    now = timezone.now()
    return LearningCenterPage(
        first_published_at=now,
        last_published_at=now,
        title=f"Trung tâm học tập cộng đồng {place}",
        slug=ward.slug,
        ward=ward,
        address=f"Nhà văn hóa {place}, Thành phố Hà Nội",
        phone=_phone(ward),
        email=f"tthtcd.{ward.slug.replace('-', '')}@example.vn",
        facilities=(
            "Hội trường 120 chỗ, phòng tin học 20 máy có kết nối Internet, tủ sách cộng đồng, "
            "sân văn hóa – thể thao."
        ),
        director_name=f"Phó Chủ tịch UBND {place} (kiêm nhiệm Giám đốc)",
        association_officer_name=f"Chủ tịch Hội Khuyến học {place}",
        trusted=ward.code in TRUSTED_WARDS,
        search_description=f"Lịch học, khóa học và học liệu của TTHTCĐ {place}.",
        opening_hours=[
            OpeningHours(weekday=day, opens=opens, closes=closes, sort_order=i)
            for i, (day, opens, closes) in enumerate(WEEKLY_HOURS)
        ],
    )


def ensure_index() -> LearningCenterIndexPage:
    index = LearningCenterIndexPage.objects.first()
    if index is None:
        index = ensure_home().add_child(
            instance=LearningCenterIndexPage(
                title="Trung tâm học tập cộng đồng",
                slug="trung-tam",
                intro=(
                    "Mỗi phường, xã của Hà Nội có một trung tâm học tập cộng đồng: nơi người dân "
                    "học kỹ năng số, pháp luật, sức khỏe, nghề và văn hóa, miễn phí hoặc chi "
                    "phí thấp. Tìm trung tâm gần bạn, có thể gõ không dấu."
                ),
            )
        )
    return index


def ensure_materials(center: LearningCenterPage) -> int:
    if CenterMaterialPage.objects.child_of(center).exists():
        return 0
    Document = get_document_model()
    document = Document.objects.create(
        title=f"Cẩm nang an toàn trên mạng – {center.ward.name}",
        collection=center.collection,
        file=ContentFile(
            (
                "Cẩm nang an toàn trên mạng\n\n"
                "1. Không chia sẻ mã OTP, mật khẩu cho bất kỳ ai, kể cả người xưng là cán bộ.\n"
                "2. Kiểm tra kỹ đường dẫn trước khi bấm; cơ quan nhà nước dùng tên miền .gov.vn.\n"
                "3. Cài đặt VNeID và dịch vụ công trực tuyến từ kho ứng dụng chính thức.\n"
            ).encode(),
            name=f"cam-nang-an-toan-{center.slug}.txt",
        ),
    )
    materials = [
        CenterMaterialPage(
            title="Cẩm nang an toàn trên mạng",
            slug="cam-nang-an-toan-tren-mang",
            kind=CenterMaterialPage.Kind.DOCUMENT,
            document=document,
            description="Những điều cần nhớ để tránh lừa đảo qua điện thoại và mạng xã hội.",
        ),
        CenterMaterialPage(
            title="Cổng Dịch vụ công quốc gia",
            slug="cong-dich-vu-cong-quoc-gia",
            kind=CenterMaterialPage.Kind.LINK,
            link_url="https://dichvucong.gov.vn/",
            description="Nộp hồ sơ, tra cứu thủ tục hành chính trực tuyến.",
        ),
    ]
    for material in materials:
        center.add_child(instance=material)
        material.tags.add("kỹ năng số")
        material.save()
    return len(materials)


def ensure_user(*, email: str, full_name: str, group: Group) -> None:
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            username=email.split("@")[0],
            email=email,
            password=DEMO_PASSWORD,
            full_name=full_name,
        )
    user.groups.add(group)


def seed(*, small: bool = False) -> str:
    geography = geography_load(province_code="01")
    index = ensure_index()
    report = ProvisionReport()
    moderators = moderators_provision(index=index, report=report)

    wards = Ward.objects.filter(province__code="01").order_by("code")
    if small:
        wards = wards.filter(code__in=SMALL_WARDS)
    taken = set(LearningCenterPage.objects.values_list("ward_id", flat=True))
    existing_slugs = set(index.get_children().values_list("slug", flat=True))
    missing = [w for w in wards if w.pk not in taken and w.slug not in existing_slugs]
    collections = center_collections_bulk_create(
        names=[center_for_ward(ward).title for ward in missing]
    )
    for ward in missing:
        center = center_for_ward(ward)
        center.collection = collections[center.title]
        index.add_child(instance=center)
        center_provision_permissions(center=center, report=report)
    created = len(missing)

    centers = {c.ward.code: c for c in LearningCenterPage.objects.select_related("ward")}
    materials = sum(ensure_materials(centers[code]) for code in MATERIAL_WARDS if code in centers)
    if MANAGER_WARD in centers:
        ensure_user(
            email=MANAGER_EMAIL,
            full_name="Cán bộ TTHTCĐ phường Ba Đình",
            group=centers[MANAGER_WARD].access.group,
        )
    ensure_user(email=MODERATOR_EMAIL, full_name="Kiểm duyệt viên thành phố", group=moderators)
    return (
        f"{geography.total} phường/xã; {created} trung tâm mới ({len(centers)} tổng); "
        f"{materials} học liệu mới; quản lý trung tâm {MANAGER_EMAIL} và kiểm duyệt viên "
        f"{MODERATOR_EMAIL} / mật khẩu {DEMO_PASSWORD}"
    )
