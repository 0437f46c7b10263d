"""Demo courses (called by `seed_demo` after learning_centers has created the centres).

About 1,000 courses (20 with `small=True`) spread round-robin over every live centre, built
from course templates per topic combined with the audiences each suits, with dates relative
to today (a few finished, most within the next three months), 2–10 sessions each.

Idempotent: slugs are stable per centre (`<title slug>-<n>`), and a course whose slug already
exists under its centre is left alone. Fast: the page rows are inserted in bulk with their
tree paths computed here (as treebeard's add_child would), instead of 1,000 add_child calls;
no revisions are created, and nothing personal is stored (instructors are roles, not names).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
import uuid
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page

from citizen_profiles.skills.models import LearnerIndicator, Skill
from cms import page_cache
from cms.demo import ensure_home
from courses.demo_enrollments import seed_demo_enrollments
from courses.models import (
    CourseCatalogPage,
    CoursePage,
    CourseSession,
    CourseTopicTag,
)
from courses.models.course import refresh_course_schedule
from courses.topics import topic_slug
from learning_centers.models import LearningCenterPage
from search.text import fold

logger = logging.getLogger(__name__)

FULL_COUNT = 1000
SMALL_COUNT = 20

A = CoursePage.Audience
M = CoursePage.DeliveryMode


class D:
    """Codes of the draft framework's skills (citizen_profiles.skills.reference)."""

    DEVICES = "thiet-bi-so"
    INFORMATION = "thong-tin-du-lieu"
    COMMUNICATION = "giao-tiep-hop-tac"
    CONTENT = "sang-tao-noi-dung"
    SAFETY = "an-toan-so"
    PUBLIC_SERVICES = "dich-vu-so"
    AI = "tri-tue-nhan-tao"


AUDIENCE_SUFFIX = {
    A.EVERYONE: "",
    A.CHILDREN: " cho thiếu nhi",
    A.YOUTH: " cho thanh thiếu niên",
    A.ADULTS: " cho người lớn",
    A.ELDERLY: " cho người cao tuổi",
    A.WORKERS: " cho người lao động",
    A.OFFICIALS: " cho cán bộ, công chức",
    A.WOMEN: " cho hội viên phụ nữ",
    A.FARMERS: " cho bà con nông dân",
}


@dataclass(frozen=True)
class Template:
    title: str
    summary: str
    topics: tuple[str, ...]
    audiences: tuple[str, ...]
    instructor: str
    areas: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ("CS1",)
    modes: tuple[str, ...] = (M.IN_PERSON,)
    hours_per_session: float = 2.0
    sessions: tuple[int, int] = (2, 6)
    fee: int = 0
    language: str = CoursePage.Language.VIETNAMESE
    rooms: tuple[str, ...] = field(default=("Hội trường", "Phòng học số 1", "Phòng học số 2"))


TEMPLATES: list[Template] = [
    # Kỹ năng số
    Template(
        "Sử dụng điện thoại thông minh",
        "Làm quen với điện thoại thông minh: gọi video, nhắn tin, chụp và gửi ảnh, cài ứng "
        "dụng cần thiết và giữ an toàn khi dùng mạng xã hội.",
        ("Kỹ năng số",),
        (A.ELDERLY, A.WOMEN, A.FARMERS, A.EVERYONE),
        "Đoàn viên tình nguyện Tổ công nghệ số cộng đồng",
        (D.DEVICES, D.COMMUNICATION, D.SAFETY),
        ("CS1", "CS5"),
        sessions=(3, 6),
    ),
    Template(
        "Dịch vụ công trực tuyến và định danh điện tử VNeID",
        "Hướng dẫn kích hoạt tài khoản định danh điện tử, nộp hồ sơ và tra cứu kết quả trên "
        "Cổng Dịch vụ công mà không phải đến trụ sở.",
        ("Kỹ năng số", "Giáo dục công dân"),
        (A.EVERYONE, A.ELDERLY, A.WORKERS, A.ADULTS),
        "Cán bộ bộ phận một cửa phường/xã",
        (D.PUBLIC_SERVICES, D.SAFETY, D.INFORMATION),
        ("CS1", "CS5"),
        modes=(M.IN_PERSON, M.BLENDED),
        sessions=(2, 4),
    ),
    Template(
        "Thanh toán không dùng tiền mặt an toàn",
        "Mở và dùng ví điện tử, chuyển khoản bằng mã QR, kiểm tra giao dịch và những nguyên "
        "tắc bảo vệ tài khoản ngân hàng.",
        ("Kỹ năng số", "Tài chính cá nhân"),
        (A.ELDERLY, A.WOMEN, A.EVERYONE, A.FARMERS),
        "Cán bộ ngân hàng phối hợp cùng Trung tâm",
        (D.PUBLIC_SERVICES, D.SAFETY),
        ("CS5", "CS7"),
        sessions=(2, 3),
    ),
    Template(
        "Nhận diện và phòng tránh lừa đảo trên mạng",
        "Các thủ đoạn lừa đảo qua điện thoại và mạng xã hội thường gặp, cách kiểm tra thông "
        "tin, bảo vệ mật khẩu và báo cáo khi bị lừa.",
        ("Kỹ năng số", "Pháp luật", "Kỹ năng sống"),
        (A.ELDERLY, A.YOUTH, A.EVERYONE, A.WOMEN),
        "Cán bộ Công an phường",
        (D.SAFETY, D.INFORMATION),
        ("CS1", "CS5", "CS8"),
        modes=(M.IN_PERSON, M.ONLINE),
        sessions=(2, 3),
    ),
    Template(
        "Ứng dụng trí tuệ nhân tạo trong công việc hằng ngày",
        "Dùng trợ lý trí tuệ nhân tạo để soạn văn bản, tóm tắt tài liệu, dịch và tra cứu; "
        "kiểm chứng thông tin và sử dụng có trách nhiệm.",
        ("Kỹ năng số", "Tin học"),
        (A.OFFICIALS, A.WORKERS, A.YOUTH, A.ADULTS),
        "Giảng viên Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
        (D.AI, D.CONTENT, D.INFORMATION),
        ("CS2", "CS5", "CS8"),
        modes=(M.ONLINE, M.BLENDED, M.IN_PERSON),
        sessions=(3, 5),
    ),
    Template(
        "Bán hàng trên mạng và sàn thương mại điện tử",
        "Chụp ảnh sản phẩm, viết mô tả, mở gian hàng, nhận đơn và giao hàng; giữ uy tín và "
        "thực hiện đúng quy định về thuế với hộ kinh doanh.",
        ("Kỹ năng số", "Dạy nghề"),
        (A.WOMEN, A.FARMERS, A.YOUTH, A.WORKERS),
        "Chuyên gia thương mại điện tử, Hội Liên hiệp Phụ nữ",
        (D.CONTENT, D.COMMUNICATION, D.PUBLIC_SERVICES),
        ("CS5", "CS7", "CS10"),
        modes=(M.BLENDED, M.IN_PERSON),
        sessions=(4, 8),
    ),
    # Tin học
    Template(
        "Tin học cơ bản",
        "Bật tắt máy tính, dùng chuột và bàn phím, quản lý thư mục, gõ tiếng Việt, tìm kiếm "
        "thông tin và gửi thư điện tử.",
        ("Tin học", "Kỹ năng số"),
        (A.ELDERLY, A.ADULTS, A.CHILDREN, A.EVERYONE),
        "Giáo viên tin học trường THCS trên địa bàn",
        (D.DEVICES, D.INFORMATION),
        ("CS1", "CS5"),
        sessions=(6, 10),
        rooms=("Phòng máy tính",),
    ),
    Template(
        "Tin học văn phòng: soạn thảo và bảng tính",
        "Soạn thảo văn bản đúng thể thức, lập bảng tính, dùng công thức và biểu đồ, in và "
        "chia sẻ tài liệu trực tuyến.",
        ("Tin học",),
        (A.OFFICIALS, A.WORKERS, A.YOUTH, A.ADULTS),
        "Giảng viên Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
        (D.DEVICES, D.CONTENT, D.COMMUNICATION),
        ("CS2", "CS5", "CS7"),
        modes=(M.IN_PERSON, M.BLENDED),
        sessions=(6, 10),
        fee=200_000,
        rooms=("Phòng máy tính",),
    ),
    # Ngoại ngữ
    Template(
        "Tiếng Anh giao tiếp",
        "Chào hỏi, giới thiệu bản thân, hỏi đường, mua bán và giới thiệu về Hà Nội bằng "
        "tiếng Anh qua tình huống thực tế.",
        ("Ngoại ngữ",),
        (A.CHILDREN, A.YOUTH, A.ADULTS, A.WORKERS),
        "Giáo viên tiếng Anh tình nguyện",
        (),
        ("CS6", "CS9"),
        modes=(M.IN_PERSON, M.ONLINE, M.BLENDED),
        sessions=(6, 10),
        fee=300_000,
        language=CoursePage.Language.ENGLISH,
    ),
    Template(
        "Tiếng Anh cho người làm du lịch và bán hàng",
        "Mẫu câu đón khách, giới thiệu sản phẩm và món ăn, báo giá, thanh toán và xử lý "
        "tình huống với khách nước ngoài.",
        ("Ngoại ngữ", "Dạy nghề"),
        (A.WORKERS, A.WOMEN, A.YOUTH),
        "Giảng viên ngoại ngữ Trung tâm Giáo dục thường xuyên",
        (),
        ("CS6", "CS10"),
        modes=(M.IN_PERSON, M.BLENDED),
        sessions=(6, 10),
        fee=400_000,
        language=CoursePage.Language.ENGLISH,
    ),
    # Pháp luật
    Template(
        "Tìm hiểu Luật Đất đai năm 2024",
        "Những điểm mới của Luật Đất đai về cấp giấy chứng nhận, bồi thường, tách thửa và "
        "thủ tục người dân thường gặp.",
        ("Pháp luật",),
        (A.EVERYONE, A.FARMERS, A.ADULTS),
        "Cán bộ Tư pháp – Hộ tịch phường/xã",
        (),
        ("CS1", "CS8"),
        sessions=(2, 3),
    ),
    Template(
        "Pháp luật về phòng, chống bạo lực gia đình",
        "Nhận biết hành vi bạo lực gia đình, quyền của người bị bạo lực, nơi tìm hỗ trợ và "
        "vai trò của tổ hòa giải ở cơ sở.",
        ("Pháp luật", "Kỹ năng sống"),
        (A.WOMEN, A.EVERYONE, A.YOUTH),
        "Hội Liên hiệp Phụ nữ phối hợp cán bộ Tư pháp",
        (),
        ("CS4", "CS9"),
        sessions=(2, 3),
    ),
    Template(
        "Luật Trật tự, an toàn giao thông đường bộ",
        "Các quy định mới về nồng độ cồn, đội mũ bảo hiểm, chở trẻ em, điểm giấy phép lái xe "
        "và cách xử lý khi xảy ra va chạm.",
        ("Pháp luật", "Giáo dục công dân"),
        (A.YOUTH, A.WORKERS, A.EVERYONE),
        "Cán bộ Cảnh sát giao thông",
        (),
        ("CS1",),
        sessions=(2, 2),
    ),
    Template(
        "Quyền và nghĩa vụ của người lao động",
        "Hợp đồng lao động, tiền lương, bảo hiểm xã hội tự nguyện và bắt buộc, giải quyết "
        "tranh chấp lao động.",
        ("Pháp luật",),
        (A.WORKERS, A.ADULTS),
        "Cán bộ Công đoàn và Bảo hiểm xã hội",
        (),
        ("CS2", "CS8"),
        modes=(M.IN_PERSON, M.ONLINE),
        sessions=(2, 4),
    ),
    # Sức khỏe
    Template(
        "Chăm sóc sức khỏe chủ động",
        "Theo dõi huyết áp và đường huyết tại nhà, chế độ ăn cho người có bệnh mạn tính, vận "
        "động phù hợp và lịch tiêm chủng.",
        ("Sức khỏe",),
        (A.ELDERLY, A.ADULTS, A.EVERYONE),
        "Bác sĩ Trạm Y tế phường/xã",
        (),
        ("CS1", "CS4"),
        sessions=(2, 4),
    ),
    Template(
        "Sơ cấp cứu ban đầu tại gia đình",
        "Xử trí vết thương, bỏng, hóc dị vật, đuối nước và ngừng tim; chuẩn bị tủ thuốc gia "
        "đình và gọi cấp cứu 115 đúng cách.",
        ("Sức khỏe", "Kỹ năng sống"),
        (A.EVERYONE, A.YOUTH, A.WOMEN, A.WORKERS),
        "Hội Chữ thập đỏ phường/xã",
        (),
        ("CS4", "CS10"),
        sessions=(2, 3),
    ),
    Template(
        "Dinh dưỡng hợp lý cho gia đình",
        "Xây dựng bữa ăn cân đối, an toàn thực phẩm, dinh dưỡng cho trẻ nhỏ, phụ nữ mang "
        "thai và người cao tuổi.",
        ("Sức khỏe", "Nuôi dạy con"),
        (A.WOMEN, A.EVERYONE, A.ADULTS),
        "Cán bộ dinh dưỡng Trạm Y tế",
        (),
        ("CS1", "CS4"),
        sessions=(2, 4),
    ),
    # Nông nghiệp
    Template(
        "Trồng rau an toàn theo hướng VietGAP",
        "Chuẩn bị đất, chọn giống, bón phân hữu cơ, phòng trừ sâu bệnh sinh học và ghi nhật "
        "ký sản xuất để đạt chứng nhận.",
        ("Nông nghiệp",),
        (A.FARMERS, A.ADULTS),
        "Kỹ sư nông nghiệp, Hội Nông dân",
        (),
        ("CS2", "CS7", "CS10"),
        hours_per_session=3.0,
        sessions=(4, 8),
        rooms=("Hội trường", "Ruộng thực hành"),
    ),
    Template(
        "Chăn nuôi an toàn sinh học",
        "Chuồng trại, thức ăn, tiêm phòng và phòng dịch cho gà, lợn; ghi chép chi phí và tính "
        "lãi lỗ cho hộ chăn nuôi.",
        ("Nông nghiệp",),
        (A.FARMERS,),
        "Cán bộ thú y xã",
        (),
        ("CS2", "CS7"),
        hours_per_session=3.0,
        sessions=(3, 6),
    ),
    Template(
        "Nhật ký điện tử và truy xuất nguồn gốc nông sản",
        "Dùng ứng dụng nhật ký đồng ruộng, tạo tem truy xuất nguồn gốc bằng mã QR và đưa "
        "nông sản lên sàn thương mại điện tử.",
        ("Nông nghiệp", "Kỹ năng số"),
        (A.FARMERS, A.YOUTH),
        "Tổ công nghệ số cộng đồng và Hội Nông dân",
        (D.DEVICES, D.CONTENT, D.PUBLIC_SERVICES),
        ("CS5", "CS7"),
        modes=(M.IN_PERSON, M.BLENDED),
        sessions=(3, 5),
    ),
    # Dạy nghề
    Template(
        "Nấu ăn và chế biến món ăn truyền thống Hà Nội",
        "Kỹ thuật sơ chế, nêm nếm và trình bày các món phở, bún chả, nem rán; vệ sinh an toàn "
        "thực phẩm khi kinh doanh ăn uống.",
        ("Dạy nghề",),
        (A.WOMEN, A.YOUTH, A.WORKERS, A.ADULTS),
        "Nghệ nhân ẩm thực và giáo viên dạy nghề",
        (),
        ("CS2", "CS10"),
        hours_per_session=3.0,
        sessions=(6, 10),
        fee=500_000,
        rooms=("Bếp thực hành",),
    ),
    Template(
        "Sửa chữa điện dân dụng",
        "An toàn điện, đấu nối ổ cắm, công tắc, đèn và quạt, tìm và xử lý sự cố điện thường "
        "gặp trong gia đình.",
        ("Dạy nghề",),
        (A.WORKERS, A.YOUTH, A.FARMERS),
        "Giáo viên Trường Trung cấp nghề",
        (),
        ("CS2", "CS7"),
        hours_per_session=3.0,
        sessions=(6, 10),
        fee=350_000,
        rooms=("Xưởng thực hành",),
    ),
    Template(
        "May công nghiệp cơ bản",
        "Sử dụng máy may công nghiệp, đọc hình vẽ kỹ thuật, may các chi tiết áo sơ mi và quần "
        "âu, kiểm tra chất lượng sản phẩm.",
        ("Dạy nghề",),
        (A.WOMEN, A.WORKERS),
        "Giáo viên Trung tâm Giáo dục nghề nghiệp – Giáo dục thường xuyên",
        (),
        ("CS2", "CS10"),
        hours_per_session=3.0,
        sessions=(8, 10),
        fee=450_000,
        rooms=("Xưởng may",),
    ),
    # Văn hóa – văn nghệ
    Template(
        "Câu lạc bộ hát chèo",
        "Làn điệu chèo cổ, cách nhấn nhá và điệu bộ; dàn dựng trích đoạn để biểu diễn trong "
        "các ngày lễ của phường/xã.",
        ("Văn hóa – văn nghệ",),
        (A.ELDERLY, A.WOMEN, A.EVERYONE),
        "Nghệ sĩ Nhà hát Chèo Hà Nội",
        (),
        ("CS3", "CS9"),
        sessions=(4, 8),
    ),
    Template(
        "Thư pháp chữ Việt",
        "Cầm bút, pha mực, các nét cơ bản và bố cục một bức thư pháp; ý nghĩa của chữ trong "
        "văn hóa Việt.",
        ("Văn hóa – văn nghệ",),
        (A.CHILDREN, A.YOUTH, A.ELDERLY),
        "Hội viên Câu lạc bộ Thư pháp Hà Nội",
        (),
        ("CS3",),
        sessions=(4, 8),
        fee=150_000,
    ),
    Template(
        "Tìm hiểu di sản văn hóa Thăng Long – Hà Nội",
        "Lịch sử các di tích trên địa bàn, lễ hội truyền thống, nghề thủ công và cách giới "
        "thiệu di sản với du khách.",
        ("Văn hóa – văn nghệ", "Giáo dục công dân"),
        (A.CHILDREN, A.YOUTH, A.EVERYONE),
        "Hội viên Hội Khuyến học và Ban quản lý di tích",
        (),
        ("CS1", "CS3"),
        sessions=(2, 4),
    ),
    # Kỹ năng sống
    Template(
        "Kỹ năng phòng chống đuối nước",
        "Nhận biết nơi nguy hiểm, kỹ năng nổi và tự cứu, cách cứu người đuối nước an toàn "
        "cho người cứu.",
        ("Kỹ năng sống", "Thể dục thể thao"),
        (A.CHILDREN, A.YOUTH),
        "Huấn luyện viên bơi, Trung tâm Văn hóa – Thể thao",
        (),
        ("CS4",),
        sessions=(4, 8),
        rooms=("Bể bơi",),
    ),
    Template(
        "Phòng cháy, chữa cháy và thoát nạn",
        "Dùng bình chữa cháy, thoát nạn trong nhà ống và chung cư cao tầng, phòng cháy khi "
        "sạc xe điện và dùng bếp gas.",
        ("Kỹ năng sống", "Pháp luật"),
        (A.EVERYONE, A.CHILDREN, A.WORKERS),
        "Cán bộ Cảnh sát phòng cháy, chữa cháy",
        (),
        ("CS4", "CS10"),
        sessions=(2, 2),
    ),
    Template(
        "Kỹ năng giao tiếp và giải quyết mâu thuẫn",
        "Lắng nghe, nói lời phù hợp, kiềm chế cảm xúc và hòa giải mâu thuẫn trong gia đình, "
        "nơi làm việc và khu dân cư.",
        ("Kỹ năng sống",),
        (A.YOUTH, A.ADULTS, A.WORKERS, A.OFFICIALS),
        "Chuyên viên tâm lý, Đoàn Thanh niên",
        (),
        ("CS8", "CS9", "CS10"),
        modes=(M.IN_PERSON, M.ONLINE),
        sessions=(3, 5),
    ),
    # Xóa mù chữ
    Template(
        "Xóa mù chữ giai đoạn 1",
        "Học đọc, viết và làm tính theo chương trình xóa mù chữ, giúp người học tự đọc giấy "
        "tờ, biển báo và hướng dẫn dùng thuốc.",
        ("Xóa mù chữ",),
        (A.ADULTS, A.FARMERS, A.WOMEN),
        "Giáo viên tiểu học tình nguyện",
        (),
        ("CS1", "CS7"),
        sessions=(8, 10),
    ),
    Template(
        "Củng cố biết chữ, chống tái mù chữ",
        "Ôn luyện đọc hiểu văn bản thông dụng, viết đơn, điền biểu mẫu và tính toán trong chi "
        "tiêu hằng ngày.",
        ("Xóa mù chữ",),
        (A.ADULTS, A.ELDERLY, A.FARMERS),
        "Giáo viên tiểu học tình nguyện",
        (),
        ("CS1", "CS2", "CS7"),
        sessions=(6, 10),
    ),
    # Giáo dục công dân
    Template(
        "Công dân học tập: lập kế hoạch học tập suốt đời",
        "Tự đánh giá theo bộ tiêu chí Công dân học tập, lập kế hoạch học tập cá nhân và gia "
        "đình, dùng các nguồn học miễn phí trên mạng.",
        ("Giáo dục công dân", "Kỹ năng số"),
        (A.EVERYONE, A.OFFICIALS, A.WORKERS, A.YOUTH),
        "Hội viên Hội Khuyến học phường/xã",
        (D.INFORMATION,),
        ("CS1", "CS2", "CS3", "CS4", "CS5"),
        modes=(M.IN_PERSON, M.BLENDED),
        sessions=(2, 3),
    ),
    Template(
        "Xây dựng gia đình học tập, dòng họ học tập",
        "Tiêu chí công nhận Gia đình học tập, Dòng họ học tập; cách tổ chức góc học tập, quỹ "
        "khuyến học và ghi nhận kết quả.",
        ("Giáo dục công dân",),
        (A.EVERYONE, A.ELDERLY, A.WOMEN),
        "Hội viên Hội Khuyến học phường/xã",
        (),
        ("CS3", "CS4", "CS10"),
        sessions=(2, 2),
    ),
    # Môi trường, tài chính, nuôi dạy con, thể thao
    Template(
        "Phân loại rác tại nguồn và làm phân hữu cơ",
        "Phân loại rác theo quy định của Thành phố, giảm rác nhựa, ủ phân hữu cơ từ rác nhà "
        "bếp cho vườn rau gia đình.",
        ("Môi trường", "Kỹ năng sống"),
        (A.EVERYONE, A.CHILDREN, A.WOMEN),
        "Cán bộ môi trường phường/xã",
        (),
        ("CS4", "CS10"),
        sessions=(2, 3),
    ),
    Template(
        "Quản lý tài chính gia đình",
        "Lập ngân sách, tiết kiệm có mục tiêu, vay vốn an toàn, nhận biết tín dụng đen và bảo "
        "hiểm cho gia đình.",
        ("Tài chính cá nhân",),
        (A.WOMEN, A.WORKERS, A.YOUTH, A.ADULTS),
        "Cán bộ Ngân hàng Chính sách xã hội",
        (D.PUBLIC_SERVICES,),
        ("CS2", "CS7"),
        modes=(M.IN_PERSON, M.ONLINE),
        sessions=(2, 4),
    ),
    Template(
        "Nuôi dạy con trong thời đại số",
        "Thỏa thuận thời gian dùng thiết bị, cài đặt kiểm soát của cha mẹ, nhận biết nguy cơ "
        "trên mạng và đồng hành cùng con học tập.",
        ("Nuôi dạy con", "Kỹ năng số"),
        (A.ADULTS, A.WOMEN, A.EVERYONE),
        "Chuyên viên tâm lý học đường",
        (D.SAFETY, D.COMMUNICATION),
        ("CS4", "CS5"),
        modes=(M.IN_PERSON, M.ONLINE, M.BLENDED),
        sessions=(2, 4),
    ),
    Template(
        "Dưỡng sinh và thể dục buổi sáng",
        "Các bài tập dưỡng sinh, khí công và thể dục nhẹ giúp khớp linh hoạt, ngủ ngon và "
        "phòng ngã ở người cao tuổi.",
        ("Thể dục thể thao", "Sức khỏe"),
        (A.ELDERLY, A.EVERYONE),
        "Hướng dẫn viên Câu lạc bộ dưỡng sinh",
        (),
        ("CS3", "CS9"),
        hours_per_session=1.5,
        sessions=(6, 10),
        rooms=("Sân nhà văn hóa",),
    ),
]

SLOTS = [
    (dt.time(8, 0), dt.time(10, 0)),
    (dt.time(14, 0), dt.time(16, 0)),
    (dt.time(19, 0), dt.time(21, 0)),
    (dt.time(7, 30), dt.time(9, 0)),
]


def _slot(template: Template, audience: str, rng: random.Random) -> tuple[dt.time, dt.time]:
    if audience in (A.WORKERS, A.OFFICIALS, A.YOUTH):
        start = dt.time(19, 0) if rng.random() < 0.6 else dt.time(8, 0)
    elif audience == A.CHILDREN:
        start = dt.time(15, 0) if rng.random() < 0.5 else dt.time(8, 30)
    else:
        start = rng.choice(SLOTS)[0]
    minutes = int(template.hours_per_session * 60)
    end = (dt.datetime.combine(dt.date.today(), start) + dt.timedelta(minutes=minutes)).time()
    return start, end


def _plan(centre: LearningCenterPage, k: int, today: dt.date) -> dict:
    """The k-th demo course of a centre: deterministic for (ward code, k)."""
    rng = random.Random(f"{centre.ward.code}-{k}")
    template = TEMPLATES[(rng.randrange(len(TEMPLATES)) + k) % len(TEMPLATES)]
    audience = rng.choice(template.audiences)
    mode = rng.choice(template.modes)
    title = f"{template.title}{AUDIENCE_SUFFIX.get(audience, '')}"
    n_sessions = rng.randint(max(2, template.sessions[0]), min(10, template.sessions[1]))
    # About one course in seven has already finished; the rest start within three months.
    if rng.random() < 0.15:
        first = today - dt.timedelta(days=rng.randint(n_sessions * 7 + 1, 120))
    else:
        first = today + dt.timedelta(days=rng.randint(-10, 85))
    step = rng.choice((7, 7, 3, 2))  # weekly, or two or three times a week
    start, end = _slot(template, audience, rng)
    sessions = []
    for i in range(n_sessions):
        day = first + dt.timedelta(days=i * step)
        sessions.append(
            CourseSession(
                date=day,
                start_time=start,
                end_time=end,
                room="" if mode == M.ONLINE else rng.choice(template.rooms),
                sort_order=i,
            )
        )
    # Enrollment opens about ten weeks ahead and closes the day before the first session, so
    # most upcoming courses are open now, the few that have started are closed and the
    # furthest ones open later.
    opens = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=75), dt.time(7)))
    closes = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=1), dt.time(17)))
    slug = f"{slugify(fold(title))[:70]}-{k + 1}"
    return {
        "template": template,
        "slug": slug,
        "course": CoursePage(
            title=title,
            draft_title=title,
            slug=slug,
            summary=template.summary,
            audience=audience,
            language=template.language,
            delivery_mode=mode,
            join_url=(f"https://hoc-truc-tuyen.example.vn/lop/{centre.ward.code}-{slug}")
            if mode != M.IN_PERSON
            else "",
            instructor=template.instructor,
            total_hours=round(template.hours_per_session * n_sessions, 1),
            capacity=rng.choice((20, 25, 30, 30, 40, 50)),
            enrollment_opens=opens,
            enrollment_closes=closes,
            fee=template.fee if rng.random() < 0.5 else 0,
        ),
        "sessions": sessions,
    }


def ensure_catalogue() -> CourseCatalogPage:
    catalogue = CourseCatalogPage.objects.first()
    if catalogue is None:
        catalogue = ensure_home().add_child(
            instance=CourseCatalogPage(
                title="Khóa học",
                slug="khoa-hoc",
                intro=(
                    "Các khóa học sắp diễn ra tại trung tâm học tập cộng đồng của các phường, "
                    "xã Hà Nội. Lọc theo phường/xã, chủ đề, đối tượng hoặc tìm theo từ khóa "
                    "(gõ không dấu cũng được)."
                ),
            )
        )
    return catalogue


def _insert_pages(centre: LearningCenterPage, plans: list[dict], content_type_id: int) -> None:
    """Insert the plans' CoursePages as the last children of `centre`, as add_child would."""
    last = centre.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
    now = timezone.now()
    base_rows = []
    for plan in plans:
        course: CoursePage = plan["course"]
        course.path = Page._get_path(centre.path, centre.depth + 1, step)
        step += 1
        course.depth = centre.depth + 1
        course.numchild = 0
        course.url_path = f"{centre.url_path}{course.slug}/"
        course.content_type_id = content_type_id
        course.locale_id = centre.locale_id
        course.translation_key = uuid.uuid4()
        course.live = True
        course.has_unpublished_changes = False
        course.first_published_at = course.last_published_at = now
        course.centre = centre
        course.search_folded = fold(
            " ".join(
                [course.title, course.summary, course.instructor, *plan["template"].topics]
                + [centre.title]
            )
        )
        base_rows.append(
            Page(**{f.attname: getattr(course, f.attname) for f in Page._meta.concrete_fields})
        )
    Page.objects.bulk_create(base_rows)
    for plan, base in zip(plans, base_rows, strict=True):
        course = plan["course"]
        course.id = course.page_ptr_id = base.id
        # raw=True writes only CoursePage's own table: its Page row exists already.
        course.save_base(raw=True, force_insert=True)
    Page.objects.filter(pk=centre.pk).update(numchild=F("numchild") + len(plans))


def seed(*, small: bool = False) -> str:
    started = time.monotonic()
    ensure_catalogue()
    centres = list(
        LearningCenterPage.objects.live().select_related("ward").order_by("ward__code", "pk")
    )
    if not centres:
        return "no learning centres yet: catalogue page only"
    total = SMALL_COUNT if small else FULL_COUNT
    per_centre = -(-total // len(centres))
    today = timezone.localdate()
    existing = set(CoursePage.objects.values_list("centre_id", "slug"))
    tags = {t.slug: t for t in Tag.objects.all()}
    areas = {s.code: s.pk for s in Skill.objects.current()}
    indicators = {i.code: i.pk for i in LearnerIndicator.objects.all()}
    content_type_id = ContentType.objects.get_for_model(CoursePage).pk

    created = []
    made = 0
    for index in range(total):
        centre = centres[index % len(centres)]
        k = index // len(centres)
        if k >= per_centre:
            break
        plan = _plan(centre, k, today)
        made += 1
        if (centre.pk, plan["slug"]) in existing:
            continue
        created.append((centre, plan))

    by_centre: dict[int, list[dict]] = {}
    for centre, plan in created:
        by_centre.setdefault(centre.pk, []).append(plan)
    centre_by_pk = {c.pk: c for c in centres}
    for pk, plans in by_centre.items():
        _insert_pages(centre_by_pk[pk], plans, content_type_id)

    sessions, tagged, area_links, indicator_links = [], [], [], []
    AreaLink = CoursePage.digital_skill_areas.through
    IndicatorLink = CoursePage.learner_indicators.through
    for _centre, plan in created:
        course, template = plan["course"], plan["template"]
        for session in plan["sessions"]:
            session.course_id = course.pk
            sessions.append(session)
        for name in template.topics:
            slug = topic_slug(name)
            if slug not in tags:
                tags[slug] = Tag.objects.create(name=name, slug=slug)
            tagged.append(CourseTopicTag(content_object_id=course.pk, tag_id=tags[slug].pk))
        area_links += [
            AreaLink(coursepage_id=course.pk, skill_id=areas[code])
            for code in template.areas
            if code in areas
        ]
        indicator_links += [
            IndicatorLink(coursepage_id=course.pk, learnerindicator_id=indicators[code])
            for code in template.indicators
            if code in indicators
        ]
    CourseSession.objects.bulk_create(sessions, batch_size=500)
    # bulk_create sends no signals: fill the courses' denormalised next/last session.
    refresh_course_schedule(course_ids=[plan["course"].pk for _centre, plan in created])
    CourseTopicTag.objects.bulk_create(tagged, batch_size=500)
    AreaLink.objects.bulk_create(area_links, batch_size=500)
    IndicatorLink.objects.bulk_create(indicator_links, batch_size=500)
    page_cache.invalidate()
    history = seed_demo_enrollments()
    elapsed = time.monotonic() - started
    logger.info("courses demo: %s new of %s in %.1f s", len(created), made, elapsed)
    return (
        f"catalogue /khoa-hoc/ ready; {len(created)} new courses ({made} planned over "
        f"{len(centres)} centres, {len(sessions)} sessions) in {elapsed:.1f} s; {history}"
    )
