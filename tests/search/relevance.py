"""The relevance set: hand-built pages (12 wards and their centres, 20 courses, news,
materials) and 70 realistic queries with the pages expected on top. Used by
tests/search/test_relevance.py on SQLite and PostgreSQL and printed by
benchmarks/search_bench.py.

recall@5 for a query: the share of its expected pages found in the first five results;
reciprocal rank: 1 / the rank of the first expected page (0 when none is in the first 20).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

WARDS = {
    "CG": ("00167", "Phường Cầu Giấy"),
    "HH": ("00004", "Phường Hồng Hà"),
    "NH": ("00008", "Phường Ngọc Hà"),
    "DD": ("00229", "Phường Đống Đa"),
    "BD": ("00001", "Phường Ba Đình"),
    "TH": ("00091", "Phường Tây Hồ"),
    "LB": ("00124", "Phường Long Biên"),
    "HD": ("09552", "Phường Hà Đông"),
    "SS": ("08980", "Xã Sóc Sơn"),
    "DA": ("09013", "Xã Đông Anh"),
    "KL": ("00235", "Phường Kim Liên"),
    "HK": ("00070", "Phường Hoàn Kiếm"),
}

# key: (title, ward, topics, audience, mode, summary)
COURSES = {
    "tin_cg": (
        "Tin học cơ bản",
        "CG",
        ["Tin học"],
        "nguoi-cao-tuoi",
        "truc-tiep",
        "Làm quen máy tính, soạn thảo văn bản và gửi thư điện tử.",
    ),
    "tin_hh": (
        "Tin học cơ bản",
        "HH",
        ["Tin học"],
        "moi-nguoi",
        "truc-tiep",
        "Máy tính và Internet cho người mới bắt đầu.",
    ),
    "tin_nh": (
        "Tin học văn phòng",
        "NH",
        ["Tin học"],
        "nguoi-lao-dong",
        "truc-tiep",
        "Word, Excel và trình chiếu cho công việc.",
    ),
    "dt_dd": (
        "Sử dụng điện thoại thông minh",
        "DD",
        ["Kỹ năng số"],
        "nguoi-cao-tuoi",
        "truc-tiep",
        "Cài ứng dụng, gọi video, nhận diện tin giả.",
    ),
    "anh_dd": (
        "Tiếng Anh giao tiếp cho người lớn",
        "DD",
        ["Ngoại ngữ"],
        "nguoi-lon",
        "truc-tiep",
        "Giao tiếp hằng ngày, phát âm chuẩn.",
    ),
    "anh_tn": (
        "Tiếng Anh thiếu nhi",
        "TH",
        ["Ngoại ngữ"],
        "tre-em",
        "truc-tiep",
        "Học qua bài hát và trò chơi.",
    ),
    "nau_lb": (
        "Dạy nấu ăn gia đình",
        "LB",
        ["Kỹ năng sống"],
        "phu-nu",
        "truc-tiep",
        "Nấu các món ăn truyền thống Hà Nội.",
    ),
    "dv_bd": (
        "Dịch vụ công trực tuyến",
        "BD",
        ["Kỹ năng số"],
        "moi-nguoi",
        "truc-tuyen",
        "Nộp hồ sơ hành chính qua Cổng dịch vụ công quốc gia.",
    ),
    "pl_hk": (
        "Pháp luật giao thông đường bộ",
        "HK",
        ["Pháp luật"],
        "moi-nguoi",
        "truc-tiep",
        "Luật giao thông và xử phạt vi phạm.",
    ),
    "ts_ss": (
        "Kỹ thuật trồng lúa và chăn nuôi",
        "SS",
        ["Nông nghiệp"],
        "nong-dan",
        "truc-tiep",
        "Giống mới, phòng trừ sâu bệnh.",
    ),
    "yoga_hd": (
        "Yoga và dưỡng sinh",
        "HD",
        ["Sức khỏe"],
        "nguoi-cao-tuoi",
        "truc-tiep",
        "Bài tập thở và vận động nhẹ nhàng.",
    ),
    "ai_cg": (
        "Trí tuệ nhân tạo cho người mới bắt đầu",
        "CG",
        ["Kỹ năng số"],
        "moi-nguoi",
        "ket-hop",
        "Dùng trợ lý ảo an toàn.",
    ),
    "tt_da": (
        "Thương mại điện tử bán hàng online",
        "DA",
        ["Kỹ năng số"],
        "nong-dan",
        "truc-tiep",
        "Bán nông sản trên mạng.",
    ),
    "bvmt_kl": (
        "Bảo vệ môi trường và phân loại rác",
        "KL",
        ["Môi trường"],
        "moi-nguoi",
        "truc-tiep",
        "Phân loại rác tại nguồn.",
    ),
    "sc_bd": (
        "Sơ cứu ban đầu",
        "BD",
        ["Sức khỏe"],
        "moi-nguoi",
        "truc-tiep",
        "Xử trí vết thương, hồi sức tim phổi.",
    ),
    "dao_tao": (
        "Đào tạo kỹ năng mềm cho thanh niên",
        "LB",
        ["Kỹ năng sống"],
        "thanh-nien",
        "truc-tiep",
        "Thuyết trình, làm việc nhóm.",
    ),
    "tin_dd": (
        "Tin học nâng cao",
        "DD",
        ["Tin học"],
        "moi-nguoi",
        "truc-tiep",
        "Bảng tính nâng cao và trang trình bày.",
    ),
    "ac_th": (
        "An toàn thông tin trên mạng xã hội",
        "TH",
        ["Kỹ năng số"],
        "moi-nguoi",
        "truc-tiep",
        "Mật khẩu mạnh, lừa đảo qua mạng.",
    ),
    "thu_phap": (
        "Thư pháp chữ Việt",
        "HK",
        ["Văn hóa"],
        "moi-nguoi",
        "truc-tiep",
        "Viết chữ đẹp bằng bút lông.",
    ),
    "cham_soc": (
        "Chăm sóc trẻ nhỏ",
        "HD",
        ["Gia đình"],
        "phu-nu",
        "truc-tiep",
        "Dinh dưỡng và phòng bệnh cho trẻ.",
    ),
}

NEWS = {
    "n_ngocha": (
        "Khai giảng lớp tin học miễn phí ở phường Ngọc Hà",
        "Trung tâm mở thêm lớp tin học cho người dân.",
    ),
    "n_khuyenhoc": ("Hội Khuyến học tổng kết năm 2025", "Tổng kết phong trào khuyến học."),
    "n_hongha": (
        "Phường Hồng Hà phát động phong trào học tập",
        "Mỗi gia đình một tủ sách, tin học cho mọi người.",
    ),
}

MATERIALS = {
    "m_dvc": ("Cẩm nang sử dụng dịch vụ công", "BD", "lien-ket"),
    "m_zalo": ("Video hướng dẫn gọi video Zalo", "DD", "video"),
}


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# (query, expected keys, category)
QUERIES: list[tuple[str, tuple[str, ...], str]] = [
    ("Tin học cơ bản", ("tin_cg", "tin_hh"), "title"),
    ("tin hoc co ban", ("tin_cg", "tin_hh"), "title"),
    ("TIN HỌC CƠ BẢN", ("tin_cg", "tin_hh"), "title"),
    (nfd("Tin học cơ bản"), ("tin_cg", "tin_hh"), "title"),
    ("Sử dụng điện thoại thông minh", ("dt_dd",), "title"),
    ("su dung dien thoai thong minh", ("dt_dd",), "title"),
    ("Tiếng Anh giao tiếp cho người lớn", ("anh_dd",), "title"),
    ("tieng anh giao tiep", ("anh_dd",), "title"),
    ("Dạy nấu ăn gia đình", ("nau_lb",), "title"),
    ("day nau an", ("nau_lb",), "title"),
    ("Dịch vụ công trực tuyến", ("dv_bd",), "title"),
    ("dich vu cong truc tuyen", ("dv_bd",), "title"),
    ("Pháp luật giao thông đường bộ", ("pl_hk",), "title"),
    ("phap luat giao thong", ("pl_hk",), "title"),
    ("Kỹ thuật trồng lúa và chăn nuôi", ("ts_ss",), "title"),
    ("ky thuat trong lua", ("ts_ss",), "title"),
    ("Yoga và dưỡng sinh", ("yoga_hd",), "title"),
    ("yoga duong sinh", ("yoga_hd",), "title"),
    ("tri tue nhan tao", ("ai_cg",), "title"),
    ("Trí tuệ nhân tạo", ("ai_cg",), "title"),
    ("thuong mai dien tu", ("tt_da",), "title"),
    ("bao ve moi truong", ("bvmt_kl",), "title"),
    ("so cuu ban dau", ("sc_bd",), "title"),
    ("ĐÀO TẠO KỸ NĂNG MỀM", ("dao_tao",), "title"),
    ("dao tao ky nang mem", ("dao_tao",), "title"),
    ("tin hoc nang cao", ("tin_dd",), "title"),
    ("an toan thong tin", ("ac_th",), "title"),
    ("thu phap", ("thu_phap",), "title"),
    (nfd("Chăm sóc trẻ nhỏ"), ("cham_soc",), "title"),
    ("TIN HOC VAN PHONG", ("tin_nh",), "title"),
    ("tin hco co ban", ("tin_cg", "tin_hh"), "typo"),
    ("dien thoai thong mihn", ("dt_dd",), "typo"),
    ("tieng ahn giao tiep", ("anh_dd",), "typo"),
    ("phap luatt giao thong", ("pl_hk",), "typo"),
    ("yga duong sinh", ("yoga_hd",), "typo"),
    ("thu phapp", ("thu_phap",), "typo"),
    ("so cuu ban daau", ("sc_bd",), "typo"),
    ("phan loai rac moi truogn", ("bvmt_kl",), "typo"),
    ("tin hoc cau giay", ("tin_cg",), "place"),
    ("tin hoc hong ha", ("tin_hh",), "place"),
    ("tin học phường Hồng Hà", ("tin_hh",), "place"),
    ("tin hoc ngoc ha", ("tin_nh",), "place"),
    ("tieng anh dong da", ("anh_dd",), "place"),
    ("tieng anh cho nguoi lon dong da", ("anh_dd",), "place"),
    ("nau an long bien", ("nau_lb",), "place"),
    ("trung tam cau giay", ("centre_CG",), "place"),
    ("xa soc son", ("ts_ss", "centre_SS"), "place"),
    ("trồng lúa Sóc Sơn", ("ts_ss",), "place"),
    ("ky nang so cau giay", ("ai_cg",), "place"),
    ("dich vu cong ba dinh", ("dv_bd", "m_dvc"), "place"),
    ("yoga p ha dong", ("yoga_hd",), "place"),
    ("thuong mai dien tu dong anh", ("tt_da",), "place"),
    ("tin hoc cho nguoi cao tuoi", ("tin_cg",), "audience"),
    ("tieng anh thieu nhi", ("anh_tn",), "audience"),
    ("dien thoai cho nguoi gia", ("dt_dd",), "audience"),
    ("ky nang cho thanh nien", ("dao_tao",), "audience"),
    ("cham soc tre cho phu nu", ("cham_soc",), "audience"),
    ("nong dan trong lua", ("ts_ss",), "audience"),
    ("co ban tin hoc", ("tin_cg", "tin_hh"), "order"),
    ("giao tiep tieng anh", ("anh_dd",), "order"),
    ("an nau day", ("nau_lb",), "order"),
    ("thong minh dien thoai", ("dt_dd",), "order"),
    ("ky nang so", ("dt_dd", "dv_bd", "ai_cg", "tt_da", "ac_th"), "topic"),
    ("ngoai ngu", ("anh_dd", "anh_tn"), "topic"),
    ("tin ho", ("tin_cg", "tin_hh", "tin_nh", "tin_dd"), "prefix"),
    ("dien tho", ("dt_dd",), "prefix"),
    ("cam nang dich vu cong", ("m_dvc",), "other"),
    ("video zalo", ("m_zalo",), "other"),
    ("khuyen hoc tong ket", ("n_khuyenhoc",), "other"),
    ("Hội Khuyến học", ("n_khuyenhoc",), "other"),
    ("phong trao hoc tap hong ha", ("n_hongha",), "other"),
]


def build_relevance_pages() -> dict[str, int]:
    """Create the pages (in a test database) and index them; {key: page id}."""
    from learning_centers.models import CenterMaterialPage
    from search.services import search_reindex_all
    from tests.factories.cms import make_news
    from tests.factories.courses import make_catalogue, make_centre, make_course
    from tests.factories.geography import WardFactory

    make_catalogue()
    ids: dict[str, int] = {}
    centres = {}
    for key, (code, name) in WARDS.items():
        kind = "xa" if name.startswith("Xã") else "phuong"
        ward = WardFactory(
            code=code, name=name.split(" ", 1)[1], name_with_type=name, kind=kind, slug=f"w-{code}"
        )
        centre = make_centre(ward=ward, title=f"Trung tâm học tập cộng đồng {name.lower()}")
        centres[key] = centre
        ids[f"centre_{key}"] = centre.pk
    for key, (title, ward, topics, audience, mode, summary) in COURSES.items():
        extra = {"join_url": "https://meet.example.vn/lop"} if mode != "truc-tiep" else {}
        course = make_course(
            centre=centres[ward],
            title=title,
            topics=tuple(topics),
            audience=audience,
            delivery_mode=mode,
            summary=summary,
            **extra,
        )
        ids[key] = course.pk
    for i, (key, (title, summary)) in enumerate(NEWS.items()):
        ids[key] = make_news(
            title=title, summary=summary, date=dt.date(2025, 10, 1) + dt.timedelta(days=i)
        ).pk
    for key, (title, ward, kind) in MATERIALS.items():
        material = centres[ward].add_child(
            instance=CenterMaterialPage(
                title=title,
                slug=f"hoc-lieu-{key}".replace("_", "-"),
                kind=kind,
                link_url="https://dichvucong.gov.vn/" if kind == "lien-ket" else "",
                video_url="https://www.youtube.com/watch?v=abc" if kind == "video" else "",
            )
        )
        ids[key] = material.pk
    search_reindex_all()
    return ids


@dataclass
class Outcome:
    query: str
    category: str
    expected: tuple[str, ...]
    top: list[str]
    recall_at_5: float
    reciprocal_rank: float


def evaluate(ids: dict[str, int]) -> list[Outcome]:
    from search.selectors import ranked_page_ids

    by_id = {pk: key for key, pk in ids.items()}
    outcomes = []
    for query, expected, category in QUERIES:
        ranked = [by_id.get(pk, str(pk)) for pk in ranked_page_ids(query, limit=20)]
        top5 = ranked[:5]
        recall = sum(1 for key in expected if key in top5) / len(expected)
        rank = next((i + 1 for i, key in enumerate(ranked) if key in expected), None)
        outcomes.append(
            Outcome(query, category, expected, ranked[:5], recall, 1 / rank if rank else 0.0)
        )
    return outcomes


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    n = len(outcomes)
    figures = {
        "queries": n,
        "recall@5": sum(o.recall_at_5 for o in outcomes) / n,
        "MRR": sum(o.reciprocal_rank for o in outcomes) / n,
    }
    titles = [o for o in outcomes if o.category == "title"]
    figures["title recall@5"] = sum(o.recall_at_5 for o in titles) / len(titles)
    return figures
